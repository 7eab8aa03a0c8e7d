"""Recommendations: the next relationships to build, ranked by what each would fix.

gain = the risk points (severity weights: high 3, medium 2, low 1) of the gaps a new good tie
from the proposed owner to the target would close (role coverage, single threading, an
uncovered opponent, a missing executive relationship, department whitespace), plus the
target's influence share (0..1) as the tie-breaker between equal fixes.
"""

from __future__ import annotations

from pydantic import BaseModel

from graphkam.analysis.config import ContactStatus, GapKind
from graphkam.analysis.coverage import RoleCoverage
from graphkam.analysis.gaps import Gap
from graphkam.analysis.influence import InfluenceScore
from graphkam.analysis.paths import WarmPath, strongest_paths
from graphkam.analysis.projection import SOURCE, Projection
from graphkam.analysis.threading import Threading
from graphkam.model import DecisionRole, Stakeholder, TeamRole

__all__ = ["Recommendation", "recommend_relationships"]

_OWNER_PREFERENCE: dict[DecisionRole, tuple[TeamRole, ...]] = {
    DecisionRole.DECISION_MAKER: (TeamRole.EXECUTIVE_SPONSOR, TeamRole.ACCOUNT_MANAGER),
    DecisionRole.ECONOMIC_BUYER: (TeamRole.EXECUTIVE_SPONSOR, TeamRole.ACCOUNT_MANAGER),
    DecisionRole.TECHNICAL_BUYER: (TeamRole.SOLUTION_MANAGER, TeamRole.ACCOUNT_MANAGER),
    DecisionRole.USER_BUYER: (
        TeamRole.DELIVERY_MANAGER,
        TeamRole.CUSTOMER_SUCCESS,
        TeamRole.ACCOUNT_MANAGER,
    ),
    DecisionRole.PROCUREMENT: (TeamRole.ACCOUNT_MANAGER,),
    DecisionRole.INFLUENCER: (TeamRole.ACCOUNT_MANAGER, TeamRole.SOLUTION_MANAGER),
    DecisionRole.GATEKEEPER: (TeamRole.ACCOUNT_MANAGER,),
}

#: The role gap a new good tie closes, by the role's current contact status.
_ROLE_GAP: dict[ContactStatus, GapKind] = {
    ContactStatus.UNCOVERED: GapKind.ROLE_UNCOVERED,
    ContactStatus.WEAK: GapKind.WEAK_COVERAGE,
    ContactStatus.STALE: GapKind.STALE_RELATIONSHIP,
}


class Recommendation(BaseModel):
    """Build (no tie yet), strengthen (weak or stale ties) or add a thread (a second
    independent relationship with a single-threaded decision maker) with `target`."""

    target: str
    target_name: str
    action: str
    owner: str | None
    owner_name: str | None
    gain: float
    closes: list[GapKind]
    reasons: list[str]
    introduction: WarmPath


def recommend_relationships(
    proj: Projection,
    coverage: list[RoleCoverage],
    threading: Threading,
    gaps: list[Gap],
    influence: list[InfluenceScore],
) -> list[Recommendation]:
    """The top `max_recommendations` relationships to build, highest gain first (ties by id)."""
    cfg = proj.config
    share = {s.id: s.score for s in influence}
    role_status = {c.role: c.contact for c in coverage}
    gap_set = {(g.kind, g.subject): g for g in gaps}
    spof_of: dict[str, set[str]] = {}
    for spof in threading.single_points_of_failure:
        for t in spof.cuts_off:
            spof_of.setdefault(t, set()).add(spof.id)
    ranked: list[tuple[float, str, str | None, list[GapKind], list[str]]] = []
    everyone = sorted(proj.team, key=lambda m: (m not in proj.on_team, m))
    owners: dict[tuple[tuple[DecisionRole, ...], frozenset[str], bool], str | None] = {}
    for sid, person in proj.active.items():
        covered = proj.contact_status(sid) == ContactStatus.COVERED
        if covered and (GapKind.SINGLE_THREADED, sid) not in gap_set:
            continue
        avoid = spof_of.get(sid, set())
        if covered:
            avoid = avoid | {t.member for t in proj.ties.get(sid, [])}
        # the owner depends only on these (see `_owner`): one choice per distinct key
        key = (
            tuple(person.roles),
            frozenset(avoid),
            (GapKind.NO_EXECUTIVE_RELATIONSHIP, sid) in gap_set,
        )
        if key not in owners:
            owners[key] = _owner(proj, person, avoid, gap_set, everyone)
        owner = owners[key]
        closes: list[GapKind] = []
        reasons: list[str] = []
        points = 0.0
        for role in person.roles:
            kind = _ROLE_GAP.get(role_status.get(role))  # type: ignore[arg-type]
            if kind is not None and (kind, role.value) in gap_set:
                points += gap_set[(kind, role.value)].severity.weight
                closes.append(kind)
                reasons.append(f"covers the {role.value.replace('_', ' ')} role")
        for kind, subject, why in _person_gaps(proj, sid, owner, gap_set):
            points += gap_set[(kind, subject)].severity.weight
            closes.append(kind)
            reasons.append(why)
        if not closes and not person.roles:
            continue
        ranked.append((points + share.get(sid, 0.0), sid, owner, closes, reasons))
    ranked.sort(key=lambda r: (-round(r[0], cfg.decimals), r[1]))
    top = ranked[: cfg.max_recommendations]
    introductions = strongest_paths(proj, [sid for _, sid, _, _, _ in top])
    result = []
    for (gain, sid, owner, closes, reasons), introduction in zip(top, introductions, strict=True):
        result.append(
            Recommendation(
                target=sid,
                target_name=proj.name(sid),
                action=_action(proj, sid),
                owner=owner,
                owner_name=None if owner is None else proj.name(owner),
                gain=round(gain, cfg.decimals) + 0.0,
                closes=closes,
                reasons=reasons or ["raises our reach into the decision chain"],
                introduction=introduction,
            )
        )
    return result


