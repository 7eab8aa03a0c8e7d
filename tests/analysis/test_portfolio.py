"""Portfolio scan: filters, risk order, and the process pool giving the in-process answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graphkam.analysis import rank_portfolio, scan_portfolio
from graphkam.documents import AccountMap
from graphkam.errors import NotFoundError
from graphkam.model import Account, Relationship, Stakeholder, TeamMember
from graphkam.stores import Store, open_store
from tests.analysis.conftest import AS_OF, ago


def _portfolio() -> AccountMap:
    """Three accounts: `s-ok` (tier S, one DM tied twice), `a-thin` (tier A, DM tied once),
    `c-none` (tier C, DM nobody knows)."""
    accounts, people, rels = [], [], []
    for acc, tier, ties in (("s-ok", "S", 2), ("a-thin", "A", 1), ("c-none", "C", 0)):
        accounts.append(Account(id=acc, name=acc, tier=tier))
        people.append(
            Stakeholder(
                id=f"{acc}-dm", account=acc, name="DM", roles=["decision_maker"], stance="supporter"
            )
        )
        for m in ("am", "ex")[:ties]:
            rels.append(
                Relationship(
                    type="relates_to",
                    from_id=m,
                    to_id=f"{acc}-dm",
                    strength=0.9,
                    last_contact=ago(5),
                )
            )
    team = [
        TeamMember(id="am", name="AM", team_role="account_manager", accounts=["s-ok", "a-thin"]),
        TeamMember(id="ex", name="EX", team_role="executive_sponsor", accounts=["s-ok", "c-none"]),
    ]
    return AccountMap(accounts=accounts, team=team, stakeholders=people, relationships=rels)


@pytest.fixture
def loaded(tmp_path: Path) -> Iterator[Store]:
    """SQLite only: the scan uses nothing beyond the store contract, which the contract suite
    checks on every backend; the sample test runs the scan on every backend too."""
    with open_store(f"sqlite:///{tmp_path / 'portfolio.db'}") as store:
        store.import_map(_portfolio())
        yield store


def test_ranked_by_tier_then_severity(loaded: Store) -> None:
    entries = rank_portfolio(scan_portfolio(loaded, AS_OF))
    assert [e.account for e in entries] == ["s-ok", "a-thin", "c-none"]
    thin = entries[1]
    assert thin.single_threaded
    assert ("single_threaded", "a-thin-dm") in {(g.kind.value, g.subject) for g in thin.gaps}


def test_filters(loaded: Store) -> None:
    def ids(**kw: object) -> list[str]:
        return [e.account for e in rank_portfolio(scan_portfolio(loaded, AS_OF, **kw))]

    assert ids(tiers=["S", "C"]) == ["s-ok", "c-none"]
    assert ids(owner="am") == ["s-ok", "a-thin"]
    assert ids(owner="ex", tiers=["C"]) == ["c-none"]
    assert ids(gap="role_uncovered") == ["c-none"]
    assert ids(gap="single_threaded") == ["a-thin", "c-none"]
    with pytest.raises(NotFoundError):
        ids(owner="nobody")


def test_process_pool_gives_the_same_entries(loaded: Store) -> None:
    inline = rank_portfolio(scan_portfolio(loaded, AS_OF))
    pooled = rank_portfolio(scan_portfolio(loaded, AS_OF, workers=2, inline_max=0, batch_size=1))
    assert pooled == inline
