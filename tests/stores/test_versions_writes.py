"""Account versions under every other write path: record deletes, erasure, moves between
accounts, shared deletes, audited writes, and a failed transaction (which must leave the tokens
as consistent with the data as the data itself: both roll back).

Same rule as tests/stores/test_versions.py (graphkam/stores/base.py `account_versions`); runs
on every backend through the `store` fixture, on the same two accounts.
"""

from __future__ import annotations

import datetime as dt

import pytest

from graphkam.model import Interaction, NodeKind, RecordKind, Stakeholder, Stance
from graphkam.privacy import erase
from graphkam.stores import Store
from graphkam.stores.audited import AuditedStore, unwrap
from graphkam.stores.base import CachedResult
from tests.conftest import EXAMPLE_MAP
from tests.stores.test_contract import load_example
from tests.stores.test_versions import two_accounts  # noqa: F401  (the fixture)

KEY = "test-analysis:v1"


def _tokens(store: Store) -> dict[str, str]:
    return store.account_versions(["hx-steel", "yx-bank"])


def _changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {a for a in before if before[a] != after[a]}


def _visit(account: str, person: str) -> Interaction:
    return Interaction(
        id="visit-1",
        account=account,
        date=dt.date(2026, 11, 20),
        team=["rep-lin"],
        stakeholders=[person],
    )


def test_deleting_a_record_changes_only_its_accounts_token(two_accounts: Store) -> None:  # noqa: F811
    two_accounts.upsert_records([_visit("yx-bank", "yx-cto")])
    before = _tokens(two_accounts)
    two_accounts.delete_record(RecordKind.INTERACTION, "visit-1")
    assert _changed(before, _tokens(two_accounts)) == {"yx-bank"}


def test_moving_a_record_changes_both_accounts_tokens(two_accounts: Store) -> None:  # noqa: F811
    """The record leaves hx-steel's analyses and enters yx-bank's."""
    two_accounts.upsert_records([_visit("hx-steel", "hx-cio")])
    before = _tokens(two_accounts)
    two_accounts.upsert_records([_visit("yx-bank", "yx-cto")])
    assert _changed(before, _tokens(two_accounts)) == {"hx-steel", "yx-bank"}


def test_moving_a_stakeholder_changes_both_accounts_tokens(two_accounts: Store) -> None:  # noqa: F811
    before = _tokens(two_accounts)
    cto = two_accounts.get_node(NodeKind.STAKEHOLDER, "yx-cto")
    two_accounts.upsert_nodes([cto.model_copy(update={"account": "hx-steel"})])
    assert _changed(before, _tokens(two_accounts)) == {"hx-steel", "yx-bank"}


def test_erasing_a_person_changes_their_accounts_token(two_accounts: Store) -> None:  # noqa: F811
    """Erasure writes beside the audited path (tombstone, visit notes, rewritten history)."""
    two_accounts.upsert_records([_visit("hx-steel", "hx-cio")])
    before = _tokens(two_accounts)
    erase(two_accounts, "hx-cio")
    assert _changed(before, _tokens(two_accounts)) == {"hx-steel"}


def test_deleting_a_team_member_changes_every_token(two_accounts: Store) -> None:  # noqa: F811
    before = _tokens(two_accounts)
    two_accounts.delete_node(NodeKind.TEAM_MEMBER, "sol-he")
    assert _changed(before, _tokens(two_accounts)) == {"hx-steel", "yx-bank"}


def test_bare_and_audited_writes_change_the_same_tokens(two_accounts: Store) -> None:  # noqa: F811
    """The history the audit proxy adds is filed under the same account, so the bare store
    (no history) and the audited one (the `store` fixture) move the same token."""
    assert isinstance(two_accounts, AuditedStore)
    cto = two_accounts.get_node(NodeKind.STAKEHOLDER, "yx-cto")
    history = len(two_accounts.account_subgraph("yx-bank").changes)
    for store, stance in ((unwrap(two_accounts), Stance.SKEPTIC), (two_accounts, Stance.OPPONENT)):
        before = _tokens(two_accounts)
        store.upsert_nodes([cto.model_copy(update={"stance": stance})])
        assert _changed(before, _tokens(two_accounts)) == {"yx-bank"}
    assert len(two_accounts.account_subgraph("yx-bank").changes) == history + 1


def test_importing_one_accounts_people_changes_only_its_token(two_accounts: Store) -> None:  # noqa: F811
    before = _tokens(two_accounts)
    doc = load_example(EXAMPLE_MAP).model_copy(
        update={
            "accounts": [],
            "team": [],
            "departments": [],
            "third_parties": [],
            "relationships": [],
            "interactions": [],
            "stakeholders": [Stakeholder(id="yx-cfo", account="yx-bank", name="Sun Li")],
        }
    )
    two_accounts.import_map(doc)
    assert _changed(before, _tokens(two_accounts)) == {"yx-bank"}


def test_a_failed_transaction_leaves_tokens_and_data_as_they_were(two_accounts: Store) -> None:  # noqa: F811
    """Writes that roll back are not counted: a result cached before them stays fresh, and
    the tokens still describe the data (the old stance)."""
    tokens = _tokens(two_accounts)
    two_accounts.write_cache(KEY, [CachedResult(a, v, "{}") for a, v in tokens.items()])
    cto = two_accounts.get_node(NodeKind.STAKEHOLDER, "yx-cto")
    with pytest.raises(RuntimeError), two_accounts.transaction():
        two_accounts.upsert_nodes([cto.model_copy(update={"stance": Stance.OPPONENT})])
        two_accounts.delete_node(NodeKind.TEAM_MEMBER, "sol-he")
        raise RuntimeError("abort")
    assert _tokens(two_accounts) == tokens
    assert two_accounts.get_node(NodeKind.STAKEHOLDER, "yx-cto").stance == cto.stance
    assert set(two_accounts.read_cache(KEY, list(tokens))) == {"hx-steel", "yx-bank"}


def test_a_recreated_account_does_not_inherit_an_old_token(two_accounts: Store) -> None:  # noqa: F811
    """Delete an account and import it again: its new token is not the one before."""
    old = _tokens(two_accounts)["yx-bank"]
    account = two_accounts.get_node(NodeKind.ACCOUNT, "yx-bank")
    two_accounts.delete_node(NodeKind.ACCOUNT, "yx-bank")
    two_accounts.upsert_nodes([account])
    assert two_accounts.account_versions(["yx-bank"])["yx-bank"] != old
