"""Gap rules about our side and the account's organisation: executive ties, the iron triangle,
department whitespace."""

from __future__ import annotations

from collections.abc import Iterator

from graphkam.analysis.config import GapKind, Severity
from graphkam.analysis.gaprules.base import Finding, GapContext, gap_rule
from graphkam.model import IRON_TRIANGLE, DecisionRole

__all__: list[str] = []


@gap_rule(
    GapKind.NO_EXECUTIVE_RELATIONSHIP,
    Severity.HIGH,
    subject="stakeholder",
    threshold="executive_tiers = S, A",
)
def no_executive_relationship(ctx: GapContext) -> Iterator[Finding]:
    """Only for accounts whose tier is in `executive_tiers` (S, A): one per active decision
    maker with no tie (any strength or age) to any of our people whose team_role is in
    `executive_roles` (executive_sponsor, account_manager)."""
    proj, cfg = ctx.proj, ctx.proj.config
    if proj.account.tier not in cfg.executive_tiers:
        return
    execs = {m for m, t in proj.team.items() if t.team_role in cfg.executive_roles}
    for sid in proj.holders[DecisionRole.DECISION_MAKER]:
        if not any(t.member in execs for t in proj.ties.get(sid, [])):
            text = (
                f"decision maker {proj.name(sid)} has no relationship with our executive "
                "sponsor or account manager"
            )
            yield Finding(sid, text, [sid])


@gap_rule(GapKind.IRON_TRIANGLE_INCOMPLETE, Severity.MEDIUM, subject="team role")
def iron_triangle_incomplete(ctx: GapContext) -> Iterator[Finding]:
    """Only for tiers in `iron_triangle_tiers` (all): one per iron-triangle role
    (account_manager, solution_manager, delivery_manager) that no team member on the account's
    team (`accounts` lists it) holds."""
    proj = ctx.proj
    if proj.account.tier not in proj.config.iron_triangle_tiers:
        return
    roles = {proj.team[m].team_role for m in proj.on_team}
    for team_role in IRON_TRIANGLE:
        if team_role not in roles:
            text = f"no {team_role.value.replace('_', ' ')} on the account team"
            yield Finding(team_role.value, text)


@gap_rule(GapKind.DEPARTMENT_WHITESPACE, Severity.LOW, subject="department")
def department_whitespace(ctx: GapContext) -> Iterator[Finding]:
    """One per department of the account in which no active stakeholder has a tie (any strength
    or age) to any of our people; `people` lists the department's active stakeholders."""
    proj = ctx.proj
    reached = {proj.active[sid].department for sid in proj.ties}
    for did, dept in proj.departments.items():
        if did not in reached:
            members = [sid for sid, s in proj.active.items() if s.department == did]
            text = f"no relationship with anyone in department {dept.name}"
            yield Finding(did, text, members)
