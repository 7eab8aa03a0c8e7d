"""Current business value of an account: RFM scores, customer lifetime value and NPS."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from pydantic import BaseModel

from graphkam.business.config import ClvConfig, RfmConfig
from graphkam.model import NpsAnswer, Order

__all__ = [
    "RfmScore",
    "ClvResult",
    "rfm_score",
    "customer_lifetime_value",
    "net_promoter_score",
    "orders_in_window",
    "score_by_cutoffs",
]


class RfmScore(BaseModel):
    """Recency, frequency and monetary value of the orders in a window, each scored 0..5."""

    window_start: dt.date
    as_of: dt.date
    last_order: dt.date | None
    recency_days: int | None
    frequency: int
    monetary: float
    recency_score: int
    frequency_score: int
    monetary_score: int
    score: float  # weighted mean of the three scores, as 0..100


class ClvResult(BaseModel):
    """Customer lifetime value: CLV = m × r / (1 + d − r), m the annual margin."""

    annual_margin: float
    retention: float
    discount: float
    value: float
    score: int  # 0..5 by the configured cutoffs


def orders_in_window(orders: Iterable[Order], start: dt.date, end: dt.date) -> list[Order]:
    """Orders dated after `start` and on or before `end` (the half-open window (start, end])."""
    return [o for o in orders if start < o.date <= end]


def score_by_cutoffs(value: float, cutoffs: Sequence[float], floor: int = 1) -> int:
    """`floor` + the number of ascending cutoffs that `value` reaches; 0 when `value` <= 0."""
    if value <= 0:
        return 0
    return floor + sum(1 for c in cutoffs if value >= c)


def rfm_score(
    orders: Iterable[Order], as_of: dt.date, window_days: int, config: RfmConfig
) -> RfmScore:
    """Score the orders known on `as_of` (recency over all of them, F and M over the window).

    Recency: 5 if the last order is at most `recency_days[3]` days old, 4 within `[2]`, 3 within
    `[1]`, 2 within `[0]`, 1 if older, 0 if there is none. Frequency (order count) and monetary
    (order amount) in the window: 1 for any, plus one per cutoff reached (so 1..5), 0 for none.
    The RFM score is the weighted mean of the three, × 20, so 0..100.
    """
    known = [o for o in orders if o.date <= as_of]
    start = as_of - dt.timedelta(days=window_days)
    window = orders_in_window(known, start, as_of)
    last = max((o.date for o in known), default=None)
    recency_days = (as_of - last).days if last is not None else None
    if recency_days is None:
        r = 0
    else:
        # cutoffs run from loosest (2 points) to tightest (5 points)
        r = 1 + sum(1 for c in config.recency_days if recency_days <= c)
    f = score_by_cutoffs(len(window), [float(c) for c in config.frequency])
    monetary = float(sum(o.amount for o in window))
    m = score_by_cutoffs(monetary, config.monetary)
    w = config.weights
    total = w["recency"] + w["frequency"] + w["monetary"]
    mean = (w["recency"] * r + w["frequency"] * f + w["monetary"] * m) / total
    return RfmScore(
        window_start=start,
        as_of=as_of,
        last_order=last,
        recency_days=recency_days,
        frequency=len(window),
        monetary=monetary,
        recency_score=r,
        frequency_score=f,
        monetary_score=m,
        score=mean * 20.0,
    )


def customer_lifetime_value(
    orders: Iterable[Order], as_of: dt.date, window_days: int, config: ClvConfig
) -> ClvResult:
    """CLV = m × r / (1 + d − r), m = the window's margin (amount × margin) scaled to a year.

    Orders without a margin use `default_margin`. The score is 0..5 by `cutoffs` (0 below the
    first, 5 at or above the last).
    """
    start = as_of - dt.timedelta(days=window_days)
    window = orders_in_window(orders, start, as_of)
    margin = sum(
        o.amount * (o.margin if o.margin is not None else config.default_margin) for o in window
    )
    annual = float(margin) * 365.0 / window_days
    r, d = config.retention, config.discount
    value = annual * r / (1.0 + d - r)
    score = score_by_cutoffs(value, config.cutoffs, floor=0)
    return ClvResult(annual_margin=annual, retention=r, discount=d, value=value, score=score)


def net_promoter_score(answers: Iterable[NpsAnswer]) -> float | None:
    """NPS = % promoters (9–10) − % detractors (0–6), −100..100; None without answers."""
    scores = [a.score for a in answers]
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return 100.0 * (promoters - detractors) / len(scores)
