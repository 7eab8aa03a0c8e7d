"""The account health index (0–100) as of any date, explained component by component.

index = Σ weight_c × score_c / Σ weights, each component's score 0..100 (see `HealthComponent`
and docs/tiering-and-health.md). Dated facts count only when known on `as_of`: interactions,
orders, NPS answers and complaints dated up to it, relationships' `last_contact` up to it, and
relationships whose `since` is after it are left out. Stakeholders' status and stance have no
history yet, so their current values apply at every date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from statistics import fmean

from pydantic import BaseModel

from graphkam.analysis import (
    AnalysisConfig,
    ContactStatus,
    Projection,
    analyze_threading,
    project,
)
from graphkam.analysis.compiled import gc_paused
from graphkam.analysis.known import known_on
from graphkam.business.config import BusinessConfig, HealthComponent, HealthConfig, default_config
from graphkam.business.tiering import iter_subgraphs
from graphkam.documents import AccountSubgraph
from graphkam.errors import InvalidInputError
from graphkam.model import (
    Relationship,
    RelType,
    StakeholderStatus,
    Stance,
)
from graphkam.stores.base import Store

__all__ = [
    "ComponentScore",
    "HealthIndex",
    "HealthSeries",
    "health_index",
    "health_series",
    "portfolio_health",
    "account_health",
    "series_dates",
    "parse_every",
]


class ComponentScore(BaseModel):
    """One component: its 0..100 score, weight share, contribution to the index and why."""

    component: HealthComponent
    score: float
    weight: float
    contribution: float
    detail: str


class HealthIndex(BaseModel):
    """An account's health index on one date with every component behind it."""

    account: str
    name: str
    as_of: dt.date
    index: float
    components: list[ComponentScore]

    def component(self, name: HealthComponent) -> ComponentScore:
        """The named component."""
        return next(c for c in self.components if c.component == name)


class HealthSeries(BaseModel):
    """An account's health index at evenly spaced dates."""

    account: str
    name: str
    every_days: int
    data: list[HealthIndex]
    count: int


def health_index(
    subgraph: AccountSubgraph,
    as_of: dt.date,
    config: BusinessConfig | None = None,
    analysis_config: AnalysisConfig | None = None,
) -> HealthIndex:
    """The health index of one account as known on `as_of` (see the module docstring).

    Coverage and threading come from the relationship analytics' projection (ties, decay,
    contact status, connectivity; `analysis_config` or its defaults), so they agree with
    `graphkam analyze`. The cyclic garbage collector is paused meanwhile (`gc_paused`).
    """
    with gc_paused():
        return _health_index(subgraph, as_of, config, analysis_config)


def _health_index(
    subgraph: AccountSubgraph,
    as_of: dt.date,
    config: BusinessConfig | None,
    analysis_config: AnalysisConfig | None,
) -> HealthIndex:
    """`health_index` (see there)."""
    cfg = (config or default_config()).health
    subgraph = known_on(subgraph, as_of)  # the account as known then (analysis/known.py)
    facts = _Facts(subgraph, as_of)
    proj = project(subgraph, as_of, analysis_config or AnalysisConfig())
    scores: dict[HealthComponent, tuple[float, str]] = {
        HealthComponent.COVERAGE: _coverage(proj, cfg),
        HealthComponent.THREADING: _threading(proj),
        HealthComponent.NET_SUPPORT: _net_support(facts),
        HealthComponent.VISIT_RECENCY: _visit_recency(facts, cfg),
        HealthComponent.VISIT_FREQUENCY: _visit_frequency(facts, cfg),
        HealthComponent.CHAMPION: _champion(facts, cfg),
        HealthComponent.NPS: _nps(facts, cfg),
        HealthComponent.COMPLAINTS: _complaints(facts, cfg),
        HealthComponent.REVENUE: _revenue(facts, cfg),
    }
    total = sum(cfg.weights.values())
    components = []
    for name in HealthComponent:
        score, detail = scores[name]
        score = min(100.0, max(0.0, score))
        share = cfg.weights[name] / total
        components.append(
            ComponentScore(
                component=name,
                score=score,
                weight=share,
                contribution=share * score,
                detail=detail,
            )
        )
    index = min(100.0, max(0.0, sum(c.contribution for c in components)))
    return HealthIndex(
        account=subgraph.account.id,
        name=subgraph.account.name,
        as_of=as_of,
        index=index,
        components=components,
    )


def health_series(
    subgraph: AccountSubgraph,
    start: dt.date,
    end: dt.date,
    every_days: int = 30,
    config: BusinessConfig | None = None,
) -> HealthSeries:
    """The index at `start`, every `every_days` after it, and at `end` (always included)."""
    cfg = config or default_config()
    data = [health_index(subgraph, d, cfg) for d in series_dates(start, end, every_days)]
    return HealthSeries(
        account=subgraph.account.id,
        name=subgraph.account.name,
        every_days=every_days,
        data=data,
        count=len(data),
    )


