"""Competitor reach: whom a rival vendor's people reach, which of them we don't, and their pull.

A stakeholder is *competitor-owned* when a competitor's tie to them (`competitor_relates_to`,
as seen by us) has strength >= `AnalysisConfig.competitor_min_strength` (0.5) and is stronger
than our best
effective tie, and we have no good tie to them (contact status not `covered`).

The competitor's *pull* on a person is p = max(0, c − o), where c is the competitor's strongest
tie and o our best effective tie (0 without one). It moves the person's stance value s
(stance score / 2, in [−1, 1]; 0 when unknown) toward −1: s' = s − p·(s + 1). Net support
*with* the pull is the influence-weighted mean of s' over the decision chain (the formula of
`net_support`); *without* it is the plain net support.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from graphkam.analysis.config import ContactStatus
from graphkam.analysis.projection import Projection
from graphkam.model import DecisionRole

__all__ = [
    "CompetitorTie",
    "CompetitorProductUse",
    "OwnedStakeholder",
    "CompetitorReach",
    "competitor_reach",
]


class CompetitorTie(BaseModel):
    """A competitor's relationship with a stakeholder, as seen by us."""

    competitor: str
    competitor_name: str
    stakeholder: str
    strength: float


class CompetitorProductUse(BaseModel):
    """A competitor product in use at the account (known on the analysis date)."""

    competitor: str
    competitor_name: str
    product: str
    since: date | None
    satisfaction: int | None


class OwnedStakeholder(BaseModel):
    """A stakeholder the competitor reaches and we do not, with their weight in the decision."""

    id: str
    name: str
    roles: list[DecisionRole]
    competitor: str
    competitor_name: str
    competitor_strength: float
    our_best: float | None
    influence: float
    preference: str | None


class CompetitorReach(BaseModel):
    """The competitors at one account: products, ties, owned people and their pull."""

    products: list[CompetitorProductUse]
    ties: list[CompetitorTie]
    owned: list[OwnedStakeholder]
    owned_influence: float
    support_without: float
    support_with: float


def competitor_reach(proj: Projection, shares: dict[str, float], support: float) -> CompetitorReach:
    """Competitor ties, owned stakeholders (by influence share, desc) and net support with the
    competitors' pull; `shares` are influence scores, `support` the plain net support index."""
    digits = proj.config.decimals
    ties = _ties(proj)
    best: dict[str, CompetitorTie] = {}
    for tie in ties:
        if (
            tie.strength
            > best.get(tie.stakeholder, tie.model_copy(update={"strength": -1})).strength
        ):
            best[tie.stakeholder] = tie
    owned = [
        _owned(proj, tie, shares, digits)
        for sid, tie in sorted(best.items())
        if _is_owned(proj, sid, tie.strength)
    ]
    owned.sort(key=lambda o: (-o.influence, o.id))
    return CompetitorReach(
        products=_products(proj),
        ties=ties,
        owned=owned,
        owned_influence=round(sum(o.influence for o in owned), digits),
        support_without=support,
        support_with=round(_pulled_support(proj, shares, best), digits),
    )


def _ties(proj: Projection) -> list[CompetitorTie]:
    return [
        CompetitorTie(
            competitor=r.from_id,
            competitor_name=proj.competitor_names.get(r.from_id, r.from_id),
            stakeholder=r.to_id,
            strength=r.strength or 0.0,
        )
        for r in proj.competitor_edges
    ]


def _is_owned(proj: Projection, sid: str, strength: float) -> bool:
    ours = proj.best_strength(sid) or 0.0
    return (
        strength >= proj.config.competitor_min_strength
        and strength > ours
        and proj.contact_status(sid) is not ContactStatus.COVERED
    )


def _owned(
    proj: Projection, tie: CompetitorTie, shares: dict[str, float], digits: int
) -> OwnedStakeholder:
    person = proj.active[tie.stakeholder]
    ours = proj.best_strength(person.id)
    return OwnedStakeholder(
        id=person.id,
        name=person.name,
        roles=person.roles,
        competitor=tie.competitor,
        competitor_name=tie.competitor_name,
        competitor_strength=tie.strength,
        our_best=None if ours is None else round(ours, digits),
        influence=round(shares.get(person.id, 0.0), digits),
        preference=person.competitor_preference,
    )


def _pulled_support(
    proj: Projection, shares: dict[str, float], best: dict[str, CompetitorTie]
) -> float:
    """sum(score x s') / sum(score) over the decision chain, s' = s − p(s + 1) (module doc)."""
    chain = proj.decision_chain
    total = sum(shares.get(sid, 0.0) for sid in chain)
    if total <= 0:
        return 0.0
    index = 0.0
    for sid in chain:
        value = (proj.active[sid].stance.score or 0) / 2
        tie = best.get(sid)
        if tie is not None:
            pull = max(0.0, tie.strength - (proj.best_strength(sid) or 0.0))
            value -= pull * (value + 1)
        index += shares.get(sid, 0.0) * value / total
    return max(-1.0, min(1.0, index))


def _products(proj: Projection) -> list[CompetitorProductUse]:
    return [
        CompetitorProductUse(
            competitor=p.competitor,
            competitor_name=proj.competitor_names.get(p.competitor, p.competitor),
            product=p.product,
            since=p.since,
            satisfaction=p.satisfaction,
        )
        for p in proj.competitor_products
    ]
