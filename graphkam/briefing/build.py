"""The pre-visit brief: one page a rep reads in two minutes before meeting an account.

It joins the analysis (decision chain, coverage, gaps, warm paths), the coalitions, the
competitors' reach and the health index, for the people the rep will meet. Personal notes are
included only when the reader may see them (the account's team and admins).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from graphkam.analysis import AnalysisConfig, analyze_projection, influence_shares, project
from graphkam.analysis.coalitions import find_coalitions
from graphkam.analysis.competitors import CompetitorReach
from graphkam.analysis.coverage import RoleCoverage
from graphkam.analysis.gaps import Gap
from graphkam.analysis.paths import strongest_path
from graphkam.analysis.projection import Projection
from graphkam.briefing.goals import suggest_goals
from graphkam.documents import AccountSubgraph
from graphkam.errors import InvalidInputError
from graphkam.model import DecisionRole, Purpose, RelType, Stance

__all__ = ["Brief", "PersonBrief", "TieLine", "VisitLine", "build_brief", "MAX_DEFAULT_MEET"]

#: How many people the brief picks when the rep names nobody.
MAX_DEFAULT_MEET = 5


class TieLine(BaseModel):
    """One of our relationships with the person."""

    member: str
    member_name: str
    strength: float
    effective: float
    last_contact: date | None


class VisitLine(BaseModel):
    """One past interaction with the person."""

    date: date
    purpose: Purpose
    team: list[str]
    notes: str | None


class PersonBrief(BaseModel):
    """What to know about one person before meeting them."""

    id: str
    name: str
    title: str | None
    roles: list[DecisionRole]
    stance: Stance
    reports_to: list[str]
    influence: float
    ties: list[TieLine]
    last_visits: list[VisitLine]
    coalition: int | None
    competitor_ties: list[str]
    competitor_preference: str | None
    introducer: str | None
    introduction_path: list[str]
    notes: str | None
    gaps: list[Gap]


class Brief(BaseModel):
    """The whole pre-visit brief."""

    account: str
    name: str
    tier: str
    as_of: date
    purpose: Purpose
    health: float | None
    support_index: float
    decision_chain: list[RoleCoverage]
    people: list[PersonBrief]
    coalitions: list[list[str]]
    competitors: CompetitorReach
    gaps: list[Gap]
    goal: str
    also: list[str]
    notes_included: bool


def build_brief(
    subgraph: AccountSubgraph,
    as_of: date,
    purpose: Purpose,
    meet: list[str] | None = None,
    *,
    may_see_notes: bool = False,
    health: float | None = None,
    config: AnalysisConfig | None = None,
) -> Brief:
    """The brief for a visit to `subgraph`'s account; `meet` defaults to the key people."""
    proj = project(subgraph, as_of, config or AnalysisConfig())
    analysis = analyze_projection(proj, brokers=False, recommendations=False)
    shares = influence_shares(proj)[1]
    rivals = analysis.competitors
    gaps = analysis.gaps
    subgraph = proj.known or subgraph
    coalitions = find_coalitions(subgraph, influence=shares)
    side = {m: c.index for c in coalitions.coalitions for m in c.members}
    people_ids = _meet_list(proj, gaps, shares, meet)
    people = [
        _person(subgraph, proj, pid, shares, side, rivals, gaps, may_see_notes)
        for pid in people_ids
    ]
    goal, also = suggest_goals(purpose, gaps, people, proj)
    return Brief(
        account=proj.account.id,
        name=proj.account.name,
        tier=proj.account.tier.value,
        as_of=as_of,
        purpose=purpose,
        health=None if health is None else round(health, 1),
        support_index=analysis.support.index,
        decision_chain=analysis.coverage,
        people=people,
        coalitions=[c.members for c in coalitions.coalitions],
        competitors=rivals,
        gaps=gaps,
        goal=goal,
        also=also,
        notes_included=may_see_notes,
    )


def _meet_list(
    proj: Projection, gaps: list[Gap], shares: dict[str, float], meet: list[str] | None
) -> list[str]:
    if meet:
        unknown = [m for m in meet if m not in proj.stakeholders]
        if unknown:
            raise InvalidInputError(
                f"--meet: '{unknown[0]}' is not a stakeholder of '{proj.account.id}'"
            )
        return list(dict.fromkeys(meet))
    picked = {g.subject for g in gaps if g.subject in proj.active}
    for gap in gaps:
        if gap.subject in DecisionRole._value2member_map_:
            picked.update(proj.holders.get(DecisionRole(gap.subject), []))
    picked.update(proj.holders.get(DecisionRole.DECISION_MAKER, []))
    ranked = sorted(picked, key=lambda sid: (-shares.get(sid, 0.0), sid))
    return ranked[:MAX_DEFAULT_MEET]


def _person(
    subgraph: AccountSubgraph,
    proj: Projection,
    pid: str,
    shares: dict[str, float],
    side: dict[str, int],
    rivals: CompetitorReach,
    gaps: list[Gap],
    may_see_notes: bool,
) -> PersonBrief:
    person = proj.stakeholders[pid]
    ties = [
        TieLine(
            member=t.member,
            member_name=proj.name(t.member),
            strength=t.strength,
            effective=round(t.effective, 3),
            last_contact=t.contact,
        )
        for t in proj.ties.get(pid, [])
    ]
    visits = [
        VisitLine(
            date=i.date, purpose=i.purpose, team=i.team, notes=i.notes if may_see_notes else None
        )
        for i in sorted(subgraph.interactions, key=lambda i: i.date, reverse=True)
        if pid in i.stakeholders and i.date <= proj.as_of
    ][:3]
    introducer, path = _introduction(proj, pid, bool(ties))
    return PersonBrief(
        id=pid,
        name=person.name,
        title=person.title,
        roles=person.roles,
        stance=person.stance,
        reports_to=[
            proj.name(r.to_id)
            for r in subgraph.relationships
            if r.type is RelType.REPORTS_TO and r.from_id == pid
        ],
        influence=round(shares.get(pid, 0.0), 4),
        ties=ties,
        last_visits=visits,
        coalition=side.get(pid),
        competitor_ties=[
            f"{t.competitor} ({t.strength:.2f})" for t in rivals.ties if t.stakeholder == pid
        ],
        competitor_preference=person.competitor_preference,
        introducer=introducer,
        introduction_path=path,
        notes=person.notes if may_see_notes else None,
        gaps=[g for g in gaps if g.subject == pid],
    )


def _introduction(proj: Projection, pid: str, direct: bool) -> tuple[str | None, list[str]]:
    """Who can introduce us to `pid` (the last person before them on the warmest path)."""
    if direct or pid not in proj.active:
        return None, []
    path = strongest_path(proj, pid)
    if not path.found or not path.hops:
        return None, []
    chain = [proj.name(path.hops[0].from_id)] + [h.to_name for h in path.hops]
    last = path.hops[-1].from_id
    return (proj.name(last) if len(path.hops) > 1 else None), chain
