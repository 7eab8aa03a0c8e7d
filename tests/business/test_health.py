"""Health index component by component on the hand-built account, as-of rules, properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkam.business import (
    HealthComponent,
    health_index,
    health_series,
    parse_every,
    series_dates,
)
from graphkam.documents import AccountSubgraph
from graphkam.errors import InvalidInputError
from graphkam.model import (
    Account,
    Complaint,
    DecisionRole,
    Interaction,
    NpsAnswer,
    Order,
    Relationship,
    Stakeholder,
    StakeholderStatus,
    Stance,
    TeamMember,
)
from tests.business.conftest import AS_OF

C = HealthComponent

# Worked by hand from tests/business/conftest.py (as of 2026-06-30, default weights):
EXPECTED = {
    # coverage (graphkam.analysis contact status; strength × 0.5^(age/90), fresh <= 90 days,
    # good >= 0.4): ceo 0.8 × 0.5^(45/90) = 0.566, fresh, good -> covered (1); cfo 0.5 × 0.5 =
    # 0.25, age 90 is fresh -> weak (0.5); cio last met 2026-03-10 (its last_contact 2026-07-10
    # comes later), 112 days -> stale (0.25); usr's tie starts 2026-08-01 -> uncovered (0).
    # 100 × (1 + 0.5 + 0.25 + 0) / 4
    C.COVERAGE: 43.75,
    # threading (graphkam.analysis rules): targets ceo (decision maker) and cfo (economic buyer).
    # am–ceo: strength 0.8, last contact 2026-05-16, 45 days: 0.8 × 0.5^(45/90) = 0.566 >= 0.3,
    # one chain (k = 1); am–cfo: 0.5 × 0.5^(90/90) = 0.25 < 0.3 does not thread (k = 0).
    # mean(min(1, 2) / 2, min(0, 2) / 2) × 100 = 25
    C.THREADING: 25.0,
    # S = 0.9×(+1) + 0.6×(−1) + 0.5×(+2) + 0.4×0 = 1.3 (ex has left); 50 + 50 × 1.3 / 2.3
    C.NET_SUPPORT: 50 + 50 * 1.3 / 2.3,
    # cio (active) is a champion
    C.CHAMPION: 100.0,
    # last contact 2026-05-16 (the 2026-07-10 visit and last_contact come later): 45 days;
    # 100 × (180 − 45) / (180 − 30) = 90
    C.VISIT_RECENCY: 90.0,
    # visits in (2026-04-01, 2026-06-30]: only 2026-05-16 -> 100 × 1 / 6
    C.VISIT_FREQUENCY: 100 / 6,
    # recent mean (8 + 6) / 2 = 7 -> level 70; prior mean 9 -> trend 50 + 25 × (7 − 9) = 0
    C.NPS: 35.0,
    # open on 2026-06-30: severity 2 (resolved 2026-07-20) + 3 = 5 -> 100 × (1 − 5/10)
    C.COMPLAINTS: 50.0,
    # recent 300k vs baseline 1.2M over 270 days = 400k per 90 days -> 75%
    C.REVENUE: 75.0,
}
WEIGHTS = {
    C.COVERAGE: 0.15,
    C.THREADING: 0.10,
    C.NET_SUPPORT: 0.10,
    C.CHAMPION: 0.10,
    C.VISIT_RECENCY: 0.10,
    C.VISIT_FREQUENCY: 0.05,
    C.NPS: 0.15,
    C.COMPLAINTS: 0.10,
    C.REVENUE: 0.15,
}


def test_components_by_hand(acme: AccountSubgraph) -> None:
    h = health_index(acme, AS_OF)
    for name, score in EXPECTED.items():
        comp = h.component(name)
        assert comp.score == pytest.approx(score), name
        assert comp.weight == pytest.approx(WEIGHTS[name]), name
        assert comp.contribution == pytest.approx(WEIGHTS[name] * score), name
    # 6.5625 + 2.5 + 7.826 + 10 + 9 + 0.833 + 5.25 + 5 + 11.25 = 58.22
    assert h.index == pytest.approx(sum(WEIGHTS[n] * s for n, s in EXPECTED.items()))
    assert h.index == pytest.approx(58.2219, abs=1e-4)
    assert h.component(C.COVERAGE).detail == (
        "economic_buyer weak; technical_buyer stale; user_buyer uncovered"
    )
    assert h.component(C.THREADING).detail == "single-threaded: ceo (1 chain), cfo (no chain)"


def test_order_after_as_of_changes_nothing(acme: AccountSubgraph) -> None:
    later = acme.model_copy(
        update={"orders": [*acme.orders, Order(date=AS_OF + dt.timedelta(days=1), amount=5e6)]}
    )
    assert health_index(later, AS_OF) == health_index(acme, AS_OF)
    # ... but it counts once it is known
    assert health_index(later, AS_OF + dt.timedelta(days=1)) != health_index(
        acme, AS_OF + dt.timedelta(days=1)
    )


def test_champion_left_scores_zero(acme: AccountSubgraph) -> None:
    people = [
        s.model_copy(update={"status": StakeholderStatus.LEFT}) if s.id == "cio" else s
        for s in acme.stakeholders
    ]
    # asked after the cio's last visit (2026-07-10): a person we met after the as-of date had
    # not left yet then (graphkam/analysis/known.py)
    later = AS_OF + dt.timedelta(days=30)
    h = health_index(acme.model_copy(update={"stakeholders": people}), later)
    assert h.component(C.CHAMPION).score == 0
    assert "champion left" in h.component(C.CHAMPION).detail


def test_series_dates_and_every() -> None:
    start = dt.date(2026, 1, 1)
    assert series_dates(start, dt.date(2026, 3, 1), 30) == [
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 31),
        dt.date(2026, 3, 1),
    ]
    assert series_dates(start, start, 30) == [start]
    assert (parse_every("30d"), parse_every("2w"), parse_every("7")) == (30, 14, 7)
    with pytest.raises(InvalidInputError, match="--every"):
        parse_every("monthly")
    with pytest.raises(InvalidInputError, match="after --to"):
        series_dates(dt.date(2026, 2, 1), start, 30)


def test_series_ends_at_as_of(acme: AccountSubgraph) -> None:
    s = health_series(acme, dt.date(2026, 1, 1), AS_OF, 90)
    assert [h.as_of for h in s.data][-1] == AS_OF
    assert s.data[-1] == health_index(acme, AS_OF)


# -- properties -----------------------------------------------------------------------------

START = dt.date(2025, 1, 1)
DAYS = st.integers(min_value=0, max_value=730).map(lambda d: START + dt.timedelta(days=d))
TEAM = ["t1", "t2", "t3"]


@st.composite
def accounts(draw: st.DrawFn) -> AccountSubgraph:
    """A random account: people with random roles/stances/status, ties and dated facts."""
    n = draw(st.integers(min_value=0, max_value=6))
    people = [
        Stakeholder(
            id=f"p{i}",
            account="a",
            name=f"P{i}",
            roles=draw(st.lists(st.sampled_from(list(DecisionRole)), max_size=2)),
            stance=draw(st.sampled_from(list(Stance))),
            influence=draw(st.floats(min_value=0, max_value=1)),
            status=draw(st.sampled_from(list(StakeholderStatus))),
        )
        for i in range(n)
    ]
    ties = [
        Relationship.model_validate(
            {
                "type": "relates_to",
                "from": draw(st.sampled_from(TEAM)),
                "to": p.id,
                "last_contact": draw(st.none() | DAYS),
                "since": draw(st.none() | DAYS),
            }
        )
        for p in people
        if draw(st.booleans())
    ]
    visits = [
        Interaction(date=draw(DAYS), team=[draw(st.sampled_from(TEAM))], stakeholders=[p.id])
        for p in people
        if draw(st.booleans())
    ]
    return AccountSubgraph(
        accounts=[Account(id="a", name="A")],
        team=[TeamMember(id=t, name=t, team_role="account_manager") for t in TEAM],
        stakeholders=people,
        relationships=ties,
        interactions=visits,
        orders=draw(
            st.lists(
                st.builds(Order, date=DAYS, amount=st.floats(min_value=0, max_value=1e7)),
                max_size=8,
            )
        ),
        nps=draw(
            st.lists(
                st.builds(NpsAnswer, date=DAYS, score=st.integers(min_value=0, max_value=10)),
                max_size=6,
            )
        ),
        complaints=draw(
            st.lists(
                st.builds(
                    Complaint,
                    date=DAYS,
                    severity=st.integers(min_value=1, max_value=5),
                    resolved=st.none() | DAYS,
                ),
                max_size=4,
            )
        ),
    )


@settings(max_examples=40, deadline=None)
@given(sg=accounts(), as_of=DAYS)
def test_index_within_0_100(sg: AccountSubgraph, as_of: dt.date) -> None:
    h = health_index(sg, as_of)
    assert 0.0 <= h.index <= 100.0
    assert all(0.0 <= c.score <= 100.0 for c in h.components)


@settings(max_examples=40, deadline=None)
@given(
    sg=accounts(),
    as_of=DAYS,
    members=st.lists(st.sampled_from(TEAM), min_size=2, max_size=2, unique=True),
    stance=st.sampled_from([Stance.CHAMPION, Stance.SUPPORTER, Stance.NEUTRAL, Stance.UNKNOWN]),
    influence=st.floats(min_value=0, max_value=1),
)
def test_adding_covered_decision_maker_never_lowers(
    sg: AccountSubgraph,
    as_of: dt.date,
    members: list[str],
    stance: Stance,
    influence: float,
) -> None:
    """A new active decision maker covered by two of our people (strong ties, met on the day)
    never lowers the index, whatever else the account holds. Stances are not negative: an
    opponent rightly lowers net support."""
    dm = Stakeholder(
        id="new-dm", account="a", name="New", roles=["decision_maker"], stance=stance,
        influence=influence,
    )  # fmt: skip
    ties = [
        Relationship.model_validate(
            {
                "type": "relates_to",
                "from": m,
                "to": "new-dm",
                "strength": 1.0,
                "last_contact": as_of,
            }
        )  # fmt: skip
        for m in members
    ]
    more = sg.model_copy(
        update={"stakeholders": [*sg.stakeholders, dm], "relationships": [*sg.relationships, *ties]}
    )
    assert health_index(more, as_of).index >= health_index(sg, as_of).index - 1e-9
