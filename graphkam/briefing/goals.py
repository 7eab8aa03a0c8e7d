"""A suggested goal for a visit, from its purpose and the account's open gaps.

Rule: among the gaps that fit the visit's purpose, those about the people being met (or about
a role they hold) come first, then account-wide ones; within each, `GOAL_PRIORITY` orders the
kinds (what a meeting can best settle first), then severity. The first gives the goal; without
one, the purpose's default goal applies. Up to three further goals follow as "also".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphkam.analysis.config import GapKind
from graphkam.analysis.gaps import Gap, gap_sort_key
from graphkam.model import DecisionRole, Purpose

if TYPE_CHECKING:
    from graphkam.analysis.projection import Projection
    from graphkam.briefing.build import PersonBrief

__all__ = ["suggest_goals", "PURPOSE_GOALS", "GAP_PURPOSES", "GOAL_PRIORITY"]

#: Which gap a visit should settle first: learn stances, then counter rivals, then reach.
GOAL_PRIORITY: list[GapKind] = [
    GapKind.STANCE_UNKNOWN,
    GapKind.COMPETITOR_OWNED_DECISION_MAKER,
    GapKind.OPPONENT_UNCOVERED,
    GapKind.SINGLE_THREADED,
    GapKind.NO_EXECUTIVE_RELATIONSHIP,
    GapKind.ROLE_UNCOVERED,
    GapKind.WEAK_COVERAGE,
    GapKind.STALE_RELATIONSHIP,
    GapKind.CHAMPION_LEFT,
    GapKind.ROLE_MISSING,
    GapKind.DEPARTMENT_WHITESPACE,
    GapKind.IRON_TRIANGLE_INCOMPLETE,
]

#: The goal of a visit when no gap suggests a better one.
PURPOSE_GOALS: dict[Purpose, str] = {
    Purpose.SIGNING: "secure the signature: confirm the approval path and the procurement steps",
    Purpose.RELATIONSHIP: "deepen the relationship: learn their priorities and personal goals",
    Purpose.PROGRESS: "agree the next milestone, its owner and its date",
    Purpose.SOLUTION: "validate the solution against their requirements and capture objections",
    Purpose.RESEARCH: "map the decision chain: who decides, who pays, who evaluates, who uses",
}

#: Which purposes each gap kind's goal fits (every purpose when absent).
GAP_PURPOSES: dict[GapKind, set[Purpose]] = {
    GapKind.IRON_TRIANGLE_INCOMPLETE: set(),
    GapKind.DEPARTMENT_WHITESPACE: {Purpose.RESEARCH, Purpose.RELATIONSHIP},
}

_BUDGET_PURPOSES = {Purpose.SIGNING, Purpose.PROGRESS, Purpose.SOLUTION}


def suggest_goals(
    purpose: Purpose, gaps: list[Gap], people: list[PersonBrief], proj: Projection
) -> tuple[str, list[str]]:
    """(goal, also): the visit's goal and up to three more, see the module docstring."""
    meeting = {p.id: p for p in people}
    fitting = [
        g
        for g in gaps
        if purpose in GAP_PURPOSES.get(g.kind, set(Purpose))
        and (g.subject in meeting or g.subject not in proj.stakeholders)
    ]

    def order(g: Gap) -> tuple[bool, int, int, str]:
        about_them = g.subject in meeting or any(h.id in meeting for h in _holders(proj, g.subject))
        return (not about_them, GOAL_PRIORITY.index(g.kind), *gap_sort_key(g)[::2])

    fitting.sort(key=order)
    goals = list(dict.fromkeys(_goal(g, purpose, meeting, proj) for g in fitting))
    if not goals:
        return PURPOSE_GOALS[purpose], []
    return goals[0], goals[1:4]


def _goal(gap: Gap, purpose: Purpose, meeting: dict[str, PersonBrief], proj: Projection) -> str:
    person = meeting.get(gap.subject)
    name = person.name if person else gap.subject.replace("_", " ")
    via = f" (ask {person.introducer} to introduce us)" if person and person.introducer else ""
    kind = gap.kind
    if kind is GapKind.STANCE_UNKNOWN:
        if person and DecisionRole.ECONOMIC_BUYER in person.roles and purpose in _BUDGET_PURPOSES:
            return f"confirm the economic buyer's budget and timing with {name}"
        return f"learn where {name} stands on our proposal"
    if kind is GapKind.ROLE_MISSING:
        return f"identify the {name} and how they take part in the decision"
    if kind in (GapKind.ROLE_UNCOVERED, GapKind.WEAK_COVERAGE, GapKind.STALE_RELATIONSHIP):
        holders = ", ".join(h.name for h in _holders(proj, gap.subject))
        return f"build a relationship with the {name} ({holders}){_introducer(proj, gap, meeting)}"
    if kind is GapKind.SINGLE_THREADED:
        return f"open a second thread to {name}: meet them with another colleague of ours"
    if kind is GapKind.OPPONENT_UNCOVERED:
        return f"understand {name}'s objections and find an ally who can reach them{via}"
    if kind is GapKind.COMPETITOR_OWNED_DECISION_MAKER:
        return f"loosen the competitor's hold on {name}: show proof where we beat them{via}"
    if kind is GapKind.NO_EXECUTIVE_RELATIONSHIP:
        return f"arrange an executive meeting between our sponsor and {name}"
    if kind is GapKind.CHAMPION_LEFT:
        return f"find a new champion to replace {name}"
    if kind is GapKind.DEPARTMENT_WHITESPACE:
        return f"meet someone in the {proj.name(gap.subject)} department"
    return gap.message


def _holders(proj: Projection, role_value: str) -> list:  # type: ignore[type-arg]
    try:
        role = DecisionRole(role_value)
    except ValueError:
        return []
    return [proj.active[h] for h in proj.holders.get(role, [])]


def _introducer(proj: Projection, gap: Gap, meeting: dict[str, PersonBrief]) -> str:
    for holder in _holders(proj, gap.subject):
        brief = meeting.get(holder.id)
        if brief and brief.introducer:
            return f" (ask {brief.introducer} to introduce us)"
    return ""
