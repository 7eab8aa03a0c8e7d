"""Builders of small AccountSubgraph fixtures, written in code so each test shows its graph."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import pytest

from graphkam.documents import AccountSubgraph
from graphkam.model import (
    Account,
    Department,
    Interaction,
    Relationship,
    Stakeholder,
    TeamMember,
    ThirdParty,
)

AS_OF = date(2026, 11, 15)
ACCOUNT = "acme"


def ago(days: int) -> date:
    """The date `days` before AS_OF."""
    return AS_OF - timedelta(days=days)


def person(
    id: str,
    roles: Iterable[str] = (),
    stance: str = "supporter",
    influence: float = 0.5,
    department: str | None = None,
    status: str = "active",
) -> Stakeholder:
    return Stakeholder(
        id=id,
        account=ACCOUNT,
        name=f"Person {id}",
        roles=list(roles),
        stance=stance,
        influence=influence,
        department=department,
        status=status,
    )


def member(id: str, team_role: str = "account_manager", on_team: bool = True) -> TeamMember:
    return TeamMember(
        id=id, name=f"Member {id}", team_role=team_role, accounts=[ACCOUNT] if on_team else []
    )


def tie(m: str, s: str, strength: float = 0.8, days: int | None = 10, **kw: Any) -> Relationship:
    """relates_to from our member to a stakeholder, last contacted `days` before AS_OF."""
    last = None if days is None else ago(days)
    return Relationship(
        type="relates_to", from_id=m, to_id=s, strength=strength, last_contact=last, **kw
    )


def rel(type: str, a: str, b: str, **kw: Any) -> Relationship:
    return Relationship(type=type, from_id=a, to_id=b, **kw)


def subgraph(
    stakeholders: Iterable[Stakeholder] = (),
    team: Iterable[TeamMember] = (),
    relationships: Iterable[Relationship] = (),
    tier: str = "B",
    departments: Iterable[str] = (),
    third_parties: Iterable[str] = (),
    interactions: Iterable[Interaction] = (),
) -> AccountSubgraph:
    return AccountSubgraph(
        accounts=[Account(id=ACCOUNT, name="Acme Corp", tier=tier)],
        team=list(team),
        departments=[Department(id=d, account=ACCOUNT, name=f"Dept {d}") for d in departments],
        stakeholders=list(stakeholders),
        third_parties=[ThirdParty(id=t, name=f"Firm {t}") for t in third_parties],
        relationships=list(relationships),
        interactions=list(interactions),
    )


def healthy(tier: str = "S") -> AccountSubgraph:
    """A well-covered account that breaks no gap rule (see test_gaps.py).

    Seven people, one per decision role, in two departments; an iron triangle plus an executive
    sponsor; the decision maker and economic buyer each tied directly to two of our people.
    """
    roles = [
        "decision_maker",
        "economic_buyer",
        "technical_buyer",
        "user_buyer",
        "procurement",
        "influencer",
        "gatekeeper",
    ]
    people = [
        person(f"p-{r}", [r], "supporter", 0.6, "d-ops" if i % 2 else "d-fin")
        for i, r in enumerate(roles)
    ]
    team = [
        member("am"),
        member("sm", "solution_manager"),
        member("dm", "delivery_manager"),
        member("ex", "executive_sponsor"),
    ]
    rels = [
        tie("ex", "p-decision_maker"),
        tie("am", "p-decision_maker"),
        tie("am", "p-economic_buyer"),
        tie("ex", "p-economic_buyer"),
        tie("sm", "p-technical_buyer"),
        tie("dm", "p-user_buyer"),
        tie("am", "p-procurement"),
        tie("sm", "p-influencer"),
        tie("am", "p-gatekeeper"),
        rel("reports_to", "p-economic_buyer", "p-decision_maker"),
        rel("reports_to", "p-technical_buyer", "p-decision_maker"),
        rel("influences", "p-influencer", "p-decision_maker", weight=0.6),
    ]
    return subgraph(people, team, rels, tier=tier, departments=["d-fin", "d-ops"])


@pytest.fixture
def healthy_account() -> AccountSubgraph:
    return healthy()


def networkx_pagerank(sway: Any, seeds: list[Any], tol: float) -> dict[Any, float]:
    """The oracle of `personalized_pagerank`: NetworkX's PageRank of the reversed sway graph,
    restarting (and leaving dangling nodes) uniformly to `seeds`, at alpha 0.85."""
    import networkx as nx

    full = {v: (1.0 / len(seeds) if v in seeds else 0.0) for v in sway}
    return nx.pagerank(  # type: ignore[no-any-return]
        sway.reverse(), alpha=0.85, personalization=full, dangling=full, tol=tol, max_iter=10_000
    )
