"""`graphkam copy`: whole portfolios between stores, sqlite -> neo4j -> sqlite, unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from graphkam.cli import app
from graphkam.cli.stores import copy_store
from graphkam.documents import AccountMap
from graphkam.errors import InvalidInputError
from graphkam.model import Account
from graphkam.sample import load_sample
from graphkam.stores import open_store

runner = CliRunner()


def _round_trip(doc: AccountMap, tmp_path: Path, neo4j_url: str) -> None:
    """Import into SQLite, copy to Neo4j and back to a second SQLite: the exports agree."""
    first, second = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    with open_store(first) as src:
        src.import_map(doc)
        expected = src.export_map()
    steps: list[tuple[int, int]] = []
    with open_store(first) as src, open_store(neo4j_url) as mid:
        copy_store(src, mid, progress=lambda done, total: steps.append((done, total)))
        assert mid.export_map() == expected
        assert mid.counts() == src.counts()
    assert steps[0][0] == 0 and steps[-1][0] == steps[-1][1] == expected.row_count()
    result = runner.invoke(app, ["copy", "--from", neo4j_url, "--to", second])
    assert result.exit_code == 0, result.output
    assert "copied" in result.stdout
    with open_store(second) as back:
        assert back.export_map() == expected
        assert back.export_map().to_document() == expected.to_document()


def test_copy_example_round_trip(
    tmp_path: Path, neo4j_store_url: str, example_map_path: Path
) -> None:
    doc = AccountMap.model_validate(yaml.safe_load(example_map_path.read_text(encoding="utf-8")))
    _round_trip(doc, tmp_path, neo4j_store_url)


def test_copy_sample_portfolio_round_trip(tmp_path: Path, neo4j_store_url: str) -> None:
    _round_trip(load_sample(), tmp_path, neo4j_store_url)


def test_copy_refuses_non_empty_target_without_merge(tmp_path: Path) -> None:
    src_url, dst_url = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    with open_store(src_url) as src, open_store(dst_url) as dst:
        src.upsert_nodes([Account(id="a", name="A")])
        dst.upsert_nodes([Account(id="b", name="B")])
        with pytest.raises(InvalidInputError, match="not empty"):
            copy_store(src, dst)
        assert copy_store(src, dst, merge=True) == {"accounts": 1}
        assert dst.counts()["accounts"] == 2
    result = runner.invoke(app, ["copy", "--from", src_url, "--to", dst_url])
    assert result.exit_code == 1 and "--merge" in result.output
