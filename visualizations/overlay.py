"""The analytics overlay of an account page, read from a typed AccountAnalysis.

The page takes the analysis as its pydantic model (`graphkam.analysis.AccountAnalysis`); a JSON
dict is validated into that model first, so a renamed or missing field is an error here, not a
silently empty overlay. Only "no analysis at all" (None) gives the empty overlay of a bare graph.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field

from graphkam.analysis import AccountAnalysis
from graphkam.analysis.config import CoverageStatus, GapKind
from graphkam.analysis.coverage import RoleCoverage
from graphkam.analysis.gaps import Gap
from graphkam.analysis.recommendations import Recommendation
from graphkam.analysis.threading import SinglePointOfFailure

__all__ = ["GapView", "Overlay", "read_overlay", "as_plain"]


class GapView(BaseModel):
    """One gap as the portfolio page shows it (from the portfolio scan's JSON)."""

    kind: str
    subject: str | None = None
    severity: str | None = None
    message: str = ""


class Overlay(BaseModel):
    """What the page marks on the graph: influence, single points of failure, coverage, gaps."""

    analysed: bool = False
    influence: dict[str, float] = Field(default_factory=dict)
    support_index: float | None = None
    single_threaded: bool = False
    connectivity: dict[str, int] = Field(default_factory=dict)
    single_points_of_failure: list[SinglePointOfFailure] = Field(default_factory=list)
    coverage: list[RoleCoverage] = Field(default_factory=list)
    gaps: list[Gap] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)

    @property
    def spof(self) -> dict[str, list[str]]:
        """Single point of failure id → the ids it cuts us off from."""
        return {p.id: list(p.cuts_off) for p in self.single_points_of_failure}

    @property
    def uncovered_people(self) -> set[str]:
        """Holders of a decision role that our team does not reach (coverage status uncovered)."""
        return {
            h.id
            for r in self.coverage
            if r.status is CoverageStatus.UNCOVERED
            for h in r.stakeholders
        }

    @property
    def missing_roles(self) -> list[str]:
        """Decision roles nobody at the account is known to hold."""
        return [r.role.value for r in self.coverage if r.status is CoverageStatus.MISSING]

    @property
    def uncovered_roles(self) -> list[str]:
        return [r.role.value for r in self.coverage if r.status is CoverageStatus.UNCOVERED]

    @property
    def opponents(self) -> set[str]:
        """Influential opponents nobody of ours relates to (gap opponent_uncovered)."""
        return {g.subject for g in self.gaps if g.kind is GapKind.OPPONENT_UNCOVERED}

    def gaps_of(self, subject: str) -> list[Gap]:
        return [g for g in self.gaps if g.subject == subject]


def as_plain(obj: Any) -> Any:
    """A pydantic model (anything with model_dump) as JSON-ready data; other values unchanged."""
    dump = getattr(obj, "model_dump", None)
    if callable(dump):
        return dump(mode="json", by_alias=True)
    return obj


def read_overlay(analysis: AccountAnalysis | Mapping[str, Any] | None) -> Overlay:
    """The overlay of an AccountAnalysis (or its `analyze --json` document, validated into one).

    None gives the empty overlay of a bare graph; a document that is not a valid AccountAnalysis
    raises pydantic's ValidationError naming the field.
    """
    if analysis is None:
        return Overlay()
    if not isinstance(analysis, AccountAnalysis):
        analysis = AccountAnalysis.model_validate(analysis)
    threading = analysis.threading
    return Overlay(
        analysed=True,
        influence={i.id: i.score for i in analysis.influence},
        support_index=analysis.support.index,
        single_threaded=threading.single_threaded,
        connectivity=dict(threading.connectivity),
        single_points_of_failure=list(threading.single_points_of_failure),
        coverage=list(analysis.coverage),
        gaps=list(analysis.gaps),
        recommendations=list(analysis.recommendations),
    )
