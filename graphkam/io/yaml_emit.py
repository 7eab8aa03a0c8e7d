"""Fast YAML writing for account-map documents (mappings of lists of flat mappings).

Writes the same block layout PyYAML's safe dumper does (`sort_keys=False`, block style,
lists not indented under their key), but renders scalars directly. Strings are plain when
they read back as the same string (under the standard safe resolver, dates included), else
single-quoted when printable, else double-quoted with PyYAML's escapes. Anything else it
does not know is handed to PyYAML, one value at a time.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import yaml

__all__ = ["emit_yaml"]

_STR_TAG = "tag:yaml.org,2002:str"
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
#: The standard safe resolver (dates included), so text that other YAML tools would read as a
#: date, number or boolean is quoted.
_RESOLVER = yaml.SafeLoader("")


def emit_yaml(data: dict[str, Any]) -> str:
    """YAML text for a mapping whose values are lists of mappings of scalars or scalar lists."""
    out: list[str] = []
    for section, items in data.items():
        out.append(f"{_key(section)}:")
        if not isinstance(items, list) or not items:
            out[-1] += " " + _value_inline(items)
            continue
        for item in items:
            if not isinstance(item, dict) or not item:
                out.append(f"- {_value_inline(item)}")
                continue
            first = True
            for key, value in item.items():
                prefix = "- " if first else "  "
                first = False
                if isinstance(value, list) and value:
                    out.append(f"{prefix}{_key(key)}:")
                    out.extend(f"  - {_scalar(v)}" for v in value)
                else:
                    out.append(f"{prefix}{_key(key)}: {_value_inline(value)}")
    return "\n".join(out) + "\n" if out else "{}\n"


def _key(key: str) -> str:
    return _scalar(key)


def _value_inline(value: Any) -> str:
    if isinstance(value, list):
        return _pyyaml(value) if value else "[]"
    if isinstance(value, dict):
        return "{}" if not value else _pyyaml(value)
    return _scalar(value)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return _string(value)
    return _pyyaml(value)


def _float(value: float) -> str:
    """As PyYAML writes floats: repr, with '.0' before an exponent that lacks a dot."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


def _string(value: str) -> str:
    if _plain_ok(value):
        return value
    if value.isprintable():  # single-quoted: only ' needs escaping, as ''
        return "'" + value.replace("'", "''") + "'"
    return _pyyaml(value, style='"')


def _plain_ok(value: str) -> bool:
    """True when `value` written plain reads back as the same string."""
    if not value or value != value.strip() or not value.isprintable():
        return False
    if value[0] in _INDICATORS or value.startswith(("...", "---")):
        return False
    if ": " in value or " #" in value or value.endswith(":") or "\t" in value:
        return False
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    return bool(tag == _STR_TAG)


def _pyyaml(value: Any, style: str | None = None) -> str:
    """PyYAML's own rendering of one value, on one line (`style='"'` escapes everything)."""
    text: str = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=True, default_style=style, width=1_000_000
    ).rstrip("\n")
    return text.removesuffix("\n...").rstrip("\n")
