"""Threading: how many independent chains of people join our team to each decision maker.

Connectivity is the vertex connectivity from a super-source (joined to all our people) to the
target in the threading graph (see `GapKind.SINGLE_THREADED`). Biconnected components answer
"is it 0, 1 or at least 2" in linear time and give the single points of failure (the cut
vertices between the source and the target); a capped unit-capacity max-flow counts beyond 2.
"""

from __future__ import annotations

from collections import deque
from enum import StrEnum

import networkx as nx
from pydantic import BaseModel

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
    g = proj.threads
    conn: dict[str, int] = {}
    cuts: dict[str, list[str]] = {}
    if SOURCE in g:
        blocks = _BlockTree(g, SOURCE)
        for t in targets:
            if t not in blocks.reached:
                conn[t] = 0
            elif blocks.share_block(t):
                conn[t] = vertex_connectivity(g, SOURCE, t, cfg.connectivity_cap)
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
    """The number of internally vertex-disjoint s-t paths, counted up to `cap` (s, t non-adjacent
    or adjacent: a direct edge counts as one path). Unit-capacity augmenting paths on the
    node-split graph, so the cost is at most `cap` breadth-first searches."""
    if s == t or s not in g or t not in g:
        return 0
    flow: dict[tuple[object, object], int] = {}
    found = 0
    while found < cap:
        path = _augmenting_path(g, s, t, flow)
        if path is None:
            break
        for u, v in zip(path, path[1:], strict=False):
            if flow.get((v, u), 0) > 0:
                flow[(v, u)] -= 1
            else:
                flow[(u, v)] = flow.get((u, v), 0) + 1
        found += 1
    return found


# -- helpers -----------------------------------------------------------------------------------


def _side(proj: Projection, node: str) -> Side:
    kind = proj.kind(node)
    if kind == NodeKind.TEAM_MEMBER:
        return Side.OURS
    return Side.THEIRS if kind == NodeKind.STAKEHOLDER else Side.THIRD_PARTY


def _augmenting_path(
    g: nx.Graph, s: str, t: str, flow: dict[tuple[object, object], int]
) -> list[object] | None:
    """BFS in the residual node-split graph; nodes are (v, 0) 'in' and (v, 1) 'out'.

    Arcs: (v,0)->(v,1) capacity 1 (infinite for s and t); (u,1)->(v,0) capacity 1 per edge.
    """
    start, goal = (s, 1), (t, 0)
    parent: dict[object, object] = {start: None}
    queue = deque([start])
    while queue:
        x = queue.popleft()
        v, side = x  # type: ignore[misc]
        for y in _residual_neighbours(g, v, side, s, t, flow):
            if y in parent:
                continue
            parent[y] = x
            if y == goal:
                path = [y]
                while parent[path[-1]] is not None:
                    path.append(parent[path[-1]])
                return path[::-1]
            queue.append(y)
    return None


def _residual_neighbours(g: nx.Graph, v: str, side: int, s: str, t: str, flow: dict) -> list:
    """Residual successors of the split node (v, side)."""
    out: list[tuple[str, int]] = []
    if side == 0:  # v_in: to v_out if unused, back to u_out along used edges u->v
        if v in (s, t) or flow.get(((v, 0), (v, 1)), 0) - flow.get(((v, 1), (v, 0)), 0) < 1:
            out.append((v, 1))
        for u in g[v]:
            if flow.get(((u, 1), (v, 0)), 0) > 0:
                out.append((u, 1))
    else:  # v_out: to u_in along unused edges; back to v_in if the node carries flow
        for u in g[v]:
            if flow.get(((v, 1), (u, 0)), 0) < 1:
                out.append((u, 0))
        if v not in (s, t) and flow.get(((v, 0), (v, 1)), 0) > 0:
            out.append((v, 0))
    return out


class _BlockTree:
    """The block-cut tree of the source's component, rooted at the source."""

    def __init__(self, g: nx.Graph, root: str) -> None:
        comp = nx.node_connected_component(g, root)
        self.reached = comp
        sub = g.subgraph(comp)
        self.blocks = [b for b in nx.biconnected_components(sub)]
        self.of: dict[str, list[int]] = {}
        for i, b in enumerate(self.blocks):
            for v in b:
                self.of.setdefault(v, []).append(i)
        self.cut = {v for v, bs in self.of.items() if len(bs) > 1}
        self.root_blocks = set(self.of.get(root, []))
        self.root = root
        self.parent: dict[tuple[str, object], tuple[str, object] | None] = {}
        start = ("V", root) if root in self.cut else ("B", next(iter(self.root_blocks), -1))
        self.parent[start] = None
        queue = deque([start])
        while queue:
            node = queue.popleft()
            tag, x = node
            if tag == "B":
                nxt = [("V", v) for v in sorted(self.blocks[x], key=str) if v in self.cut]  # type: ignore[index]
            else:
                nxt = [("B", i) for i in self.of[x]]  # type: ignore[index]
            for y in nxt:
                if y not in self.parent:
                    self.parent[y] = node
                    queue.append(y)

    def share_block(self, t: str) -> bool:
        """Whether t lies in a block with the root (then >= 2 disjoint paths, as root and t are
        never adjacent)."""
        return bool(self.root_blocks.intersection(self.of.get(t, [])))

    def separators(self, t: str) -> list[str]:
        """Cut vertices on the tree path from t up to the root, excluding t and the root."""
        node: tuple[str, object] | None = ("V", t) if t in self.cut else ("B", self.of[t][0])
        found: list[str] = []
        while node is not None:
            tag, x = node
            if tag == "V" and x not in (t, self.root):
                found.append(x)  # type: ignore[arg-type]
            node = self.parent.get(node)
        return found
