"""The account graph page: one self-contained HTML file showing an account's relationship graph.

pyvis builds the vis-network nodes and edges (visualizations.graph_data); our own Jinja template
lays out the page with the vis-network script inlined from pyvis's package, so the page works
offline and makes no request beyond the one that served it. Served by the API for a user who
may edit the account, the page also edits the map through the API's own routes (docs/pages.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from graphkam.analysis import AccountAnalysis
from graphkam.analysis.config import AnalysisConfig
from graphkam.analysis.projection import Projection, project
from graphkam.documents import AccountSubgraph
from graphkam.i18n import MESSAGES, Lang, t
from graphkam.model import DecisionRole, Purpose, RelType, Stance, TeamMember
from visualizations.assets import inline_script, json_for_script, static_text, vis_network_js
from visualizations.graph_data import build_graph_data
from visualizations.health_chart import build_health_chart
from visualizations.overlay import Overlay, as_plain, read_overlay
from visualizations.render import environment
from visualizations.styles import (
    KIND_STYLES,
    LAYER_STYLES,
    MARK_COLORS,
    REL_COLORS,
    STANCE_STYLES,
)

__all__ = [
    "Editor",
    "EDITABLE_TYPES",
    "render_account_page",
    "account_page_data",
    "coalition_members",
]

#: Relationship types a rep draws on the page (our relationship: TeamMember → Stakeholder).
EDITABLE_TYPES = [
    RelType.REPORTS_TO,
    RelType.INFLUENCES,
    RelType.ALLIED_WITH,
    RelType.RIVALS_WITH,
    RelType.RELATES_TO,
    RelType.KNOWS,
]


class Editor(BaseModel):
    """How the page may edit: given only when the API serves it to a user who may edit.

    `csrf_token` goes into `<meta name="csrf-token">`; the page sends it back as the
    `X-CSRF-Token` header on every write (docs/pages.md, "Editing").
    """

    can_edit: bool
    csrf_token: str | None = None
    is_admin: bool = False


def render_account_page(
    subgraph: AccountSubgraph,
    analysis: AccountAnalysis | None,
    *,
    as_of: dt.date,
    viewer_may_see_notes: bool,
    coalitions: Any = None,
    config: AnalysisConfig | None = None,
    health: Any = None,
    projection: Projection | None = None,
    lang: Lang = Lang.EN,
    editor: Editor | None = None,
) -> str:
    """The complete HTML page of one account as known on `as_of`, labelled in `lang`.

    `analysis` is the typed AccountAnalysis (or None for the bare graph); its influence sizes the
    nodes and its threading, coverage and gaps are marked on the graph. `projection` is the one
    the analysis was made from (built here when not given). Personal notes are written into the
    page only when `viewer_may_see_notes` is true. `coalitions` is a CoalitionReport, a list of
    Coalitions or a list of id lists; `health` a HealthSeries, drawn as a small timeline.
    `editor` (from the API) turns on editing through the API.
    """
    data = account_page_data(
        subgraph,
        analysis,
        as_of=as_of,
        viewer_may_see_notes=viewer_may_see_notes,
        coalitions=coalitions,
        config=config,
        projection=projection,
    )
    data["editor"] = editor.model_dump() if editor else {"can_edit": False}
    data["lang"] = lang.value
    kinds = {n.node_kind for n in subgraph.nodes()}

    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)

    template = environment().get_template("account.html")
    return template.render(
        account=subgraph.account,
        as_of=as_of,
        overlay=data["overlay"],
        graph=data["graph"],
        t=tr,
        lang=lang.value,
        editor=editor,
        health=build_health_chart(health) if health is not None else None,
        viewer_may_see_notes=viewer_may_see_notes,
        counts={"stakeholders": len(subgraph.stakeholders), "team": len(subgraph.team)},
        stance_styles=list(STANCE_STYLES.items()),
        kind_styles=[(k, s) for k, s in KIND_STYLES.items() if k in kinds],
        layer_dash={
            layer.value: " ".join(map(str, s.dashes)) if s.dashes else ""
            for layer, s in LAYER_STYLES.items()
        },
        type_colors={t.value: c for t, c in REL_COLORS.items()} | {"in_department": "#c7cfdc"},
        mark_colors=MARK_COLORS,
        graph_json=json_for_script(data),
        messages_json=json_for_script({key: list(pair) for key, pair in MESSAGES.items()}),
        vis_js=inline_script(vis_network_js()),
        page_js=inline_script(static_text("account.js")),
        edit_js=inline_script(static_text("editor.js")),
        page_css=inline_script(static_text("page.css")),
    )


def account_page_data(
    subgraph: AccountSubgraph,
    analysis: AccountAnalysis | None,
    *,
    as_of: dt.date,
    viewer_may_see_notes: bool,
    coalitions: Any = None,
    config: AnalysisConfig | None = None,
    projection: Projection | None = None,
) -> dict[str, Any]:
    """The page's data as JSON-ready values: the graph, the overlay and the editing choices.

    The page embeds it, and fetches it again (`GET /accounts/{id}/graph/data`) after each edit,
    so the marks, sizes and overlay are computed in one place only.
    """
    proj = projection or project(subgraph, as_of, config or AnalysisConfig.from_settings())
    overlay = read_overlay(analysis)
    groups = coalition_members(coalitions)
    graph = build_graph_data(
        subgraph, proj, overlay, viewer_may_see_notes=viewer_may_see_notes, coalitions=groups
    )
    names = {n.id: n.name for n in subgraph.nodes()}
    account = subgraph.account
    team = [m for m in subgraph.team if isinstance(m, TeamMember)]
    return {
        "account": {"id": account.id, "name": account.name, "tier": account.tier.value},
        "as_of": as_of.isoformat(),
        "graph": graph.as_json(),
        "overlay": _overlay_view(overlay, names, groups),
        "team": [{"id": m.id, "name": m.name, "on_team": account.id in m.accounts} for m in team],
        "choices": {
            "roles": [r.value for r in DecisionRole],
            "stances": [s.value for s in Stance],
            "purposes": [p.value for p in Purpose],
            "types": [r.value for r in EDITABLE_TYPES],
            "departments": [{"id": d.id, "name": d.name} for d in subgraph.departments],
        },
    }


def _overlay_view(
    overlay: Overlay, names: dict[str, str], groups: list[list[str]]
) -> dict[str, Any]:
    """The overlay blocks the page draws: single points of failure, gaps, decision chain,
    opponents, coalitions and recommendations (names resolved, values as in the analysis)."""
    return {
        "analysed": overlay.analysed,
        "single_threaded": overlay.single_threaded,
        "support_index": overlay.support_index,
        "spof": [
            {
                "id": p.id,
                "name": names.get(p.id, p.name),
                "side": p.side.value,
                "cuts_off": [names.get(c, c) for c in p.cuts_off],
            }
            for p in overlay.single_points_of_failure
        ],
        "gaps": [
            g.model_dump(mode="json") | {"subject_name": names.get(g.subject, g.subject)}
            for g in overlay.gaps
        ],
        "coverage": [
            {
                "role": r.role.value,
                "status": r.status.value,
                "stakeholders": [
                    {"id": h.id, "name": names.get(h.id, h.name)} for h in r.stakeholders
                ],
            }
            for r in overlay.coverage
        ],
        "opponents": [{"id": p, "name": names.get(p, p)} for p in sorted(overlay.opponents)],
        "coalitions": [[{"id": m, "name": names.get(m, m)} for m in g] for g in groups],
        "recommendations": [
            {
                "target": r.target,
                "target_name": names.get(r.target, r.target_name),
                "action": r.action,
                "owner_name": r.owner_name,
                "gain": r.gain,
                "reasons": r.reasons,
            }
            for r in overlay.recommendations
        ],
    }


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