def portfolio_health(
    source: Store | Iterable[AccountSubgraph],
    as_of: dt.date,
    config: BusinessConfig | None = None,
) -> list[HealthIndex]:
    """Every account's current index (for the portfolio scan and pages), lowest first."""
    cfg = config or default_config()
    items = [health_index(sg, as_of, cfg) for sg in iter_subgraphs(source)]
    return sorted(items, key=lambda h: (h.index, h.account))


def account_health(
    store: Store, account_id: str, as_of: dt.date, config: BusinessConfig | None = None
) -> HealthIndex:
    """The health index of one stored account (NotFoundError if there is no such account)."""
    return health_index(store.account_subgraph(account_id), as_of, config)


def series_dates(start: dt.date, end: dt.date, every_days: int) -> list[dt.date]:
    """`start`, `start` + every, ... up to `end`, and `end` itself."""
    if end < start:
        raise InvalidInputError(f"--from {start} is after --to {end}: swap them")
    if every_days <= 0:
        raise InvalidInputError(f"--every must be at least 1 day, not {every_days}")
    dates = []
    day = start
    while day < end:
        dates.append(day)
        day += dt.timedelta(days=every_days)
    dates.append(end)
    return dates


def parse_every(value: str) -> int:
    """A step such as `30d`, `2w` or `30` as a number of days."""
    text = value.strip().lower()
    unit = {"d": 1, "w": 7}.get(text[-1:], None)
    digits = text[:-1] if unit is not None else text
    if not digits.isdigit() or int(digits) <= 0:
        raise InvalidInputError(f"--every: '{value}' is not a step such as 30d or 2w")
    return int(digits) * (unit or 1)


# -- facts known on a date ---------------------------------------------------------------------


class _Facts:
    """The account's facts as known on `as_of`."""

    def __init__(self, sg: AccountSubgraph, as_of: dt.date) -> None:
        self.as_of = as_of
        self.stakeholders = [s for s in sg.stakeholders if s.account == sg.account.id]
        self.active = [s for s in self.stakeholders if s.status == StakeholderStatus.ACTIVE]
        team = {t.id for t in sg.team}
        contacts: list[dt.date] = []
        for rel in sg.relationships:
            if _our_tie(rel, team) is None or (rel.since is not None and rel.since > as_of):
                continue
            if rel.last_contact is not None and rel.last_contact <= as_of:
                contacts.append(rel.last_contact)
        self.interactions = [i for i in sg.interactions if i.date <= as_of]
        contacts.extend(i.date for i in self.interactions)
        self.last_contact = max(contacts, default=None)
        self.orders = [o for o in sg.orders if o.date <= as_of]
        self.nps = [a for a in sg.nps if a.date <= as_of]
        self.complaints = [c for c in sg.complaints if c.date <= as_of]


def _our_tie(rel: Relationship, team: set[str]) -> tuple[str, str] | None:
    """(team member, stakeholder) of a relates_to or team–stakeholder knows edge, else None."""
    if rel.type == RelType.RELATES_TO:
        return rel.from_id, rel.to_id
    if rel.type == RelType.KNOWS:
        if rel.from_id in team and rel.to_id not in team:
            return rel.from_id, rel.to_id
        if rel.to_id in team and rel.from_id not in team:
            return rel.to_id, rel.from_id
    return None


def _between(day: dt.date, start: dt.date, end: dt.date) -> bool:
    return start < day <= end


# -- components --------------------------------------------------------------------------------


def _coverage(proj: Projection, cfg: HealthConfig) -> tuple[float, str]:
    """Mean over the core roles of the credit of our best reach to any active holder:
    covered (a good tie) 1, weak 0.5, stale 0.25, uncovered or no holder 0 (configurable)."""
    credits = []
    parts = []
    for role in cfg.core_roles:
        holders = proj.holders.get(role, [])
        if not holders:
            credits.append(0.0)
            parts.append(f"{role.value} missing")
            continue
        reach = max((proj.contact_status(h) for h in holders), key=lambda c: c.rank)
        credits.append(cfg.coverage_credit[reach])
        if reach != ContactStatus.COVERED:
            parts.append(f"{role.value} {reach.value}")
    score = 100.0 * fmean(credits)
    if not parts:
        return score, f"all {len(credits)} core roles covered"
    return score, "; ".join(parts)


def _threading(proj: Projection) -> tuple[float, str]:
    """Mean over decision makers and economic buyers of 100 × min(k, 2) / 2, k = independent
    chains from our team to them (the analytics' vertex connectivity); 0 with none known."""
    conn = analyze_threading(proj).connectivity
    if not conn:
        return 0.0, "no active decision maker or economic buyer known"
    score = 100.0 * fmean(min(k, 2) / 2 for k in conn.values())
    thin = [f"{t} ({_chains(k)})" for t, k in sorted(conn.items()) if k < 2]
    if not thin:
        return score, f"multi-threaded: all {len(conn)} decision makers/economic buyers"
    return score, "single-threaded: " + ", ".join(thin)


def _chains(k: int) -> str:
    return "no chain" if k == 0 else "1 chain"


