"""Subgraph reads on the Bolt stores (Neo4j 5 and ArcadeDB) against SQLite's, where the Bolt
statements do part of the work on the server (tests/stores/test_cross_store.py covers the
analyses).

The history a subgraph carries is only stakeholder updates (graphkam/history.py
`is_stakeholder_update`); on Bolt the other history is dropped by subgraph_records.cypher
before it leaves the server. The oracle is a SQLite store given the same audited writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graphkam.history import acting_as
from graphkam.model import (
    Change,
    ChangeSource,
    NodeKind,
    RecordKind,
    Relationship,
    RelType,
    Stance,
)
from graphkam.stores import Store, open_store
from graphkam.stores.neo4j import Neo4jStore
from graphkam.stores.neo4j_reads import run_collected
from tests.conftest import EXAMPLE_MAP
from tests.stores.test_contract import load_example


def _edit(store: Store) -> None:
    """Import the example, then write one update of each kind of subject: a stakeholder (the
    only one a subgraph keeps), a team member, an account and a relationship."""
    with acting_as("setup", ChangeSource.CLI):
        store.import_map(load_example(EXAMPLE_MAP))
        cfo = store.get_node(NodeKind.STAKEHOLDER, "hx-cfo")
        store.upsert_nodes([cfo.model_copy(update={"stance": Stance.CHAMPION})])
        rep = store.get_node(NodeKind.TEAM_MEMBER, "rep-lin")
        store.upsert_nodes([rep.model_copy(update={"name": "Lin (renamed)"})])
        steel = store.get_node(NodeKind.ACCOUNT, "hx-steel")
        store.upsert_nodes([steel.model_copy(update={"name": "HX Steel Works"})])
        store.upsert_relationships(
            [Relationship(type=RelType.RELATES_TO, from_id="rep-lin", to_id="hx-cio", strength=0.9)]
        )


def _shape(changes: list[Change]) -> list[tuple[str, str, str, list[str]]]:
    return [(c.action.value, c.subject_kind, c.subject_id, list(c.fields)) for c in changes]


@pytest.fixture
def oracle(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'oracle.db'}") as store:
        _edit(store)
        yield store


@pytest.mark.bolt
@pytest.mark.parametrize("server", ["neo4j", "arcadedb"])
def test_subgraph_history_is_the_stakeholder_updates_as_on_sqlite(
    server: str, request: pytest.FixtureRequest, oracle: Store
) -> None:
    url = str(request.getfixturevalue(f"{server}_store_url"))
    with open_store(url) as store:
        _edit(store)
        got = store.account_subgraph("hx-steel").changes
        assert _shape(got) == [("update", "stakeholder", "hx-cfo", ["stance"])]
        assert _shape(got) == _shape(oracle.account_subgraph("hx-steel").changes)
        # ...and the server sent no other history (the statement filters, not only the store)
        raw = Neo4jStore(url)
        rows = raw._read_work(
            "check", lambda tx: run_collected(tx, raw.q["subgraph_records"], ids=["hx-steel"])
        )
        sent = sorted(r[1].split(":", 1)[0] for r in rows)
        assert sent == ["change", "interaction"]
        # the rest of the history is stored all the same (four updates, plus the import's)
        history = store.list_records(RecordKind.CHANGE, "hx-steel")
        kinds = {c.subject_kind for c in history if isinstance(c, Change)}
        assert {"stakeholder", "team_member", "account", "relationship"} <= kinds
