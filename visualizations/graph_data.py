"""The vis-network data of one account: nodes and edges built with pyvis, plus the side-panel facts.

Nodes are every node of the account's subgraph; edges are its relationships known on `as_of`,
plus two drawn-only kinds that make the picture readable: `on_team` (our person → the account,
from TeamMember.accounts) and `in_department` (stakeholder → department, department → parent).
Nothing here is HTML: labels are drawn on the canvas as text and tooltips are built in the
browser with DOM text nodes, so names and notes can never become markup.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import networkx as nx
from pydantic import BaseModel
from pyvis.edge import Edge
from pyvis.network import Network

from graphkam.analysis.projection import Projection
from graphkam.documents import AccountSubgraph
from graphkam.model import (
    SYMMETRIC_TYPES,
    Layer,
    Node,
    NodeKind,
    Relationship,
    RelType,
    Stakeholder,
    StakeholderStatus,
    infer_layer,
)
from graphkam.titles import suggest_roles
from visualizations.overlay import Overlay
from visualizations.styles import (
    KIND_STYLES,
    LAYER_STYLES,
    MARK_COLORS,
    REL_COLORS,
    STANCE_STYLES,
    edge_width,
    node_size,
)

__all__ = ["GraphData", "IN_DEPARTMENT", "LARGE", "build_graph_data", "initial_layout"]

#: Drawn-only edge type: a stakeholder's (or sub-department's) department.
IN_DEPARTMENT = "in_department"

#: From this many nodes on, the page gets its first layout from the server (`initial_layout`)
#: instead of running the force simulation in the browser, so it is interactive at once.
LARGE = 150


class GraphData(BaseModel):
    """Everything the page script needs: vis nodes and edges, panel facts and filter choices.

    Labels are catalogue keys (graphkam.i18n), translated in the page: `rel.<type>`,
    `layer.<layer>`, `kind.<kind>`, `stance.<stance>`, `role.<role>`.
    """

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    people: dict[str, dict[str, Any]]
    layers: list[str]
    types: list[str]
    roles: list[str]
    stances: list[str]

    def as_json(self) -> dict[str, Any]:
        """The fields as they are (no copy, no validation): the page's embedded JSON."""
        return {name: getattr(self, name) for name in type(self).model_fields}


def build_graph_data(
    sub: AccountSubgraph,
    proj: Projection,
    overlay: Overlay,
    *,
    viewer_may_see_notes: bool,
    coalitions: list[list[str]] | None = None,
) -> GraphData:
    """The vis-network nodes/edges and panel facts of `sub` as known on `proj.as_of`.

    A tie's effective strength and latest contact are the projection's (`Projection.rel_ties`,
    docs/scores.md); a knows tie of ours to a third party takes its path strength from
    `Projection.paths`. No number is computed here a second time.
    """
    as_of = proj.as_of
    nodes: list[Node] = list(sub.nodes())
    kinds = {n.id: n.node_kind for n in nodes}
    names = {n.id: n.name for n in nodes}
    in_chain = {s.id: s.in_decision_chain for s in sub.stakeholders}
    rels = [r for r in sub.relationships if r.since is None or r.since <= as_of]
    max_score = max(overlay.influence.values(), default=0.0)
    faction = {m: i for i, members in enumerate(coalitions or []) for m in members}
    levels = _levels(sub)

    net = Network(directed=True, cdn_resources="in_line")
    for node in nodes:
        net.add_node(node.id, **_vis_node(node, overlay, max_score, levels, faction))

    people: dict[str, dict[str, Any]] = {
        n.id: _person(n, overlay, viewer_may_see_notes, names) for n in nodes
    }
    for rel in rels:
        if rel.from_id not in kinds or rel.to_id not in kinds:
            continue
        layer = infer_layer(rel, kinds, in_chain)
        eff, last = _tie_of(proj, rel)
        strength = (
            eff if eff is not None else (rel.strength if rel.strength is not None else rel.weight)
        )
        _add_edge(
            net,
            rel.from_id,
            rel.to_id,
            id="|".join(rel.key),
            **_vis_edge(rel.type.value, rel, layer, strength),
        )
        for me, other in ((rel.from_id, rel.to_id), (rel.to_id, rel.from_id)):
            people[me]["rels"].append(
                {
                    "type": rel.type.value,
                    "key": list(rel.key),
                    "other": other,
                    "other_name": names[other],
                    "other_kind": kinds[other].value,
                    "outgoing": me == rel.from_id,
                    "strength": rel.strength,
                    "weight": rel.weight,
                    "effective": eff,
                    "last_contact": last.isoformat() if last else None,
                }
            )
    for extra in _drawn_only_edges(sub, kinds):
        _add_edge(net, **extra)
    if len(net.nodes) >= LARGE:
        where = initial_layout(
            [n["id"] for n in net.nodes], [(e["from"], e["to"]) for e in net.edges]
        )
        for vis_node in net.nodes:
            vis_node["x"], vis_node["y"] = where[vis_node["id"]]

    roles = sorted({r.value for s in sub.stakeholders for r in s.roles})
    stances = [s.value for s in STANCE_STYLES if any(p.stance == s for p in sub.stakeholders)]
    types = sorted({e["type"] for e in net.edges})
    layers = [layer.value for layer in LAYER_STYLES if any(e["layer"] == layer for e in net.edges)]
    return GraphData.model_construct(
        nodes=net.nodes,
        edges=net.edges,
        people=people,
        layers=layers,
        types=types,
        roles=roles,
        stances=stances,
    )


