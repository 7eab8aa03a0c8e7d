"""The `graphkam` command line: one module per family of commands, all on one Typer app."""

from __future__ import annotations

from graphkam.cli import (  # noqa: F401  (each module registers its commands)
    analysis,
    bench,
    browse,
    business,
    capture,
    coach,
    data,
    demo,
    edit,
    history,
    render,
    serve,
    stores,
    visits,
)
from graphkam.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `graphkam` script."""
    app()
