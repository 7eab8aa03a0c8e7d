"""The CLI reference page (docs/cli.md), generated from every command's --help.

`python -m graphkam.cli.reference > docs/cli.md` regenerates it; a test checks it is current.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import typer.main

from graphkam.cli import app

__all__ = ["generate_reference"]


def generate_reference() -> str:
    """Markdown with the help text of `graphkam` and of every command, in order."""
    root = typer.main.get_command(app)
    parts = ["# graphkam CLI reference", "", "Generated from `--help`; do not edit by hand.", ""]
    for path, command in _walk(root, ["graphkam"]):
        ctx = command.context_class(command, info_name=" ".join(path), terminal_width=100)
        parts += [
            f"## `{' '.join(path)}`",
            "",
            "```text",
            command.get_help(ctx).rstrip(),
            "```",
            "",
        ]
    return "\n".join(parts)


def _walk(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    """The command and its subcommands, depth first (typer vendors its own click)."""
    yield path, command
    if hasattr(command, "list_commands"):
        ctx = command.context_class(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None:
                yield from _walk(sub, [*path, name])


if __name__ == "__main__":
    sys.stdout.write(generate_reference())
