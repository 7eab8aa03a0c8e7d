"""Map diff: what changed in an account between two dates, for the quarterly review.

Both sides are the account as known on that day (`known_on`: the history rewound, later
relationships and records left out), analysed the same way; the diff lists
- people who joined (created in the history between the dates, or `left` before and active
  after) and who left (active before, `left` after);
- role and stance changes of the people on both sides;
- ties gained (a tie of ours exists after, not before), lost (before, not after) and decayed
  (good before — fresh and effective >= weak_below — and not good after);
- connectivity of the decision makers / economic buyers and the single points of failure,
  before and after; net support, the gaps that appeared and closed; the health index before
  and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel

from graphkam.analysis.config import AnalysisConfig
from graphkam.analysis.gaps import Gap
from graphkam.analysis.known import known_on
from graphkam.analysis.projection import Projection, project
from graphkam.analysis.report import analyze_projection
from graphkam.analysis.threading import SinglePointOfFailure
from graphkam.documents import AccountSubgraph
from graphkam.errors import InvalidInputError
from graphkam.model import Change, ChangeAction, DecisionRole, NodeKind, Stance

__all__ = ["PersonChange", "TieChange", "MapDiff", "map_diff"]


class PersonChange(BaseModel):
    """A stakeholder who joined, left, or changed roles or stance."""

    id: str
    name: str
    roles_before: list[DecisionRole] | None = None
    roles_after: list[DecisionRole] | None = None
    stance_before: Stance | None = None
    stance_after: Stance | None = None


class TieChange(BaseModel):
    """One of our ties gained, lost or decayed, with its effective strength on both dates."""

    member: str
    stakeholder: str
    stakeholder_name: str
    before: float | None
    after: float | None


class MapDiff(BaseModel):
    """What changed in the account between `since` and `until` (see the module docstring)."""

    account: str
    name: str
    since: dt.date
    until: dt.date
    joined: list[PersonChange]
    left: list[PersonChange]
    role_changes: list[PersonChange]
    stance_changes: list[PersonChange]
    ties_gained: list[TieChange]
    ties_lost: list[TieChange]
    ties_decayed: list[TieChange]
    connectivity_before: dict[str, int]
    connectivity_after: dict[str, int]
    single_points_of_failure_before: list[SinglePointOfFailure]
    single_points_of_failure_after: list[SinglePointOfFailure]
    single_threaded_before: bool
    single_threaded_after: bool
    support_before: float
    support_after: float
    new_gaps: list[Gap]
    closed_gaps: list[Gap]
    health_before: float
    health_after: float


def map_diff(
    subgraph: AccountSubgraph,
    since: dt.date,
    until: dt.date,
    config: AnalysisConfig | None = None,
    history: Sequence[Change] = (),
) -> MapDiff:
    """The diff of the account between the ends of `since` and `until`.

    `history`: the account's whole change history (graphkam.history.history), for the people
    created between the dates; a subgraph alone carries only stakeholder updates. Raises
    InvalidInputError when `until` is before `since`.
    """
    from graphkam.business.health import health_index

    if until < since:
        raise InvalidInputError(f"--until: {until} is before --since {since}")
    cfg = config or AnalysisConfig()
    a_known, b_known = known_on(subgraph, since), known_on(subgraph, until)
    pa, pb = project(a_known, since, cfg), project(b_known, until, cfg)
    ra = analyze_projection(pa, brokers=False, recommendations=False)
    rb = analyze_projection(pb, brokers=False, recommendations=False)
    created = {
        c.subject_id
        for c in history
        if c.subject_kind == NodeKind.STAKEHOLDER.value
        and c.action is ChangeAction.CREATE
        and since < c.date.date() <= until
    }
    joined = [
        _person(pb, sid)
        for sid in pb.active
        if sid in created or (sid in pa.stakeholders and sid not in pa.active)
    ]
    left = [_person(pa, sid) for sid in pa.active if sid not in pb.active]
    both = [sid for sid in pa.stakeholders if sid in pb.stakeholders]
    roles = [
        PersonChange(
            id=sid,
            name=pb.name(sid),
            roles_before=pa.stakeholders[sid].roles,
            roles_after=pb.stakeholders[sid].roles,
        )
        for sid in both
        if sorted(pa.stakeholders[sid].roles) != sorted(pb.stakeholders[sid].roles)
    ]
    stances = [
        PersonChange(
            id=sid,
            name=pb.name(sid),
            stance_before=pa.stakeholders[sid].stance,
            stance_after=pb.stakeholders[sid].stance,
        )
        for sid in both
        if pa.stakeholders[sid].stance != pb.stakeholders[sid].stance
    ]
    ties_a, ties_b = _ties(pa), _ties(pb)
    digits = cfg.decimals
    gained, lost, decayed = [], [], []
    for key in sorted(set(ties_a) | set(ties_b)):
        ta, tb = ties_a.get(key), ties_b.get(key)
        change = TieChange(
            member=key[0],
            stakeholder=key[1],
            stakeholder_name=(pb if tb else pa).name(key[1]),
            before=None if ta is None else round(ta[0], digits) + 0.0,
            after=None if tb is None else round(tb[0], digits) + 0.0,
        )
        if ta is None:
            gained.append(change)
        elif tb is None:
            lost.append(change)
        elif ta[1] and not tb[1]:
            decayed.append(change)
    keys_a = {(g.kind, g.subject) for g in ra.gaps}
    keys_b = {(g.kind, g.subject) for g in rb.gaps}
    return MapDiff(
        account=pb.account.id,
        name=pb.account.name,
        since=since,
        until=until,
        joined=joined,
        left=left,
        role_changes=roles,
        stance_changes=stances,
        ties_gained=gained,
        ties_lost=lost,
        ties_decayed=decayed,
        connectivity_before=ra.threading.connectivity,
        connectivity_after=rb.threading.connectivity,
        single_points_of_failure_before=ra.threading.single_points_of_failure,
        single_points_of_failure_after=rb.threading.single_points_of_failure,
        single_threaded_before=ra.threading.single_threaded,
        single_threaded_after=rb.threading.single_threaded,
        support_before=ra.support.index,
        support_after=rb.support.index,
        new_gaps=[g for g in rb.gaps if (g.kind, g.subject) not in keys_a],
        closed_gaps=[g for g in ra.gaps if (g.kind, g.subject) not in keys_b],
        health_before=round(health_index(a_known, since, analysis_config=cfg).index, 1),
        health_after=round(health_index(b_known, until, analysis_config=cfg).index, 1),
    )


def _person(proj: Projection, sid: str) -> PersonChange:
    s = proj.stakeholders[sid]
    return PersonChange(id=sid, name=s.name, roles_before=s.roles, stance_before=s.stance)


def _ties(proj: Projection) -> dict[tuple[str, str], tuple[float, bool]]:
    """(member, stakeholder) -> (effective strength, good?) of every tie of the projection."""
    return {(t.member, sid): (t.effective, t.good) for sid, ts in proj.ties.items() for t in ts}
