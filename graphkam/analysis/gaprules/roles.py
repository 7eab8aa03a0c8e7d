"""Gap rules about decision roles: missing, not assessed, uncovered, weak and stale coverage."""

from __future__ import annotations

from collections.abc import Iterator

from graphkam.analysis.config import ContactStatus, GapKind, Severity
from graphkam.analysis.coverage import RoleCoverage
from graphkam.analysis.gaprules.base import Finding, GapContext, gap_rule
from graphkam.model import Stance

__all__: list[str] = []


def _label(cov: RoleCoverage) -> str:
    return cov.role.value.replace("_", " ")


def _held(ctx: GapContext, contact: ContactStatus) -> Iterator[RoleCoverage]:
    for cov in ctx.coverage:
        if cov.contact is contact:
            yield cov


def _finding(cov: RoleCoverage, text: str) -> Finding:
    names = ", ".join(h.name for h in cov.stakeholders)
    return Finding(
        cov.role.value,
        text.format(label=_label(cov), names=names),
        [h.id for h in cov.stakeholders],
        cov.role,
    )


@gap_rule(GapKind.ROLE_MISSING, Severity.HIGH, subject="role", threshold="required_roles")
def role_missing(ctx: GapContext) -> Iterator[Finding]:
    """One per role in `required_roles` (all seven) that no active stakeholder holds."""
    for cov in ctx.coverage:
        if cov.contact is None and cov.role in ctx.proj.config.required_roles:
            yield Finding(cov.role.value, f"no {_label(cov)} identified", [], cov.role)


@gap_rule(GapKind.STANCE_UNKNOWN, Severity.MEDIUM, subject="stakeholder")
def stance_unknown(ctx: GapContext) -> Iterator[Finding]:
    """One per decision-chain stakeholder whose stance is `unknown`."""
    proj = ctx.proj
    for sid in proj.decision_chain:
        if proj.active[sid].stance == Stance.UNKNOWN:
            yield Finding(sid, f"stance of {proj.name(sid)} is not assessed", [sid])


@gap_rule(GapKind.ROLE_UNCOVERED, Severity.HIGH, subject="role")
def role_uncovered(ctx: GapContext) -> Iterator[Finding]:
    """The role is held by active stakeholders, but none of them has a tie (of any strength or
    age) with any of our people (contact status `uncovered`)."""
    for cov in _held(ctx, ContactStatus.UNCOVERED):
        yield _finding(cov, "nobody on our team relates to the {label} ({names})")


@gap_rule(GapKind.WEAK_COVERAGE, Severity.MEDIUM, subject="role", threshold="weak_below = 0.4")
def weak_coverage(ctx: GapContext) -> Iterator[Finding]:
    """Some holder has a fresh tie, but no holder has a good tie (fresh and effective strength
    >= `weak_below`): contact status `weak`."""
    for cov in _held(ctx, ContactStatus.WEAK):
        yield _finding(cov, "our relationships with the {label} ({names}) are weak")


@gap_rule(
    GapKind.STALE_RELATIONSHIP, Severity.MEDIUM, subject="role", threshold="stale_after_days = 90"
)
def stale_relationship(ctx: GapContext) -> Iterator[Finding]:
    """Holders have ties, but every tie to every holder is stale (age > `stale_after_days`, or
    no contact date): contact status `stale`."""
    days = ctx.proj.config.stale_after_days
    for cov in _held(ctx, ContactStatus.STALE):
        text = "our relationships with the {label} ({names}) are stale"
        yield _finding(cov, text + f" (no contact in {days} days)")
