"""The fast YAML writer: what PyYAML's safe dumper writes, and what reads back unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkam.io import read_account_map
from graphkam.io.accountmap import _dates_as_dates
from graphkam.io.yaml_emit import emit_yaml
from graphkam.io.yaml_tree import YamlLoader, load_yaml_with_lines


def _pyyaml(data: dict[str, Any]) -> str:
    """The independent reference: PyYAML's own dumper with the layout we promise."""
    return yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000
    )


def test_example_same_as_pyyaml(example_map_path: Path) -> None:
    data = _dates_as_dates(read_account_map(example_map_path).to_document())
    assert emit_yaml(data) == _pyyaml(data)


@pytest.mark.parametrize(
    "value",
    [
        "yes",
        "No",
        "~",
        "null",
        "1.0",
        "0x1A",
        "2026-01-01",
        "<<",
        "=",
        "- a",
        "? a",
        "a: b",
        "a #b",
        "a#b",
        "#a",
        "...",
        "---x",
        "'q'",
        '"q"',
        "a\nb",
        " lead",
        "tail ",
        "\t",
        "é",
        "中文：冒号",
        "a, b",
        "[x]",
        "{x}",
        "*a",
        "&a",
        "!a",
        "%a",
        "@a",
        "`a",
        "|",
        ">",
        "\x7f",
        "\u2028",
        "\x85",
        "😀",
        "a\\b",
        1.5,
        1e-05,
        1e20,
        0.1,
        3,
        True,
        None,
        dt.date(2026, 1, 2),
    ],
)
def test_scalar_reads_back(value: Any) -> None:
    data = {"s": [{"v": value, "l": [value, "x"]}]}
    text = emit_yaml(data)
    back, _ = load_yaml_with_lines(text, "t", 32)
    expected = value.isoformat() if isinstance(value, dt.date) else value  # dates stay text
    assert back == {"s": [{"v": expected, "l": [expected, "x"]}]}
    assert yaml.load(text, Loader=YamlLoader) == back  # noqa: S506  (a safe loader)


_SCALARS = st.one_of(
    st.text(max_size=20),
    st.floats(allow_nan=False),
    st.integers(),
    st.booleans(),
)


@settings(max_examples=30, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=8),
        st.lists(
            st.dictionaries(st.text(min_size=1, max_size=8), _SCALARS, max_size=4), max_size=3
        ),
        max_size=3,
    )
)
def test_any_document_reads_back(data: dict[str, Any]) -> None:
    text = emit_yaml(data)
    assert yaml.load(text, Loader=YamlLoader) == (data or {})  # noqa: S506
