"""SQLite-only: the version-3 migration (tokens and the analysis cache on an older file) and
the cost rule of the version bumps (a constant number of statements per write batch, never one
per row)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from graphkam.model import Account, NodeKind, Relationship, RelType, Stakeholder, Stance
from graphkam.stores.base import CachedResult
from graphkam.stores.sqlite import SqliteStore
from graphkam.stores.sqlite_schema import migrate


def test_a_version_2_file_gets_tokens_and_a_cache(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    migrate(conn, 0, target=2)
    conn.execute(
        "INSERT INTO nodes(id, kind, account, name, data) VALUES (?, ?, ?, ?, ?)",
        ("acc", "account", None, "Acc", '{"id":"acc","name":"Acc"}'),
    )
    person = Stakeholder(id="p1", account="acc", name="P")
    conn.execute(
        "INSERT INTO nodes(id, kind, account, name, data) VALUES (?, ?, ?, ?, ?)",
        ("p1", "stakeholder", "acc", "P", person.model_dump_json()),
    )
    conn.execute("COMMIT")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()

    with SqliteStore(str(path)) as store:
        assert store.schema_version == 3
        assert store.get_node(NodeKind.STAKEHOLDER, "p1").name == "P"
        token = store.account_versions()["acc"]
        store.write_cache("k", [CachedResult("acc", token, '{"n": 1}')])
        assert store.read_cache("k", ["acc"])["acc"].payload == '{"n": 1}'
        store.upsert_nodes([person.model_copy(update={"stance": Stance.CHAMPION})])
        assert store.account_versions()["acc"] != token
        assert store.read_cache("k", ["acc"]) == {}


def _statements(store: SqliteStore, write: object) -> list[str]:
    """The SQL statements this thread's connection runs during `write()` (one entry per row
    of an executemany)."""
    seen: list[str] = []
    conn = store._conn()
    conn.set_trace_callback(seen.append)
    try:
        write()  # type: ignore[operator]
    finally:
        conn.set_trace_callback(None)
    return seen


def test_a_batch_bumps_versions_in_a_fixed_number_of_statements(tmp_path: Path) -> None:
    """5 or 500 people (and their edges): the same count of version statements, here one for
    the accounts and, for edges, one for the shared check."""
    with SqliteStore(str(tmp_path / "s.db")) as store:
        store.upsert_nodes([Account(id="acc", name="Acc")])
        for n in (5, 500):
            people = [Stakeholder(id=f"p{n}-{i}", account="acc", name="P") for i in range(n)]
            edges = [
                Relationship(type=RelType.REPORTS_TO, from_id=p.id, to_id=people[0].id)
                for p in people[1:]
            ]
            nodes_sql = _statements(store, lambda p=people: store.upsert_nodes(p))
            edges_sql = _statements(store, lambda e=edges: store.upsert_relationships(e))
            bumps = [s for s in nodes_sql if "version" in s]
            assert len(bumps) == 1, bumps
            assert len([s for s in edges_sql if "version" in s]) == 2
            assert len([s for s in nodes_sql if s.startswith("INSERT INTO nodes")]) == n
