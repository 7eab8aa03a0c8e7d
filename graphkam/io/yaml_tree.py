"""Safe YAML loading in one pass over the parser's events, keeping the line of every path.

Builds plain dicts, lists and scalars the way PyYAML's safe loader does (same scalar
resolution and constructors, aliases, `<<` merge keys), but without building a node tree
first and without recursion, so nesting depth is checked as it is read and never overflows
the stack. Duplicate keys and non-text keys are refused. Dates stay text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from graphkam.errors import InvalidInputError, Problem

__all__ = ["YamlLoader", "load_yaml_with_lines"]

Loc = tuple[str | int, ...]

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_STR = "tag:yaml.org,2002:str"


class YamlLoader(_Base):  # type: ignore[misc,valid-type]
    """The safe loader (libyaml when present) with the implicit date resolver removed."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


@dataclass
class _Container:
    """A list or mapping being filled; a mapping remembers the key waiting for its value."""

    path: Loc
    value: dict[str, Any] | list[Any]
    key: str | None = None
    key_line: int = 0
    merges: list[tuple[Any, int]] = field(default_factory=list)  # (value, line of '<<')


def load_yaml_with_lines(text: str, source: str, max_depth: int) -> tuple[Any, dict[Loc, int]]:
    """The document's data and the 1-based line of each path (a mapping entry's key line).

    Raises InvalidInputError for malformed YAML, unsupported tags, duplicate keys, several
    documents, or nesting deeper than `max_depth`.
    """
    deep_line = _flow_nesting_beyond(text, max_depth)
    if deep_line is not None:
        raise InvalidInputError(Problem(_too_deep(max_depth), source=source, line=deep_line))
    loader = YamlLoader(text)
    try:
        return _Builder(loader, source, max_depth).run()
    except yaml.YAMLError as exc:
        raise InvalidInputError(_problem(exc, source)) from None
    finally:
        loader.dispose()


class _Builder:
    """Consumes parser events, keeping a stack of open containers instead of recursing."""

    def __init__(self, loader: yaml.SafeLoader, source: str, max_depth: int) -> None:
        self.loader, self.source, self.max_depth = loader, source, max_depth
        self.stack: list[_Container] = []
        self.anchors: dict[str, Any] = {}
        self.lines: dict[Loc, int] = {}
        self.result: Any = None
        self.tags: dict[str, str] = {}

    def fail(self, message: str, line: int) -> InvalidInputError:
        return InvalidInputError(Problem(message, source=self.source, line=line))

    def run(self) -> tuple[Any, dict[Loc, int]]:
        documents = 0
        while True:
            event = self.loader.get_event()
            line = event.start_mark.line + 1
            if isinstance(event, yaml.StreamEndEvent):
                return self.result, self.lines
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise self.fail("holds several YAML documents; use one", line)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                self.open(event, line)
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                done = self.stack.pop()
                if isinstance(done.value, dict) and done.merges:
                    self.merge(done.value, done.merges)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in self.anchors:
                    raise self.fail(f"unknown alias '*{event.anchor}'", line)
                self.put(self.anchors[event.anchor], line, is_merge_key=False)
            elif isinstance(event, yaml.ScalarEvent):
                merge = _is_merge_key(event)
                value = "<<" if merge else _scalar(self.loader, event, self.tags)
                if event.anchor:
                    self.anchors[event.anchor] = value
                self.put(value, line, is_merge_key=merge)

    def open(self, event: yaml.CollectionStartEvent, line: int) -> None:
        if len(self.stack) >= self.max_depth:
            raise self.fail(_too_deep(self.max_depth), line)
        if event.tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            raise self.fail(f"malformed YAML: unsupported tag '{event.tag}'", line)
        value: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
        if event.anchor:
            self.anchors[event.anchor] = value
        path = self.put(value, line, is_merge_key=False)
        self.stack.append(_Container(path, value))

    def put(self, value: Any, line: int, is_merge_key: bool) -> Loc:
        """Place a value in the open container (or as the document); returns its path."""
        if not self.stack:
            self.result = value
            self.lines[()] = line
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            path = top.path + (len(top.value),)
            self.lines[path] = line
            top.value.append(value)
            return path
        if top.key is None:  # this value is a key
            if isinstance(value, list | dict):
                raise self.fail("a key must be text, not a list or mapping", line)
            key = _MERGE if is_merge_key else _key_text(value)
            if key in top.value and key != _MERGE:
                raise self.fail(f"duplicate key '{key}'", line)
            top.key, top.key_line = key, line
            return top.path
        key, top.key = top.key, None
        if key == _MERGE:
            top.merges.append((value, top.key_line))
            return top.path + ("<<",)
        top.value[key] = value
        self.lines[top.path + (key,)] = top.key_line
        return top.path + (key,)

    def merge(self, target: dict[str, Any], merges: list[tuple[Any, int]]) -> None:
        """`<<` keys: values of the merged mappings that the mapping does not set itself."""
        for value, line in merges:
            for src in value if isinstance(value, list) else [value]:
                if not isinstance(src, dict):
                    raise self.fail("'<<' must merge a mapping or a list of mappings", line)
                for k, v in src.items():
                    target.setdefault(k, v)


