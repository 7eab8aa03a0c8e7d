"""The same portfolio gives byte-identical analytics JSON on every store.

The sample portfolio is imported into SQLite, copied into each Bolt store, and `graphkam
analyze --json` / `portfolio --json` run on both at one fixed date: the outputs must be equal
byte for byte, since the analytics read only what the stores return.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkam.cli import app
from graphkam.cli.stores import copy_store
from graphkam.sample import load_sample
from graphkam.stores import open_store

runner = CliRunner()
AS_OF = "2026-11-01"


def _json(args: list[str], url: str) -> str:
    result = runner.invoke(app, [*args, "--json", "--as-of", AS_OF, "--store", url])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("backend", ["neo4j", "arcadedb"])
def test_analytics_identical_on_every_store(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    bolt_url = str(request.getfixturevalue(f"{backend}_store_url"))
    sqlite_url = f"sqlite:///{tmp_path / 'sample.db'}"
    doc = load_sample()
    with open_store(sqlite_url) as src, open_store(bolt_url) as dst:
        src.import_map(doc)
        copy_store(src, dst)
    assert _json(["portfolio"], bolt_url) == _json(["portfolio"], sqlite_url)
    for account in [a.id for a in doc.accounts]:
        assert _json(["analyze", account], bolt_url) == _json(["analyze", account], sqlite_url)
