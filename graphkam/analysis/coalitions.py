"""Coalitions: the factions of a buying committee, found in the signed graph of its ties.

Method: Newman's leading-eigenvector division (Newman 2006) applied to the *signed* modularity of
Gómez, Jensen & Arenas (2009),

    Q = 1/(2w⁺ + 2w⁻) · Σ_ij [ (A⁺_ij − k⁺_i k⁺_j / 2w⁺) − (A⁻_ij − k⁻_i k⁻_j / 2w⁻) ] δ(c_i, c_j),

where A⁺ holds the positive ties (allied_with 1.0, influences its weight, reports_to 0.3) and A⁻
the rivalries (rivals_with 1.0). A group is split by the sign of the leading eigenvector of its
signed modularity matrix while that raises Q (or until `k` groups when `k` is given).

Why this method: it needs no guess of the number of factions, it treats a rivalry as evidence
*against* two people sharing a faction (so two rivals who report to one manager end up apart),
and it is exact linear algebra on committees of at most a few hundred people: deterministic,
fast and explainable (each person's side is the sign of one number).

References: M. E. J. Newman, "Modularity and community structure in networks", PNAS 103 (2006)
8577, doi:10.1073/pnas.0601602103; S. Gómez, P. Jensen, A. Arenas, "Analysis of community
structure in networks of correlated data", Phys. Rev. E 80 (2009) 016114,
doi:10.1103/PhysRevE.80.016114.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx
import numpy as np
from pydantic import BaseModel

from graphkam.documents import AccountSubgraph
from graphkam.model import DecisionRole, RelType, StakeholderStatus, Stance

__all__ = [
    "Coalition",
    "CoalitionReport",
    "TIE_SIGNS",
    "signed_committee_graph",
    "partition_signed",
    "signed_modularity",
    "find_coalitions",
]

#: Weight each tie type adds between two stakeholders (influences uses its own weight).
TIE_SIGNS: dict[RelType, float] = {
    RelType.ALLIED_WITH: 1.0,
    RelType.INFLUENCES: 0.5,
    RelType.REPORTS_TO: 0.3,
    RelType.RIVALS_WITH: -1.0,
}

_EPS = 1e-9


class Coalition(BaseModel):
    """One faction: its members and what it means for us."""

    index: int
    members: list[str]
    stance: float  # mean stance score (−2..+2) over members with a known stance, 0 if none known
    influence: float  # summed influence on the decision of its members
    decision_makers: list[str]
    our_relationships: list[str]  # "member->stakeholder" relates_to ties into the coalition


class CoalitionReport(BaseModel):
    """The committee's coalitions, largest first, and the split's signed modularity."""

    account: str
    modularity: float
    coalitions: list[Coalition]
    decision_maker_coalition: dict[str, int]


def signed_committee_graph(subgraph: AccountSubgraph) -> nx.Graph:
    """Undirected graph of active stakeholders with a summed signed `weight` per pair."""
    active = {s.id for s in subgraph.stakeholders if s.status is StakeholderStatus.ACTIVE}
    graph = nx.Graph()
    graph.add_nodes_from(sorted(active))
    for rel in subgraph.relationships:
        sign = TIE_SIGNS.get(rel.type)
        if sign is None or rel.from_id not in active or rel.to_id not in active:
            continue
        if rel.type is RelType.INFLUENCES and rel.weight is not None:
            sign = rel.weight
        a, b = rel.from_id, rel.to_id
        previous = graph.edges[a, b]["weight"] if graph.has_edge(a, b) else 0.0
        graph.add_edge(a, b, weight=previous + sign)
    return graph


def _modularity_matrix(graph: nx.Graph, nodes: Sequence[str]) -> np.ndarray:
    """B = (A⁺ − k⁺k⁺ᵀ/2w⁺) − (A⁻ − k⁻k⁻ᵀ/2w⁻), normalised by 2w⁺ + 2w⁻."""
    a = nx.to_numpy_array(graph, nodelist=nodes, weight="weight")
    pos, neg = np.clip(a, 0, None), np.clip(-a, 0, None)
    b = np.zeros_like(a)
    total = pos.sum() + neg.sum()
    for part, sign in ((pos, 1.0), (neg, -1.0)):
        k = part.sum(axis=1)
        if k.sum() > _EPS:
            b += sign * (part - np.outer(k, k) / k.sum())
    return b / total if total > _EPS else b


def signed_modularity(graph: nx.Graph, groups: Sequence[Sequence[str]]) -> float:
    """Signed modularity Q of a partition (Gómez et al. 2009); 0 for a graph with no ties."""
    nodes = sorted(graph.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    b = _modularity_matrix(graph, nodes)
    q = 0.0
    for group in groups:
        idx = [index[n] for n in group]
        q += float(b[np.ix_(idx, idx)].sum())
    return q


def partition_signed(graph: nx.Graph, k: int | None = None) -> list[list[str]]:
    """Split `graph` into coalitions by repeated leading-eigenvector bisection.

    Without `k`, a group is divided while the division raises Q (Newman 2006). With `k`, the
    group whose best division raises Q most is divided until there are `k` groups (or no
    group can be divided). Groups are returned sorted by size (desc), then first member.
    """
    nodes = sorted(graph.nodes)
    if not nodes:
        return []
    b = _modularity_matrix(graph, nodes)
    index = {n: i for i, n in enumerate(nodes)}
    groups: list[list[str]] = [nodes]
    while k is None or len(groups) < k:
        best: tuple[float, int, list[str], list[str]] | None = None
        for gi, group in enumerate(groups):
            split = _bisect(b, [index[n] for n in group], nodes)
            if split is None:
                continue
            gain, left, right = split
            if (k is None and gain <= _EPS) or len(left) == 0 or len(right) == 0:
                continue
            if best is None or gain > best[0] + _EPS:
                best = (gain, gi, left, right)
        if best is None:
            break
        _, gi, left, right = best
        groups[gi : gi + 1] = [left, right]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def _bisect(
    b: np.ndarray, idx: list[int], nodes: Sequence[str]
) -> tuple[float, list[str], list[str]] | None:
    """Best eigenvector split of one group and its gain ΔQ = sᵀB⁽ᵍ⁾s/2 − ... (Newman eq. 6)."""
    if len(idx) < 2:
        return None
    sub = b[np.ix_(idx, idx)]
    bg = sub - np.diag(sub.sum(axis=1))
    values, vectors = np.linalg.eigh(bg)
    if values[-1] <= _EPS:
        return None
    vec = vectors[:, -1]
    # Deterministic orientation: the first member (by id) is on the positive side.
    if vec[0] < 0 or (abs(vec[0]) <= _EPS and vec.sum() < 0):
        vec = -vec
    s = np.where(vec >= -_EPS, 1.0, -1.0)
    gain = float(s @ bg @ s) / 2.0
    left = [nodes[i] for i, v in zip(idx, s, strict=True) if v > 0]
    right = [nodes[i] for i, v in zip(idx, s, strict=True) if v < 0]
    return gain, left, right


def find_coalitions(
    subgraph: AccountSubgraph,
    k: int | None = None,
    influence: Mapping[str, float] | None = None,
) -> CoalitionReport:
    """The coalitions of one account's committee, with stance, influence and our ties into each.

    `influence` maps stakeholder id to influence on the decision (from the analysis); without
    it each person's own `influence` attribute is used.
    """
    graph = signed_committee_graph(subgraph)
    groups = partition_signed(graph, k)
    people = {s.id: s for s in subgraph.stakeholders}
    weight = (
        dict(influence) if influence is not None else {i: p.influence for i, p in people.items()}
    )
    ties = [r for r in subgraph.relationships if r.type is RelType.RELATES_TO]
    coalitions = []
    for i, members in enumerate(groups):
        known = [people[m].stance.score for m in members if people[m].stance is not Stance.UNKNOWN]
        member_set = set(members)
        coalitions.append(
            Coalition(
                index=i,
                members=members,
                stance=round(sum(known) / len(known), 6) if known else 0.0,  # type: ignore[arg-type]
                influence=round(sum(weight.get(m, 0.0) for m in members), 6),
                decision_makers=[
                    m for m in members if DecisionRole.DECISION_MAKER in people[m].roles
                ],
                our_relationships=sorted(
                    f"{r.from_id}->{r.to_id}" for r in ties if r.to_id in member_set
                ),
            )
        )
    return CoalitionReport(
        account=subgraph.id,
        modularity=round(signed_modularity(graph, groups), 6),
        coalitions=coalitions,
        decision_maker_coalition={m: c.index for c in coalitions for m in c.decision_makers},
    )
