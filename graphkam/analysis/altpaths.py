"""Alternative introduction paths: the k best node-disjoint paths, and the widest path.

Both run on the projection's path graph (warm-path strengths, section 7 of docs/scores.md).

- `disjoint_paths(proj, to, k)`: up to k chains from our people to `to` that share no person
  but the target (each starts at a different one of our people, as the threading counts
  chains). Among all such sets of min(k, connectivity) chains it returns one with the largest
  product of all the chains' strengths: a min-cost flow of k units on the node-split graph
  (every person a unit-capacity arc in -> out; each relationship two arcs of cost
  −log(strength), in micro-units so the network simplex works in integers) from a super-source
  joined to our people. With k = 1 this is the strongest path. Chains are listed strongest first.
- `widest_path(proj, to)`: the chain whose weakest hop is strongest (max-min bottleneck, a
  Dijkstra that keeps the best bottleneck); among chains with that bottleneck, the strongest
  (max product) — the strongest path on the edges at least that strong.
"""

from __future__ import annotations

import heapq
import math

import networkx as nx

from graphkam.analysis.paths import WarmPath, path_along, strongest_path
from graphkam.analysis.projection import Projection
from graphkam.errors import InvalidInputError

__all__ = ["disjoint_paths", "widest_path", "bottleneck_strength"]

_SCALE = 1_000_000
_SRC, _SUPER = ("\x00src",), ("\x00super",)


def disjoint_paths(proj: Projection, to: str, k: int) -> list[WarmPath]:
    """Up to `k` node-disjoint warm paths to `to`, strongest first (see the module docstring).

    Raises InvalidInputError for k < 1, and what `strongest_path` raises for `to`.
    """
    if k < 1:
        raise InvalidInputError(f"--k: {k} is not a positive number of paths")
    first = strongest_path(proj, to)  # validates `to`
    if not first.found or k == 1:
        return [first] if first.found else []
    flow = nx.max_flow_min_cost(_split_graph(proj, to, k), _SUPER, ("in", to))
    chains = _decompose(flow, to)
    paths = [path_along(proj, chain) for chain in chains]
    return sorted(paths, key=lambda p: (-p.strength, p.start or "", [h.to_id for h in p.hops]))


def widest_path(proj: Projection, to: str) -> WarmPath:
    """The path to `to` whose weakest hop is strongest (see the module docstring)."""
    first = strongest_path(proj, to)  # validates `to`
    if not first.found:
        return first
    g = proj.paths
    best: dict[str, float] = {}
    heap = [(-math.inf, m) for m in sorted(proj.team) if m in g]
    while heap:
        neg, node = heapq.heappop(heap)
        width = -neg
        if node in best:
            continue
        best[node] = width
        if node == to:
            break
        for nbr, data in g[node].items():
            if nbr not in best:
                heapq.heappush(heap, (-min(width, data["strength"]), nbr))
    limit = best[to]
    keep = [(u, v) for u, v, s in g.edges(data="strength") if s >= limit]
    narrowed = g.edge_subgraph(keep)
    sources = [m for m in proj.team if m in narrowed]
    _, path = nx.multi_source_dijkstra(narrowed, sources, target=to, weight="cost")
    return path_along(proj, path)


def bottleneck_strength(path: WarmPath) -> float:
    """The strength of the path's weakest hop (0 for no path)."""
    return min((h.strength for h in path.hops), default=0.0)


# -- helpers -----------------------------------------------------------------------------------


def _split_graph(proj: Projection, to: str, k: int) -> nx.DiGraph:
    h = nx.DiGraph()
    h.add_edge(_SUPER, _SRC, capacity=k, weight=0)
    for node in proj.paths.nodes:
        if node != to:
            h.add_edge(("in", node), ("out", node), capacity=1, weight=0)
    for m in proj.team:
        if m in proj.paths:
            h.add_edge(_SRC, ("in", m), capacity=1, weight=0)
    for u, v, s in proj.paths.edges(data="strength"):
        cost = round(-math.log(s) * _SCALE)
        for a, b in ((u, v), (v, u)):
            if a != to:
                h.add_edge(("out", a), ("in", b), capacity=1, weight=cost)
    return h


def _decompose(flow: dict[object, dict[object, int]], to: str) -> list[list[str]]:
    """The unit paths of an integral flow from the super-source to ("in", to)."""
    chains = []
    starts = sorted(n[1] for n, f in flow[_SRC].items() if f > 0)  # type: ignore[index]
    for m in starts:
        chain, node = [m], ("out", m)
        while True:
            nxt = next(n for n, f in sorted(flow[node].items()) if f > 0)  # type: ignore[arg-type]
            flow[node][nxt] -= 1
            person = nxt[1]  # type: ignore[index]
            chain.append(person)
            if person == to:
                break
            node = ("out", person)
        chains.append(chain)
    return chains
