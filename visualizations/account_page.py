"""The account graph page: one self-contained HTML file showing an account's relationship graph.

pyvis builds the vis-network nodes and edges (visualizations.graph_data); our own Jinja template
lays out the page with the vis-network script inlined from pyvis's package, so the page works
offline and makes no request beyond the one that served it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from graphkam.analysis.config import AnalysisConfig
from graphkam.documents import AccountSubgraph
from graphkam.model import NodeKind
from visualizations.assets import inline_script, json_for_script, static_text, vis_network_js
from visualizations.graph_data import build_graph_data
from visualizations.health_chart import build_health_chart
from visualizations.overlay import as_plain, read_overlay
from visualizations.render import environment
from visualizations.styles import (
    KIND_STYLES,
    LAYER_STYLES,
    MARK_COLORS,
    REL_COLORS,
    STANCE_STYLES,
)

__all__ = ["render_account_page", "coalition_members"]


def render_account_page(
    subgraph: AccountSubgraph,
    analysis: Any,
    *,
    as_of: dt.date,
    viewer_may_see_notes: bool,
    coalitions: Any = None,
    config: AnalysisConfig | None = None,
    health: Any = None,
) -> str:
    """The complete HTML page of one account as known on `as_of`.

    `analysis` is an AccountAnalysis (or its JSON dict, or None for the bare graph); its
    influence sizes the nodes and its threading, coverage and gaps are marked on the graph.
    Personal notes are written into the page only when `viewer_may_see_notes` is true.
    `coalitions` is a CoalitionReport, a list of Coalitions or a list of id lists; `health` a
    HealthSeries (or list of HealthIndex), drawn as a small timeline.
    """
    overlay = read_overlay(analysis)
    groups = coalition_members(coalitions)
    graph = build_graph_data(
        subgraph,
        overlay,
        as_of=as_of,
        viewer_may_see_notes=viewer_may_see_notes,
        coalitions=groups,
        config=config,
    )
    names = {n.id: n.name for n in subgraph.nodes()}
    kinds = {n.id: n.node_kind for n in subgraph.nodes()}
    spofs = [
        {
            "id": pid,
            "name": names.get(pid, pid),
            "side": "ours" if kinds.get(pid) == NodeKind.TEAM_MEMBER else "theirs",
            "cuts_off": [names.get(c, c) for c in cut],
        }
        for pid, cut in overlay.spof.items()
    ]
    opponents = [{"id": p, "name": names.get(p, p)} for p in sorted(overlay.opponents)]
    template = environment().get_template("account.html")
    return template.render(
        account=subgraph.account,
        as_of=as_of,
        overlay=overlay,
        graph=graph,
        names=names,
        spofs=spofs,
        opponents=opponents,
        coalitions=groups,
        health=build_health_chart(health) if health is not None else None,
        viewer_may_see_notes=viewer_may_see_notes,
        counts={"stakeholders": len(subgraph.stakeholders), "team": len(subgraph.team)},
        stance_styles=list(STANCE_STYLES.items()),
        kind_styles=[(k, s) for k, s in KIND_STYLES.items() if k in set(kinds.values())],
        layer_dash={
            layer.value: " ".join(map(str, s.dashes)) if s.dashes else ""
            for layer, s in LAYER_STYLES.items()
        },
        type_colors={t.value: c for t, c in REL_COLORS.items()} | {"in_department": "#c7cfdc"},
        mark_colors=MARK_COLORS,
        graph_json=json_for_script(graph.as_json()),
        vis_js=inline_script(vis_network_js()),
        page_js=inline_script(static_text("account.js")),
        page_css=inline_script(static_text("page.css")),
    )


def coalition_members(coalitions: Any) -> list[list[str]]:
    """Member id lists from a CoalitionReport, a list of Coalitions, or a list of id lists."""
    if coalitions is None:
        return []
    data = as_plain(coalitions)
    if isinstance(data, dict):
        data = data.get("coalitions", [])
    out: list[list[str]] = []
    for item in data if isinstance(data, Iterable) else []:
        item = as_plain(item)
        members = item.get("members", []) if isinstance(item, dict) else item
        out.append([str(m) for m in members])
    return [m for m in out if m]
