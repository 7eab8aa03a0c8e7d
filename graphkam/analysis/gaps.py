"""Gaps: what is missing or at risk in an account's relationship map, by the registered rules.

Each gap kind has exactly one rule in `graphkam.analysis.gaprules` (severity, threshold, rule
text and check, one module per family); `find_gaps` runs them all.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from graphkam.analysis.competitors import OwnedStakeholder
from graphkam.analysis.config import GapKind, Severity
from graphkam.analysis.coverage import RoleCoverage
from graphkam.analysis.gaprules import RULES, GapContext
from graphkam.analysis.projection import Projection
from graphkam.analysis.threading import Threading

__all__ = ["Gap", "find_gaps", "gap_sort_key"]

_KIND_ORDER = {k: i for i, k in enumerate(GapKind)}


class Gap(BaseModel):
    """One gap: its kind, subject (an id or a role value), severity, a readable message and the
    stakeholder ids it is about (a role gap names the role's holders)."""

    kind: GapKind
    subject: str
    severity: Severity
    message: str
    people: list[str] = Field(default_factory=list)


def gap_sort_key(gap: Gap) -> tuple[int, int, str]:
    """Most severe first, then in GapKind order, then by subject."""
    return (gap.severity.rank, _KIND_ORDER[gap.kind], gap.subject)


def find_gaps(
    proj: Projection,
    coverage: list[RoleCoverage],
    threading: Threading,
    owned: Sequence[OwnedStakeholder] = (),
) -> list[Gap]:
    """Every gap of the account, each by exactly its registered rule, sorted by `gap_sort_key`.

    `owned` are the competitor-owned stakeholders (`competitor_reach`)."""
    cfg = proj.config
    ctx = GapContext(proj, coverage, threading, owned)
    gaps = [
        Gap(
            kind=kind,
            subject=f.subject,
            severity=cfg.severity(kind, f.role),
            message=f.message,
            people=f.people,
        )
        for kind in GapKind
        for f in RULES[kind].check(ctx)
    ]
    return sorted(gaps, key=gap_sort_key)
