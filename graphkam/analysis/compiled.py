"""Compiled graphs: each projection's graphs as integer-indexed igraph / numpy structures, built
once per projection (on first use) straight from the projection's edge lists and shared by every
analysis that needs them.

NetworkX stays the modelling API (the projection's `paths`, `threads`, `influence`, `internal`,
built only on demand) and the reference the tests compare against; the kernels here run the
same definitions in compiled code: connected and biconnected components and the capped
vertex connectivity (threading), exact betweenness (brokers), the sway matrix of the
personalised PageRank (influence) and the path graph's adjacency (warm paths). Node i of a
compiled graph is `labels[i]`, in the order of the projection's NetworkX graph.

igraph, not rustworkx, because it is the faster engine on these graphs: exact betweenness took
71 CPU-ms against rustworkx's 134 at 1,000 people (1.5 s against 3.5 s at 5,000; the same
values), single-threaded.

Also here: `gc_paused()` (an analysis allocates tens of thousands of small containers, and each
few hundred of them set off a collection of the young objects, every tenth of those a walk of
older ones: up to half of a 5,000-person projection's time in a big heap) and
`one_blas_thread()`. On a small shared machine a multi-threaded BLAS spends more
time waking threads than working on the matrices an account produces (a 128 x 128 `eigh` took
20 ms of CPU with the default OpenBLAS threads and 2 ms with one).
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

import igraph as ig
import networkx as nx
import numpy as np

if TYPE_CHECKING:
    from graphkam.analysis.projection import Projection

__all__ = [
    "CompiledGraph",
    "SwayMatrix",
    "PathGraph",
    "CompiledAccount",
    "gc_paused",
    "one_blas_thread",
]


@dataclass(frozen=True)
class CompiledGraph:
    """An undirected simple graph in igraph: node i is `labels[i]` (self-loops and parallel
    edges dropped)."""

    graph: ig.Graph
    labels: list[Hashable]
    index: dict[Hashable, int]

    @classmethod
    def of(cls, g: nx.Graph) -> CompiledGraph:
        """Compile a NetworkX graph (node order kept: index i is the i-th node of `g`)."""
        return cls.from_edges(list(g), g.edges)

    @classmethod
    def from_edges(
        cls, labels: Sequence[Hashable], edges: Iterable[tuple[Hashable, Hashable]]
    ) -> CompiledGraph:
        """The simple graph on `labels` (in that order) with the edges between labels given."""
        index = {v: i for i, v in enumerate(labels)}
        graph = ig.Graph(n=len(index), edges=[(index[u], index[v]) for u, v in edges])
        graph.simplify()  # in C: parallel edges and self-loops out
        return cls(graph, list(labels), index)

    def __contains__(self, label: Hashable) -> bool:
        return label in self.index

    def neighbors(self, i: int) -> list[int]:
        """The neighbours of node index i."""
        return self.graph.neighbors(i)

    def component(self, label: Hashable) -> set[int]:
        """Indices of the nodes connected to `label` (itself included)."""
        return set(self.graph.subcomponent(self.index[label]))

    def blocks(self) -> list[set[int]]:
        """The biconnected components (blocks) as index sets, as `nx.biconnected_components`
        defines them: every edge in exactly one block, isolated nodes in none."""
        return [set(b) for b in self.graph.biconnected_components()]

    def articulation_points(self) -> set[Hashable]:
        """The cut vertices, by label."""
        return {self.labels[i] for i in self.graph.articulation_points()}

    def betweenness(self, normalized: bool = True) -> dict[Hashable, float]:
        """Exact unweighted betweenness (Brandes 2001), the `networkx.betweenness_centrality`
        definition: c(v) = Σ_{s≠v≠t} σ(s, t | v) / σ(s, t) over unordered pairs {s, t}, times
        2 / ((n − 1)(n − 2)) when `normalized`. igraph's compiled implementation."""
        n = len(self.labels)
        if n < 3:
            return dict.fromkeys(self.labels, 0.0)
        scale = 2.0 / ((n - 1) * (n - 2)) if normalized else 1.0
        scores = self.graph.betweenness(directed=False)
        return {label: s * scale for label, s in zip(self.labels, scores, strict=True)}

    def disjoint_paths(
        self, s: Hashable, t: Hashable, cap: int, extra: tuple[Hashable, Hashable] | None = None
    ) -> int:
        """The number of internally vertex-disjoint s-t paths, counted up to `cap` (a direct
        edge counts as one path), with the edge `extra` added if given. igraph's max-flow on
        the node-split graph (Menger: the same number as the minimum s-t vertex cut)."""
        if s == t or s not in self.index or t not in self.index:
            return 0
        si, ti = self.index[s], self.index[t]
        g = self.graph
        if extra is not None and g.get_eid(*(self.index[v] for v in extra), error=False) < 0:
            g = g.copy()
            g.add_edge(*(self.index[v] for v in extra))
        direct = g.get_eid(si, ti, error=False) >= 0
        if direct:
            g = g.copy()
            g.delete_edges([g.get_eid(si, ti)])
        k = int(g.vertex_connectivity(si, ti, checks=False, neighbors="error")) + int(direct)
        return min(k, cap)


