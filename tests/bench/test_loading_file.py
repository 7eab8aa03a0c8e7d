"""The bench's `graphkam import FILE.json` step (graphkam/bench/loading.py `file_import`)."""

from __future__ import annotations

from pathlib import Path

from graphkam.bench.loading import file_import
from graphkam.io.accountmap import write_account_map
from graphkam.io.importer import import_files
from graphkam.model import RecordKind
from graphkam.stores import open_store
from graphkam.synthetic import build_portfolio, expected_rows


def test_file_import_times_a_bare_and_an_audited_import(tmp_path: Path) -> None:
    """Oracle for the history count: the same map imported as YAML by the merge path into an
    audited store; rows: synthetic.expected_rows of the map."""
    doc = build_portfolio(2, 10, seed=3)
    result = file_import([doc], tmp_path, raw_cpu_rows_per_s=1_000_000.0)
    assert result.rows == expected_rows(doc) == doc.row_count()
    yaml_path = tmp_path / "same.yaml"
    write_account_map(doc, yaml_path)
    with open_store(f"sqlite:///{tmp_path / 'oracle.db'}") as store:
        import_files(store, [yaml_path])
        assert result.history_rows == len(store.inner.list_records(RecordKind.CHANGE))  # type: ignore[attr-defined]
    assert result.bare_cpu_rows_per_s > 0 and result.audited_cpu_rows_per_s > 0
    assert result.bare_cpu_ratio_to_raw == round(1_000_000.0 / result.bare_cpu_rows_per_s, 2)
    assert result.file_mb >= 0
    assert not list(tmp_path.glob("import*"))  # scratch files removed
