"""Limits on what graphkam accepts from outside: dates it can analyse, numbers it can read.

Python refuses to turn integer strings of more than 4300 digits into ints (a guard against
quadratic parsing) by raising ValueError mid-parse; date arithmetic near year 1 or 9999
overflows. These helpers find such input first, so it gets one clear error naming where it is.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

__all__ = [
    "EARLIEST_AS_OF",
    "LATEST_AS_OF",
    "MAX_DIGITS",
    "check_as_of",
    "huge_number_line",
    "bad_number_path",
    "id_problem",
]

#: The dates an analysis may be run "as of" (analyses look back and ahead by years).
EARLIEST_AS_OF = dt.date(1900, 1, 1)
LATEST_AS_OF = dt.date(2199, 12, 31)
#: The longest run of digits read as a number (Python's own int-parsing limit).
MAX_DIGITS = 4300

_HUGE = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")


def check_as_of(day: dt.date, field: str = "as_of") -> str | None:
    """None if `day` is within [EARLIEST_AS_OF, LATEST_AS_OF], else the message to show."""
    if EARLIEST_AS_OF <= day <= LATEST_AS_OF:
        return None
    return (
        f"{field}: {day.isoformat()} is out of range; "
        f"use a date from {EARLIEST_AS_OF.isoformat()} to {LATEST_AS_OF.isoformat()}"
    )


def id_problem(ident: str) -> str | None:
    """None for an id graphkam can use, else why not: ids appear in URL paths and file names,
    so they may hold no '/' and no control characters."""
    if "/" in ident or any(ord(c) < 32 or ord(c) == 127 for c in ident):
        shown = ident.encode("unicode_escape").decode()
        return f"id '{shown}' may not contain '/' or control characters"
    return None


def huge_number_line(text: str) -> int | None:
    """The 1-based line of the first run of more than MAX_DIGITS digits in `text`, or None."""
    match = _HUGE.search(text)
    if match is None:
        return None
    return text.count("\n", 0, match.start()) + 1


class _Bad:
    def __init__(self, why: str) -> None:
        self.why = why


def _int(text: str) -> Any:
    return (
        _Bad(f"a number with more than {MAX_DIGITS} digits")
        if len(text) > MAX_DIGITS
        else int(text)
    )


def _float(text: str) -> Any:
    value = float(text)
    return value if math.isfinite(value) else _Bad(f"{text[:20]} is not a finite number")


def _constant(text: str) -> Any:
    return _Bad(f"{text} is not a number JSON allows")


def bad_number_path(text: str) -> tuple[list[str | int], str] | None:
    """In a JSON document: the path to the first number that is too long or not finite
    (NaN, Infinity, 1e999) and what is wrong with it; None if there is none (or the JSON is
    malformed: its parser reports that)."""
    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except (ValueError, RecursionError):
        return None
    todo: list[tuple[Any, list[str | int]]] = [(data, [])]
    while todo:
        item, path = todo.pop()
        if isinstance(item, _Bad):
            return path, item.why
        if isinstance(item, dict):
            todo.extend((v, [*path, k]) for k, v in reversed(item.items()))
        elif isinstance(item, list):
            todo.extend((v, [*path, i]) for i, v in reversed(list(enumerate(item))))
    return None
