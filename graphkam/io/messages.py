"""Plain-words problems from pydantic validation errors (no pydantic jargon, URLs or notes)."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from graphkam.documents import AccountMap
from graphkam.errors import Problem

__all__ = ["problems_from_validation", "dotted", "SENSITIVE_FIELDS"]

#: Fields whose values never appear in a message (personal, sensitive or free text).
SENSITIVE_FIELDS = frozenset({"notes", "summary"})

_MAX_ECHO = 60


def problems_from_validation(exc: ValidationError) -> list[Problem]:
    """One Problem per pydantic error, with `loc` kept and the message in plain words."""
    return [_problem(err) for err in exc.errors(include_url=False)]


def dotted(loc: tuple[str | int, ...]) -> str:
    """('relationships', 3, 'to') -> 'relationships[3].to'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _problem(err: ErrorDetails) -> Problem:
    loc = tuple(err["loc"])
    return Problem(_message(err, loc), field=dotted(loc) or None, loc=loc)


def _echo(err: ErrorDetails, loc: tuple[str | int, ...]) -> str:
    """The offending value quoted for the message, or '' when it must not or cannot be shown."""
    if any(part in SENSITIVE_FIELDS for part in loc if isinstance(part, str)):
        return ""
    value = err.get("input")
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str) and len(value) <= _MAX_ECHO:
        return f"'{value}'"
    return ""


def _message(err: ErrorDetails, loc: tuple[str | int, ...]) -> str:
    kind = err["type"]
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    shown = _echo(err, loc)
    value = f"{shown} " if shown else "the value "
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
        return f"unknown key '{loc[-1]}'{hint}"
    if kind == "enum":
        expected = str(ctx.get("expected", "")).replace("'", "")
        return f"{value}is not one of {expected}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is longer than {ctx.get('max_length')} characters"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"takes at most {ctx.get('max_length')} item(s)"
    if kind in ("less_than_equal", "less_than"):
        return f"{value}is above the maximum {_num(ctx.get('le', ctx.get('lt')))}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{value}is below the minimum {_num(ctx.get('ge', ctx.get('gt')))}"
    if kind.startswith(("date_", "datetime_")):
        return f"{value}is not a date (use YYYY-MM-DD)"
    if kind.startswith("float_"):
        return f"{value}is not a number"
    if kind.startswith("int_"):
        return f"{value}is not a whole number"
    if kind.startswith("bool_"):
        return f"{value}is not true or false"
    if kind == "string_type":
        return f"{value}must be text (put it in quotes)"
    if kind in ("list_type", "tuple_type", "set_type"):
        return "must be a list"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "must be a mapping of keys to values"
    msg = err["msg"].removeprefix("Value error, ").replace("Input should be", "must be")
    return msg


def _num(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _allowed_keys(loc: tuple[str | int, ...]) -> list[str]:
    """The keys the model at `loc` (inside an AccountMap) accepts, by their file names."""
    model: Any = AccountMap
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        field = model.model_fields.get(part)
        if field is None:
            return []
        model = _item_type(field.annotation)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _item_type(annotation: Any) -> Any:
    """list[X] -> X, X | None -> X; anything else unchanged."""
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _item_type(args[0]) if len(args) == 1 else annotation
    return annotation