def _action(proj: Projection, sid: str) -> str:
    """build (no tie), strengthen (weak or stale ties) or add_thread (covered, single-threaded)."""
    if sid not in proj.ties:
        return "build"
    return "add_thread" if proj.contact_status(sid) == ContactStatus.COVERED else "strengthen"


def _person_gaps(
    proj: Projection,
    sid: str,
    owner: str | None,
    gap_set: dict[tuple[GapKind, str], Gap],
) -> list[tuple[GapKind, str, str]]:
    """Person-level gaps a new good tie from `owner` to `sid` would close."""
    cfg = proj.config
    person = proj.active[sid]
    out: list[tuple[GapKind, str, str]] = []
    if (GapKind.SINGLE_THREADED, sid) in gap_set and owner is not None:
        g = proj.compiled.threads
        k = g.disjoint_paths(SOURCE, sid, cfg.connectivity_cap, extra=(owner, sid))
        if k > cfg.single_threaded_max:
            out.append((GapKind.SINGLE_THREADED, sid, "adds an independent thread"))
    if (GapKind.OPPONENT_UNCOVERED, sid) in gap_set:
        out.append((GapKind.OPPONENT_UNCOVERED, sid, "opens a line to an influential opponent"))
    if (GapKind.NO_EXECUTIVE_RELATIONSHIP, sid) in gap_set and owner is not None:
        if proj.team[owner].team_role in cfg.executive_roles:
            out.append((GapKind.NO_EXECUTIVE_RELATIONSHIP, sid, "gives an executive tie"))
    dept = person.department
    if dept is not None and (GapKind.DEPARTMENT_WHITESPACE, dept) in gap_set:
        out.append(
            (GapKind.DEPARTMENT_WHITESPACE, dept, f"first contact in department {proj.name(dept)}")
        )
    return out


def _owner(
    proj: Projection,
    person: Stakeholder,
    avoid: set[str],
    gap_set: dict[tuple[GapKind, str], Gap],
    everyone: list[str],
) -> str | None:
    """Who on our side should own the relationship: never one of `avoid` (the single points of
    failure the relationship should relieve; for a new thread, those already tied) unless
    nobody else is on our side (`everyone`: our people, the account team first, then by id).
    Among the others: the preferred team role for the target's roles
    (executives first when a decision maker lacks an executive tie), on the account team first,
    then anyone else (account team first); ties by id."""
    prefs: list[TeamRole] = []
    if (GapKind.NO_EXECUTIVE_RELATIONSHIP, person.id) in gap_set:
        prefs.extend(sorted(proj.config.executive_roles))
    for role in person.roles:
        prefs.extend(r for r in _OWNER_PREFERENCE[role] if r not in prefs)
    if TeamRole.ACCOUNT_MANAGER not in prefs:
        prefs.append(TeamRole.ACCOUNT_MANAGER)
    pool = [m for m in everyone if m not in avoid] or everyone
    for team_role in prefs:
        for m in pool:
            if proj.team[m].team_role == team_role:
                return m
    return pool[0] if pool else None