@dataclass(frozen=True)
class SwayMatrix:
    """A weighted digraph as arrays: edge e goes src[e] -> dst[e] with weight w[e] (> 0)."""

    labels: list[Hashable]
    index: dict[Hashable, int]
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray

    @classmethod
    def of(cls, g: nx.DiGraph, weight: str = "weight") -> SwayMatrix:
        """Compile a NetworkX digraph's edges with a positive `weight`."""
        return cls.from_arcs(list(g), g.edges(data=weight))

    @classmethod
    def from_arcs(
        cls, labels: Sequence[Hashable], arcs: Iterable[tuple[Hashable, Hashable, float | None]]
    ) -> SwayMatrix:
        """The arcs (a, b, w) with w > 0 between `labels` (in that order)."""
        index = {v: i for i, v in enumerate(labels)}
        src: list[int] = []
        dst: list[int] = []
        weight: list[float] = []
        for a, b, w in arcs:
            if w and w > 0:
                src.append(index[a])
                dst.append(index[b])
                weight.append(w)
        return cls(
            list(labels),
            index,
            np.array(src, dtype=np.int64),
            np.array(dst, dtype=np.int64),
            np.array(weight, dtype=float),
        )


@dataclass(frozen=True)
class PathGraph:
    """The path graph for Dijkstra: `adj[i]` lists (j, cost, e) in NetworkX's adjacency order
    (the order the edges were added), so ties between equally strong chains break as they do
    in `networkx.multi_source_dijkstra`; e indexes the projection's `path_edges`."""

    labels: list[str]
    index: dict[str, int]
    adj: list[list[tuple[int, float, int]]]

    @classmethod
    def from_edges(
        cls, labels: Sequence[str], edges: Iterable[tuple[str, str, float]]
    ) -> PathGraph:
        """The graph on `labels` with the edges (a, b, cost) in that order (pairs distinct)."""
        index = {v: i for i, v in enumerate(labels)}
        adj: list[list[tuple[int, float, int]]] = [[] for _ in labels]
        for e, (a, b, cost) in enumerate(edges):
            i, j = index[a], index[b]
            adj[i].append((j, cost, e))
            adj[j].append((i, cost, e))
        return cls(list(labels), index, adj)

    def edge(self, u: str, v: str) -> tuple[int, float]:
        """(index into `path_edges`, cost) of the edge u-v (KeyError without one)."""
        j = self.index[v]
        for k, cost, e in self.adj[self.index[u]]:
            if k == j:
                return e, cost
        raise KeyError((u, v))


class CompiledAccount:
    """The compiled graphs of one projection (`Projection.compiled`), each built on first use
    from the projection's edge lists (never from its NetworkX graphs) and then reused."""

    def __init__(self, proj: Projection) -> None:
        # a weak reference: the projection holds this object, and a cycle between the two
        # would outlive each analysis until the next garbage collection (a strong one kept
        # every projection of a scan alive that long)
        self._ref = weakref.ref(proj)

    @property
    def _proj(self) -> Projection:
        proj = self._ref()
        if proj is None:  # pragma: no cover - the projection owns its compiled graphs
            raise ReferenceError("the projection of these compiled graphs is gone")
        return proj

    @cached_property
    def threads(self) -> CompiledGraph:
        """The threading graph: path edges of strength >= threading_min_strength, plus the
        super-source joined to all our people (`Projection.threads`)."""
        p = self._proj
        from graphkam.analysis.projection import SOURCE

        threshold = p.config.threading_min_strength
        labels: list[Hashable] = list(p.path_nodes)
        edges: list[tuple[Hashable, Hashable]] = [
            (a, b) for a, b, s, _ in p.path_edges if s >= threshold
        ]
        if p.team:
            labels.append(SOURCE)
            edges.extend((SOURCE, m) for m in p.team)
        return CompiledGraph.from_edges(labels, edges)

    @cached_property
    def internal(self) -> CompiledGraph:
        """Colleague ties between active stakeholders (`Projection.internal`) for brokers."""
        return CompiledGraph.from_edges(list(self._proj.active), self._proj.internal_edges)

    @cached_property
    def influence(self) -> SwayMatrix:
        """Who sways whom (`Projection.influence`) for the personalised PageRank."""
        p = self._proj
        return SwayMatrix.from_arcs(list(p.active), ((a, b, w) for (a, b), w in p.sway.items()))

    @cached_property
    def paths(self) -> PathGraph:
        """Every travelable edge with its cost -log(strength) (`Projection.paths`)."""
        p = self._proj
        return PathGraph.from_edges(p.path_nodes, ((a, b, c) for a, b, _, _, c in p.path_costs()))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector inside the block, then turn it back on if it
    was on. Reference counting still frees everything an analysis drops; only cycles wait
    for the next collection. Nested and concurrent blocks are safe: a block that found the
    collector off leaves it as it is."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@cache
def _controller() -> object:
    from threadpoolctl import ThreadpoolController  # inspects the loaded BLAS once

    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Limit BLAS (OpenBLAS, MKL) to one thread inside the block, then restore it."""
    with _controller().limit(limits=1, user_api="blas"):  # type: ignore[attr-defined]
        yield
