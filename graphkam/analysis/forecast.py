"""Decay forecast: the day each tie's effective strength crosses the coverage and threading
cut-offs if nobody meets, and the portfolio's ties to renew (`graphkam refresh`).

From docs/scores.md section 1, a tie last contacted on day C with strength s has, at age a
(days since C), effective strength s × 0.5 ** (a / h). It stays at or above a cut-off c while
a <= a* = h × log2(s / c), so the first day below c is C + floor(a*) + 1. Coverage needs a good
tie: fresh (a <= stale_after_days) and effective >= weak_below, so it is lost on
C + min(floor(a*_weak), stale_after_days) + 1. Threading needs effective >= threading_min_strength
(no freshness), so it is lost on C + floor(a*_thread) + 1. A tie already below a cut-off on the
as-of date has no future crossing for it (None); a tie with no contact date does not decay any
further (it is counted as met `stale_after_days` ago, for ever), so it has none either.

The ties to renew are those losing coverage or threading within the window after as_of. The
value at stake of a tie is the account's value (`stake.account_stake`) × the person's share of
the influence on the decision; ties rank by value at stake / days left (most urgent first:
much at stake, little time), then by date, account, person and member.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

from pydantic import BaseModel

from graphkam.analysis.config import AnalysisConfig
from graphkam.analysis.influence import influence_shares
from graphkam.analysis.projection import Projection, Tie, project
from graphkam.analysis.stake import account_stake
from graphkam.documents import AccountSubgraph

__all__ = ["TieForecast", "Renewal", "crossing_day", "forecast_ties", "ties_to_renew"]


class TieForecast(BaseModel):
    """One tie's decay forecast as of a date (None: no future crossing of that cut-off)."""

    account: str
    member: str
    member_name: str
    stakeholder: str
    stakeholder_name: str
    strength: float
    effective: float
    last_contact: dt.date | None
    coverage_lost_on: dt.date | None
    threading_lost_on: dt.date | None


class Renewal(TieForecast):
    """A tie to renew: who should go (`member`) to meet whom (`stakeholder`), by when."""

    lost_on: dt.date
    cut_off: str
    days_left: int
    value_at_stake: float
    priority: float


def crossing_day(strength: float, cut_off: float, half_life: float) -> float:
    """a* = half_life × log2(strength / cut_off): the last age (days, real) at which
    strength × 0.5 ** (age / half_life) is still >= cut_off (−inf when strength <= 0)."""
    if strength <= 0 or cut_off <= 0:
        return -math.inf if strength <= 0 else math.inf
    return half_life * math.log2(strength / cut_off)


def forecast_ties(proj: Projection) -> list[TieForecast]:
    """Every tie's forecast, by stakeholder then member."""
    return [
        _forecast(proj, tie)
        for sid in sorted(proj.ties)
        for tie in sorted(proj.ties[sid], key=lambda t: t.member)
    ]


def ties_to_renew(
    subgraphs: Iterable[AccountSubgraph],
    as_of: dt.date,
    within_days: int,
    config: AnalysisConfig | None = None,
) -> list[Renewal]:
    """The ties across `subgraphs` that lose coverage or threading within `within_days` after
    `as_of` (see the module docstring for the order)."""
    cfg = config or AnalysisConfig()
    horizon = as_of + dt.timedelta(days=within_days)
    out: list[Renewal] = []
    for sg in subgraphs:
        proj = project(sg, as_of, cfg)
        value = account_stake(proj, []).value  # the account's value, whatever its gaps
        shares = influence_shares(proj)[1]
        for f in forecast_ties(proj):
            dates = [
                (d, name)
                for d, name in (
                    (f.coverage_lost_on, "coverage"),
                    (f.threading_lost_on, "threading"),
                )
                if d is not None and as_of < d <= horizon
            ]
            if not dates:
                continue
            lost_on, cut = min(dates)
            days = (lost_on - as_of).days
            at_stake = value * shares.get(f.stakeholder, 0.0)
            out.append(
                Renewal(
                    **f.model_dump(),
                    lost_on=lost_on,
                    cut_off=cut,
                    days_left=days,
                    value_at_stake=round(at_stake, 2) + 0.0,
                    priority=round(at_stake / days, 2) + 0.0,
                )
            )
    out.sort(key=lambda r: (-r.priority, r.lost_on, r.account, r.stakeholder, r.member))
    return out


def _forecast(proj: Projection, tie: Tie) -> TieForecast:
    cfg = proj.config
    digits = cfg.decimals
    coverage = threading = None
    if tie.contact is not None:
        age = tie.age_days or 0
        weak = crossing_day(tie.strength, cfg.weak_below, cfg.half_life_days)
        last_good = min(math.floor(weak), cfg.stale_after_days)
        if tie.good and last_good >= age:
            coverage = tie.contact + dt.timedelta(days=last_good + 1)
        thread = crossing_day(tie.strength, cfg.threading_min_strength, cfg.half_life_days)
        if tie.effective >= cfg.threading_min_strength and math.isfinite(thread):
            threading = tie.contact + dt.timedelta(days=math.floor(thread) + 1)
    return TieForecast(
        account=proj.account.id,
        member=tie.member,
        member_name=proj.name(tie.member),
        stakeholder=tie.stakeholder,
        stakeholder_name=proj.name(tie.stakeholder),
        strength=tie.strength,
        effective=round(tie.effective, digits) + 0.0,
        last_contact=tie.contact,
        coverage_lost_on=coverage,
        threading_lost_on=threading,
    )
