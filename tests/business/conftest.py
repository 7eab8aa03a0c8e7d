"""A hand-built account for the business tests (figures worked by hand in the tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from graphkam.documents import AccountSubgraph
from graphkam.model import (
    Account,
    Complaint,
    Interaction,
    NpsAnswer,
    Order,
    Relationship,
    Stakeholder,
    TeamMember,
)

AS_OF = dt.date(2026, 6, 30)


def hand_built() -> AccountSubgraph:
    """Account `acme` as of 2026-06-30; every dated fact after that day must be ignored."""

    def tie(member: str, person: str, **kw: object) -> Relationship:
        data = {"type": "relates_to", "from": member, "to": person, **kw}
        return Relationship.model_validate(data)

    return AccountSubgraph(
        accounts=[Account(id="acme", name="Acme", tier="A", potential_value=3_000_000)],
        team=[
            TeamMember(id="am", name="Ann", team_role="account_manager", accounts=["acme"]),
            TeamMember(id="sm", name="Sam", team_role="solution_manager", accounts=["acme"]),
        ],
        stakeholders=[
            Stakeholder(id="ceo", account="acme", name="Ceo", roles=["decision_maker"],
                        stance="supporter", influence=0.9),
            Stakeholder(id="cfo", account="acme", name="Cfo", roles=["economic_buyer"],
                        stance="skeptic", influence=0.6),
            Stakeholder(id="cio", account="acme", name="Cio", roles=["technical_buyer"],
                        stance="champion", influence=0.5),
            Stakeholder(id="usr", account="acme", name="Usr", roles=["user_buyer"],
                        stance="unknown", influence=0.4),
            Stakeholder(id="ex", account="acme", name="Ex", roles=["influencer"],
                        stance="champion", influence=0.3, status="left"),
        ],
        relationships=[
            tie("am", "ceo", strength=0.8, last_contact=dt.date(2026, 5, 16)),
            tie("am", "cfo", strength=0.5, last_contact=dt.date(2026, 4, 1)),
            # last_contact after as_of: the tie counts, that contact date does not
            tie("sm", "cio", strength=0.7, last_contact=dt.date(2026, 7, 10)),
            # a tie made after as_of does not count at all
            tie("sm", "usr", strength=0.3, since=dt.date(2026, 8, 1)),
            tie("am", "ex", strength=0.6, last_contact=dt.date(2026, 2, 1)),
        ],
        interactions=[
            Interaction(date=dt.date(2026, 5, 16), team=["am"], stakeholders=["ceo"]),
            Interaction(date=dt.date(2026, 4, 1), team=["am"], stakeholders=["cfo"]),
            Interaction(date=dt.date(2026, 3, 10), team=["sm"], stakeholders=["cio"]),
            Interaction(date=dt.date(2026, 7, 10), team=["sm"], stakeholders=["cio"]),
        ],
        orders=[
            Order(date=dt.date(2025, 9, 1), amount=400_000, margin=0.3),
            Order(date=dt.date(2025, 12, 1), amount=400_000, margin=0.3),
            Order(date=dt.date(2026, 3, 1), amount=400_000, margin=0.3),
            Order(date=dt.date(2026, 5, 15), amount=200_000, margin=0.3),
            Order(date=dt.date(2026, 6, 15), amount=100_000),
            Order(date=dt.date(2026, 7, 5), amount=1_000_000, margin=0.3),
        ],
        nps=[
            NpsAnswer(date=dt.date(2026, 2, 1), score=9),
            NpsAnswer(date=dt.date(2026, 3, 1), score=9),
            NpsAnswer(date=dt.date(2026, 5, 1), score=8),
            NpsAnswer(date=dt.date(2026, 6, 1), score=6),
            NpsAnswer(date=dt.date(2026, 7, 15), score=0),
        ],
        complaints=[
            Complaint(date=dt.date(2026, 2, 1), severity=5, resolved=dt.date(2026, 3, 1)),
            Complaint(date=dt.date(2026, 5, 1), severity=2, resolved=dt.date(2026, 7, 20)),
            Complaint(date=dt.date(2026, 6, 10), severity=3),
            Complaint(date=dt.date(2026, 7, 1), severity=5),
        ],
    )  # fmt: skip


@pytest.fixture
def acme() -> AccountSubgraph:
    return hand_built()
