"""Threading: how many independent chains of people join our team to each decision maker.

Connectivity is the vertex connectivity from a super-source (joined to all our people) to the
target in the threading graph (see `GapKind.SINGLE_THREADED`), on the projection's compiled
graph (igraph, `Projection.compiled`). Biconnected components answer "is it 0, 1 or at least
2" in linear time and give the single points of failure (the cut vertices between the source
and the target); only then igraph's max-flow counts the disjoint chains (capped). The
pure-Python `vertex_connectivity` below is the same count on NetworkX graphs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable
from enum import StrEnum
from typing import Any

import networkx as nx
from pydantic import BaseModel

from graphkam.analysis.compiled import CompiledGraph
from graphkam.analysis.projection import SOURCE, Projection
from graphkam.model import NodeKind

__all__ = [
    "Side",
    "SinglePointOfFailure",
    "Threading",
    "analyze_threading",
    "threading_targets",
    "vertex_connectivity",
]


class Side(StrEnum):
    """Whose person a single point of failure is."""

    OURS = "ours"
    THEIRS = "theirs"
    THIRD_PARTY = "third_party"


class SinglePointOfFailure(BaseModel):
    """A person whose departure cuts us off from the listed targets."""

    id: str
    name: str
    side: Side
    cuts_off: list[str]


class Threading(BaseModel):
    """Connectivity per decision maker / economic buyer, and who would cut us off."""

    single_threaded: bool
    connectivity: dict[str, int]
    single_points_of_failure: list[SinglePointOfFailure]


def threading_targets(proj: Projection) -> list[str]:
    """Active holders of the threading roles (decision maker, economic buyer), by id."""
    roles = proj.config.threading_roles
    return [sid for sid, s in proj.active.items() if roles.intersection(s.roles)]


def analyze_threading(proj: Projection) -> Threading:
    """Connectivity from our team to each threading target, capped at `connectivity_cap`.

    k = 0: unreachable; k = 1: single-threaded, and the cut vertices between our team and the
    target are its single points of failure; k >= 2: at least two vertex-disjoint chains.
    """
    cfg = proj.config
    targets = threading_targets(proj)
    conn: dict[str, int] = {}
    cuts: dict[str, list[str]] = {}
    g = proj.compiled.threads
    if SOURCE in g:
        blocks = _BlockTree(g, SOURCE)
        for t in targets:
            if t not in blocks.reached:
                conn[t] = 0
            elif blocks.share_block(t):
                # >= 2 disjoint paths (root and t are never adjacent): count them up to the cap
                conn[t] = g.disjoint_paths(SOURCE, t, cfg.connectivity_cap)
            else:
                conn[t] = 1
                for v in blocks.separators(t):
                    cuts.setdefault(v, []).append(t)
    else:
        conn = dict.fromkeys(targets, 0)
    spofs = [
        SinglePointOfFailure(id=v, name=proj.name(v), side=_side(proj, v), cuts_off=sorted(ts))
        for v, ts in sorted(cuts.items())
    ]
    single = any(k <= cfg.single_threaded_max for k in conn.values())
    return Threading(
        single_threaded=single,
        connectivity=dict(sorted(conn.items())),
        single_points_of_failure=spofs,
    )


def vertex_connectivity(g: nx.Graph, s: str, t: str, cap: int) -> int:
    """The number of internally vertex-disjoint s-t paths, counted up to `cap` (a direct edge
    counts as one path). Unit-capacity augmenting paths on the node-split graph, so the cost is
    at most `cap` + 1 breadth-first searches."""
    if s == t or s not in g or t not in g:
        return 0
    return _disjoint_paths({v: list(nbrs) for v, nbrs in g.adjacency()}, s, t, cap)


# -- helpers -----------------------------------------------------------------------------------


def _side(proj: Projection, node: str) -> Side:
    kind = proj.kind(node)
    if kind == NodeKind.TEAM_MEMBER:
        return Side.OURS
    return Side.THEIRS if kind == NodeKind.STAKEHOLDER else Side.THIRD_PARTY


def _disjoint_paths(adj: dict[Any, list[Any]], s: Any, t: Any, cap: int) -> int:
    """Augmenting paths in the node-split residual graph, on plain adjacency lists.

    Split node v into v_in -> v_out (capacity 1, unbounded for s and t); each undirected edge
    u-v gives u_out -> v_in and v_out -> u_in (capacity 1). `used` holds saturated arcs
    (edge arcs as (u, v); the split arc of v as v in `through`).
    """
    used: set[tuple[Any, Any]] = set()
    through: set[Any] = set()
    found = 0
    while found < cap:
        # BFS over states (v, side): side 0 = v_in, 1 = v_out
        start = (s, 1)
        parent: dict[tuple[Any, int], tuple[Any, int] | None] = {start: None}
        queue = deque([start])
        goal = None
        while queue and goal is None:
            v, side = queue.popleft()
            if side == 0:
                nxt = []
                if v == s or v == t or v not in through:
                    nxt.append((v, 1))
                nxt.extend((u, 1) for u in adj[v] if (u, v) in used)  # undo u_out -> v_in
            else:
                nxt = [(u, 0) for u in adj[v] if (v, u) not in used]
                if v in through and v != s and v != t:
                    nxt.append((v, 0))  # undo v_in -> v_out
            for y in nxt:
                if y not in parent:
                    parent[y] = (v, side)
                    if y == (t, 0):
                        goal = y
                        break
                    queue.append(y)
        if goal is None:
            break
        node = goal
        while parent[node] is not None:
            prev = parent[node]
            (pv, pside), (v, side) = prev, node
            if pv == v:  # split arc: forward in->out, or undoing it out->in
                if pside == 0:
                    through.add(v)
                else:
                    through.discard(v)
            elif pside == 1:  # forward edge arc pv_out -> v_in, or cancelling the reverse
                if (v, pv) in used:
                    used.discard((v, pv))
                else:
                    used.add((pv, v))
            else:  # pv_in -> v_out: undo the arc v_out -> pv_in
                used.discard((v, pv))
            node = prev
        found += 1
    return found


class _BlockTree:
    """The block-cut tree of the root's component, rooted at the root, on a compiled graph
    (components and blocks from igraph; a NetworkX graph is compiled first). Blocks hold
    node indices; `reached`, `share_block`, `shared_block` and `separators` speak labels."""

    def __init__(self, graph: nx.Graph | CompiledGraph, root: Hashable) -> None:
        g = graph if isinstance(graph, CompiledGraph) else CompiledGraph.of(graph)
        self.g = g
        reached = g.component(root)
        self.reached = {g.labels[i] for i in reached}
        r = g.index[root]
        self.blocks = [b for b in g.blocks() if r in b or not b.isdisjoint(reached)]
        self.of: dict[int, list[int]] = {}
        for i, b in enumerate(self.blocks):
            for v in b:
                self.of.setdefault(v, []).append(i)
        self.cut = {v for v, bs in self.of.items() if len(bs) > 1}
        self.root_blocks = set(self.of.get(r, []))
        self.root = r
        self.parent: dict[tuple[str, int], tuple[str, int] | None] = {}
        start = ("V", r) if r in self.cut else ("B", next(iter(self.root_blocks), -1))
        self.parent[start] = None
        queue = deque([start])
        while queue:
            node = queue.popleft()
            tag, x = node
            if tag == "B":
                nxt = [("V", v) for v in sorted(self.blocks[x]) if v in self.cut]
            else:
                nxt = [("B", i) for i in self.of[x]]
            for y in nxt:
                if y not in self.parent:
                    self.parent[y] = node
                    queue.append(y)

    def share_block(self, t: Hashable) -> bool:
        """Whether t lies in a block with the root (then >= 2 disjoint paths, as root and t are
        never adjacent)."""
        return bool(self.root_blocks.intersection(self.of.get(self.g.index[t], [])))

    def shared_block(self, t: Hashable) -> int:
        """The index of the block holding both the root and t (only when `share_block`)."""
        return min(self.root_blocks.intersection(self.of[self.g.index[t]]))

    def separators(self, t: Hashable) -> list[Hashable]:
        """Cut vertices on the tree path from t up to the root, excluding t and the root."""
        ti = self.g.index[t]
        node: tuple[str, int] | None = ("V", ti) if ti in self.cut else ("B", self.of[ti][0])
        found: list[Hashable] = []
        while node is not None:
            tag, x = node
            if tag == "V" and x not in (ti, self.root):
                found.append(self.g.labels[x])
            node = self.parent.get(node)
        return found
