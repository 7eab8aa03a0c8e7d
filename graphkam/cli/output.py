"""How listing commands print: a table for people, TSV/CSV/JSON for pipes and spreadsheets.

Every listing command builds one `Listing` (its columns and rows as text) beside its documented
JSON, and `emit` writes it in the chosen `--format`. A table on a terminal wraps values that do
not fit (it never cuts them with "…"); piped or redirected, every value is printed whole and each
row stays on one line, so `graphkam show dl-energy | grep "Jiang Yang"` finds its row.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console, ConsoleDimensions
from rich.table import Table
from rich.text import Text

from graphkam.errors import InvalidInputError

__all__ = [
    "OutputFormat",
    "FormatOpt",
    "Listing",
    "DataConsole",
    "emit",
    "choose_format",
    "print_json",
]

#: Width given to rich when stdout is not a terminal: wide enough that nothing wraps.
_PIPE_WIDTH = 1_000_000


class DataConsole(Console):
    """stdout for data: the terminal's width on a terminal; piped, wide enough never to wrap.

    (rich alone takes the width of whichever standard stream is a terminal, so output piped
    from a terminal session wrapped at the terminal's width.)
    """

    @property
    def size(self) -> ConsoleDimensions:
        if self.is_terminal:
            return super().size
        return ConsoleDimensions(_PIPE_WIDTH, 25)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]

    def rule(self, title: str = "", **kwargs: Any) -> None:
        """A section rule: the terminal's width on a terminal, 80 columns when piped."""
        if self.is_terminal:
            super().rule(title, **kwargs)
            return
        head = f"── {title} " if title else ""
        self.print(Text(head + "─" * max(3, 80 - len(head))))


class OutputFormat(StrEnum):
    """What a listing prints: an aligned table, tab- or comma-separated values, or JSON."""

    TABLE = "table"
    TSV = "tsv"
    CSV = "csv"
    JSON = "json"


FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        help="table (default), tsv, csv or json (the documented JSON; same as --json).",
        show_default=False,
        case_sensitive=False,
    ),
]


@dataclass
class Listing:
    """A listing as text: column names, rows of cells, optional title and closing line."""

    columns: Sequence[str]
    rows: list[list[str]] = field(default_factory=list)
    title: str | None = None
    footer: str | None = None
    right: frozenset[str] = frozenset()  # columns aligned right in the table

    def add(self, *cells: object) -> None:
        self.rows.append(["" if c is None else str(c) for c in cells])


def choose_format(fmt: OutputFormat | None, json: bool = False) -> OutputFormat:
    """The format asked for by `--format` and the older `--json` flag (which must agree)."""
    if json and fmt not in (None, OutputFormat.JSON):
        raise InvalidInputError(f"give --json or --format {fmt.value}, not both")
    if json:
        return OutputFormat.JSON
    return fmt or OutputFormat.TABLE


def emit(listing: Listing, fmt: OutputFormat, data: Any) -> None:
    """Print `listing` as a table, TSV or CSV, or `data` as JSON, to stdout."""
    if fmt is OutputFormat.JSON:
        print_json(data)
    elif fmt in (OutputFormat.TSV, OutputFormat.CSV):
        dialect = csv.excel_tab if fmt is OutputFormat.TSV else csv.excel
        writer = csv.writer(sys.stdout, dialect=dialect, lineterminator="\n")
        writer.writerow(listing.columns)
        writer.writerows(listing.rows)
    else:
        _print_table(listing)


def print_json(data: Any) -> None:
    """Write JSON to stdout as UTF-8 (Chinese stays Chinese, never `\\u` escapes)."""
    import json

    from pydantic import BaseModel

    if isinstance(data, BaseModel):
        text = data.model_dump_json(indent=2, by_alias=True)
    else:
        text = json.dumps(data, indent=2, ensure_ascii=False, default=_jsonable)
    sys.stdout.write(text + "\n")


def _jsonable(value: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    return str(value)


def _print_table(listing: Listing) -> None:
    out = DataConsole(soft_wrap=False, highlight=False)
    terminal = out.is_terminal
    table = Table(title=None if listing.title is None else Text(listing.title))
    for col in listing.columns:
        table.add_column(
            col,
            justify="right" if col in listing.right else "left",
            overflow="fold",  # wrap, never "…"
            no_wrap=not terminal,
        )
    for row in listing.rows:
        table.add_row(*(Text(cell) for cell in row))
    out.print(table)
    if listing.footer:
        out.print(Text(listing.footer))
