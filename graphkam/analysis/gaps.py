"""Gaps: what is missing or at risk in an account's relationship map, by the rules of `GapKind`."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from graphkam.analysis.competitors import OwnedStakeholder
from graphkam.analysis.config import ContactStatus, GapKind, Severity
from graphkam.analysis.coverage import RoleCoverage
from graphkam.analysis.projection import Projection
from graphkam.analysis.threading import Threading
from graphkam.model import IRON_TRIANGLE, DecisionRole, StakeholderStatus, Stance

__all__ = ["Gap", "find_gaps", "gap_sort_key"]

_KIND_ORDER = {k: i for i, k in enumerate(GapKind)}

_CONTACT_GAPS = {
    ContactStatus.UNCOVERED: GapKind.ROLE_UNCOVERED,
    ContactStatus.WEAK: GapKind.WEAK_COVERAGE,
    ContactStatus.STALE: GapKind.STALE_RELATIONSHIP,
}


class Gap(BaseModel):
    """One gap: its kind, subject (an id or a role value), severity and a readable message."""

    kind: GapKind
    subject: str
    severity: Severity
    message: str


def gap_sort_key(gap: Gap) -> tuple[int, int, str]:
    """Most severe first, then in GapKind order, then by subject."""
    return (gap.severity.rank, _KIND_ORDER[gap.kind], gap.subject)


def find_gaps(
    proj: Projection,
    coverage: list[RoleCoverage],
    threading: Threading,
    owned: Sequence[OwnedStakeholder] = (),
) -> list[Gap]:
    """Every gap of the account, each by exactly its rule in `GapKind`, sorted by `gap_sort_key`.

    `owned` are the competitor-owned stakeholders (`competitor_reach`)."""
    cfg = proj.config
    gaps: list[Gap] = []

    def add(kind: GapKind, subject: str, message: str, role: DecisionRole | None = None) -> None:
        gaps.append(
            Gap(kind=kind, subject=subject, severity=cfg.severity(kind, role), message=message)
        )

    for cov in coverage:
        role = cov.role
        label = role.value.replace("_", " ")
        if cov.contact is None:
            if role in cfg.required_roles:
                add(GapKind.ROLE_MISSING, role.value, f"no {label} identified", role)
            continue
        kind = _CONTACT_GAPS.get(cov.contact)
        if kind is not None:
            names = ", ".join(h.name for h in cov.stakeholders)
            text = {
                GapKind.ROLE_UNCOVERED: f"nobody on our team relates to the {label} ({names})",
                GapKind.WEAK_COVERAGE: f"our relationships with the {label} ({names}) are weak",
                GapKind.STALE_RELATIONSHIP: f"our relationships with the {label} ({names}) "
                f"are stale (no contact in {cfg.stale_after_days} days)",
            }[kind]
            add(kind, role.value, text, role)

    for sid in proj.decision_chain:
        if proj.active[sid].stance == Stance.UNKNOWN:
            add(GapKind.STANCE_UNKNOWN, sid, f"stance of {proj.name(sid)} is not assessed")

    for sid, k in threading.connectivity.items():
        if k <= cfg.single_threaded_max:
            how = "unreachable" if k == 0 else "reached through a single chain"
            add(GapKind.SINGLE_THREADED, sid, f"{proj.name(sid)} is {how} (connectivity {k})")

    for sid, person in proj.active.items():
        if (
            person.stance.value in cfg.opponent_stances
            and person.influence >= cfg.influential_min
            and sid not in proj.ties
        ):
            add(
                GapKind.OPPONENT_UNCOVERED,
                sid,
                f"influential opponent {person.name} has no relationship with our team",
            )

    if proj.account.tier in cfg.executive_tiers:
        execs = {m for m, t in proj.team.items() if t.team_role in cfg.executive_roles}
        for sid in proj.holders[DecisionRole.DECISION_MAKER]:
            if not any(t.member in execs for t in proj.ties.get(sid, [])):
                add(
                    GapKind.NO_EXECUTIVE_RELATIONSHIP,
                    sid,
                    f"decision maker {proj.name(sid)} has no relationship with our executive "
                    "sponsor or account manager",
                )

    if proj.account.tier in cfg.iron_triangle_tiers:
        roles = {proj.team[m].team_role for m in proj.on_team}
        for team_role in IRON_TRIANGLE:
            if team_role not in roles:
                add(
                    GapKind.IRON_TRIANGLE_INCOMPLETE,
                    team_role.value,
                    f"no {team_role.value.replace('_', ' ')} on the account team",
                )

    for sid, person in proj.stakeholders.items():
        if person.stance == Stance.CHAMPION and person.status == StakeholderStatus.LEFT:
            add(GapKind.CHAMPION_LEFT, sid, f"champion {person.name} has left the account")

    for person in owned:
        if person.roles:
            add(
                GapKind.COMPETITOR_OWNED_DECISION_MAKER,
                person.id,
                f"{person.competitor_name} reaches {person.name} "
                f"({person.competitor_strength:.2f}) and we do not",
            )

    reached = {proj.active[sid].department for sid in proj.ties}
    for did, dept in proj.departments.items():
        if did not in reached:
            add(
                GapKind.DEPARTMENT_WHITESPACE,
                did,
                f"no relationship with anyone in department {dept.name}",
            )

    return sorted(gaps, key=gap_sort_key)
