"""Account versions and the analysis cache: the contract of `Store.account_versions`,
`read_cache`, `write_cache` and `clear_cache`, run on every backend through the `store` fixture.

The rule under test (graphkam/stores/base.py): a write to a stakeholder, department, their
relationships or the account's records changes that account's token only; a write to any other
node (account, team member, third party) changes every token; a cached result is returned only
while its version is the account's current one.
"""

from __future__ import annotations

import datetime as dt

import pytest

from graphkam.model import (
    Interaction,
    NodeKind,
    Relationship,
    RelType,
    Stakeholder,
    Stance,
    ThirdParty,
)
from graphkam.stores import Store
from graphkam.stores.base import CachedResult
from tests.conftest import EXAMPLE_MAP
from tests.stores.test_contract import load_example

KEY = "test-analysis:v1"


@pytest.fixture
def two_accounts(store: Store) -> Store:
    """The example map (hx-steel, its parent hx-group) plus a second account, yx-bank, with
    one stakeholder our rep-lin knows."""
    store.import_map(load_example(EXAMPLE_MAP))
    doc = load_example(EXAMPLE_MAP).model_copy(
        update={
            "accounts": [
                load_example(EXAMPLE_MAP)
                .accounts[0]
                .model_copy(update={"id": "yx-bank", "parent": None})
            ],
            "team": [],
            "departments": [],
            "stakeholders": [
                Stakeholder(id="yx-cto", account="yx-bank", name="Zhao Lei", stance=Stance.NEUTRAL)
            ],
            "third_parties": [],
            "relationships": [
                Relationship(
                    type=RelType.RELATES_TO, from_id="rep-lin", to_id="yx-cto", strength=0.5
                )
            ],
            "interactions": [],
        }
    )
    store.import_map(doc)
    return store


def _tokens(store: Store) -> dict[str, str]:
    return store.account_versions(["hx-steel", "yx-bank"])


def _changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {a for a in before if before[a] != after[a]}


def test_every_account_has_a_token_and_unknown_ids_are_left_out(two_accounts: Store) -> None:
    tokens = two_accounts.account_versions(["hx-steel", "yx-bank", "no-such-account"])
    assert set(tokens) == {"hx-steel", "yx-bank"}
    assert set(two_accounts.account_versions()) == {"hx-steel", "hx-group", "yx-bank"}
    assert all(isinstance(t, str) and t for t in tokens.values())


def test_reading_changes_no_token(two_accounts: Store) -> None:
    before = _tokens(two_accounts)
    two_accounts.account_subgraph("hx-steel")
    two_accounts.list_nodes(NodeKind.STAKEHOLDER)
    assert _tokens(two_accounts) == before


def test_a_stakeholder_write_changes_only_its_accounts_token(two_accounts: Store) -> None:
    before = _tokens(two_accounts)
    cfo = two_accounts.get_node(NodeKind.STAKEHOLDER, "hx-cfo")
    two_accounts.upsert_nodes([cfo.model_copy(update={"stance": Stance.SUPPORTER})])
    assert _changed(before, _tokens(two_accounts)) == {"hx-steel"}


def test_a_relationship_to_a_stakeholder_changes_only_its_accounts_token(
    two_accounts: Store,
) -> None:
    before = _tokens(two_accounts)
    two_accounts.upsert_relationships(
        [Relationship(type=RelType.RELATES_TO, from_id="sol-he", to_id="yx-cto", strength=0.4)]
    )
    middle = _tokens(two_accounts)
    assert _changed(before, middle) == {"yx-bank"}
    two_accounts.delete_relationship(RelType.RELATES_TO, "sol-he", "yx-cto")
    assert _changed(middle, _tokens(two_accounts)) == {"yx-bank"}


def test_a_record_changes_only_its_accounts_token(two_accounts: Store) -> None:
    before = _tokens(two_accounts)
    two_accounts.upsert_records(
        [
            Interaction(
                id="visit-yx-1",
                account="yx-bank",
                date=dt.date(2026, 11, 20),
                team=["rep-lin"],
                stakeholders=["yx-cto"],
            )
        ]
    )
    assert _changed(before, _tokens(two_accounts)) == {"yx-bank"}


def test_deleting_a_stakeholder_changes_its_accounts_token(two_accounts: Store) -> None:
    before = _tokens(two_accounts)
    two_accounts.delete_node(NodeKind.STAKEHOLDER, "yx-cto")
    assert _changed(before, _tokens(two_accounts)) == {"yx-bank"}


