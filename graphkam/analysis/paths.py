"""Warm paths: the strongest chain of relationships from any of our people to a stakeholder.

The strongest chain maximises the product of path strengths, i.e. it is the shortest path with
edge cost -log(strength) (Dijkstra from all our people at once).
"""

from __future__ import annotations

import math
from datetime import date

import networkx as nx
from pydantic import BaseModel

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
    g = proj.paths
    if exclude:
        g = nx.restricted_view(g, list(exclude - {to}), [])
    try:
        _, path = nx.multi_source_dijkstra(g, sources, target=to, weight="cost")
    except nx.NetworkXNoPath:
        return empty
    return path_along(proj, path)


def path_along(proj: Projection, nodes: list[str]) -> WarmPath:
    """The warm path through `nodes` (one of our people first, the target last), each hop the
    projection's path edge between consecutive nodes; strength = the product of the hops'."""
    g, digits = proj.paths, proj.config.decimals
    to = nodes[-1]
    hops = [
        Hop(
            from_id=u,
            to_id=v,
            to_name=proj.name(v),
            type=g[u][v]["type"],
            strength=round(g[u][v]["strength"], digits) + 0.0,
        )
        for u, v in zip(nodes, nodes[1:], strict=False)
    ]
    cost = sum(g[u][v]["cost"] for u, v in zip(nodes, nodes[1:], strict=False))
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
