"""Visual vocabulary of the pages: colour by stance, shape by node kind, edge style by layer/type.

One place, so the graph, its legend and the docs agree. Stance uses a diverging scale
(green for us, red against us, grey for not yet assessed).
"""

from __future__ import annotations

from pydantic import BaseModel

from graphkam.model import Layer, NodeKind, RelType, Stance, Tier

__all__ = [
    "StanceStyle",
    "KindStyle",
    "LayerStyle",
    "STANCE_STYLES",
    "KIND_STYLES",
    "LAYER_STYLES",
    "REL_COLORS",
    "REL_LABELS",
    "TIER_RADIUS",
    "MARK_COLORS",
    "node_size",
    "edge_width",
]


class StanceStyle(BaseModel):
    """Fill and border of a stakeholder node with this stance."""

    label: str
    fill: str
    border: str


class KindStyle(BaseModel):
    """vis-network shape of a node kind and the fill used when stance does not apply."""

    label: str
    shape: str
    fill: str
    border: str


class LayerStyle(BaseModel):
    """Dash pattern of an edge in this layer (false is a solid line)."""

    label: str
    dashes: bool | list[int]


#: Diverging scale (ColorBrewer RdYlGn, 5 classes) plus grey for unknown.
STANCE_STYLES: dict[Stance, StanceStyle] = {
    Stance.CHAMPION: StanceStyle(label="champion (+2)", fill="#1a9641", border="#0d5c27"),
    Stance.SUPPORTER: StanceStyle(label="supporter (+1)", fill="#a6d96a", border="#5f8f2f"),
    Stance.NEUTRAL: StanceStyle(label="neutral (0)", fill="#ffffbf", border="#b3b36b"),
    Stance.SKEPTIC: StanceStyle(label="skeptic (−1)", fill="#fdae61", border="#c26b15"),
    Stance.OPPONENT: StanceStyle(label="opponent (−2)", fill="#d7191c", border="#8a0e10"),
    Stance.UNKNOWN: StanceStyle(label="unknown (not assessed)", fill="#bdbdbd", border="#6e6e6e"),
}

KIND_STYLES: dict[NodeKind, KindStyle] = {
    NodeKind.TEAM_MEMBER: KindStyle(
        label="our people", shape="star", fill="#2b83ba", border="#1b4f72"
    ),
    NodeKind.STAKEHOLDER: KindStyle(
        label="stakeholder", shape="dot", fill="#bdbdbd", border="#6e6e6e"
    ),
    NodeKind.DEPARTMENT: KindStyle(
        label="department", shape="box", fill="#e8eef7", border="#7f93b3"
    ),
    NodeKind.THIRD_PARTY: KindStyle(
        label="third party", shape="diamond", fill="#9e7bb5", border="#5e3f73"
    ),
    NodeKind.COMPETITOR: KindStyle(
        label="competitor", shape="triangle", fill="#4d4d4d", border="#000000"
    ),
    NodeKind.ACCOUNT: KindStyle(label="account", shape="hexagon", fill="#f4f4f4", border="#555555"),
}

LAYER_STYLES: dict[Layer, LayerStyle] = {
    Layer.KEY: LayerStyle(label="key (our people ↔ decision chain)", dashes=False),
    Layer.GENERAL: LayerStyle(label="general (our people ↔ others)", dashes=[8, 6]),
    Layer.ORGANIZATIONAL: LayerStyle(
        label="organizational (org chart, outside ties)", dashes=[2, 5]
    ),
}

REL_COLORS: dict[RelType, str] = {
    RelType.REPORTS_TO: "#8c8c8c",
    RelType.INFLUENCES: "#e08214",
    RelType.ALLIED_WITH: "#1a9641",
    RelType.RIVALS_WITH: "#d7191c",
    RelType.RELATES_TO: "#2b83ba",
    RelType.ON_TEAM: "#2b83ba",
    RelType.KNOWS: "#9e7bb5",
    RelType.PARTNERS_WITH: "#9e7bb5",
    RelType.SUBSIDIARY_OF: "#555555",
    RelType.COMPETITOR_RELATES_TO: "#000000",
}

REL_LABELS: dict[RelType, str] = {
    RelType.REPORTS_TO: "reports to",
    RelType.INFLUENCES: "influences",
    RelType.ALLIED_WITH: "allied with",
    RelType.RIVALS_WITH: "rivals with",
    RelType.RELATES_TO: "our relationship",
    RelType.ON_TEAM: "on team",
    RelType.KNOWS: "knows",
    RelType.PARTNERS_WITH: "partners with",
    RelType.SUBSIDIARY_OF: "subsidiary of",
    RelType.COMPETITOR_RELATES_TO: "competitor relates to",
}

#: Bubble radius (px) on the portfolio chart, by tier: S largest.
TIER_RADIUS: dict[Tier, int] = {Tier.S: 22, Tier.A: 16, Tier.B: 11, Tier.C: 7}

#: Overlay marks: single point of failure, uncovered decision-chain role, influential opponent.
MARK_COLORS: dict[str, str] = {"spof": "#e7298a", "uncovered": "#ff7f00", "opponent": "#d7191c"}


def node_size(influence: float) -> float:
    """Node radius in px from influence on the decision: 10 + 30 × influence (influence in 0..1)."""
    return round(10.0 + 30.0 * max(0.0, min(1.0, influence)), 2)


def edge_width(strength: float | None) -> float:
    """Edge width in px from effective strength: 1 + 7 × strength; 1 when strength is unknown."""
    if strength is None:
        return 1.0
    return round(1.0 + 7.0 * max(0.0, min(1.0, strength)), 2)