@pytest.mark.parametrize(
    "kind,node_id", [(NodeKind.TEAM_MEMBER, "rep-lin"), (NodeKind.ACCOUNT, "hx-group")]
)
def test_a_shared_node_write_changes_every_token(
    two_accounts: Store, kind: NodeKind, node_id: str
) -> None:
    """A team member or a parent account shows in several accounts' analyses."""
    before = _tokens(two_accounts)
    node = two_accounts.get_node(kind, node_id)
    two_accounts.upsert_nodes([node.model_copy(update={"name": node.name + " (renamed)"})])
    assert _changed(before, _tokens(two_accounts)) == {"hx-steel", "yx-bank"}


def test_a_third_party_write_changes_every_token(two_accounts: Store) -> None:
    before = _tokens(two_accounts)
    two_accounts.upsert_nodes([ThirdParty(id="tp-consult", name="Bright Consulting Ltd")])
    assert _changed(before, _tokens(two_accounts)) == {"hx-steel", "yx-bank"}


def test_a_cached_result_is_returned_while_fresh_and_never_after_a_write(
    two_accounts: Store,
) -> None:
    tokens = _tokens(two_accounts)
    two_accounts.write_cache(
        KEY, [CachedResult(a, v, f'{{"account": "{a}"}}') for a, v in tokens.items()]
    )
    hits = two_accounts.read_cache(KEY, ["hx-steel", "yx-bank", "no-such-account"])
    assert {a: r.payload for a, r in hits.items()} == {
        "hx-steel": '{"account": "hx-steel"}',
        "yx-bank": '{"account": "yx-bank"}',
    }
    assert two_accounts.read_cache("another-key", ["hx-steel"]) == {}
    ceo = two_accounts.get_node(NodeKind.STAKEHOLDER, "hx-ceo")
    two_accounts.upsert_nodes([ceo.model_copy(update={"influence": 0.5})])
    assert set(two_accounts.read_cache(KEY, ["hx-steel", "yx-bank"])) == {"yx-bank"}


def test_a_result_computed_from_an_old_version_is_never_returned(two_accounts: Store) -> None:
    """A scan that read version V and writes its result after someone else wrote: dropped."""
    old = _tokens(two_accounts)["yx-bank"]
    cto = two_accounts.get_node(NodeKind.STAKEHOLDER, "yx-cto")
    two_accounts.upsert_nodes([cto.model_copy(update={"stance": Stance.CHAMPION})])
    two_accounts.write_cache(KEY, [CachedResult("yx-bank", old, "{}")])
    assert two_accounts.read_cache(KEY, ["yx-bank"]) == {}


def test_writing_the_cache_records_no_history_and_changes_no_token(two_accounts: Store) -> None:
    before_tokens, before_counts = _tokens(two_accounts), two_accounts.counts()
    changes = len(two_accounts.account_subgraph("hx-steel").changes)
    two_accounts.write_cache(KEY, [CachedResult(a, v, "{}") for a, v in before_tokens.items()])
    two_accounts.write_cache(
        KEY, [CachedResult(a, v, '{"again": true}') for a, v in before_tokens.items()]
    )
    assert _tokens(two_accounts) == before_tokens
    assert two_accounts.counts() == before_counts
    assert len(two_accounts.account_subgraph("hx-steel").changes) == changes
    assert two_accounts.read_cache(KEY, ["hx-steel"])["hx-steel"].payload == '{"again": true}'


def test_clearing_the_cache_keeps_every_user_row(two_accounts: Store) -> None:
    tokens = _tokens(two_accounts)
    two_accounts.write_cache(KEY, [CachedResult(a, v, "{}") for a, v in tokens.items()])
    counts = two_accounts.counts()
    two_accounts.clear_cache()
    assert two_accounts.read_cache(KEY, list(tokens)) == {}
    assert two_accounts.counts() == counts


def test_deleting_an_account_deletes_its_cached_results(two_accounts: Store) -> None:
    tokens = _tokens(two_accounts)
    two_accounts.write_cache(KEY, [CachedResult(a, v, "{}") for a, v in tokens.items()])
    two_accounts.delete_node(NodeKind.ACCOUNT, "yx-bank")
    assert "yx-bank" not in two_accounts.account_versions()
    assert set(two_accounts.read_cache(KEY, ["hx-steel", "yx-bank"])) <= {"hx-steel"}
