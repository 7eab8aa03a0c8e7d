"""Compiled graphs: each projection's graphs as integer-indexed rustworkx / numpy structures,
built once per projection (on first use) and shared by every analysis that needs them.

NetworkX stays the modelling API (the projection's `paths`, `threads`, `influence`, `internal`)
and the reference the tests compare against; the kernels here run the same definitions in
compiled code: connected and biconnected components (threading's structural test before any
max-flow), exact betweenness (brokers) and the sway matrix of the personalised PageRank
(influence). Node i of a compiled graph is `labels[i]`.

Also here: `one_blas_thread()`. On a small shared machine a multi-threaded BLAS spends more
time waking threads than working on the matrices an account produces (a 128 x 128 `eigh` took
20 ms of CPU with the default OpenBLAS threads and 2 ms with one).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import rustworkx as rx

if TYPE_CHECKING:
    from graphkam.analysis.projection import Projection

__all__ = ["CompiledGraph", "SwayMatrix", "CompiledAccount", "one_blas_thread"]


@dataclass(frozen=True)
class CompiledGraph:
    """An undirected simple graph in rustworkx: node i is `labels[i]` (self-loops dropped)."""

    graph: rx.PyGraph
    labels: list[Hashable]
    index: dict[Hashable, int]

    @classmethod
    def of(cls, g: nx.Graph) -> CompiledGraph:
        """Compile a NetworkX graph (node order kept: index i is the i-th node of `g`)."""
        labels = list(g)
        index = {v: i for i, v in enumerate(labels)}
        graph = rx.PyGraph(multigraph=False)
        graph.add_nodes_from(range(len(labels)))
        graph.add_edges_from_no_data([(index[u], index[v]) for u, v in g.edges if u != v])
        return cls(graph, labels, index)

    def __contains__(self, label: Hashable) -> bool:
        return label in self.index

    def neighbors(self, i: int) -> list[int]:
        """The neighbours of node index i."""
        return list(self.graph.neighbors(i))

    def component(self, label: Hashable) -> set[int]:
        """Indices of the nodes connected to `label` (itself included)."""
        return set(rx.node_connected_component(self.graph, self.index[label]))

    def blocks(self) -> list[set[int]]:
        """The biconnected components (blocks) as index sets, as `nx.biconnected_components`
        defines them: every edge in exactly one block, isolated nodes in none."""
        found: dict[int, set[int]] = {}
        for (u, v), b in rx.biconnected_components(self.graph).items():
            found.setdefault(b, set()).update((u, v))
        return [found[b] for b in sorted(found)]

    def articulation_points(self) -> set[Hashable]:
        """The cut vertices, by label."""
        return {self.labels[i] for i in rx.articulation_points(self.graph)}

    def betweenness(self, normalized: bool = True) -> dict[Hashable, float]:
        """Exact unweighted betweenness (Brandes 2001), the `networkx.betweenness_centrality`
        definition: c(v) = Σ_{s≠v≠t} σ(s, t | v) / σ(s, t), times 2 / ((n − 1)(n − 2)) when
        `normalized`. rustworkx's compiled implementation (parallel above 50 nodes)."""
        n = len(self.labels)
        if n < 3:
            return dict.fromkeys(self.labels, 0.0)
        scores = rx.graph_betweenness_centrality(self.graph, normalized=normalized)
        return {self.labels[i]: float(scores[i]) for i in range(n)}


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
        labels = list(g)
        index = {v: i for i, v in enumerate(labels)}
        edges = [(index[a], index[b], w) for a, b, w in g.edges(data=weight) if w and w > 0]
        arr = np.array(edges, dtype=float).reshape(-1, 3)
        return cls(labels, index, arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2])


class CompiledAccount:
    """The compiled graphs of one projection (`Projection.compiled`), each built on first use
    and then reused."""

    def __init__(self, proj: Projection) -> None:
        self._proj = proj

    @cached_property
    def threads(self) -> CompiledGraph:
        """`proj.threads` (strong edges plus the super-source) for threading."""
        return CompiledGraph.of(self._proj.threads)

    @cached_property
    def internal(self) -> CompiledGraph:
        """`proj.internal` (colleague ties) for brokers."""
        return CompiledGraph.of(self._proj.internal)

    @cached_property
    def influence(self) -> SwayMatrix:
        """`proj.influence` (who sways whom) for the personalised PageRank."""
        return SwayMatrix.of(self._proj.influence)


@cache
def _controller() -> object:
    from threadpoolctl import ThreadpoolController  # inspects the loaded BLAS once

    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Limit BLAS (OpenBLAS, MKL) to one thread inside the block, then restore it."""
    with _controller().limit(limits=1, user_api="blas"):  # type: ignore[attr-defined]
        yield