def _is_merge_key(event: yaml.ScalarEvent) -> bool:
    return event.tag == _MERGE or (event.value == "<<" and event.tag is None and event.implicit[0])


def _key_text(value: Any) -> str:
    """Non-text keys (numbers, booleans, null) are kept as the text YAML would print."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _scalar(loader: yaml.SafeLoader, event: yaml.ScalarEvent, tags: dict[str, str]) -> Any:
    """Resolve and construct a scalar exactly as the safe loader would.

    `tags` caches the resolved tag of each plain scalar text (files repeat their values).
    """
    tag = event.tag
    if tag is None or tag == "!":
        if not event.implicit[0]:  # quoted or block text: always a string
            return event.value
        tag = tags.get(event.value)
        if tag is None:
            tag = tags[event.value] = loader.resolve(yaml.ScalarNode, event.value, (True, False))
    if tag == _STR:
        return event.value
    construct = loader.yaml_constructors.get(tag)
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    if construct is None or tag in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
        raise yaml.constructor.ConstructorError(
            None, None, f"unsupported tag '{tag}'", event.start_mark
        )
    try:
        return construct(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"bad {tag.rsplit(':', 1)[-1]} value ({exc})", event.start_mark
        ) from None


def _too_deep(max_depth: int) -> str:
    return f"nested more than {max_depth} levels deep; an account map needs 4"


def _flow_nesting_beyond(text: str, max_depth: int) -> int | None:
    """The 1-based line where `[`/`{` nesting first passes `max_depth`, else None.

    Checked before the parser runs, so a deep flow collection gets our message whatever the
    YAML library's own limits are. Quoted scalars and comments are skipped; brackets inside
    plain scalars count, which can only refuse a file earlier, never accept a deeper one.
    """
    depth, line, quote, i, n = 0, 1, "", 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif quote == '"':
            if ch == "\\":
                i += 1
            elif ch == '"':
                quote = ""
        elif quote == "'":
            if ch == "'":
                quote = ""
        elif ch in "\"'" and (i == 0 or text[i - 1] in " \t\n[{,:-"):
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t\n"):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch in "[{":
            depth += 1
            if depth > max_depth:
                return line
        elif ch in "]}" and depth:
            depth -= 1
        i += 1
    return None


def _problem(exc: yaml.YAMLError, source: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    what = getattr(exc, "problem", None) or "cannot be read"
    if mark is None:
        return Problem(f"malformed YAML: {what}", source=source)
    return Problem(
        f"malformed YAML: {what} (column {mark.column + 1})", source=source, line=mark.line + 1
    )
