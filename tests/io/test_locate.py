"""Source maps: document paths to lines, counted by hand in the texts below."""

from __future__ import annotations

import pytest

from graphkam.io import JsonSourceMap, Place, YamlSourceMap
from graphkam.io.yaml_tree import load_yaml_with_lines

JSON = """{
  "stakeholders": [
    {"id": "a", "name": "has {braces}, [brackets] and \\"quotes\\": yes"},
    {
      "id": "b",
      "roles": ["x",
                "y"]
    }
  ]
}"""

YAML = """\
stakeholders:
  - id: a
    name: "has {braces}: yes"
  - id: b
    roles:
      - x
      - y
"""


@pytest.mark.parametrize(
    ("loc", "line"),
    [
        ((), 1),
        (("stakeholders",), 2),
        (("stakeholders", 0), 3),
        (("stakeholders", 0, "name"), 3),
        (("stakeholders", 1), 4),
        (("stakeholders", 1, "id"), 5),
        (("stakeholders", 1, "roles", 1), 7),
        (("stakeholders", 1, "missing"), 4),  # falls back to the enclosing item
    ],
)
def test_json_lines(loc: tuple[str | int, ...], line: int) -> None:
    assert JsonSourceMap(JSON).place(loc).line == line


def _yaml_map() -> YamlSourceMap:
    return YamlSourceMap(load_yaml_with_lines(YAML, "t.yaml", 32)[1])


@pytest.mark.parametrize(
    ("loc", "line"),
    [
        (("stakeholders",), 1),
        (("stakeholders", 0, "name"), 3),
        (("stakeholders", 1), 4),
        (("stakeholders", 1, "roles", 1), 7),
        (("stakeholders", 1, "missing"), 4),
        (("stakeholders", 5, "id"), 1),  # no such item: the section's line
    ],
)
def test_yaml_lines(loc: tuple[str | int, ...], line: int) -> None:
    assert _yaml_map().place(loc).line == line


def test_field_is_dotted_path() -> None:
    place = _yaml_map().place(("stakeholders", 1, "roles", 1))
    assert place == Place(line=7, row=None, field="stakeholders[1].roles[1]")


def test_json_duplicate_key_found() -> None:
    smap = JsonSourceMap('{"a": 1,\n "b": {"c": 1,\n "c": 2}}')
    smap.index()
    assert smap.duplicate == (("b", "c"), 3)
