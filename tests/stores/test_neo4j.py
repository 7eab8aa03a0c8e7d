"""The Neo4j store beyond the shared contract: Cypher files, schema, URLs, error mapping, and a
server that dies in the middle of an import. Runs against the real Neo4j 5 test server."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from pathlib import Path

import pytest
from neo4j import exceptions as nx
from typer.testing import CliRunner

from graphkam.cli import app
from graphkam.documents import AccountMap
from graphkam.errors import (
    ConflictError,
    GraphkamError,
    InvalidInputError,
    StoreUnavailableError,
)
from graphkam.model import Account, NodeKind, Order, RelType, Stakeholder
from graphkam.stores import neo4j_graph as g
from graphkam.stores import open_store
from graphkam.stores.cypher_loader import load_queries
from graphkam.stores.neo4j import Neo4jStore, parse_bolt_url
from tests.bolt_servers import NEO4J_PASSWORD, free_port, start_neo4j

runner = CliRunner()


def _big_map(n_accounts: int, people: int) -> AccountMap:
    """n accounts of `people` stakeholders each, with one order per account."""
    accounts = [Account(id=f"a{i:03d}", name=f"Account {i}") for i in range(n_accounts)]
    stakeholders = [
        Stakeholder(id=f"a{i:03d}-p{j:03d}", account=f"a{i:03d}", name=f"P {j}")
        for i in range(n_accounts)
        for j in range(people)
    ]
    orders = [
        Order(id=f"o{i}", account=f"a{i:03d}", date=dt.date(2026, 1, 1), amount=1.0)
        for i in range(n_accounts)
    ]
    return AccountMap(accounts=accounts, stakeholders=stakeholders, orders=orders)


# -- Cypher files ---------------------------------------------------------------------------
def test_every_statement_the_store_names_is_a_file() -> None:
    names = set(load_queries().names())
    folder = Path(inspect.getfile(Neo4jStore)).parent
    text = "".join(p.read_text(encoding="utf-8") for p in folder.glob("neo4j*.py"))
    # every q["..."] in the store's modules refers to a file that exists
    used = {part.split('"]')[0] for part in text.split('q["')[1:]}
    assert used and used <= names, used - names
    assert {f"upsert_{k.value}_nodes" for k in NodeKind} <= names


def _named_types(statement: str, variable: str) -> set[str]:
    """The edge types a statement names literally for `variable`: `-[e:A|B]->` gives {A, B}."""
    found = re.findall(rf"\[{variable}:([A-Z_|]+)\]", load_queries()[statement])
    assert len(found) == 1, (statement, found)
    return set(found[0].split("|"))


def test_statements_that_name_edge_types_name_every_one() -> None:
    """Subgraph reads name their edge types (so Neo4j expands only those) instead of filtering
    `type(e) IN $types`; a type added to the model must not be silently left out. The oracle
    is the model's own tables: each RelType, and the reference fields of graphkam/references.py
    held by nodes (by stakeholders and departments for subgraph_members)."""
    from graphkam.references import REFERENCES

    node_refs = {
        g.REFERENCE_EDGES[r]
        for r in REFERENCES
        if r in g.REFERENCE_EDGES and r.holder_name in {k.value for k in NodeKind}
    }
    members = {
        g.REFERENCE_EDGES[r]
        for r in REFERENCES
        if r in g.REFERENCE_EDGES and r.holder_name in ("stakeholder", "department")
    }
    assert _named_types("subgraph_edges", "r") == {t.value.upper() for t in RelType}
    assert _named_types("nodes_by_ids", "e") == node_refs
    assert _named_types("subgraph_members", "e") == members
    assert members < node_refs and "WORKS_AT" in members


def test_unknown_statement_fails_fast() -> None:
    with pytest.raises(GraphkamError, match="no Cypher statement 'nope.cypher'"):
        load_queries()["nope"]


def test_schema_statements_are_idempotent_ddl() -> None:
    statements = load_queries().statements("schema")
    assert len(statements) == 3  # node ids, record keys, the shared version node
    assert all(" IF NOT EXISTS " in s for s in statements)


# -- URLs and credentials -----------------------------------------------------------------
def test_parse_bolt_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRAPHKAM_NEO4J_USER", raising=False)
    monkeypatch.delenv("GRAPHKAM_NEO4J_PASSWORD", raising=False)
    t = parse_bolt_url("bolt://ann:s%40cret@db.example:7687/sales")
    assert (t.uri, t.database, t.user, t.password) == (
        "bolt://db.example:7687",
        "sales",
        "ann",
        "s@cret",
    )
    assert "s@cret" not in t.shown and "ann:***@" in t.shown
    monkeypatch.setenv("GRAPHKAM_NEO4J_USER", "env-user")
    monkeypatch.setenv("GRAPHKAM_NEO4J_PASSWORD", "env-pass")
    t = parse_bolt_url("neo4j://localhost")
    assert (t.uri, t.database, t.user, t.password) == (
        "neo4j://localhost",
        "neo4j",
        "env-user",
        "env-pass",
    )
    with pytest.raises(InvalidInputError):
        parse_bolt_url("bolt://")


def test_credentials_from_environment(
    neo4j_store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "@" not in neo4j_store_url:
        pytest.skip("GRAPHKAM_TEST_NEO4J_URI carries no credentials to move")
    scheme, rest = neo4j_store_url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user, password = creds.split(":", 1)
    monkeypatch.setenv("GRAPHKAM_NEO4J_USER", user)
    monkeypatch.setenv("GRAPHKAM_NEO4J_PASSWORD", password)
    with open_store(f"{scheme}://{host}") as store:
        assert sum(store.counts().values()) == 0


# -- faults -----------------------------------------------------------------------------------
def test_wrong_password_is_one_clear_error(neo4j_store_url: str) -> None:
    if "@" not in neo4j_store_url:
        pytest.skip("GRAPHKAM_TEST_NEO4J_URI has auth off")
    host = neo4j_store_url.rsplit("@", 1)[1]
    url = f"bolt://neo4j:not-the-password@{host}"
    with pytest.raises(StoreUnavailableError) as err:
        open_store(url)
    assert f"bolt://neo4j:***@{host}" in err.value.message
    assert "not-the-password" not in err.value.message
    assert "user name or password" in err.value.message
    result = runner.invoke(app, ["init-store", url])
    assert result.exit_code == 1
    assert "not-the-password" not in result.output
    assert "Traceback" not in result.output


def test_unreachable_server_names_url_without_password() -> None:
    url = f"bolt://neo4j:hunter2@127.0.0.1:{free_port()}"
    with pytest.raises(StoreUnavailableError) as err:
        open_store(url)
    assert err.value.retryable
    assert "bolt://neo4j:***@127.0.0.1" in err.value.message and "hunter2" not in str(err.value)
    result = runner.invoke(app, ["init-store", url])
    assert result.exit_code == 1 and "unreachable" in result.output
    assert "hunter2" not in result.output and "Traceback" not in result.output


def test_unknown_database(neo4j_store_url: str) -> None:
    with pytest.raises(InvalidInputError, match="no database 'nosuchdb'"):
        open_store(neo4j_store_url.rstrip("/") + "/nosuchdb")


TRANSIENT = "Neo.TransientError"


def _neo4j_error(code: str, message: str = "m") -> nx.Neo4jError:
    """The exception the driver raises for a server failure with this status code."""
    return nx.Neo4jError._hydrate_neo4j(code=code, message=message)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (lambda: nx.ServiceUnavailable("gone"), StoreUnavailableError),
        (lambda: nx.SessionExpired("expired"), StoreUnavailableError),
        (
            lambda: _neo4j_error("Neo.TransientError.General.DatabaseUnavailable"),
            StoreUnavailableError,
        ),
        (
            lambda: _neo4j_error("Neo.TransientError.Transaction.DeadlockDetected"),
            StoreUnavailableError,
        ),
        (lambda: _neo4j_error("Neo.ClientError.Security.Unauthorized"), StoreUnavailableError),
        (lambda: _neo4j_error("Neo.ClientError.Schema.ConstraintValidationFailed"), ConflictError),
        (lambda: _neo4j_error("Neo.ClientError.Database.DatabaseNotFound"), InvalidInputError),
        (lambda: _neo4j_error("Neo.ClientError.Statement.SyntaxError"), GraphkamError),
    ],
)
def test_driver_errors_map_to_graphkam_errors(
    neo4j_store_url: str, error: object, expected: type[GraphkamError]
) -> None:
    store = Neo4jStore(neo4j_store_url)
    exc = error()  # type: ignore[operator]
    with pytest.raises(expected) as err:
        with store._mapped("testing"):
            raise exc
    assert type(err.value) is expected
    assert (
        "testing" in err.value.message
        or "database" in err.value.message
        or ("password" in err.value.message)
    )


def test_real_constraint_violation_is_a_conflict(neo4j_store_url: str) -> None:
    store = Neo4jStore(neo4j_store_url)
    store.upsert_nodes([Account(id="dup", name="D")])
    with pytest.raises(ConflictError):
        # bypasses the store's own checks: the uniqueness constraint of schema.cypher refuses it
        store._write("raw", lambda tx: tx.run("CREATE (:Node {id: 'dup'})").consume())


def test_kind_clash_and_missing_reference_are_conflicts(neo4j_store_url: str) -> None:
    store = Neo4jStore(neo4j_store_url)
    store.upsert_nodes([Account(id="acme", name="Acme")])
    with pytest.raises(ConflictError, match="'acme' \\(a account\\)"):
        store.upsert_nodes([Stakeholder(id="acme", account="acme", name="X")])
    with pytest.raises(ConflictError, match="'ghost'"):
        store.upsert_nodes([Stakeholder(id="p", account="ghost", name="X")])
    assert store.counts()["stakeholders"] == 0


# -- transactions -----------------------------------------------------------------------------
def test_transaction_reads_its_own_writes_and_hides_them_until_commit(
    neo4j_store_url: str,
) -> None:
    store = Neo4jStore(neo4j_store_url)
    other = Neo4jStore(neo4j_store_url)
    with store.transaction():
        store.upsert_nodes([Account(id="acme", name="Acme")])
        assert store.get_node(NodeKind.ACCOUNT, "acme").name == "Acme"
        assert store.node_refs(["acme"]) == {"acme": (NodeKind.ACCOUNT, "acme")}
        with store.transaction():  # nested: joins
            store.upsert_nodes([Stakeholder(id="p", account="acme", name="P")])
        assert other.counts()["accounts"] == 0  # another session sees nothing yet
    assert other.counts()["accounts"] == 1 and other.counts()["stakeholders"] == 1


def test_import_batches_many_rows(neo4j_store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("graphkam.stores.neo4j_base.BATCH_ROWS", 1_000)
    doc = _big_map(5, 600)  # 3,000 stakeholders: three UNWIND batches of 1,000
    store = Neo4jStore(neo4j_store_url)
    store.import_map(doc)
    assert store.counts()["stakeholders"] == 3000
    assert [s.id for s in store.list_nodes(NodeKind.STAKEHOLDER, account="a004")][:2] == [
        "a004-p000",
        "a004-p001",
    ]


# -- init-store -------------------------------------------------------------------------------
def test_init_store_is_idempotent(neo4j_store_url: str) -> None:
    for _ in range(2):
        result = runner.invoke(app, ["init-store", neo4j_store_url, "--json"])
        assert result.exit_code == 0, result.output
        assert NEO4J_PASSWORD not in result.stdout
    store = Neo4jStore(neo4j_store_url)
    names = store._write(
        "show", lambda tx: [r["name"] for r in tx.run("SHOW CONSTRAINTS YIELD name RETURN name")]
    )
    assert {"graphkam_node_id", "graphkam_record_key"} <= set(names)


# -- a server that dies mid-import ------------------------------------------------------------
def test_server_dying_mid_import_leaves_nothing(tmp_path: Path) -> None:
    """Stop a private Neo4j (SIGKILL) in the middle of one import's transaction; after a
    restart on the same files, nothing of the import is there."""
    data = tmp_path / "neo4j"
    server = start_neo4j(data)
    try:
        server.wait_ready()
        store = Neo4jStore(server.url)
        doc = _big_map(4, 50)
        with pytest.raises(StoreUnavailableError) as err:
            with store.transaction():
                store.upsert_nodes(doc.accounts)
                store.upsert_nodes(doc.stakeholders[:100])
                server.kill()
                store.upsert_nodes(doc.stakeholders[100:])
                store.upsert_records(list(doc.records()))
        assert "127.0.0.1" in err.value.message and NEO4J_PASSWORD not in err.value.message
    finally:
        server.kill()
    restarted = start_neo4j(data)
    try:
        restarted.wait_ready()
        again = Neo4jStore(restarted.url)
        assert sum(again.counts().values()) == 0
    finally:
        restarted.stop()
