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

__all__ = ["Hop", "WarmPath", "warm_path", "strongest_path", "strongest_paths", "path_along"]


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
    _check_target(proj, to)
    sources = [m for m in proj.team if m not in exclude]
    if not sources:
        return _no_path(proj, to)
    g = proj.compiled.paths
    blocked = {g.index[v] for v in exclude - {to} if v in g.index}
    t = g.index[to]
    pred = _dijkstra(g, [g.index[m] for m in sources], blocked, {t})
    return _path_to(proj, pred, t) or _no_path(proj, to)


def strongest_paths(proj: Projection, targets: list[str]) -> list[WarmPath]:
    """`strongest_path(proj, to)` for each of `targets`, from one search that stops once every
    target is settled (a settled node's chain never changes: the same chains as one search
    per target)."""
    for to in targets:
        _check_target(proj, to)
    g = proj.compiled.paths
    wanted = {g.index[to] for to in targets}
    pred = _dijkstra(g, [g.index[m] for m in proj.team], set(), wanted) if proj.team else {}
    return [_path_to(proj, pred, g.index[to]) or _no_path(proj, to) for to in targets]


def _check_target(proj: Projection, to: str) -> None:
    """NotFoundError unless `to` is a stakeholder of the account, InvalidInputError if gone."""
    if to not in proj.stakeholders:
        raise NotFoundError("stakeholder", to)
    if to not in proj.active:
        raise InvalidInputError(f"stakeholder '{to}' has left account '{proj.account.id}'")


def _no_path(proj: Projection, to: str) -> WarmPath:
    return WarmPath(
        account=proj.account.id,
        as_of=proj.as_of,
        target=to,
        target_name=proj.name(to),
        found=False,
        start=None,
        strength=0.0,
        hops=[],
    )


def _path_to(proj: Projection, pred: dict[int, int], t: int) -> WarmPath | None:
    """The warm path to node t along the predecessors, None if t was not reached."""
    if t not in pred:
        return None
    g = proj.compiled.paths
    path = [t]
    while pred[path[-1]] >= 0:
        path.append(pred[path[-1]])
    return path_along(proj, [g.labels[i] for i in reversed(path)])


def _dijkstra(
    g: PathGraph, sources: list[int], blocked: set[int], targets: set[int] | None
) -> dict[int, int]:
    """Multi-source Dijkstra on the compiled path graph: each settled node's predecessor on
    its strongest chain (-1 for a source), stopping once every node of `targets` is settled
    (never, for None: the whole tree).

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
    left = set(targets) if targets is not None else None
    while fringe:
        dist_v, _, v = heappop(fringe)
        if v in dist:
            continue
        dist[v] = dist_v
        if left is not None:
            left.discard(v)
            if not left:
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
