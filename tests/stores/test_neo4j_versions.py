"""Account versions and the analysis cache on the Bolt stores (Neo4j 5 and ArcadeDB): the write
paths the contract tests (test_versions.py) do not reach, and the graph they leave behind.

The store is opened bare (`audit=False`) where the rule itself is under test: the audited store
files history records under the accounts a write touches, and those records would change the
tokens on their own. The expected sets follow the rule of graphkam/stores/base.py by hand: the
example map holds hx-steel (people hx-ceo, hx-cio, hx-cfo) and its parent hx-group; the fixture
adds yx-bank with one person, yx-cto.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from graphkam.model import (
    Account,
    Interaction,
    NodeKind,
    RecordKind,
    Relationship,
    RelType,
    Stakeholder,
    Stance,
)
from graphkam.privacy import erase
from graphkam.stores import Store, open_store
from graphkam.stores.base import CachedResult
from graphkam.stores.neo4j import Neo4jStore
from tests.conftest import EXAMPLE_MAP
from tests.stores.test_contract import load_example

KEY = "test-analysis:v1"
ACCOUNTS = ["hx-group", "hx-steel", "yx-bank"]


def _add_yx_bank(store: Store) -> None:
    store.import_map(load_example(EXAMPLE_MAP))
    store.upsert_nodes(
        [
            Account(id="yx-bank", name="YX Bank"),
            Stakeholder(id="yx-cto", account="yx-bank", name="Zhao Lei", stance=Stance.NEUTRAL),
        ]
    )


@pytest.fixture(params=["neo4j", "arcadedb"])
def url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(f"{request.param}_store_url"))


@pytest.fixture
def bare(url: str) -> Iterator[Store]:
    """The bare Bolt store (no history) holding hx-steel, hx-group and yx-bank."""
    with open_store(url, audit=False) as store:
        _add_yx_bank(store)
        yield store


def _changed(store: Store, before: dict[str, str]) -> set[str]:
    after = store.account_versions(ACCOUNTS)
    return {a for a in ACCOUNTS if before[a] != after[a]}


def _cypher(url: str, query: str, **params: object) -> list[tuple[object, ...]]:
    return Neo4jStore(url)._read("check", query, **params)  # type: ignore[arg-type]


def test_deleting_a_record_changes_only_its_accounts_token(bare: Store) -> None:
    (visit,) = bare.list_records(RecordKind.INTERACTION, "hx-steel")
    before = bare.account_versions(ACCOUNTS)
    bare.delete_record(RecordKind.INTERACTION, str(visit.id))
    assert _changed(bare, before) == {"hx-steel"}


def test_moving_a_person_changes_the_token_of_both_accounts(bare: Store) -> None:
    before = bare.account_versions(ACCOUNTS)
    cto = bare.get_node(NodeKind.STAKEHOLDER, "yx-cto")
    bare.upsert_nodes([cto.model_copy(update={"account": "hx-steel"})])
    assert _changed(bare, before) == {"hx-steel", "yx-bank"}


def test_moving_a_record_changes_the_token_of_both_accounts(bare: Store) -> None:
    visit = Interaction(
        id="v-move", account="yx-bank", date=dt.date(2026, 11, 2), stakeholders=["yx-cto"]
    )
    bare.upsert_records([visit])
    before = bare.account_versions(ACCOUNTS)
    moved = visit.model_copy(update={"account": "hx-steel", "stakeholders": ["hx-cio"]})
    bare.upsert_records([moved])
    assert _changed(bare, before) == {"hx-steel", "yx-bank"}


def test_a_tie_across_accounts_changes_both_and_goes_with_either_end(bare: Store) -> None:
    """yx-cto KNOWS hx-cfo: the edge is in both accounts' analyses, so writing it and deleting
    the person (which takes the edge along) change both tokens, and never hx-group's."""
    before = bare.account_versions(ACCOUNTS)
    bare.upsert_relationships(
        [Relationship(type=RelType.KNOWS, from_id="yx-cto", to_id="hx-cfo", strength=0.3)]
    )
    assert _changed(bare, before) == {"hx-steel", "yx-bank"}
    before = bare.account_versions(ACCOUNTS)
    bare.delete_node(NodeKind.STAKEHOLDER, "yx-cto")
    assert _changed(bare, before) == {"hx-steel", "yx-bank"}