def initial_layout(
    nodes: list[str], edges: list[tuple[str, str]]
) -> dict[str, tuple[float, float]]:
    """Force-directed positions (Fruchterman–Reingold, networkx.spring_layout, fixed seed) in
    canvas units: about 60 px of room per node, so that labels have space at 300 people.

    The drawn department edges pull each department's people together, which is also what the
    page's department clusters fold."""
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    pos = nx.spring_layout(g, seed=7, iterations=50, k=2.0 / math.sqrt(max(1, len(nodes))))
    # scale by the 90th-percentile radius, so that a few unconnected nodes flung far out by the
    # simulation do not squeeze everyone else into the middle; those few are pulled in.
    radii = sorted(math.hypot(float(x), float(y)) for x, y in pos.values())
    ref = radii[int(0.9 * (len(radii) - 1))] or 1.0
    scale = 60.0 * math.sqrt(len(nodes))
    out = {}
    for n, (x, y) in pos.items():
        r = math.hypot(float(x), float(y)) / ref
        shrink = min(1.0, 1.15 / r) if r > 0 else 1.0
        out[n] = (
            round(float(x) / ref * shrink * scale, 1),
            round(float(y) / ref * shrink * scale, 1),
        )
    return out


def _tie_of(proj: Projection, rel: Relationship) -> tuple[float | None, dt.date | None]:
    """(effective strength, latest contact) of a tie of ours, as the projection has them;
    (None, None) for any other relationship (or one to a person who has left)."""
    tie = proj.rel_ties.get(rel.key)
    if tie is not None:
        return round(tie.effective, 6), tie.contact
    if rel.type is RelType.KNOWS and (rel.from_id in proj.team or rel.to_id in proj.team):
        if proj.paths.has_edge(rel.from_id, rel.to_id):
            last = rel.last_contact if rel.last_contact and rel.last_contact <= proj.as_of else None
            return round(proj.paths[rel.from_id][rel.to_id]["strength"], 6), last
    return None, None


def _add_edge(net: Network, source: str, to: str, **options: Any) -> None:
    """pyvis's Edge appended directly: Network.add_edge checks its endpoints against a list
    (quadratic for thousands of edges); ours are checked against the subgraph's ids already."""
    net.edges.append(Edge(source, to, net.directed, **options).options)


def _levels(sub: AccountSubgraph) -> dict[str, int]:
    """Hierarchical-layout level: ours and outsiders on top, then org chart by reports_to depth."""
    boss = {r.from_id: r.to_id for r in sub.relationships if r.type == RelType.REPORTS_TO}
    levels: dict[str, int] = {}
    for s in sub.stakeholders:
        depth, seen, cur = 0, {s.id}, s.id
        while cur in boss and boss[cur] not in seen:
            cur = boss[cur]
            seen.add(cur)
            depth += 1
        levels[s.id] = 2 + depth
    bottom = max(levels.values(), default=2) + 1
    for n in sub.nodes():
        if n.id in levels:
            continue
        kind = n.node_kind
        levels[n.id] = {NodeKind.ACCOUNT: 0, NodeKind.DEPARTMENT: bottom}.get(kind, 1)
    return levels


