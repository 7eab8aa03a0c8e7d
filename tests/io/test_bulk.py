"""The bulk import (graphkam/io/bulk.py) against the merge path it stands in for.

Oracle: the same file imported by the merge path (graphkam/editing.py, forced by a store that
is not empty or by YAML) must leave the same rows, the same history (change ids and times
aside) and the same report. The bulk path must also hand back every case it does not handle
with nothing written, so errors read as they always did.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graphkam.errors import InvalidInputError
from graphkam.io import bulk
from graphkam.io.accountmap import write_account_map
from graphkam.io.importer import import_files
from graphkam.model import Account, NodeKind, RecordKind, Stakeholder
from graphkam.stores import Store, open_store
from graphkam.stores.audited import unwrap
from graphkam.synthetic import build_portfolio


@pytest.fixture
def portfolio_json(tmp_path: Path) -> Path:
    """3 synthetic accounts of 12 people (every section, one item per line)."""
    path = tmp_path / "portfolio.json"
    write_account_map(build_portfolio(3, 12, seed=7), path)
    return path


@pytest.fixture
def used(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One entry per file bulk_import was asked about: True when it imported it."""
    calls: list[bool] = []
    real = bulk.bulk_import

    def spy(store: Store, path: str | Path, source: str, progress: Any = None) -> Any:
        report = real(store, path, source, progress)
        calls.append(report is not None)
        return report

    monkeypatch.setattr("graphkam.io.importer.bulk_import", spy)
    return calls


def _open(tmp_path: Path, name: str, audit: bool = True) -> Store:
    return open_store(f"sqlite:///{tmp_path / name}", audit=audit)


def _history(store: Store) -> list[dict[str, Any]]:
    """Every change, without its id and time (which differ between two imports)."""
    out = []
    for change in unwrap(store).list_records(RecordKind.CHANGE):
        data = change.model_dump(mode="json")
        for key in ("id", "date"):
            data.pop(key)
        out.append(data)
    return sorted(out, key=lambda d: json.dumps(d, sort_keys=True))


def _report(reports: list[Any]) -> list[tuple[str, str, str, str]]:
    return sorted((i.section, i.id, i.label, i.outcome.value) for r in reports for i in r.items)


def _merge_path(store: Store, path: Path) -> list[Any]:
    """The merge path on the same file: as YAML (the bulk path reads JSON only)."""
    from graphkam.io.accountmap import read_account_map

    yaml_path = path.with_suffix(".yaml")
    write_account_map(read_account_map(path), yaml_path)
    return import_files(store, [yaml_path])


@pytest.mark.parametrize("audit", [True, False])
def test_bulk_import_writes_what_the_merge_path_writes(
    tmp_path: Path, portfolio_json: Path, used: list[bool], audit: bool
) -> None:
    with _open(tmp_path, "bulk.db", audit) as fast, _open(tmp_path, "merge.db", audit) as slow:
        fast_reports = import_files(fast, [portfolio_json])
        assert used == [True]
        slow_reports = _merge_path(slow, portfolio_json)
        assert used == [True, False]
        assert fast.export_map() == slow.export_map()
        assert unwrap(fast).counts() == unwrap(slow).counts()
        assert _history(fast) == _history(slow)
        assert bool(_history(fast)) is audit
        assert _report(fast_reports) == _report(slow_reports)
        assert set(fast.account_versions()) == {a.id for a in fast.export_map().accounts}


def test_new_people_get_role_suggestions_as_in_the_merge(tmp_path: Path, used: list[bool]) -> None:
    """A CFO without roles is suggested economic_buyer (graphkam/titles.py) by both paths."""
    path = tmp_path / "cfo.json"
    doc = {
        "accounts": [{"id": "a1", "name": "A"}],
        "stakeholders": [{"id": "p1", "account": "a1", "name": "P", "title": "CFO"}],
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    with _open(tmp_path, "bulk.db") as fast, _open(tmp_path, "merge.db") as slow:
        import_files(fast, [path])
        _merge_path(slow, path)
        assert used == [True, False]
        got = fast.get_node(Stakeholder.node_kind, "p1")
        assert "economic_buyer" in {s.role.value for s in got.suggested_roles}
        assert got == slow.get_node(Stakeholder.node_kind, "p1")


def test_a_store_that_is_not_empty_goes_through_the_merge(
    tmp_path: Path, portfolio_json: Path, used: list[bool]
) -> None:
    """Never replace what a user stored: with anything stored, the merge decides."""
    with _open(tmp_path, "s.db") as store:
        store.upsert_nodes([Account(id="kept", name="Kept")])
        import_files(store, [portfolio_json])
        assert used == [False]
        assert store.get_node(Account.node_kind, "kept").name == "Kept"


def test_chunks_that_refer_forward_are_left_to_the_merge(tmp_path: Path, used: list[bool]) -> None:
    """Stakeholders listed before their account: the first chunk cannot be checked alone."""
    path = tmp_path / "forward.json"
    path.write_text(
        json.dumps(
            {
                "stakeholders": [{"id": "p1", "account": "a1", "name": "P"}],
                "accounts": [{"id": "a1", "name": "A"}],
            }
        ),
        encoding="utf-8",
    )
    with _open(tmp_path, "s.db") as store:
        import_files(store, [path])
        assert used == [False]
        assert store.get_node(Stakeholder.node_kind, "p1").account == "a1"


def test_a_duplicate_across_chunks_fails_as_in_the_merge_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, used: list[bool]
) -> None:
    """Chunks of one item: the second account with the same id is caught by the INSERT, the
    bulk path rolls back, and the merge path reports the duplicate with its line."""
    monkeypatch.setattr(bulk, "CHUNK_ITEMS", 1)
    path = tmp_path / "dup.json"
    path.write_text(
        '{"accounts": [\n{"id": "a1", "name": "A"},\n{"id": "a1", "name": "B"}\n]}\n',
        encoding="utf-8",
    )
    with _open(tmp_path, "s.db") as store:
        with pytest.raises(InvalidInputError) as info:
            import_files(store, [path])
        assert used == [False]
        assert "line 3" in str(info.value) and "duplicate id 'a1'" in str(info.value)
        assert sum(unwrap(store).counts().values()) == 0


