"""A Neo4j database in an older layout is refused on open and upgraded by init-store.

The version-1 layout is written here with raw Cypher, the way graphkam up to 2026-11 wrote it
(one `:Node` per node with the model's JSON in `data`, `:REL` edges, unlinked `:Record`s). The
oracle for "nothing lost" is a SQLite store that imported the same example map. Version 2 is
version 3 without account versions: made here by removing them with raw Cypher.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkam.cli import app
from graphkam.errors import InvalidInputError
from graphkam.model import NodeKind, NpsAnswer, RelType, Stance, TeamMember
from graphkam.stores import open_store
from graphkam.stores.codec import dump_json, record_date
from graphkam.stores.neo4j import Neo4jStore
from graphkam.stores.neo4j_bolt import schema_done
from graphkam.validation import check_map
from tests.stores.test_contract import load_example

runner = CliRunner()
#: The version-1 node statements, one per kind label (as its files were).
_CREATE = {
    "account": "CREATE (n:Node:Account) SET n = $row",
    "stakeholder": "CREATE (n:Node:Stakeholder) SET n = $row",
    "team_member": "CREATE (n:Node:TeamMember) SET n = $row",
    "department": "CREATE (n:Node:Department) SET n = $row",
    "third_party": "CREATE (n:Node:ThirdParty) SET n = $row",
    "competitor": "CREATE (n:Node:Competitor) SET n = $row",
}


def _write_v1(url: str, doc) -> None:  # type: ignore[no-untyped-def]
    """Write `doc` in the version-1 layout with raw Cypher (no graphkam statements), with
    the fields an import fills in (a visit's account, record ids) filled, as v1 stored them."""
    store = Neo4jStore(url)
    doc, problems = check_map(doc)
    assert problems == []
    nodes = []
    for node in doc.nodes():
        kind = node.node_kind.value
        nodes.append(
            {
                "id": node.id,
                "kind": kind,
                "account": node.account if kind in ("stakeholder", "department") else None,
                "name": node.name,
                "parent": getattr(node, "parent", None),
                "department": getattr(node, "department", None),
                "coach": getattr(node, "coach", None),
                "data": dump_json(node),
            }
        )
    rels = []
    for rel in doc.relationships:
        t, a, b = rel.key
        rels.append(
            {"key": json.dumps([t, a, b]), "type": t, "a": a, "b": b, "data": dump_json(rel)}
        )
    places = [
        {"m": m.id, "a": a} for m in doc.team if isinstance(m, TeamMember) for a in m.accounts
    ]
    records = []
    for rec in doc.records():
        rec = rec.with_id()
        kind = rec.record_kind.value
        records.append(
            {
                "rkey": json.dumps([kind, rec.id]),
                "kind": kind,
                "id": rec.id,
                "account": rec.account,
                "date": record_date(rec),
                "competitor": getattr(rec, "competitor", None),
                "data": dump_json(rec),
            }
        )

    def work(tx) -> None:  # type: ignore[no-untyped-def]
        for row in nodes:
            tx.run(_CREATE[row["kind"]], row={k: v for k, v in row.items() if v is not None})
        tx.run(
            "UNWIND $rows AS row MATCH (a:Node {id: row.a}), (b:Node {id: row.b}) "
            "CREATE (a)-[r:REL]->(b) SET r = row",
            rows=rels,
        ).consume()
        tx.run(
            "UNWIND $rows AS row MATCH (m:Node {id: row.m}), (a:Node {id: row.a}) "
            "CREATE (m)-[:MEMBER_OF]->(a)",
            rows=places,
        ).consume()
        tx.run("UNWIND $rows AS row CREATE (r:Record) SET r = row", rows=records).consume()
        tx.run("MATCH (s:GraphkamSchema) DELETE s").consume()

    store._write("v1", work)


@pytest.mark.bolt
def test_old_layout_is_refused_then_upgraded_in_place(
    neo4j_store_url: str, tmp_path: Path, example_map_path: Path
) -> None:
    doc = load_example(example_map_path)
    doc = doc.model_copy(
        update={
            "nps": [
                NpsAnswer(
                    id="n-1", account="hx-steel", date="2026-10-01", score=9, respondent="hx-cio"
                )
            ]
        }
    )
    with open_store(f"sqlite:///{tmp_path / 'oracle.db'}") as oracle:
        oracle.import_map(doc)
        expected = oracle.export_map()
    _write_v1(neo4j_store_url, doc)

    schema_done.clear()  # as a new process would: check the layout again on open
    with pytest.raises(InvalidInputError, match="init-store"):
        open_store(neo4j_store_url)

    result = runner.invoke(app, ["init-store", neo4j_store_url])
    assert result.exit_code == 0, result.output
    assert "from layout version 1" in result.stderr

    schema_done.clear()
    with open_store(neo4j_store_url) as store:
        assert store.export_map() == expected
        assert store.schema_version == 3
        tokens = store.account_versions()
        assert set(tokens) == {"hx-steel", "hx-group"}
        inner = Neo4jStore(neo4j_store_url)
        leftovers = inner._read(
            "check",
            "MATCH (n) WHERE n.data IS NOT NULL RETURN count(n) AS n",  # type: ignore[arg-type]
        )
        assert leftovers[0][0] == 0
        assert inner._read("check", "MATCH ()-[r:REL]->() RETURN count(r)")[0][0] == 0  # type: ignore[arg-type]
        # the natural graph answers plain Cypher: the example's champion at hx-steel is hx-cio
        champions = inner._read(
            "check",
            "MATCH (s:Stakeholder)-[:WORKS_AT]->(:Account {id: 'hx-steel'}) "  # type: ignore[arg-type]
            "WHERE s.stance = 'champion' RETURN s.id",
        )
        assert champions == [("hx-cio",)]
        visits = inner._read(
            "check",
            "MATCH (v:Interaction)-[:WITH]->(s:Stakeholder {id: 'hx-cio'}) "  # type: ignore[arg-type]
            "MATCH (v)-[:BY]->(m:TeamMember) RETURN m.id",
        )
        assert visits == [("rep-lin",)]
        assert [r.type for r in store.list_relationships(type=RelType.RIVALS_WITH)] == [
            RelType.RIVALS_WITH
        ]
    # running it again is harmless
    again = runner.invoke(app, ["init-store", neo4j_store_url])
    assert again.exit_code == 0 and "upgraded" not in again.stderr


#: Turns a layout-3 database back into layout 2 (what graphkam wrote before account versions).
_DOWNGRADE_TO_V2 = [
    "MATCH (a:Account) REMOVE a.version",
    "MATCH (v:GraphkamVersion) DETACH DELETE v",
    "MATCH (c:CachedResult) DETACH DELETE c",
    "MERGE (s:GraphkamSchema {name: 'graphkam'}) SET s.version = 2",
]


@pytest.mark.bolt
@pytest.mark.parametrize("server", ["neo4j", "arcadedb"])
def test_layout_2_is_refused_then_gains_account_versions_losing_nothing(
    server: str, request: pytest.FixtureRequest, example_map_path: Path
) -> None:
    """Layout 2 (no versions) must not be written by this graphkam before it is upgraded: its
    writes would raise versions the old layout never kept. init-store adds them in place."""
    url = str(request.getfixturevalue(f"{server}_store_url"))
    with open_store(url) as store:
        store.import_map(load_example(example_map_path))
        cfo = store.get_node(NodeKind.STAKEHOLDER, "hx-cfo")
        store.upsert_nodes([cfo.model_copy(update={"stance": Stance.SUPPORTER})])  # history
        expected = store.export_map()
        history = store.account_subgraph("hx-steel").changes
    assert history, "the edit above recorded history to keep"
    raw = Neo4jStore(url)
    for statement in _DOWNGRADE_TO_V2:
        raw._write("v2", lambda tx, q=statement: tx.run(q).consume())

    schema_done.clear()
    with pytest.raises(InvalidInputError, match="layout version 2.*init-store"):
        open_store(url)
    result = runner.invoke(app, ["init-store", url])
    assert result.exit_code == 0, result.output
    assert "from layout version 2" in result.stderr

    schema_done.clear()
    with open_store(url) as store:
        assert store.schema_version == 3
        assert store.export_map() == expected
        assert store.account_subgraph("hx-steel").changes == history
        before = store.account_versions()
        assert set(before) == {"hx-steel", "hx-group"}
        versions = Neo4jStore(url)._read(
            "check",
            "MATCH (a:Account) RETURN a.id, a.version ORDER BY a.id",  # type: ignore[arg-type]
        )
        assert versions == [("hx-group", 0), ("hx-steel", 0)]
        cio = store.get_node(NodeKind.STAKEHOLDER, "hx-cio")
        store.upsert_nodes([cio.model_copy(update={"influence": 0.4})])
        after = store.account_versions()
        assert [a for a in before if before[a] != after[a]] == ["hx-steel"]
