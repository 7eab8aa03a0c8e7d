"""Who can move a blocker: the people we reach whose stance weighs most in a blocker's opinion.

A blocker is an active skeptic or opponent who holds a decision role or sways the decision
(an influence score above 0). The model is Friedkin–Johnsen opinion dynamics on the signed
sway graph, with stance as each person's initial opinion x0 (champion +2 .. opponent −2):

    x = Λ W x + (I − Λ) x0   ⇒   x = M x0,   M = (I − Λ W)^-1 (I − Λ)

W[b, j] = w(j → b) / Σ_k w(k → b): the share of b's sway that comes from j (the projection's
`influence` graph: `influences` weights, `reports_to` 0.3 from the report to the manager);
Λ = α (the influence walk's `pagerank_alpha`, 0.85) for people someone sways, 0 for the others
(who keep their own view). Every row of M sums to 1: M[b, j] is the share of b's settled
opinion that comes from j's stance, so a change Δ in j's stance moves b by M[b, j] × Δ.

For each blocker, the movers are the other people with M[b, j] > 0 whom we reach — directly
(a tie) or by introduction (a warm path that does not pass through the blocker) — ranked by
M[b, j] (ties: id); each with its warm path, the strongest sway chain j → … → b (max product
of W), and `if_champion` = M[b, j] × (2 − stance_j): how far b would move if j became a
champion.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
from pydantic import BaseModel

from graphkam.analysis.influence import influence_shares
from graphkam.analysis.paths import WarmPath, strongest_path
from graphkam.analysis.projection import Projection
from graphkam.model import Stance

__all__ = ["Mover", "Blocker", "opinion_weights", "find_blockers", "blocker_movers"]

_NEGATIVE = (Stance.SKEPTIC, Stance.OPPONENT)


class Mover(BaseModel):
    """Someone whose stance weighs in a blocker's opinion, and how we reach them."""

    id: str
    name: str
    stance: Stance
    weight: float
    if_champion: float
    reach: str
    introduction: WarmPath
    sway_path: list[str]
    why: str


class Blocker(BaseModel):
    """A skeptic or opponent in (or swaying) the decision, and who can move them."""

    id: str
    name: str
    stance: Stance
    movers: list[Mover]


def opinion_weights(proj: Projection) -> tuple[list[str], np.ndarray]:
    """(people, M): M[i, j] the share of person i's settled opinion from j's own stance."""
    people = sorted(proj.active)
    index = {p: i for i, p in enumerate(people)}
    n = len(people)
    w = np.zeros((n, n))
    for a, b, weight in proj.influence.edges(data="weight"):
        if a in index and b in index and weight > 0:
            w[index[b], index[a]] += weight
    sums = w.sum(axis=1)
    swayed = sums > 0
    w[swayed] /= sums[swayed][:, None]
    lam = np.where(swayed, proj.config.pagerank_alpha, 0.0)
    m = np.linalg.solve(np.eye(n) - lam[:, None] * w, np.diag(1.0 - lam))
    return people, m


def find_blockers(proj: Projection) -> list[str]:
    """Active skeptics and opponents holding a decision role or with influence score > 0."""
    shares = influence_shares(proj)[1]
    return [
        sid
        for sid, s in proj.active.items()
        if s.stance in _NEGATIVE and (s.roles or shares.get(sid, 0.0) > 0)
    ]


def blocker_movers(proj: Projection, limit: int = 5) -> list[Blocker]:
    """Every blocker with its top `limit` movers we can reach (see the module docstring)."""
    people, m = opinion_weights(proj)
    index = {p: i for i, p in enumerate(people)}
    digits = proj.config.decimals
    sway = _sway_costs(proj)
    out = []
    for b in find_blockers(proj):
        movers: list[Mover] = []
        ranked = sorted(
            (j for j in people if j != b and m[index[b], index[j]] > 10**-digits),
            key=lambda j: (-round(float(m[index[b], index[j]]), digits), j),
        )
        for j in ranked:
            intro = strongest_path(proj, j, frozenset({b}))  # not through the blocker
            if not intro.found:
                continue
            weight = float(m[index[b], index[j]])
            stance = proj.active[j].stance
            chain = nx.dijkstra_path(sway, j, b, weight="cost")
            direct = len(intro.hops) == 1
            reach = "direct" if direct else "introduction"
            how = (
                f"{intro.start} knows them"
                if direct
                else "through " + " -> ".join([intro.start or "", *(h.to_id for h in intro.hops)])
            )
            movers.append(
                Mover(
                    id=j,
                    name=proj.name(j),
                    stance=stance,
                    weight=round(weight, digits) + 0.0,
                    if_champion=round(weight * (2 - (stance.score or 0)), digits) + 0.0,
                    reach=reach,
                    introduction=intro,
                    sway_path=chain,
                    why=(
                        f"{weight:.0%} of {proj.name(b)}'s settled opinion comes from "
                        f"{proj.name(j)}'s stance (sway {' -> '.join(chain)}); {how}"
                    ),
                )
            )
            if len(movers) >= limit:
                break
        person = proj.active[b]
        out.append(Blocker(id=b, name=person.name, stance=person.stance, movers=movers))
    return out


def _sway_costs(proj: Projection) -> nx.DiGraph:
    """The sway graph with W's shares as −log costs, for the strongest sway chain."""
    g = nx.DiGraph()
    g.add_nodes_from(proj.active)
    into: dict[str, float] = {}
    for _, b, w in proj.influence.edges(data="weight"):
        into[b] = into.get(b, 0.0) + w
    for a, b, w in proj.influence.edges(data="weight"):
        if w > 0:
            g.add_edge(a, b, cost=-math.log(w / into[b]))
    return g
