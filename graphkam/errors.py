"""The graphkam error tree: every error a user or caller can act on.

    GraphkamError
    ├── NotFoundError            an id that is not in the store
    ├── InvalidInputError        bad input: names the source, the place (line/row) and the field
    ├── ConflictError            the write clashes with what is stored (stale version)
    ├── PermissionDeniedError    the caller may not do this
    └── StoreUnavailableError    the store cannot be reached right now (retryable)

Messages never contain a stakeholder's personal notes.
"""

from __future__ import annotations

__all__ = [
    "GraphkamError",
    "NotFoundError",
    "InvalidInputError",
    "ConflictError",
    "PermissionDeniedError",
    "StoreUnavailableError",
    "Problem",
]

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong."""

    message: str
    source: str | None = None
    line: int | None = None
    row: int | None = None
    field: str | None = None
    loc: tuple[str | int, ...] = ()

    def __str__(self) -> str:
        where = []
        if self.source:
            where.append(self.source)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field '{self.field}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class GraphkamError(Exception):
    """Something went wrong in graphkam."""

    retryable: bool = False

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class NotFoundError(GraphkamError):
    """No such object."""

    def __init__(self, kind: str, id: str) -> None:
        self.kind = kind
        self.id = id
        super().__init__(f"no {kind.replace('_', ' ')} with id '{id}'")


class InvalidInputError(GraphkamError):
    """The input is not valid."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems
        first = str(problems[0]) if problems else "invalid input"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(first + more)


class ConflictError(GraphkamError):
    """The change conflicts with what is stored."""


class PermissionDeniedError(GraphkamError):
    """You may not do this."""


class StoreUnavailableError(GraphkamError):
    """The store cannot be reached right now; try again later."""

    retryable = True
