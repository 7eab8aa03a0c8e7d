"""Coalitions: the factions of a buying committee, found in the signed graph of its ties.

Method: Newman's leading-eigenvector division (Newman 2006) applied to the *signed* modularity of
Gómez, Jensen & Arenas (2009),

    Q = 1/(2w⁺ + 2w⁻) · Σ_ij [ (A⁺_ij − k⁺_i k⁺_j / 2w⁺) − (A⁻_ij − k⁻_i k⁻_j / 2w⁻) ] δ(c_i, c_j),

where A⁺ holds the positive ties (allied_with 1.0, influences its weight, reports_to 0.3) and A⁻
the rivalries (rivals_with 1.0). A group is split by the sign of the leading eigenvector of its
signed modularity matrix while that raises Q (or until `k` groups when `k` is given).

Why this method: it needs no guess of the number of factions, it treats a rivalry as evidence
*against* two people sharing a faction (so two rivals who report to one manager end up apart),
and it is deterministic and explainable (each person's side is the sign of one number). B is
never formed: each split multiplies a vector by the group's sparse adjacency plus two rank-one
degree terms (Lanczos, `scipy.sparse.linalg.eigsh`), so a split costs about (ties in the group) ×
(Lanczos steps) instead of a dense O(n³) eigendecomposition; groups of at most `_DENSE_MAX`
people still use dense `eigh`.

References: M. E. J. Newman, "Modularity and community structure in networks", PNAS 103 (2006)
8577, doi:10.1073/pnas.0601602103; S. Gómez, P. Jensen, A. Arenas, "Analysis of community
structure in networks of correlated data", Phys. Rev. E 80 (2009) 016114,
doi:10.1103/PhysRevE.80.016114.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.linalg
from pydantic import BaseModel
from scipy.sparse import csr_matrix
from scipy.sparse.linalg import ArpackNoConvergence, LinearOperator, eigsh

from graphkam.analysis.compiled import one_blas_thread
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
#: Groups up to this size use a dense eigendecomposition (exact, and faster than Lanczos there).
_DENSE_MAX = 512


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


@dataclass(frozen=True)
class _Signed:
    """The signed graph as sparse linear algebra: A (summed signed weights, self-loops once),
    the positive and negative degrees k⁺ = A⁺1, k⁻ = A⁻1, their sums 2w⁺, 2w⁻ and the
    normalisation 2w⁺ + 2w⁻. B = (A − k⁺k⁺ᵀ/2w⁺ + k⁻k⁻ᵀ/2w⁻) / (2w⁺ + 2w⁻) is never formed."""

    a: csr_matrix
    k_pos: np.ndarray
    k_neg: np.ndarray
    m_pos: float
    m_neg: float

    @property
    def total(self) -> float:
        return self.m_pos + self.m_neg

    @classmethod
    def of(cls, graph: nx.Graph, nodes: Sequence[str]) -> _Signed:
        a = csr_matrix(
            nx.to_scipy_sparse_array(graph, nodelist=nodes, weight="weight", format="csr"),
            dtype=float,
        )
        k_pos = np.asarray(a.maximum(0).sum(axis=1)).ravel()
        k_neg = np.asarray((-a).maximum(0).sum(axis=1)).ravel()
        return cls(a, k_pos, k_neg, float(k_pos.sum()), float(k_neg.sum()))

    def group(self, idx: np.ndarray) -> _Group:
        """B⁽ᵍ⁾ = B[g, g] − diag(row sums of B[g, g]) of one group, as sparse + rank-2 parts."""
        scale = 1.0 / self.total if self.total > _EPS else 1.0
        sub = self.a[idx][:, idx] * scale
        low = []  # (vector u, coefficient c): the term c · u uᵀ
        if self.m_pos > _EPS:
            low.append((self.k_pos[idx], -scale / self.m_pos))
        if self.m_neg > _EPS:
            low.append((self.k_neg[idx], scale / self.m_neg))
        rows = np.asarray(sub.sum(axis=1)).ravel()
        for u, c in low:
            rows = rows + c * u * u.sum()
        return _Group(sub, low, rows)


@dataclass(frozen=True)
class _Group:
    """B⁽ᵍ⁾ x = A_gg x / T + Σ c u (uᵀx) − r ∘ x, r the row sums of B[g, g]."""

    sub: csr_matrix
    low: list[tuple[np.ndarray, float]]
    rows: np.ndarray

    def matvec(self, x: np.ndarray) -> np.ndarray:
        y = self.sub @ x - self.rows * x
        for u, c in self.low:
            y = y + (c * float(u @ x)) * u
        return y

    def dense(self) -> np.ndarray:
        b = self.sub.toarray()
        for u, c in self.low:
            b += c * np.outer(u, u)
        return b - np.diag(self.rows)

    def leading(self) -> tuple[float, np.ndarray]:
        """The largest eigenvalue and its unit eigenvector: dense `eigh` for a small group,
        else Lanczos (ARPACK `eigsh`, a fixed seeded start so the answer is deterministic)."""
        n = len(self.rows)
        if n <= _DENSE_MAX:
            return self._dense_leading()
        op = LinearOperator((n, n), matvec=self.matvec, dtype=float)
        start = np.random.default_rng(n).standard_normal(n)
        try:
            values, vectors = eigsh(op, k=1, which="LA", v0=start, tol=1e-12)
        except ArpackNoConvergence:  # pathological spectrum: exact but slow
            return self._dense_leading()
        return float(values[0]), vectors[:, 0]

    def _dense_leading(self) -> tuple[float, np.ndarray]:
        n = len(self.rows)
        values, vectors = scipy.linalg.eigh(self.dense(), subset_by_index=[n - 1, n - 1])
        return float(values[0]), vectors[:, 0]


def signed_modularity(graph: nx.Graph, groups: Sequence[Sequence[str]]) -> float:
    """Signed modularity Q of a partition (Gómez et al. 2009); 0 for a graph with no ties.

    Q = Σ_g [Σ_{i,j∈g} A_ij − (K⁺_g)²/2w⁺ + (K⁻_g)²/2w⁻] / (2w⁺ + 2w⁻), K_g the group's
    summed degree: linear in the number of ties (the matrix B is never formed).
    """
    nodes = sorted(graph.nodes)
    if not nodes:
        return 0.0
    index = {n: i for i, n in enumerate(nodes)}
    signed = _Signed.of(graph, nodes)
    label = np.empty(len(nodes), dtype=np.int64)
    for g, group in enumerate(groups):
        label[[index[n] for n in group]] = g
    coo = signed.a.tocoo()
    inside = float(coo.data[label[coo.row] == label[coo.col]].sum())
    for k, m, sign in ((signed.k_pos, signed.m_pos, -1.0), (signed.k_neg, signed.m_neg, 1.0)):
        if m > _EPS:
            inside += sign * float((np.bincount(label, weights=k) ** 2).sum()) / m
    return inside / signed.total if signed.total > _EPS else inside


def partition_signed(graph: nx.Graph, k: int | None = None) -> list[list[str]]:
    """Split `graph` into coalitions by repeated leading-eigenvector bisection.

    Without `k`, a group is divided while the division raises Q (Newman 2006). With `k`, the
    group whose best division raises Q most is divided until there are `k` groups (or no
    group can be divided). Groups are returned sorted by size (desc), then first member.
    A group's best split depends on the group alone, so each is computed once.
    """
    nodes = sorted(graph.nodes)
    if not nodes:
        return []
    with one_blas_thread():
        return _partition(graph, nodes, k)


def _partition(graph: nx.Graph, nodes: list[str], k: int | None) -> list[list[str]]:
    signed = _Signed.of(graph, nodes)
    index = {n: i for i, n in enumerate(nodes)}
    groups: list[list[str]] = [nodes]
    splits: dict[tuple[str, ...], tuple[float, list[str], list[str]] | None] = {}
    while k is None or len(groups) < k:
        best: tuple[float, int, list[str], list[str]] | None = None
        for gi, group in enumerate(groups):
            key = tuple(group)
            if key not in splits:
                splits[key] = _bisect(signed, [index[n] for n in group], nodes)
            split = splits[key]
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
    signed: _Signed, idx: list[int], nodes: Sequence[str]
) -> tuple[float, list[str], list[str]] | None:
    """Best eigenvector split of one group and its gain ΔQ = sᵀB⁽ᵍ⁾s / 2 (Newman 2006, eq. 6)."""
    if len(idx) < 2:
        return None
    bg = signed.group(np.asarray(idx))
    value, vec = bg.leading()
    if value <= _EPS:
        return None
    # Deterministic orientation: the first member (by id) is on the positive side.
    if vec[0] < 0 or (abs(vec[0]) <= _EPS and vec.sum() < 0):
        vec = -vec
    s = np.where(vec >= -_EPS, 1.0, -1.0)
    gain = float(s @ bg.matvec(s)) / 2.0
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
    home = {m: i for i, members in enumerate(groups) for m in members}
    ours: list[list[str]] = [[] for _ in groups]
    for r in subgraph.relationships:
        if r.type is RelType.RELATES_TO and r.to_id in home:
            ours[home[r.to_id]].append(f"{r.from_id}->{r.to_id}")
    coalitions = []
    for i, members in enumerate(groups):
        known = [people[m].stance.score for m in members if people[m].stance is not Stance.UNKNOWN]
        coalitions.append(
            Coalition(
                index=i,
                members=members,
                stance=round(sum(known) / len(known), 6) if known else 0.0,  # type: ignore[arg-type]
                influence=round(sum(weight.get(m, 0.0) for m in members), 6),
                decision_makers=[
                    m for m in members if DecisionRole.DECISION_MAKER in people[m].roles
                ],
                our_relationships=sorted(ours[i]),
            )
        )
    return CoalitionReport(
        account=subgraph.id,
        modularity=round(signed_modularity(graph, groups), 6),
        coalitions=coalitions,
        decision_maker_coalition={m: c.index for c in coalitions for m in c.decision_makers},
    )
