"""Read a JSON account map section by section, a block at a time, in bounded memory.

An account map is one object of arrays (`{"accounts": [...], "stakeholders": [...], ...}`);
`iter_sections` yields its items in batches, in file order, each item parsed by the standard
library's C scanner (duplicate keys refused as the whole-file reader refuses them). Anything
else, or anything wrong (bad JSON, a duplicate key, bytes that are not UTF-8), raises
NotStreamable: the caller then reads the file whole, whose reader reports the problem with its
line (graphkam/io/accountmap.py).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["NotStreamable", "iter_sections"]

#: Bytes read at a time.
_BLOCK = 1 << 22
#: An item this long that still does not parse is an error, not a block boundary.
_MAX_ITEM = 1 << 20
_SPACE = re.compile(r"[ \t\n\r]*")


class NotStreamable(Exception):
    """The file is not a well-formed account map of arrays: read it whole instead."""


def iter_sections(path: str | Path, batch: int) -> Iterator[tuple[str, list[Any]]]:
    """(section, items) of the account map at `path`, up to `batch` items at a time (an
    empty section once, with no items)."""
    with open(path, "rb") as f:
        reader = _Reader(f)
        reader.expect("{")
        if reader.peek() == "}":
            reader.pos += 1
        else:
            yield from _members(reader, batch)
        if reader.peek() != "":
            raise NotStreamable("text after the account map")


def _members(reader: _Reader, batch: int) -> Iterator[tuple[str, list[Any]]]:
    seen: set[str] = set()
    while True:
        key = reader.value()
        if not isinstance(key, str) or key in seen:
            raise NotStreamable("a key that is not a string, or twice")
        seen.add(key)
        reader.expect(":")
        reader.expect("[")
        items: list[Any] = []
        sent = False
        if reader.peek() == "]":
            reader.pos += 1
        else:
            while True:
                items.append(reader.value())
                if len(items) >= batch:
                    yield key, items
                    items, sent = [], True
                if reader.next_of(",]") == "]":
                    break
        if items or not sent:  # an empty section too: its name is checked
            yield key, items
        if reader.next_of(",}") == "}":
            return


def _pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(items)
    if len(out) != len(items):
        raise NotStreamable("duplicate key")
    return out


class _Reader:
    """A window on the file's text: `buf[pos:]` is what is not consumed yet."""

    def __init__(self, f: IO[bytes]) -> None:
        self.f = f
        self.buf = ""
        self.pos = 0
        self.eof = False
        self._utf8 = codecs.getincrementaldecoder("utf-8-sig")()
        self._json = json.JSONDecoder(object_pairs_hook=_pairs)

    def _more(self) -> bool:
        """Read one more block; False at the end of the file."""
        if self.eof:
            return False
        data = self.f.read(_BLOCK)
        self.eof = not data
        try:
            text = self._utf8.decode(data, final=self.eof)
        except UnicodeDecodeError:
            raise NotStreamable("not UTF-8") from None
        self.buf = self.buf[self.pos :] + text
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next character after white space ('' at the end)."""
        while True:
            self.pos = _SPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf) or not self._more():
                return self.buf[self.pos] if self.pos < len(self.buf) else ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise NotStreamable(f"expected {char!r}")
        self.pos += 1

    def next_of(self, chars: str) -> str:
        """Consume the next character, one of `chars`."""
        char = self.peek()
        if char == "" or char not in chars:
            raise NotStreamable(f"expected one of {chars!r}")
        self.pos += 1
        return char

    def value(self) -> Any:
        """The next JSON value, parsed."""
        self.peek()
        while True:
            try:
                obj, end = self._json.raw_decode(self.buf, self.pos)
                if end < len(self.buf) or self.eof:  # a number could go on in the next block
                    self.pos = end
                    return obj
            except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
                pass
            if len(self.buf) - self.pos > _MAX_ITEM or not self._more():
                raise NotStreamable("malformed JSON")
