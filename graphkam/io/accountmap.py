"""Account-map files in YAML and JSON: read with file/line/field errors, write in a stable form."""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel, ValidationError

from graphkam.documents import AccountMap
from graphkam.errors import InvalidInputError, Problem
from graphkam.io.locate import (
    Format,
    JsonSourceMap,
    ParsedFile,
    SourceMap,
    YamlSourceMap,
    format_for_path,
    locate_problems,
)
from graphkam.io.messages import problems_from_validation
from graphkam.io.yaml_emit import emit_yaml
from graphkam.io.yaml_tree import load_yaml_with_lines
from graphkam.limits import MAX_DIGITS, huge_number_line
from graphkam.settings import get_settings

__all__ = [
    "read_account_map",
    "parse_account_map",
    "load_account_map",
    "write_account_map",
    "generate_account_map",
    "read_bytes",
    "read_text",
    "without_personal",
    "MAX_DEPTH",
    "check_size",
]

#: Deepest nesting of lists and mappings a file may have (an account map needs 4).
MAX_DEPTH = 32

_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; an account map needs 4"


def read_account_map(path: str | Path, fmt: Format | str | None = None) -> AccountMap:
    """Read a YAML or JSON account map (format from the extension unless given)."""
    return load_account_map(read_text(path), str(path), fmt or format_for_path(path)).doc


def parse_account_map(text: str, source: str = "<text>", fmt: Format | str = "yaml") -> AccountMap:
    """Parse account-map text; InvalidInputError names source, line and field of each problem."""
    return load_account_map(text, source, fmt).doc


def load_account_map(text: str, source: str, fmt: Format | str) -> ParsedFile:
    """Parse account-map text into a ParsedFile that can place later problems in the text."""
    fmt = Format(fmt)
    check_size(len(text.encode("utf-8")), source)
    if (line := huge_number_line(text)) is not None:  # the parsers would fail mid-way
        raise InvalidInputError(
            Problem(f"a number with more than {MAX_DIGITS} digits", source=source, line=line)
        )
    if fmt is Format.YAML:
        data, smap = _load_yaml(text, source)
    elif fmt is Format.JSON:
        data, smap = _load_json(text, source)
    else:
        raise InvalidInputError(f"{source}: an account map is YAML or JSON, not {fmt.value}")
    if data is None:
        raise InvalidInputError(Problem("the file is empty", source=source))
    try:
        doc = AccountMap.model_validate(data)
    except ValidationError as exc:
        problems = locate_problems(problems_from_validation(exc), source, smap)
        raise InvalidInputError(problems) from None
    return ParsedFile(source=source, doc=doc, smap=smap)


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes, refusing files over the upload limit; one error line if unreadable."""
    p = Path(path)
    try:
        check_size(p.stat().st_size, str(path))
        return p.read_bytes()
    except FileNotFoundError:
        raise InvalidInputError(Problem("no such file", source=str(path))) from None
    except IsADirectoryError:
        raise InvalidInputError(Problem("is a directory, not a file", source=str(path))) from None
    except OSError as exc:
        raise InvalidInputError(Problem(f"cannot read: {exc.strerror}", source=str(path))) from None


def read_text(path: str | Path) -> str:
    """A file's text (UTF-8, with or without BOM), refusing files over the upload limit."""
    raw = read_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            Problem(
                f"is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8 "
                "(in Excel: 'CSV UTF-8')",
                source=str(path),
            )
        ) from None


def generate_account_map(
    doc: AccountMap, fmt: Format | str = "yaml", include_personal: bool = True
) -> str:
    """The document as YAML or JSON text: sections and keys in model order, empty ones left out."""
    fmt = Format(fmt)
    if not include_personal:
        doc = without_personal(doc)
    data = doc.to_document()
    if fmt is Format.JSON:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt is Format.YAML:
        return emit_yaml(_dates_as_dates(data))
    raise InvalidInputError(f"an account map is written as YAML or JSON, not {fmt.value}")


def write_account_map(
    doc: AccountMap,
    path_or_file: str | Path | IO[str],
    fmt: Format | str | None = None,
    include_personal: bool = True,
) -> None:
    """Write the document to a path (format from its extension unless given) or a text file."""
    if isinstance(path_or_file, str | Path):
        text = generate_account_map(doc, fmt or format_for_path(path_or_file), include_personal)
        Path(path_or_file).write_text(text, encoding="utf-8")
    else:
        path_or_file.write(generate_account_map(doc, fmt or Format.YAML, include_personal))


def without_personal(doc: AccountMap) -> AccountMap:
    """The document with every stakeholder's personal `notes` removed."""
    people = [s.model_copy(update={"notes": None}) for s in doc.stakeholders]
    return doc.model_copy(update={"stakeholders": people})


def check_size(size: int, source: str) -> None:
    """Refuse input over Settings.max_upload_bytes, naming the limit and how to change it."""
    limit = get_settings().max_upload_bytes
    if size > limit:
        raise InvalidInputError(
            Problem(
                f"the file is {size:,} bytes, over the limit of {limit:,} "
                "(GRAPHKAM_MAX_UPLOAD_BYTES); split it into several files",
                source=source,
            )
        )


# -- private helpers ---------------------------------------------------------------------------


def _load_yaml(text: str, source: str) -> tuple[Any, SourceMap]:
    data, lines = load_yaml_with_lines(text, source, MAX_DEPTH)
    return data, YamlSourceMap(lines)


def _load_json(text: str, source: str) -> tuple[Any, SourceMap]:
    if not text.strip():
        return None, SourceMap()
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)
        if len(out) != len(items):
            duplicates.append("yes")
        return out

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            Problem(
                f"malformed JSON: {exc.msg} (column {exc.colno})", source=source, line=exc.lineno
            )
        ) from None
    except RecursionError:
        raise InvalidInputError(Problem(_TOO_DEEP, source=source)) from None
    smap = JsonSourceMap(text)
    if duplicates:
        smap.index()
        if smap.duplicate is not None:
            loc, line = smap.duplicate
            raise InvalidInputError(Problem(f"duplicate key '{loc[-1]}'", source=source, line=line))
    if _depth(data) > MAX_DEPTH:
        raise InvalidInputError(Problem(_TOO_DEEP, source=source))
    return data, smap


def _depth(value: Any) -> int:
    """Nesting depth of lists and dicts, counted without recursion."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            todo.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def _date_fields(model: type[BaseModel]) -> set[str]:
    """Names (as written in files) of a model's date fields."""
    out = set()
    for name, f in model.model_fields.items():
        args = typing.get_args(f.annotation) if _is_union(f.annotation) else (f.annotation,)
        if dt.date in args:
            out.add(f.alias or name)
    return out


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _dates_as_dates(data: dict[str, Any]) -> dict[str, Any]:
    """Date strings of date fields turned back into dates, so YAML writes them unquoted."""
    for section, items in data.items():
        model = typing.get_args(AccountMap.model_fields[section].annotation)[0]
        fields = _date_fields(model)
        for item in items:
            for key in fields & item.keys():
                item[key] = dt.date.fromisoformat(item[key])
    return data
