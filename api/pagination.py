"""List pages: a bounded `limit`, an opaque `cursor`, and `{data, count, next_cursor}`."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Query

from api.schemas import Page
from graphkam.errors import InvalidInputError, Problem

__all__ = ["MAX_LIMIT", "LimitQuery", "CursorQuery", "encode_cursor", "decode_cursor", "paginate"]

T = TypeVar("T")

MAX_LIMIT = 500

LimitQuery = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page", examples=[50])]
CursorQuery = Annotated[
    str | None,
    Query(max_length=2000, description="`next_cursor` of the previous page", examples=[None]),
]


def encode_cursor(key: Sequence[Any]) -> str:
    """An opaque cursor holding the sort key of the last item on a page."""
    raw = json.dumps(list(key), separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    """The sort key inside a cursor; InvalidInputError if it was not made by encode_cursor."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        key = None
    if not isinstance(key, list) or not all(isinstance(k, str) for k in key):
        raise InvalidInputError(
            Problem(
                "not a cursor from this API: pass `next_cursor` of the previous page",
                field="cursor",
                loc=("query", "cursor"),
            )
        )
    return key


def paginate(
    items: Sequence[T],
    key: Callable[[T], Sequence[str]],
    limit: int,
    cursor: str | None,
    public: Callable[[T], Any] = lambda x: x,
) -> Page[Any]:
    """The page of `items` (sorted by `key`) after `cursor`, at most `limit` long."""
    ordered = sorted(items, key=lambda it: list(key(it)))
    if cursor is not None:
        after = decode_cursor(cursor)
        ordered = [it for it in ordered if list(key(it)) > after]
    page = ordered[:limit]
    next_cursor = encode_cursor(key(page[-1])) if len(ordered) > limit else None
    return Page[Any](data=[public(it) for it in page], count=len(page), next_cursor=next_cursor)
