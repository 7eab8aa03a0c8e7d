"""Influence on the decision and net support (influence-weighted stance over the decision chain).

Influence: personalised PageRank on the reversed sway graph, restarting at the decision makers,
times each person's own `influence`, normalised to sum 1 (a share of the influence on the
decision). Net support: sum of share x stance/2 over the decision chain, divided by the chain's
total share, so it lies in [-1, 1].
"""

from __future__ import annotations

import networkx as nx
from pydantic import BaseModel

from graphkam.analysis.projection import Projection
from graphkam.model import DecisionRole, Stance

__all__ = [
    "InfluenceScore",
    "SupportContribution",
    "Support",
    "influence_scores",
    "net_support",
]


class InfluenceScore(BaseModel):
    """One stakeholder's share of the influence on the decision (scores sum to 1)."""

    id: str
    name: str
    score: float
    reach: float
    own_influence: float


class SupportContribution(BaseModel):
    """One decision-chain stakeholder's part of the net support index."""

    id: str
    name: str
    stance: Stance
    score: float
    contribution: float


class Support(BaseModel):
    """Net support in [-1, 1], each person's contribution, and whose stance is unknown."""

    index: float
    contributions: list[SupportContribution]
    unknown: list[str]


def influence_scores(proj: Projection) -> list[InfluenceScore]:
    """Every active stakeholder's influence on the decision, highest first (ties by id).

    reach_i = personalised PageRank of i on the sway graph reversed (a walker starts at a
    decision maker and steps to whoever sways the current person, in proportion to the weight;
    it restarts at the decision makers with probability 1 - alpha). score_i = reach_i x
    influence_i / sum_j(reach_j x influence_j) (reach alone if every influence is 0).
    """
    active = proj.active
    if not active:
        return []
    seeds = proj.holders[DecisionRole.DECISION_MAKER] or proj.decision_chain or list(active)
    reversed_sway = proj.influence.reverse(copy=False)
    personal = dict.fromkeys(seeds, 1.0 / len(seeds))
    reach = nx.pagerank(
        reversed_sway,
        alpha=proj.config.pagerank_alpha,
        personalization=personal,
        dangling=personal,
        weight="weight",
    )
    raw = {sid: reach.get(sid, 0.0) * active[sid].influence for sid in active}
    total = sum(raw.values())
    if total <= 0:
        raw, total = {sid: reach.get(sid, 0.0) for sid in active}, 1.0
    digits = proj.config.decimals
    scores = [
        InfluenceScore(
            id=sid,
            name=active[sid].name,
            score=_r(raw[sid] / total, digits),
            reach=_r(reach.get(sid, 0.0), digits),
            own_influence=active[sid].influence,
        )
        for sid in active
    ]
    return sorted(scores, key=lambda s: (-s.score, s.id))


def net_support(proj: Projection, scores: list[InfluenceScore]) -> Support:
    """Influence-weighted stance over the decision chain: sum(score x stance/2) / sum(score).

    Unknown stances contribute 0 but keep their weight in the denominator, and are listed.
    """
    by_id = {s.id: s.score for s in scores}
    chain = proj.decision_chain
    total = sum(by_id.get(sid, 0.0) for sid in chain)
    digits = proj.config.decimals
    contribs: list[SupportContribution] = []
    index = 0.0
    for sid in chain:
        person = proj.active[sid]
        score = by_id.get(sid, 0.0)
        value = (person.stance.score or 0) / 2
        part = score * value / total if total > 0 else 0.0
        index += part
        contribs.append(
            SupportContribution(
                id=sid,
                name=person.name,
                stance=person.stance,
                score=_r(score, digits),
                contribution=_r(part, digits),
            )
        )
    contribs.sort(key=lambda c: (-abs(c.contribution), c.id))
    unknown = sorted(sid for sid in chain if proj.active[sid].stance == Stance.UNKNOWN)
    return Support(
        index=_r(max(-1.0, min(1.0, index)), digits), contributions=contribs, unknown=unknown
    )


def _r(x: float, digits: int) -> float:
    """Round for stable output; never -0.0."""
    return round(float(x), digits) + 0.0
