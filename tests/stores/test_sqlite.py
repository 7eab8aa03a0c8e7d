"""SQLite-only behaviour: pragmas, schema version and migration, error mapping, threads, memory."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from pathlib import Path

import pytest
import yaml

from graphkam.documents import AccountMap
from graphkam.errors import (
    ConflictError,
    GraphkamError,
    InvalidInputError,
    StoreUnavailableError,
)
from graphkam.model import (
    Account,
    Competitor,
    CompetitorProduct,
    Interaction,
    NodeKind,
    NpsAnswer,
    RecordKind,
    Stakeholder,
    TeamMember,
    TeamRole,
    ThirdParty,
)
from graphkam.stores import open_store
from graphkam.stores.sqlite import SqliteStore, parse_sqlite_url
from graphkam.stores.sqlite_schema import APPLICATION_ID, SCHEMA_VERSION, migrate


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "graphkam.db"


# -- URLs, pragmas, schema ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:////tmp/x.db", "/tmp/x.db"),
        ("sqlite:///rel/x.db", "rel/x.db"),
        ("sqlite:///:memory:", ":memory:"),
        ("x.db", "x.db"),
    ],
)
def test_parse_sqlite_url(url: str, path: str) -> None:
    assert parse_sqlite_url(url) == path


def test_bare_path_opens_relative_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store("plain.db") as store:
        store.upsert_nodes([Account(id="a", name="A")])
    assert (tmp_path / "plain.db").exists()


def test_file_is_wal_with_foreign_keys(db_path: Path) -> None:
    with SqliteStore(f"sqlite:///{db_path}") as store:
        store.upsert_nodes([Account(id="a", name="A")])
        # a stakeholder of a missing account is refused by the foreign key
        with pytest.raises(ConflictError, match="'nowhere'"):
            store.upsert_nodes([Stakeholder(id="s", account="nowhere", name="S")])
    conn = raw(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    row = conn.execute("SELECT kind, account, name, data FROM nodes").fetchone()
    assert row[:3] == ("account", None, "A")
    assert json.loads(row[3]) == {"id": "a", "name": "A", "tier": "B"}
    conn.close()


def test_reopen_keeps_data_and_version(db_path: Path) -> None:
    with SqliteStore(str(db_path)) as store:
        store.upsert_nodes([Account(id="a", name="A")])
    with SqliteStore(str(db_path)) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.get_node(NodeKind.ACCOUNT, "a").name == "A"


def test_older_file_is_migrated_on_open(db_path: Path) -> None:
    # Build a version-1 file as an older graphkam wrote it: team membership only in the JSON.
    conn = raw(db_path)
    conn.execute("BEGIN")
    migrate(conn, 0, target=1)
    conn.execute(
        "INSERT INTO nodes(id, kind, account, name, data) VALUES (?, ?, ?, ?, ?)",
        ("acc", "account", None, "Acc", '{"id":"acc","name":"Acc"}'),
    )
    member = TeamMember(id="m1", name="M", team_role=TeamRole.ACCOUNT_MANAGER, accounts=["acc"])
    conn.execute(
        "INSERT INTO nodes(id, kind, account, name, data) VALUES (?, ?, ?, ?, ?)",
        ("m1", "team_member", None, "M", member.model_dump_json()),
    )
    conn.execute("COMMIT")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()

    with SqliteStore(str(db_path)) as store:
        assert store.schema_version == SCHEMA_VERSION == 3
        assert [m.id for m in store.list_nodes(NodeKind.TEAM_MEMBER, account="acc")] == ["m1"]
        assert [m.id for m in store.account_subgraph("acc").team] == ["m1"]


def test_newer_file_is_refused(db_path: Path) -> None:
    SqliteStore(str(db_path)).close()
    conn = raw(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(InvalidInputError, match="newer"):
        SqliteStore(str(db_path))


# -- error mapping ------------------------------------------------------------------------------
def test_not_a_sqlite_file(db_path: Path) -> None:
    db_path.write_bytes(b"this is a text file, not a database\n" * 200)
    with pytest.raises(GraphkamError, match="not a SQLite database") as err:
        SqliteStore(str(db_path))
    assert str(db_path) in err.value.message
    assert isinstance(err.value.__cause__, sqlite3.DatabaseError)


def test_sqlite_file_of_another_program(db_path: Path) -> None:
    conn = raw(db_path)
    conn.execute("CREATE TABLE invoices(id INTEGER PRIMARY KEY)")
    conn.close()
    with pytest.raises(InvalidInputError, match="not a graphkam store") as err:
        SqliteStore(str(db_path))
    assert str(db_path) in err.value.message


def test_missing_directory(tmp_path: Path) -> None:
    path = tmp_path / "no-such-dir" / "g.db"
    with pytest.raises(InvalidInputError, match="does not exist") as err:
        open_store(f"sqlite:///{path}")
    assert str(path) in err.value.message


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="is a directory"):
        SqliteStore(str(tmp_path))


def test_locked_database_is_unavailable(db_path: Path) -> None:
    with SqliteStore(str(db_path), busy_timeout_ms=50) as store:
        other = raw(db_path)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the write lock
        try:
            with pytest.raises(StoreUnavailableError, match="locked") as err:
                store.upsert_nodes([Account(id="a", name="A")])
            assert err.value.retryable
            assert isinstance(err.value.__cause__, sqlite3.OperationalError)
            # reads still work under WAL while the writer holds its lock
            assert store.counts()["accounts"] == 0
        finally:
            other.execute("ROLLBACK")
            other.close()
        store.upsert_nodes([Account(id="a", name="A")])
        assert store.counts()["accounts"] == 1


def test_integrity_errors_are_conflicts(db_path: Path) -> None:
    with SqliteStore(str(db_path)) as store:
        store.upsert_nodes([Account(id="a", name="A")])
        with pytest.raises(ConflictError, match="'a' \\(a account\\)") as err:
            store.upsert_nodes([ThirdParty(id="a", name="Clash")])
        assert isinstance(err.value.__cause__, sqlite3.IntegrityError)
        assert store.get_node(NodeKind.ACCOUNT, "a").name == "A"


def test_conflict_message_leaves_out_notes(db_path: Path) -> None:
    with SqliteStore(str(db_path)) as store:
        secret = Stakeholder(id="s", account="gone", name="S", notes="very private remark")
        with pytest.raises(ConflictError) as err:
            store.upsert_nodes([secret])
        assert "private" not in str(err.value)


def test_each_write_outside_a_transaction_is_its_own(db_path: Path) -> None:
    with SqliteStore(str(db_path)) as store:
        store.upsert_nodes([Account(id="a", name="A")])
        with pytest.raises(ConflictError):
            store.upsert_nodes([Stakeholder(id="s", account="missing", name="S")])
        assert [n.id for n in store.list_nodes(NodeKind.ACCOUNT)] == ["a"]


def test_closed_store_is_unavailable(db_path: Path) -> None:
    store = SqliteStore(str(db_path))
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreUnavailableError, match="closed"):
        store.counts()


def test_caught_error_in_nested_block_keeps_outer_writes(db_path: Path) -> None:
    with SqliteStore(str(db_path)) as store:
        with store.transaction():
            store.upsert_nodes([Account(id="a", name="A")])
            with pytest.raises(ValueError), store.transaction():
                store.upsert_nodes([Account(id="b", name="B")])
                raise ValueError("inner only")
        # the savepoint undid b; the outer block committed a
        assert [n.id for n in store.list_nodes(NodeKind.ACCOUNT)] == ["a"]


# -- threads and memory -------------------------------------------------------------------------
def _increment(store: SqliteStore, times: int) -> None:
    for _ in range(times):
        with store.transaction():
            acct = store.get_node(NodeKind.ACCOUNT, "counter")
            assert isinstance(acct, Account)
            store.upsert_nodes([acct.model_copy(update={"revenue": (acct.revenue or 0) + 1})])


@pytest.mark.parametrize("where", ["file", "memory"])
def test_read_compare_write_from_threads_loses_nothing(db_path: Path, where: str) -> None:
    url = f"sqlite:///{db_path}" if where == "file" else "sqlite:///:memory:"
    with SqliteStore(url) as store:
        store.upsert_nodes([Account(id="counter", name="C", revenue=0)])
        threads = [threading.Thread(target=_increment, args=(store, 25)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        # 4 threads x 25 increments inside BEGIN IMMEDIATE transactions: no lost update
        assert store.get_node(NodeKind.ACCOUNT, "counter").revenue == 100
        if where == "file":
            assert len(store._conns) == 5  # the opening thread plus one per worker


def test_threads_write_their_own_accounts(db_path: Path) -> None:
    errors: list[BaseException] = []

    def work(store: SqliteStore, n: int) -> None:
        try:
            for i in range(20):
                store.upsert_nodes([Account(id=f"t{n}-{i:02d}", name="x")])
                store.account_subgraph(f"t{n}-{i:02d}")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    with SqliteStore(str(db_path)) as store:
        threads = [threading.Thread(target=work, args=(store, n)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert errors == []
        assert store.counts()["accounts"] == 80


def test_memory_stores_are_separate() -> None:
    with open_store("sqlite:///:memory:") as one, open_store("sqlite:///:memory:") as two:
        one.upsert_nodes([Account(id="a", name="A")])
        assert one.counts()["accounts"] == 1
        assert two.counts()["accounts"] == 0


# -- deletes keep the store a valid account map --------------------------------------------------
def test_deletes_clear_references(db_path: Path, example_map_path: Path) -> None:
    doc = AccountMap.model_validate(yaml.safe_load(example_map_path.read_text(encoding="utf-8")))
    with SqliteStore(str(db_path)) as store:
        store.import_map(doc)
        store.upsert_nodes([Competitor(id="comp-a", name="A")])
        store.upsert_records(
            [
                Interaction(
                    id="v2",
                    account="hx-steel",
                    date=dt.date(2026, 11, 1),
                    team=["rep-lin", "sol-he"],
                    stakeholders=["hx-cio", "hx-cfo"],
                ),
                NpsAnswer(
                    id="n1",
                    account="hx-steel",
                    date=dt.date(2026, 11, 2),
                    score=9,
                    respondent="hx-cio",
                ),
                CompetitorProduct(id="cp1", account="hx-steel", competitor="comp-a", product="X"),
            ]
        )
        store.delete_node(NodeKind.STAKEHOLDER, "hx-cio")
        # the example's visit met only hx-cio: it goes; v2 keeps hx-cfo
        visits = store.list_records(RecordKind.INTERACTION)
        assert [(v.id, v.stakeholders) for v in visits] == [("v2", ["hx-cfo"])]
        assert store.get_record(RecordKind.NPS, "n1").respondent is None
        store.delete_node(NodeKind.TEAM_MEMBER, "sol-he")
        assert store.get_record(RecordKind.INTERACTION, "v2").team == ["rep-lin"]
        store.delete_node(NodeKind.TEAM_MEMBER, "mgr-zhou")
        assert store.get_node(NodeKind.TEAM_MEMBER, "rep-lin").coach is None
        store.delete_node(NodeKind.DEPARTMENT, "hx-fin")
        assert store.get_node(NodeKind.STAKEHOLDER, "hx-cfo").department is None
        store.delete_node(NodeKind.COMPETITOR, "comp-a")
        assert store.list_records(RecordKind.COMPETITOR_PRODUCT) == []
        store.delete_node(NodeKind.ACCOUNT, "hx-group")
        assert store.get_node(NodeKind.ACCOUNT, "hx-steel").parent is None
        exported = store.export_map()
    # what is left re-imports into an empty store without a problem
    with SqliteStore("sqlite:///:memory:") as fresh:
        fresh.import_map(exported)
        assert fresh.export_map() == exported