def _net_support(f: _Facts) -> tuple[float, str]:
    """S = Σ influence × stance over the active decision chain; score = 50 + 50 × S / (|S| + 1)."""
    chain = [s for s in f.active if s.roles]
    total = sum(s.influence * (s.stance.score or 0) for s in chain)
    score = 50.0 + 50.0 * total / (abs(total) + 1.0)
    unknown = sum(1 for s in chain if s.stance == Stance.UNKNOWN)
    detail = f"net support {total:+.2f} over {len(chain)} decision-chain people"
    if unknown:
        detail += f" ({unknown} with unknown stance counted as 0)"
    return score, detail


def _visit_recency(f: _Facts, cfg: HealthConfig) -> tuple[float, str]:
    """100 up to `visit_fresh_days` since the last contact, 0 from `visit_stale_days`, linear."""
    if f.last_contact is None:
        return 0.0, "no contact recorded"
    days = (f.as_of - f.last_contact).days
    fresh, stale = cfg.visit_fresh_days, cfg.visit_stale_days
    score = 100.0 * min(1.0, max(0.0, (stale - days) / (stale - fresh)))
    return score, f"last contact {f.last_contact} ({days} days ago)"


def _visit_frequency(f: _Facts, cfg: HealthConfig) -> tuple[float, str]:
    """100 × min(1, visits in the last `visit_window_days` / `visit_target`)."""
    start = f.as_of - dt.timedelta(days=cfg.visit_window_days)
    n = sum(1 for i in f.interactions if _between(i.date, start, f.as_of))
    score = 100.0 * min(1.0, n / cfg.visit_target)
    return score, f"{n} visits in {cfg.visit_window_days} days (target {cfg.visit_target})"


def _champion(f: _Facts, cfg: HealthConfig) -> tuple[float, str]:
    """100 with an active champion; 0 when every champion has left; else `champion_none_score`."""
    champions = [s for s in f.stakeholders if s.stance == Stance.CHAMPION]
    active = [s for s in champions if s.status == StakeholderStatus.ACTIVE]
    if active:
        return 100.0, "active champion: " + ", ".join(s.name for s in active)
    if champions:
        return 0.0, "champion left: " + ", ".join(s.name for s in champions)
    return cfg.champion_none_score, "no champion"


def _nps(f: _Facts, cfg: HealthConfig) -> tuple[float, str]:
    """(level + trend) / 2: level = 10 × recent mean score, trend = 50 + k × (recent − prior)."""
    w = dt.timedelta(days=cfg.nps_window_days)
    recent = [a.score for a in f.nps if _between(a.date, f.as_of - w, f.as_of)]
    prior = [a.score for a in f.nps if _between(a.date, f.as_of - 2 * w, f.as_of - w)]
    if not recent:
        return cfg.nps_unknown_score, f"no NPS answer in {cfg.nps_window_days} days"
    now = fmean(recent)
    level = 10.0 * now
    if prior:
        before = fmean(prior)
        trend = min(100.0, max(0.0, 50.0 + cfg.nps_trend_per_point * (now - before)))
        detail = f"mean score {now:.1f} (was {before:.1f} the {cfg.nps_window_days} days before)"
    else:
        trend = 50.0
        detail = f"mean score {now:.1f}; no earlier answers to compare"
    return (level + trend) / 2.0, detail


def _complaints(f: _Facts, cfg: HealthConfig) -> tuple[float, str]:
    """100 × (1 − open severity / `complaint_severity_zero`), at least 0."""
    open_ = [c for c in f.complaints if c.resolved is None or c.resolved > f.as_of]
    severity = sum(c.severity for c in open_)
    score = 100.0 * max(0.0, 1.0 - severity / cfg.complaint_severity_zero)
    if not open_:
        return score, "no open complaint"
    noun = "complaint" if len(open_) == 1 else "complaints"
    return score, f"{len(open_)} open {noun}, total severity {severity}"


def _revenue(f: _Facts, cfg: HealthConfig) -> tuple[float, str]:
    """100 × min(1, recent amount / baseline); baseline = the amount in the `revenue_baseline_days`
    before the recent span, scaled to the recent span's length. Growth caps at 100."""
    w = cfg.revenue_window_days
    base_days = cfg.revenue_baseline_days
    start = f.as_of - dt.timedelta(days=w)
    base_start = start - dt.timedelta(days=base_days)
    recent = sum(o.amount for o in f.orders if _between(o.date, start, f.as_of))
    before = sum(o.amount for o in f.orders if _between(o.date, base_start, start))
    baseline = before * w / base_days
    if baseline > 0:
        ratio = recent / baseline
        detail = (
            f"orders {recent:,.0f} in {w} days vs {baseline:,.0f} per {w} days "
            f"over the {base_days} days before ({ratio:.0%})"
        )
        return 100.0 * min(1.0, ratio), detail
    if recent > 0:
        return 100.0, f"orders {recent:,.0f} in {w} days, none in the {base_days} days before"
    return cfg.revenue_unknown_score, f"no order in the last {w + base_days} days"
