"""The CLI reference page is generated from --help and may not drift; every command has help."""

from __future__ import annotations

import pytest
import typer.main
from typer.testing import CliRunner

from graphkam.cli import app
from graphkam.cli.reference import _walk, generate_reference
from tests.conftest import REPO

COMMANDS = [path[1:] for path, _ in _walk(typer.main.get_command(app), ["graphkam"])][1:]


def test_docs_cli_md_is_current() -> None:
    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert text == generate_reference(), (
        "regenerate: python -m graphkam.cli.reference > docs/cli.md"
    )


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_answers_dash_h_with_help(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "-h"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout
    summary = result.stdout.split("\n\n")[1].strip()
    assert len(summary) > 10, f"{command}: no help text"
