"""How every store writes and reads a model: compact JSON by alias, parsed back by kind."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter

from graphkam.model import NODE_TYPES, RECORD_TYPES, Node, NodeKind, Record, RecordKind

__all__ = ["dump_json", "parse_node", "parse_record", "parse_many", "record_date"]

_T = TypeVar("_T", bound=BaseModel)


def dump_json(model: Any) -> str:
    """The model's JSON by alias without unset (None) fields; the serializer directly, as
    model_dump_json does, minus its per-call overhead (this runs once per imported row)."""
    data: bytes = model.__pydantic_serializer__.to_json(model, by_alias=True, exclude_none=True)
    return data.decode()


def parse_node(kind: NodeKind, data: str) -> Node:
    """A node of `kind` from its stored JSON."""
    return NODE_TYPES[kind].model_validate_json(data)  # type: ignore[return-value]


def parse_record(kind: RecordKind, data: str) -> Record:
    """A record of `kind` from its stored JSON."""
    return RECORD_TYPES[kind].model_validate_json(data)  # type: ignore[return-value]


@functools.cache
def _list_of(model: type[_T]) -> TypeAdapter[list[_T]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def parse_many(model: type[_T], datas: list[str]) -> list[_T]:
    """Many stored JSON texts of one model, validated in one call (one JSON array): the
    per-call cost of `model_validate_json` once per batch instead of once per row."""
    if not datas:
        return []
    return _list_of(model).validate_json("[" + ",".join(datas) + "]")


def record_date(rec: Record) -> str | None:
    """The date a record sorts by: its `date`, or a competitor product's `since`."""
    value: dt.date | None = getattr(rec, "date", None) or getattr(rec, "since", None)
    return value.isoformat() if value is not None else None