@pytest.mark.parametrize(
    "text",
    [
        '{"accounts": [{"id": "a1", "name": "A", "name": "B"}]}',  # duplicate key
        '{"accounts": [{"id": "a1", "name": "A"}',  # cut short
        '{"accounts": [{"id": "a1", "nam": "A"}]}',  # unknown field
        '{"acounts": []}',  # unknown section
    ],
)
def test_bad_files_get_the_merge_paths_error(tmp_path: Path, text: str, used: list[bool]) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with _open(tmp_path, "a.db") as store:
        with pytest.raises(InvalidInputError) as fast:
            import_files(store, [path])
        assert used == [False]
        assert sum(unwrap(store).counts().values()) == 0
    with _open(tmp_path, "b.db") as other:
        other.upsert_nodes([Account(id="zz", name="Z")])  # not empty: the merge path
        with pytest.raises(InvalidInputError) as slow:
            import_files(other, [path])
    assert str(fast.value) == str(slow.value)


def test_a_dry_run_writes_nothing(tmp_path: Path, portfolio_json: Path, used: list[bool]) -> None:
    with _open(tmp_path, "s.db") as store:
        reports = import_files(store, [portfolio_json], dry_run=True)
        assert used == [True] and reports[0].items
        assert sum(unwrap(store).counts().values()) == 0


def test_tiny_chunks_and_blocks_give_the_same_store(
    tmp_path: Path, portfolio_json: Path, monkeypatch: pytest.MonkeyPatch, used: list[bool]
) -> None:
    """Chunks of 7 items and 61-byte reads: items split across reads, sections across chunks
    (references resolve to earlier chunks already written)."""
    from graphkam.io import json_stream

    monkeypatch.setattr(bulk, "CHUNK_ITEMS", 7)
    monkeypatch.setattr(json_stream, "_BLOCK", 61)
    with _open(tmp_path, "tiny.db") as tiny, _open(tmp_path, "merge.db") as slow:
        import_files(tiny, [portfolio_json])
        _merge_path(slow, portfolio_json)
        assert used == [True, False]
        assert tiny.export_map() == slow.export_map()
        assert _history(tiny) == _history(slow)


@pytest.mark.parametrize("path_kind", ["bulk", "merge"])
def test_a_big_import_lists_ten_thousand_items_and_counts_the_rest(
    tmp_path: Path, used: list[bool], path_kind: str
) -> None:
    """The report stays bounded (docs: the first 10,000 items listed, the rest counted by
    section and outcome), on the bulk path and on the merge path alike; nothing is lost from
    the store or the totals. 10,030 people in one account: 10,031 items created."""
    people = [
        Stakeholder(id=f"p{i:05d}", account="acct", name=f"Person {i}") for i in range(10_030)
    ]
    doc = {
        "accounts": [Account(id="acct", name="Big Account").model_dump(mode="json")],
        "stakeholders": [p.model_dump(mode="json", exclude_none=True) for p in people],
    }
    path = tmp_path / "big.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with _open(tmp_path, "big.db") as store:
        reports = import_files(store, [path]) if path_kind == "bulk" else _merge_path(store, path)
        assert used[-1] is (path_kind == "bulk")
        (report,) = reports
        assert len(report.items) == 10_000
        assert report.omitted_total == 31
        assert report.counts == {"accounts": 1, "stakeholders": 10_030}
        assert len(store.list_nodes(NodeKind.STAKEHOLDER)) == 10_030
    from graphkam.cli.data import report_lines

    assert "  … and 31 more, not listed: 31 created stakeholders" in report_lines(reports)
    assert report_lines(reports)[-1].startswith("imported 1 file(s): 10,031 created")


def test_a_long_import_says_how_far_it_got(tmp_path: Path, portfolio_json: Path) -> None:
    """A progress line after each written chunk that crosses another multiple of `every`
    items, saying how many are written so far. Oracle: the file's sections in order (each one
    chunk here, the file being small), summed by hand."""
    sizes = [len(v) for v in json.loads(portfolio_json.read_text(encoding="utf-8")).values() if v]
    expected, total = [], 0
    for n in sizes:
        if total // 50 != (total + n) // 50:
            expected.append(total + n)
        total += n
    lines: list[str] = []
    with _open(tmp_path, "progress.db") as store:
        report = bulk.bulk_import(store, portfolio_json, "portfolio.json", lines.append, every=50)
    assert report is not None and sum(report.counts.values()) == total
    assert lines == [f"portfolio.json: {n:,} items written" for n in expected]
    assert len(lines) >= 2
