"""Shared pieces of the CLI: the Typer app, common options, consoles and error handling.

`graphkam -h` imports this module and the registry alone, so it stays light: the consoles (rich),
the output helpers and `LangOpt` are built on first use (PEP 562 `__getattr__`), and the
settings, errors and limits are imported inside the functions that need them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

from graphkam.cli.registry import LazyGroup

if TYPE_CHECKING:
    from rich.console import Console

    from graphkam.cli.output import DataConsole, FormatOpt, print_json
    from graphkam.errors import GraphkamError
    from graphkam.i18n import Lang
    from graphkam.stores import Store

    console: DataConsole
    err_console: Console
    LangOpt = Annotated[Lang, typer.Option("--lang")]

__all__ = [
    "app",
    "command_group",
    "console",
    "err_console",
    "StoreOpt",
    "JsonOpt",
    "AsOfOpt",
    "LangOpt",
    "cli_errors",
    "open_cli_store",
    "print_json",
    "FormatOpt",
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
    cls=LazyGroup,
)


def command_group(name: str, help: str) -> typer.Typer:
    """A group of sub-commands, `graphkam NAME ...`, with the app's help options."""
    group = typer.Typer(
        name=name,
        help=help,
        no_args_is_help=True,
        context_settings={"help_option_names": ["-h", "--help"]},
        rich_markup_mode=None,
    )
    app.add_typer(group, name=name)
    return group


def __getattr__(name: str) -> Any:
    """The names built on first use: `console` (data, stdout), `err_console` (progress and
    errors, stderr), `LangOpt`, and `print_json` / `FormatOpt` from `graphkam.cli.output`."""
    if name == "console":
        from graphkam.cli.output import DataConsole

        value: Any = DataConsole(soft_wrap=False)
    elif name == "err_console":
        from rich.console import Console

        value = Console(stderr=True, soft_wrap=True)
    elif name == "LangOpt":
        from graphkam.i18n import Lang

        value = Annotated[
            Lang,
            typer.Option("--lang", help="Language of the text output: en or zh (names as stored)."),
        ]
    elif name in ("print_json", "FormatOpt"):
        from graphkam.cli import output

        value = getattr(output, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def _print_version(value: bool) -> None:
    if value:
        from graphkam import __version__

        typer.echo(f"graphkam {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Stakeholder relationship graph engine for key-account management."""


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

P = ParamSpec("P")
R = TypeVar("R")


def cli_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn graphkam errors into one line on stderr and exit code 1 (no traceback)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from graphkam.errors import GraphkamError, InvalidInputError

        try:
            return fn(*args, **kwargs)
        except GraphkamError as exc:
            err_console = _err_console()
            err_console.print(f"error: {_kind(exc)}: {exc.message}", markup=False, highlight=False)
            if isinstance(exc, InvalidInputError) and len(exc.problems) > 1:
                for problem in exc.problems[1:20]:
                    err_console.print(f"  {problem}", markup=False, highlight=False)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            _err_console().print("interrupted")
            raise typer.Exit(130) from None

    return wrapper


def _err_console() -> Console:
    console: Console = globals().get("err_console") or __getattr__("err_console")
    return console


def _kind(exc: GraphkamError) -> str:
    """The error's kind in words: StoreUnavailableError -> 'store unavailable'."""
    name = type(exc).__name__.removesuffix("Error") or "error"
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def open_cli_store(url: str | None, *, create: bool = True) -> Store:
    """The store named by --store, else GRAPHKAM_STORE, else ./graphkam.db.

    Commands that only read pass `create=False`: a SQLite file that does not exist is then an
    error naming it, instead of a new empty store that answers "no such account".
    """
    from graphkam.settings import get_settings
    from graphkam.stores import open_store

    resolved = url or get_settings().store
    if not create:
        _require_existing(resolved)
    return open_store(resolved)


def _require_existing(url: str) -> None:
    if not (url.startswith("sqlite:") or "://" not in url):
        return
    from graphkam.errors import InvalidInputError
    from graphkam.stores.sqlite import parse_sqlite_url

    path = parse_sqlite_url(url)
    if path != ":memory:" and not Path(path).exists():
        raise InvalidInputError(
            f"--store: there is no store at {path}; load one first (graphkam demo, or "
            "graphkam import FILE), or name another with --store or GRAPHKAM_STORE"
        )


def parse_as_of(value: str | None) -> date:
    """--as-of as a date; today when absent."""
    from graphkam.errors import InvalidInputError
    from graphkam.limits import check_as_of

    if value is None:
        return date.today()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"--as-of: '{value}' is not a date (use YYYY-MM-DD)") from None
    out_of_range = check_as_of(day, "--as-of")
    if out_of_range is not None:
        raise InvalidInputError(out_of_range)
    return day
