"""Shared pieces of the CLI: the Typer app, common options, consoles and error handling."""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console

from graphkam.errors import GraphkamError, InvalidInputError
from graphkam.i18n import Lang
from graphkam.settings import get_settings
from graphkam.stores import Store, open_store

__all__ = [
    "app",
    "console",
    "err_console",
    "StoreOpt",
    "JsonOpt",
    "AsOfOpt",
    "LangOpt",
    "cli_errors",
    "open_cli_store",
    "print_json",
    "parse_as_of",
]

app = typer.Typer(
    name="graphkam",
    help="Stakeholder relationship graph engine for key-account management.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)

#: Data goes to stdout, progress and errors to stderr.
console = Console(soft_wrap=False)
err_console = Console(stderr=True, soft_wrap=True)

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="Store URL: sqlite:///PATH (default from GRAPHKAM_STORE, else ./graphkam.db) "
        "or neo4j://HOST:PORT / bolt://HOST:PORT.",
        show_default=False,
    ),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print the documented JSON instead of tables.")
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help="Analyse as known on this date (YYYY-MM-DD); default today."),
]
LangOpt = Annotated[
    Lang, typer.Option("--lang", help="Language of the text output: en or zh (names as stored).")
]

P = ParamSpec("P")
R = TypeVar("R")


def cli_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn graphkam errors into one line on stderr and exit code 1 (no traceback)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except GraphkamError as exc:
            err_console.print(f"error: {_kind(exc)}: {exc.message}", markup=False, highlight=False)
            if isinstance(exc, InvalidInputError) and len(exc.problems) > 1:
                for problem in exc.problems[1:20]:
                    err_console.print(f"  {problem}", markup=False, highlight=False)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err_console.print("interrupted")
            raise typer.Exit(130) from None

    return wrapper


def _kind(exc: GraphkamError) -> str:
    """The error's kind in words: StoreUnavailableError -> 'store unavailable'."""
    name = type(exc).__name__.removesuffix("Error") or "error"
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def open_cli_store(url: str | None) -> Store:
    """The store named by --store, else GRAPHKAM_STORE, else ./graphkam.db."""
    return open_store(url or get_settings().store)


def parse_as_of(value: str | None) -> date:
    """--as-of as a date; today when absent."""
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"--as-of: '{value}' is not a date (use YYYY-MM-DD)") from None


def print_json(data: BaseModel | Any) -> None:
    """Write JSON to stdout (UTF-8, not ASCII-escaped)."""
    if isinstance(data, BaseModel):
        text = data.model_dump_json(indent=2, by_alias=True)
    else:
        text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write(text + "\n")
