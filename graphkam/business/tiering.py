"""Tier suggestion from business value: current value (RFM, CLV), potential value and loyalty."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from enum import StrEnum

from pydantic import BaseModel

from graphkam.business.config import BusinessConfig, TieringConfig, default_config
from graphkam.business.rfm import (
    ClvResult,
    RfmScore,
    customer_lifetime_value,
    net_promoter_score,
    rfm_score,
    score_by_cutoffs,
)
from graphkam.documents import AccountSubgraph
from graphkam.model import Account, Tier
from graphkam.stores.base import Store

__all__ = [
    "TierStatus",
    "TierComponent",
    "TierSuggestion",
    "TierReport",
    "suggest_tier",
    "suggest_tiers",
    "apply_tiers",
    "iter_subgraphs",
]


class TierStatus(StrEnum):
    """How the assigned tier compares with the suggestion."""

    MATCHES = "matches"
    UNDER_SERVED = "under_served"  # suggested above assigned
    OVER_SERVED = "over_served"  # suggested below assigned


class TierComponent(BaseModel):
    """One weighted part of the tier score: its 0..100 score, weight share and contribution."""

    name: str
    score: float
    weight: float
    contribution: float
    rule: str


class TierSuggestion(BaseModel):
    """An account's suggested tier with the figures and rules behind it."""

    account: str
    name: str
    assigned: Tier
    suggested: Tier
    status: TierStatus
    score: float
    components: list[TierComponent]
    rfm: RfmScore
    clv: ClvResult
    potential_value: float | None
    nps: float | None
    nps_answers: int
    rule: str


class TierReport(BaseModel):
    """Every account's suggestion, mismatches first (under-served, then over-served)."""

    as_of: dt.date
    data: list[TierSuggestion]
    count: int
    mismatches: int


def suggest_tier(
    subgraph: AccountSubgraph, as_of: dt.date, config: BusinessConfig | None = None
) -> TierSuggestion:
    """Suggest a tier from the orders and NPS answers known on `as_of` and `potential_value`.

    tier score = Σ weight × component / Σ weights over four 0..100 components: RFM score,
    CLV score × 20, potential-value score × 20, loyalty = (NPS + 100) / 2. The tier is the
    highest whose minimum score the tier score reaches (S, then A, then B; else C).
    """
    cfg = (config or default_config()).tiering
    account = subgraph.account
    rfm = rfm_score(subgraph.orders, as_of, cfg.window_days, cfg.rfm)
    clv = customer_lifetime_value(subgraph.orders, as_of, cfg.window_days, cfg.clv)
    start = as_of - dt.timedelta(days=cfg.window_days)
    answers = [a for a in subgraph.nps if start < a.date <= as_of]
    nps = net_promoter_score(answers)
    potential = account.potential_value
    potential_score = score_by_cutoffs(potential or 0.0, cfg.potential.cutoffs, floor=0)
    loyalty = (nps + 100.0) / 2.0 if nps is not None else cfg.loyalty.unknown_score
    parts = {
        "rfm": (
            rfm.score,
            f"R{rfm.recency_score} F{rfm.frequency_score} M{rfm.monetary_score}: "
            f"{rfm.frequency} orders worth {rfm.monetary:,.0f} in {cfg.window_days} days, "
            + (
                f"last {rfm.recency_days} days ago"
                if rfm.recency_days is not None
                else "no order yet"
            ),
        ),
        "clv": (
            clv.score * 20.0,
            f"CLV {clv.value:,.0f} = annual margin {clv.annual_margin:,.0f} × "
            f"{clv.retention} / (1 + {clv.discount} − {clv.retention}) → score {clv.score}/5",
        ),
        "potential": (
            potential_score * 20.0,
            f"potential value {potential:,.0f} → score {potential_score}/5"
            if potential is not None
            else "potential value not recorded → score 0/5",
        ),
        "loyalty": (
            loyalty,
            f"NPS {nps:+.0f} from {len(answers)} answers → (NPS + 100) / 2"
            if nps is not None
            else f"no NPS answer in {cfg.window_days} days → {loyalty:g}",
        ),
    }
    components = _weigh(parts, cfg)
    score = sum(c.contribution for c in components)
    suggested = _tier_for(score, cfg)
    status = _status(account.tier, suggested)
    return TierSuggestion(
        account=account.id,
        name=account.name,
        assigned=account.tier,
        suggested=suggested,
        status=status,
        score=score,
        components=components,
        rfm=rfm,
        clv=clv,
        potential_value=potential,
        nps=nps,
        nps_answers=len(answers),
        rule=_tier_rule(score, suggested, cfg),
    )


def suggest_tiers(
    source: Store | Iterable[AccountSubgraph],
    as_of: dt.date,
    config: BusinessConfig | None = None,
) -> TierReport:
    """Suggest a tier for every account of a store (or of the given subgraphs); mismatches first.

    Order: under-served, then over-served (each by how many tiers apart, most first), then
    matching accounts by tier score, highest first; ties by account id.
    """
    cfg = config or default_config()
    items = [suggest_tier(sg, as_of, cfg) for sg in iter_subgraphs(source)]
    order = {TierStatus.UNDER_SERVED: 0, TierStatus.OVER_SERVED: 1, TierStatus.MATCHES: 2}
    items.sort(
        key=lambda s: (
            order[s.status],
            -abs(s.assigned.rank - s.suggested.rank),
            -s.score,
            s.account,
        )
    )
    mismatches = sum(1 for s in items if s.status != TierStatus.MATCHES)
    return TierReport(as_of=as_of, data=items, count=len(items), mismatches=mismatches)


def apply_tiers(store: Store, report: TierReport) -> list[TierSuggestion]:
    """Set every mismatched account's tier to its suggestion in one transaction; return them."""
    changed = [s for s in report.data if s.status != TierStatus.MATCHES]
    if not changed:
        return []
    with store.transaction():
        for s in changed:
            node = store.get_node(Account.node_kind, s.account)
            assert isinstance(node, Account)
            store.upsert_nodes([node.model_copy(update={"tier": s.suggested})])
    return changed


def iter_subgraphs(source: Store | Iterable[AccountSubgraph]) -> Iterator[AccountSubgraph]:
    """The subgraphs of a store (streamed in batches) or the given iterable as it is."""
    if isinstance(source, Store):
        yield from source.iter_subgraphs()
    else:
        yield from source


def _weigh(parts: dict[str, tuple[float, str]], cfg: TieringConfig) -> list[TierComponent]:
    total = sum(cfg.weights.values())
    out = []
    for name, (score, rule) in parts.items():
        share = cfg.weights[name] / total
        out.append(
            TierComponent(
                name=name, score=score, weight=share, contribution=share * score, rule=rule
            )
        )
    return out


def _tier_for(score: float, cfg: TieringConfig) -> Tier:
    for tier in (Tier.S, Tier.A, Tier.B):
        if score >= cfg.tiers[tier]:
            return tier
    return Tier.C


def _status(assigned: Tier, suggested: Tier) -> TierStatus:
    if suggested.rank < assigned.rank:
        return TierStatus.UNDER_SERVED
    if suggested.rank > assigned.rank:
        return TierStatus.OVER_SERVED
    return TierStatus.MATCHES


def _tier_rule(score: float, tier: Tier, cfg: TieringConfig) -> str:
    if tier == Tier.C:
        return f"tier score {score:.1f} < {cfg.tiers[Tier.B]:g} (B minimum) → C"
    return f"tier score {score:.1f} ≥ {cfg.tiers[tier]:g} ({tier.value} minimum) → {tier.value}"
