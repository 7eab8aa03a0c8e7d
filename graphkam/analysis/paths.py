"""Warm paths: the strongest chain of relationships from any of our people to a stakeholder.

The strongest chain maximises the product of path strengths, i.e. it is the shortest path with
edge cost -log(strength) (Dijkstra from all our people at once, on the projection's compiled
path graph; one shortest-path tree per projection serves every target).
"""

from __future__ import annotations

import math
from datetime import date
from heapq import heappop, heappush
from itertools import count

from pydantic import BaseModel

from graphkam.analysis.compiled import PathGraph
from graphkam.analysis.config import AnalysisConfig
from graphkam.analysis.projection import Projection, project
from graphkam.documents import AccountSubgraph
from graphkam.errors import InvalidInputError, NotFoundError
from graphkam.model import RelType

__all__ = ["Hop", "WarmPath", "warm_path", "strongest_path", "path_along"]


class Hop(BaseModel):
    """One step of a warm path: from a person to the next, through one relationship."""

    from_id: str
    to_id: str
    to_name: str
    type: RelType
    strength: float


class WarmPath(BaseModel):
    """The strongest chain to `target`; `found` is False when no chain exists."""

    account: str
    as_of: date
    target: str
    target_name: str
    found: bool
    start: str | None
    strength: float
    hops: list[Hop]


def warm_path(
    subgraph: AccountSubgraph, to: str, as_of: date, config: AnalysisConfig | None = None
) -> WarmPath:
    """The strongest chain from our people to stakeholder `to` of the account, as of `as_of`.

    Raises NotFoundError if `to` is not a stakeholder of the account, InvalidInputError if
    they have left.
    """
    proj = project(subgraph, as_of, config or AnalysisConfig())
    return strongest_path(proj, to)


def strongest_path(proj: Projection, to: str, exclude: frozenset[str] = frozenset()) -> WarmPath:
    """The strongest chain in a projection; `exclude` removes people from the search."""
    if to not in proj.stakeholders:
        raise NotFoundError("stakeholder", to)
    if to not in proj.active:
        raise InvalidInputError(f"stakeholder '{to}' has left account '{proj.account.id}'")
    sources = [m for m in proj.team if m not in exclude]
    empty = WarmPath(
        account=proj.account.id,
        as_of=proj.as_of,
        target=to,
        target_name=proj.name(to),
        found=False,
        start=None,
        strength=0.0,
        hops=[],
    )
    if not sources:
        return empty
    g = proj.compiled.paths
    if exclude:
        blocked = {g.index[v] for v in exclude - {to} if v in g.index}
        pred = _dijkstra(g, [g.index[m] for m in sources], blocked, g.index[to])
    else:
        pred = _warm_tree(proj)
    node = g.index[to]
    if node not in pred:
        return empty
    path = [node]
    while pred[path[-1]] >= 0:
        path.append(pred[path[-1]])
    return path_along(proj, [g.labels[i] for i in reversed(path)])


def _warm_tree(proj: Projection) -> dict[int, int]:
    """The shortest-path tree from all our people (computed once per projection)."""
    tree = proj.compiled.memo.get("warm_tree")
    if tree is None:
        g = proj.compiled.paths
        tree = proj.compiled.memo["warm_tree"] = _dijkstra(
            g, [g.index[m] for m in proj.team], set(), None
        )
    return tree  # type: ignore[return-value]


def _dijkstra(
    g: PathGraph, sources: list[int], blocked: set[int], target: int | None
) -> dict[int, int]:
    """Multi-source Dijkstra on the compiled path graph: each reached node's predecessor on
    its strongest chain (-1 for a source), stopping once `target` is settled.

    The same steps as `networkx.multi_source_dijkstra` (same heap keys, same adjacency order,
    same float sums), so equally strong chains break ties exactly as NetworkX does; the nodes
    in `blocked` are never entered (NetworkX's `restricted_view`)."""
    dist: dict[int, float] = {}
    seen: dict[int, float] = {}
    pred: dict[int, int] = {}
    c = count()
    fringe: list[tuple[float, int, int]] = []
    for s in sources:
        seen[s] = 0
        pred[s] = -1
        heappush(fringe, (0, next(c), s))
    adj = g.adj
    while fringe:
        dist_v, _, v = heappop(fringe)
        if v in dist:
            continue
        dist[v] = dist_v
        if v == target:
            break
        for u, cost, _ in adj[v]:
            if u in dist or u in blocked:
                continue
            vu = dist_v + cost
            if u not in seen or vu < seen[u]:
                seen[u] = vu
                heappush(fringe, (vu, next(c), u))
                pred[u] = v
    return {v: pred[v] for v in dist}


def path_along(proj: Projection, nodes: list[str]) -> WarmPath:
    """The warm path through `nodes` (one of our people first, the target last), each hop the
    projection's path edge between consecutive nodes; strength = the product of the hops'."""
    g, digits = proj.compiled.paths, proj.config.decimals
    to = nodes[-1]
    hops = []
    cost = 0.0
    for u, v in zip(nodes, nodes[1:], strict=False):
        e, c = g.edge(u, v)
        cost += c
        _, _, strength, type_ = proj.path_edges[e]
        hops.append(
            Hop(
                from_id=u,
                to_id=v,
                to_name=proj.name(v),
                type=type_,
                strength=round(strength, digits) + 0.0,
            )
        )
    return WarmPath(
        account=proj.account.id,
        as_of=proj.as_of,
        target=to,
        target_name=proj.name(to),
        found=True,
        start=nodes[0],
        strength=round(math.exp(-cost), digits) + 0.0,
        hops=hops,
    )
