"""RFM scores, CLV and NPS on a small fixed set of orders; every figure worked by hand below."""

from __future__ import annotations

import datetime as dt

import pytest

from graphkam.business import (
    customer_lifetime_value,
    default_config,
    net_promoter_score,
    rfm_score,
    score_by_cutoffs,
)
from graphkam.model import NpsAnswer, Order

AS_OF = dt.date(2026, 6, 30)
ORDERS = [
    Order(date=dt.date(2025, 5, 1), amount=1_000_000, margin=0.5),  # before the 365-day window
    Order(date=dt.date(2025, 12, 1), amount=500_000, margin=0.3),
    Order(date=dt.date(2026, 3, 15), amount=300_000),  # no margin: default 0.2
    Order(date=dt.date(2026, 6, 10), amount=400_000, margin=0.25),
    Order(date=dt.date(2026, 7, 5), amount=9_999_999, margin=0.9),  # after as_of: unknown then
]


def test_rfm_scores_by_hand() -> None:
    cfg = default_config().tiering
    rfm = rfm_score(ORDERS, AS_OF, cfg.window_days, cfg.rfm)
    # Recency: last order 2026-06-10, 20 days before 2026-06-30; 20 <= 30 (tightest) -> 5.
    assert rfm.last_order == dt.date(2026, 6, 10)
    assert rfm.recency_days == 20
    assert rfm.recency_score == 5
    # Frequency: 3 orders in (2025-06-30, 2026-06-30]; cutoffs 2,4,6,12 -> 1 + 1 = 2.
    assert rfm.frequency == 3
    assert rfm.frequency_score == 2
    # Monetary: 500k + 300k + 400k = 1.2M; cutoffs 250k, 1M reached -> 1 + 2 = 3.
    assert rfm.monetary == 1_200_000
    assert rfm.monetary_score == 3
    # Equal weights: (5 + 2 + 3) / 3 × 20 = 66.67.
    assert rfm.score == pytest.approx(200 / 3)


def test_clv_by_hand() -> None:
    cfg = default_config().tiering
    clv = customer_lifetime_value(ORDERS, AS_OF, cfg.window_days, cfg.clv)
    # m = 500k×0.3 + 300k×0.2 + 400k×0.25 = 150k + 60k + 100k = 310k (window = one year).
    assert clv.annual_margin == pytest.approx(310_000)
    # CLV = m × r / (1 + d − r) = 310k × 0.8 / 0.3 = 826,666.67; cutoffs 100k, 500k -> 2.
    assert clv.value == pytest.approx(310_000 * 0.8 / 0.3)
    assert clv.score == 2


def test_rfm_without_orders_scores_zero() -> None:
    cfg = default_config().tiering
    rfm = rfm_score([], AS_OF, cfg.window_days, cfg.rfm)
    assert (rfm.recency_score, rfm.frequency_score, rfm.monetary_score, rfm.score) == (0, 0, 0, 0)
    assert customer_lifetime_value([], AS_OF, 365, cfg.clv).value == 0


def test_rfm_old_order_scores_recency_one() -> None:
    cfg = default_config().tiering
    rfm = rfm_score(ORDERS[:1], AS_OF, cfg.window_days, cfg.rfm)
    # last order 425 days ago: older than every cutoff -> 1; nothing in the window -> F, M = 0
    assert (rfm.recency_days, rfm.recency_score, rfm.frequency_score) == (425, 1, 0)


@pytest.mark.parametrize(
    ("value", "floor", "expected"),
    [(0, 1, 0), (1, 1, 1), (2, 1, 2), (11.9, 1, 4), (12, 1, 5), (99, 0, 0), (100, 0, 1)],
)
def test_score_by_cutoffs(value: float, floor: int, expected: int) -> None:
    cutoffs = [2, 4, 6, 12] if floor == 1 else [100, 500, 1000, 2500, 5000]
    assert score_by_cutoffs(value, cutoffs, floor) == expected


def test_nps_by_hand() -> None:
    # 10 and 9 promoters, 7 passive, 3 detractor: (2 − 1) / 4 = +25
    answers = [NpsAnswer(date=AS_OF, score=s) for s in (10, 9, 7, 3)]
    assert net_promoter_score(answers) == pytest.approx(25.0)
    assert net_promoter_score([]) is None
