"""The `graphkam` command line: one module per family of commands, all on one Typer app."""

from __future__ import annotations

from graphkam.cli import analysis, browse, data, render, serve, stores  # noqa: F401  (registers)
from graphkam.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `graphkam` script."""
    app()