def _vis_node(
    node: Node,
    overlay: Overlay,
    max_score: float,
    levels: dict[str, int],
    faction: dict[str, int],
) -> dict[str, Any]:
    kind = node.node_kind
    style = KIND_STYLES[kind]
    fill, border = style.fill, style.border
    marks: list[str] = []
    size = 14.0
    stance = None
    if isinstance(node, Stakeholder):
        stance = node.stance.value
        fill, border = STANCE_STYLES[node.stance].fill, STANCE_STYLES[node.stance].border
        score = overlay.influence.get(node.id)
        size = node_size(
            score / max_score if score is not None and max_score > 0 else node.influence
        )
        if node.id in overlay.uncovered_people:
            marks.append("uncovered")
        if node.id in overlay.opponents:
            marks.append("opponent")
    if node.id in overlay.spof:
        marks.append("spof")
    left = isinstance(node, Stakeholder) and node.status == StakeholderStatus.LEFT
    label = node.name
    if marks:
        label = "⚠ " + label
    mark_color = MARK_COLORS[marks[0]] if marks else border
    return {
        "label": label,
        "shape": style.shape,
        "color": {
            "background": fill,
            "border": mark_color,
            "highlight": {"background": fill, "border": "#000000"},
        },
        "size": size,
        "borderWidth": 5 if marks else 1,
        "shapeProperties": {"borderDashes": [6, 3] if "uncovered" in marks else False},
        "opacity": 0.45 if getattr(node, "status", None) == StakeholderStatus.LEFT else 1.0,
        "level": levels.get(node.id, 1),
        "kind": kind.value,
        "stance": stance,
        "roles": [r.value for r in getattr(node, "roles", [])],
        "marks": marks,
        "faction": faction.get(node.id),
        "left": left,
        "name": node.name,
        "department": getattr(node, "department", None),
        "search": node.name.casefold(),
    }


def _vis_edge(
    type_: str, rel: Relationship | None, layer: Layer, strength: float | None
) -> dict[str, Any]:
    color = REL_COLORS.get(RelType(type_), "#999999") if type_ != IN_DEPARTMENT else "#c7cfdc"
    symmetric = rel is not None and rel.type in SYMMETRIC_TYPES
    return {
        "type": type_,
        "layer": layer.value,
        "width": edge_width(strength),
        "dashes": LAYER_STYLES[layer].dashes,
        "color": {"color": color, "highlight": "#000000"},
        "arrows": "" if symmetric else "to",
        "strength": strength,
        "hidden": False,
    }


def _drawn_only_edges(sub: AccountSubgraph, kinds: dict[str, NodeKind]) -> list[dict[str, Any]]:
    """Edges implied by fields: on_team (TeamMember.accounts), subsidiary_of (Account.parent),
    in_department (Stakeholder.department, Department.parent)."""
    explicit = {(r.type, r.from_id, r.to_id) for r in sub.relationships}
    out: list[dict[str, Any]] = []
    for member in sub.team:
        for account in member.accounts:
            if account in kinds and (RelType.ON_TEAM, member.id, account) not in explicit:
                edge = _vis_edge(RelType.ON_TEAM.value, None, Layer.ORGANIZATIONAL, None)
                out.append(
                    {"source": member.id, "to": account, "id": f"on_team|{member.id}|{account}"}
                    | edge
                )
    for acct in sub.accounts:
        parent = acct.parent
        if parent and parent in kinds and (RelType.SUBSIDIARY_OF, acct.id, parent) not in explicit:
            edge = _vis_edge(RelType.SUBSIDIARY_OF.value, None, Layer.ORGANIZATIONAL, None)
            out.append(
                {"source": acct.id, "to": parent, "id": f"subsidiary_of|{acct.id}|{parent}"} | edge
            )
    for holder, dept in [(s.id, s.department) for s in sub.stakeholders] + [
        (d.id, d.parent) for d in sub.departments
    ]:
        if dept is not None and dept in kinds:
            edge = _vis_edge(IN_DEPARTMENT, None, Layer.ORGANIZATIONAL, None)
            edge["arrows"] = ""
            out.append(
                {"source": holder, "to": dept, "id": f"{IN_DEPARTMENT}|{holder}|{dept}"} | edge
            )
    return out


def _person(
    node: Node, overlay: Overlay, viewer_may_see_notes: bool, names: dict[str, str]
) -> dict[str, Any]:
    """Side-panel facts of one node; notes only for a viewer who may see them."""
    person: dict[str, Any] = {
        "id": node.id,
        "name": node.name,
        "kind": node.node_kind.value,
        "rels": [],
        "gaps": [g.model_dump(mode="json") for g in overlay.gaps_of(node.id)],
        "spof_cuts_off": [names.get(c, c) for c in overlay.spof.get(node.id, [])],
        "influence_score": overlay.influence.get(node.id),
    }
    if isinstance(node, Stakeholder):
        dept = node.department
        person |= {
            "title": node.title,
            "department": names.get(dept, dept) if dept else None,
            "roles": [r.value for r in node.roles],
            "stance": node.stance.value,
            "influence": node.influence,
            "status": node.status.value,
            "connectivity": overlay.connectivity.get(node.id),
            "competitor_preference": node.competitor_preference,
            "department_id": dept,
            "suggested_roles": [
                r.model_dump(mode="json")
                for r in (node.suggested_roles or ([] if node.roles else suggest_roles(node.title)))
                if r.role not in node.roles
            ],
        }
        if viewer_may_see_notes and node.notes:
            person["notes"] = node.notes
    elif node.node_kind == NodeKind.TEAM_MEMBER:
        person["team_role"] = node.team_role.value
        person["accounts"] = list(node.accounts)
    return person