def test_an_edge_joining_only_shared_nodes_changes_every_token(bare: Store) -> None:
    before = bare.account_versions(ACCOUNTS)
    bare.upsert_relationships(
        [Relationship(type=RelType.PARTNERS_WITH, from_id="yx-bank", to_id="hx-group")]
    )
    assert _changed(bare, before) == set(ACCOUNTS)
    before = bare.account_versions(ACCOUNTS)
    bare.delete_relationship(RelType.PARTNERS_WITH, "yx-bank", "hx-group")
    assert _changed(bare, before) == set(ACCOUNTS)


def test_a_write_rolled_back_changes_no_token(bare: Store) -> None:
    """The versions rise in the writing transaction: a write that does not land moves none."""
    before = bare.account_versions(ACCOUNTS)
    ceo = bare.get_node(NodeKind.STAKEHOLDER, "hx-ceo")
    with pytest.raises(RuntimeError, match="abandon"), bare.transaction():
        bare.upsert_nodes([ceo.model_copy(update={"influence": 0.1})])
        raise RuntimeError("abandon the edit")
    assert _changed(bare, before) == set()


def test_an_account_keeps_its_version_when_rewritten_and_reads_leave_it_out(
    bare: Store, url: str
) -> None:
    """`version` is graphkam's property, not a field: rewriting the account (SET n = props)
    must not reset it, and no read may hand it to the model (Account forbids extra fields)."""
    query = "MATCH (a:Account {id: 'hx-steel'}) RETURN a.version"
    [(start,)] = _cypher(url, query)
    for stance in (Stance.SUPPORTER, Stance.CHAMPION):
        cfo = bare.get_node(NodeKind.STAKEHOLDER, "hx-cfo")
        bare.upsert_nodes([cfo.model_copy(update={"stance": stance})])
    [(version,)] = _cypher(url, query)
    assert version == start + 2  # two write batches to one of its people: one step each
    before = bare.account_versions(ACCOUNTS)
    steel = bare.get_node(NodeKind.ACCOUNT, "hx-steel")
    bare.upsert_nodes([steel.model_copy(update={"name": "HX Steel Works"})])
    assert _changed(bare, before) == set(ACCOUNTS)  # an account is shared (a parent, a peer)
    assert _cypher(url, query) == [(version,)]
    assert bare.get_node(NodeKind.ACCOUNT, "hx-steel").name == "HX Steel Works"
    assert "version" not in bare.export_map().accounts[0].model_dump()


def test_erasing_a_person_changes_its_accounts_token(url: str) -> None:
    with open_store(url) as store:
        _add_yx_bank(store)
        tokens = store.account_versions(ACCOUNTS)
        store.write_cache(KEY, [CachedResult(a, v, "{}") for a, v in tokens.items()])
        erase(store, "yx-cto", scrub_files=False)
        assert "yx-bank" in _changed(store, tokens)
        assert "yx-bank" not in store.read_cache(KEY, ACCOUNTS)


def test_cached_results_hang_off_their_account_and_go_with_it(bare: Store, url: str) -> None:
    """(:CachedResult {key, version, payload})-[:CACHED_FOR]->(:Account), one per key and
    account; not user data (counts and exports ignore it) and never left behind."""
    counts, exported = bare.counts(), bare.export_map()
    tokens = bare.account_versions(ACCOUNTS)
    bare.write_cache(KEY, [CachedResult(a, v, f'"{a}"') for a, v in tokens.items()])
    bare.write_cache(KEY, [CachedResult("yx-bank", tokens["yx-bank"], '"again"')])
    bare.write_cache("other:v1", [CachedResult("yx-bank", tokens["yx-bank"], '"other"')])
    bare.write_cache(KEY, [CachedResult("no-such-account", "0.0", '"lost"')])
    shape = "MATCH (c:CachedResult)-[:CACHED_FOR]->(a:Account) RETURN a.id, c.key, c.payload"
    assert sorted(_cypher(url, shape)) == [
        ("hx-group", KEY, '"hx-group"'),
        ("hx-steel", KEY, '"hx-steel"'),
        ("yx-bank", "other:v1", '"other"'),
        ("yx-bank", KEY, '"again"'),
    ]
    assert bare.counts() == counts and bare.export_map() == exported
    bare.delete_node(NodeKind.ACCOUNT, "yx-bank")
    assert sorted(_cypher(url, "MATCH (c:CachedResult) RETURN c.payload")) == [
        ('"hx-group"',),
        ('"hx-steel"',),
    ]
    fresh = bare.read_cache(KEY, ACCOUNTS)
    assert set(fresh) == set()  # deleting an account is a shared write: every token moved
