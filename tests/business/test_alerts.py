"""Drop alerts (fires at a 21% fall, not at 19%) and key-person alerts on hand-built accounts."""

from __future__ import annotations

import datetime as dt

import pytest

from graphkam.business import (
    AlertKind,
    ComponentScore,
    HealthComponent,
    HealthIndex,
    account_alerts,
    default_config,
    health_drop,
    key_person_alerts,
)
from graphkam.documents import AccountSubgraph
from graphkam.model import Interaction, Stakeholder, StakeholderStatus, Stance
from tests.business.conftest import AS_OF

BEFORE = dt.date(2026, 4, 1)


def _index(day: dt.date, nps: float, revenue: float) -> HealthIndex:
    """An index of two components (weights .5/.5): index = (nps + revenue) / 2."""
    comps = [
        ComponentScore(component=HealthComponent.NPS, score=nps, weight=0.5,
                       contribution=nps / 2, detail="nps"),
        ComponentScore(component=HealthComponent.REVENUE, score=revenue, weight=0.5,
                       contribution=revenue / 2, detail="revenue"),
    ]  # fmt: skip
    return HealthIndex(
        account="acme", name="Acme", as_of=day, index=(nps + revenue) / 2, components=comps
    )


def test_drop_of_21_percent_fires() -> None:
    # 80 -> 63.2 is (80 − 63.2) / 80 = 21%; the NPS part lost 16.8 × 0.5 = 8.4 points
    alert = health_drop(_index(BEFORE, 80, 80), _index(AS_OF, 46.4, 80), default_config().alerts)
    assert alert is not None
    assert alert.kind == AlertKind.HEALTH_DROP
    assert alert.share == pytest.approx(0.21)
    assert (alert.before, alert.after, alert.date) == (80, pytest.approx(63.2), AS_OF)
    assert [c.component for c in alert.components] == [HealthComponent.NPS]
    assert alert.components[0].change == pytest.approx(-16.8)
    assert "fell 21%" in alert.message and "down: nps" in alert.message


def test_drop_of_19_percent_does_not_fire() -> None:
    # 80 -> 64.8 is 19%, under the default 20%
    cfg = default_config().alerts
    assert health_drop(_index(BEFORE, 80, 80), _index(AS_OF, 49.6, 80), cfg) is None


def test_rise_does_not_fire() -> None:
    cfg = default_config().alerts
    assert health_drop(_index(BEFORE, 40, 40), _index(AS_OF, 90, 90), cfg) is None


def test_key_person_alerts(acme: AccountSubgraph) -> None:
    cfg = default_config().alerts
    alerts = key_person_alerts(acme, AS_OF, cfg)
    by_subject = {(a.kind, a.subject): a for a in alerts}
    # ex (a champion) left: dated by no interaction (none recorded with ex)
    assert by_subject[(AlertKind.KEY_PERSON_LEFT, "ex")].date is None
    # the ceo is a supporter, the decision maker first met on 2026-05-16 (within 90 days)
    new = by_subject[(AlertKind.NEW_DECISION_MAKER, "ceo")]
    assert new.date == dt.date(2026, 5, 16)
    assert len(alerts) == 2


def test_negative_decision_maker_and_left_decision_maker(acme: AccountSubgraph) -> None:
    people = [
        *acme.stakeholders,
        Stakeholder(id="vp", account="acme", name="Vp", roles=["decision_maker"],
                    stance=Stance.OPPONENT),
        Stakeholder(id="old", account="acme", name="Old", roles=["decision_maker"],
                    status=StakeholderStatus.LEFT),
    ]  # fmt: skip
    visits = [
        *acme.interactions,
        Interaction(date=dt.date(2025, 1, 10), team=["am"], stakeholders=["old", "vp"]),
    ]
    sg = acme.model_copy(update={"stakeholders": people, "interactions": visits})
    alerts = key_person_alerts(sg, AS_OF, default_config().alerts)
    kinds = {(a.kind, a.subject) for a in alerts}
    assert (AlertKind.DECISION_MAKER_NEGATIVE, "vp") in kinds
    assert (AlertKind.NEW_DECISION_MAKER, "vp") not in kinds  # first met 2025-01-10
    left = next(a for a in alerts if a.subject == "old")
    assert left.kind == AlertKind.KEY_PERSON_LEFT
    assert left.date == dt.date(2025, 1, 10)
    assert "decision maker Old left; last met 2025-01-10" == left.message


def test_account_alerts_drop_by_hand(acme: AccountSubgraph) -> None:
    """The hand-built account fell from 78.43 on 2026-04-01 to 58.22 on 2026-06-30 (25.8%).

    On 2026-04-01 (worked by hand like tests/business/test_health.py): coverage 56.25 (8.44 pts:
    ceo's tie has no contact date yet, stale 0.25; cfo met that day, covered 1; cio met
    2026-03-10, 0.7 × 0.5^(22/90) = 0.59, covered 1; usr 0);
    threading 50 (5: ceo's tie has no contact date yet, 0.8 × 0.5 = 0.4 threads, one chain;
    cfo met that day, 0.5 threads, one chain); net support 78.26 (7.83); champion 100 (10);
    visit recency 100 (10, met cfo that day); visit frequency 2/6 (1.67); NPS (10 × 9 + 50) / 2
    = 70 (10.5, no earlier answers); complaints 100 (10, the severity-5 one was resolved on
    2026-03-01); revenue 100 (15: 400k vs 800k × 90/270 = 266.7k). Total 78.43.
    """
    alerts = account_alerts(acme, AS_OF)
    drop = next(a for a in alerts if a.kind == AlertKind.HEALTH_DROP)
    assert drop.before == pytest.approx(78.4303, abs=1e-3)
    assert drop.after == pytest.approx(58.2219, abs=1e-3)
    assert drop.share == pytest.approx((78.4303 - 58.2219) / 78.4303, abs=1e-4)
    assert [(c.component.value, round(c.change, 2)) for c in drop.components] == [
        ("nps", -5.25),
        ("complaints", -5.0),
        ("revenue", -3.75),
        ("threading", -2.5),
        ("coverage", -1.88),
        ("visit_recency", -1.0),
        ("visit_frequency", -0.83),
    ]
    # with a 30% threshold the same fall does not alert
    strict = default_config().model_copy(
        update={"alerts": default_config().alerts.model_copy(update={"drop_share": 0.30})}
    )
    assert AlertKind.HEALTH_DROP not in [a.kind for a in account_alerts(acme, AS_OF, strict)]
