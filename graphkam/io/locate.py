"""Source maps: where a document path such as ('relationships', 3, 'to') sits in its file."""

from __future__ import annotations

import bisect
import dataclasses
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from graphkam.documents import AccountMap
from graphkam.errors import InvalidInputError, Problem
from graphkam.io.messages import dotted

__all__ = [
    "Format",
    "Place",
    "SourceMap",
    "LineSourceMap",
    "YamlSourceMap",
    "JsonSourceMap",
    "ParsedFile",
    "locate_problems",
    "format_for_path",
]

Loc = tuple[str | int, ...]


class Format(StrEnum):
    """File formats graphkam reads or writes."""

    YAML = "yaml"
    JSON = "json"
    CSV = "csv"
    GRAPHML = "graphml"


_SUFFIXES = {
    ".yaml": Format.YAML,
    ".yml": Format.YAML,
    ".json": Format.JSON,
    ".csv": Format.CSV,
    ".graphml": Format.GRAPHML,
}


def format_for_path(path: str | Path) -> Format:
    """The format named by a file's extension; InvalidInputError for an unknown one."""
    suffix = Path(path).suffix.lower()
    try:
        return _SUFFIXES[suffix]
    except KeyError:
        raise InvalidInputError(
            f"{path}: cannot tell the format from the extension '{suffix}' "
            "(use .yaml, .yml, .json or .csv)"
        ) from None


@dataclass(frozen=True)
class Place:
    """A spot in a file: a line (YAML/JSON) or a row (CSV), and the field as the file names it."""

    line: int | None = None
    row: int | None = None
    field: str | None = None


class SourceMap:
    """Maps document paths to places; this base knows no positions and keeps the dotted path."""

    def place(self, loc: Loc) -> Place:
        return Place(field=dotted(loc) or None)


class LineSourceMap(SourceMap):
    """Lines of document paths; a path not listed takes the line of its nearest listed parent."""

    def __init__(self, lines: dict[Loc, int]) -> None:
        self._lines: dict[Loc, int] | None = lines

    def index(self) -> dict[Loc, int]:
        return self._lines or {}

    def place(self, loc: Loc) -> Place:
        lines = self.index()
        line = None
        for n in range(len(loc), -1, -1):
            line = lines.get(loc[:n])
            if line is not None:
                break
        return Place(line=line, field=dotted(loc) or None)


class YamlSourceMap(LineSourceMap):
    """Lines recorded while loading YAML (see graphkam.io.yaml_tree): a mapping entry's key
    line, a list item's first line."""


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


class JsonSourceMap(LineSourceMap):
    """Positions in valid JSON text, indexed lazily (only when a problem needs a line)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines = None
        self.duplicate: tuple[Loc, int] | None = None

    def index(self) -> dict[Loc, int]:
        """Line of every path (the key's line for object members); notes the first duplicate."""
        if self._lines is not None:
            return self._lines
        breaks = [m.start() for m in re.finditer("\n", self.text)]
        lines: dict[Loc, int] = {(): 1}
        stack: list[_Frame] = []
        for m in _TOKEN.finditer(self.text):
            tok, line = m.group(), bisect.bisect_left(breaks, m.start()) + 1
            top = stack[-1] if stack else None
            if tok in "}]":
                stack.pop()
            elif tok == ":":
                continue
            elif tok == ",":
                if top is not None:
                    top.next_item()
            elif top is not None and top.is_object and top.key is None:
                key = json.loads(tok)
                if key in top.keys and self.duplicate is None:
                    self.duplicate = (top.path + (key,), line)
                top.keys.add(key)
                top.key = key
                lines[top.path + (key,)] = line
            else:
                path = top.child_path() if top is not None else ()
                lines.setdefault(path, line)
                if tok in "{[":
                    stack.append(_Frame(path, tok == "{"))
        self._lines = lines
        return lines


@dataclass
class _Frame:
    path: Loc
    is_object: bool
    key: str | None = None
    index: int = 0
    keys: set[str] = field(default_factory=set)

    def child_path(self) -> Loc:
        return self.path + ((self.key or "",) if self.is_object else (self.index,))

    def next_item(self) -> None:
        if self.is_object:
            self.key = None
        else:
            self.index += 1


@dataclass
class ParsedFile:
    """A file read into an account map, with what is needed to point problems back at it."""

    source: str
    doc: AccountMap
    smap: SourceMap = field(default_factory=SourceMap)
    notes: list[str] = field(default_factory=list)
    #: Stakeholder ids the reader derived (no id column): matched to stored people by
    #: external id, email or name on import (graphkam/editing.py).
    derived_ids: set[str] = field(default_factory=set)


def locate_problems(problems: Iterable[Problem], source: str, smap: SourceMap) -> list[Problem]:
    """The problems with source, line or row, and field filled in from `smap`."""
    out = []
    for p in problems:
        if p.loc or (p.line is None and p.row is None and p.field is None):
            place = smap.place(p.loc)
            p = dataclasses.replace(p, line=place.line, row=place.row, field=place.field)
        out.append(dataclasses.replace(p, source=source))
    return out
