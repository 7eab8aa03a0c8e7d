"""The analytics overlay of an account page, read from an AccountAnalysis via its documented JSON.

The page reads the analysis by its documented top-level keys (`influence`, `support`, `coverage`,
`threading`, `gaps`; see docs/scores.md) rather than by class, so the page and the analytics
can evolve apart; missing keys give an empty overlay, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field

__all__ = ["GapView", "RoleView", "Overlay", "read_overlay", "as_plain"]


class GapView(BaseModel):
    """One gap as the page shows it."""

    kind: str
    subject: str | None = None
    severity: str | None = None
    message: str = ""


class RoleView(BaseModel):
    """Coverage of one decision role: who holds it and its status (covered, uncovered, ...)."""

    role: str
    status: str
    stakeholders: list[str] = Field(default_factory=list)
    best_strength: float | None = None


class Overlay(BaseModel):
    """What the page marks on the graph: influence, single points of failure, coverage, gaps."""

    analysed: bool = False
    influence: dict[str, float] = Field(default_factory=dict)
    support_index: float | None = None
    single_threaded: bool = False
    connectivity: dict[str, int] = Field(default_factory=dict)
    spof: dict[str, list[str]] = Field(default_factory=dict)
    coverage: list[RoleView] = Field(default_factory=list)
    gaps: list[GapView] = Field(default_factory=list)

    @property
    def uncovered_people(self) -> set[str]:
        """Holders of a decision role that our team does not reach (coverage status uncovered)."""
        return {s for r in self.coverage if r.status == "uncovered" for s in r.stakeholders}

    @property
    def missing_roles(self) -> list[str]:
        """Decision roles nobody at the account is known to hold."""
        return [r.role for r in self.coverage if r.status == "missing"]

    @property
    def uncovered_roles(self) -> list[str]:
        return [r.role for r in self.coverage if r.status == "uncovered"]

    @property
    def opponents(self) -> set[str]:
        """Influential opponents nobody of ours relates to (gap opponent_uncovered)."""
        return {g.subject for g in self.gaps if g.kind == "opponent_uncovered" and g.subject}

    def gaps_of(self, subject: str) -> list[GapView]:
        return [g for g in self.gaps if g.subject == subject]


def as_plain(obj: Any) -> Any:
    """A pydantic model (anything with model_dump) as JSON-ready data; other values unchanged."""
    dump = getattr(obj, "model_dump", None)
    if callable(dump):
        return dump(mode="json", by_alias=True)
    return obj


def read_overlay(analysis: Any) -> Overlay:
    """The overlay of an AccountAnalysis (model or its JSON dict); None gives an empty overlay."""
    data = as_plain(analysis)
    if not isinstance(data, Mapping):
        return Overlay()
    influence = {
        str(item["id"]): float(item.get("score") or 0.0)
        for item in data.get("influence") or []
        if isinstance(item, Mapping) and "id" in item
    }
    support = data.get("support")
    index = support.get("index") if isinstance(support, Mapping) else None
    threading = data.get("threading") if isinstance(data.get("threading"), Mapping) else {}
    spof: dict[str, list[str]] = {}
    for item in threading.get("single_points_of_failure") or []:
        if isinstance(item, Mapping) and "id" in item:
            cuts = item.get("cuts_off") or []
            spof[str(item["id"])] = [str(c) for c in (cuts if isinstance(cuts, list) else [cuts])]
    coverage = [
        RoleView(
            role=str(item.get("role")),
            status=str(item.get("status")),
            stakeholders=[_person_id(s) for s in item.get("stakeholders") or []],
            best_strength=item.get("best_strength"),
        )
        for item in data.get("coverage") or []
        if isinstance(item, Mapping)
    ]
    gaps = [
        GapView(
            kind=str(g.get("kind")),
            subject=None if g.get("subject") is None else str(g.get("subject")),
            severity=None if g.get("severity") is None else str(g.get("severity")),
            message=str(g.get("message") or ""),
        )
        for g in data.get("gaps") or []
        if isinstance(g, Mapping)
    ]
    connectivity = {
        str(k): int(v) for k, v in (threading.get("connectivity") or {}).items() if v is not None
    }
    return Overlay(
        analysed=True,
        influence=influence,
        support_index=None if index is None else float(index),
        single_threaded=bool(threading.get("single_threaded", False)),
        connectivity=connectivity,
        spof=spof,
        coverage=coverage,
        gaps=gaps,
    )


def _person_id(item: Any) -> str:
    """A coverage entry names a stakeholder by id, or by an object that carries its id."""
    if isinstance(item, Mapping):
        return str(item.get("id") or item.get("stakeholder") or "")
    return str(item)
