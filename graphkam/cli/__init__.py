"""The `graphkam` command line: one module per family of commands, all on one Typer app.

The app's root group imports a command's module only when that command is used; the list of
commands lives in `graphkam.cli.registry` (so `graphkam -h` loads none of them).
"""

from __future__ import annotations

from graphkam.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `graphkam` script."""
    app()
