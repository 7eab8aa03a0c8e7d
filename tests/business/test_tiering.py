"""Tier suggestion on the hand-built account (figures worked by hand in the comments)."""

from __future__ import annotations

import pytest

from graphkam.business import TierStatus, suggest_tier, suggest_tiers
from graphkam.documents import AccountSubgraph
from graphkam.model import Order, Tier
from tests.business.conftest import AS_OF


def test_tier_of_hand_built_account(acme: AccountSubgraph) -> None:
    s = suggest_tier(acme, AS_OF)
    parts = {c.name: c for c in s.components}
    # RFM: last order 2026-06-15 (15 days) -> R5; 5 orders -> F3; 1.5M -> M3; (5+3+3)/3×20
    assert (s.rfm.recency_score, s.rfm.frequency_score, s.rfm.monetary_score) == (5, 3, 3)
    assert parts["rfm"].score == pytest.approx(220 / 3)
    # CLV: m = 3×400k×0.3 + 200k×0.3 + 100k×0.2 (default) = 440k; × 0.8 / 0.3 = 1,173,333 -> 3
    assert s.clv.value == pytest.approx(440_000 * 0.8 / 0.3)
    assert parts["clv"].score == 60
    # potential 3M: cutoffs 1M, 2.5M reached -> 2 -> 40
    assert parts["potential"].score == 40
    # NPS in the window: 9, 9, 8, 6 -> (2 − 1) / 4 = +25 -> loyalty (25 + 100) / 2 = 62.5
    assert s.nps == pytest.approx(25.0)
    assert parts["loyalty"].score == pytest.approx(62.5)
    # score = .25×73.33 + .25×60 + .30×40 + .20×62.5 = 57.83 -> B (>= 50, < 70)
    assert s.score == pytest.approx(0.25 * 220 / 3 + 15 + 12 + 12.5)
    assert s.suggested == Tier.B
    assert s.status == TierStatus.OVER_SERVED  # assigned A, suggested below it


def test_mismatches_listed_first(acme: AccountSubgraph) -> None:
    low = acme.model_copy(
        update={"accounts": [acme.account.model_copy(update={"id": "aaa", "tier": Tier.B})]}
    )
    big = [Order(date=AS_OF, amount=3_000_000, margin=0.4) for _ in range(12)]
    high = acme.model_copy(
        update={
            "accounts": [acme.account.model_copy(update={"id": "zzz", "tier": Tier.C})],
            "orders": big,
        }
    )
    report = suggest_tiers([low, acme, high], AS_OF)
    # aaa: B and suggested B (matches); acme: over-served; zzz: C but suggested higher
    assert [s.account for s in report.data] == ["zzz", "acme", "aaa"]
    assert [s.status for s in report.data] == [
        TierStatus.UNDER_SERVED,
        TierStatus.OVER_SERVED,
        TierStatus.MATCHES,
    ]
    assert report.mismatches == 2


def test_order_after_as_of_changes_nothing(acme: AccountSubgraph) -> None:
    later = acme.model_copy(
        update={"orders": [*acme.orders, Order(date=AS_OF.replace(day=30, month=9), amount=1e9)]}
    )
    assert suggest_tier(later, AS_OF) == suggest_tier(acme, AS_OF)
