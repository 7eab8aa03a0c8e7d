"""Writing a capture plan to the store: visits created, updated or removed, ties refreshed.

A planned visit that is new is written by `graphkam.visits.log_visit` (calendar) with its
stable id, so its ties are refreshed exactly as a hand-logged visit's; a mail thread is a
lighter contact (`MAIL_STRENGTH_BUMP`, below). A planned visit identical to the stored one is
left alone, so the same export captured twice changes nothing. One that differs (the meeting
moved, people changed) is undone and written again. A visit captured earlier from a meeting
the export still names (same UID) but no longer produces (cancelled, EXDATE, declined, moved
into the future) is removed. Undoing a visit deletes its record and puts each tie it touched
back as it was before, when the tie is still as the visit left it (otherwise the tie, changed
since by someone or something else, is kept as it is). A captured visit deleted by hand stays
deleted (the state file remembers it was captured).

Every write goes through the audited store in one transaction, attributed to source
`capture` (or `api` for an API request); the state file is saved after it commits.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from pydantic import BaseModel, Field

from graphkam.capture.plan import Plan, PlannedVisit
from graphkam.capture.state import AppliedVisit, CaptureState, Proposal, TieState, TieUndo
from graphkam.history import acting_as, current_actor
from graphkam.model import (
    ChangeSource,
    Channel,
    Interaction,
    RecordKind,
    Relationship,
    RelType,
)
from graphkam.stores.base import Store
from graphkam.visits import log_visit

__all__ = ["MAIL_STRENGTH_BUMP", "CapturedVisit", "CaptureReport", "apply_plan", "capture_source"]

#: How much a mail thread strengthens an existing tie: a fifth of a visit's bump. A thread
#: moves `last_contact` like a visit but never creates a tie (a relationship starts by meeting).
MAIL_STRENGTH_BUMP = 0.01


class CapturedVisit(BaseModel):
    """A visit capture created, updated or would create (dry run)."""

    id: str
    account: str
    channel: Channel
    date: dt.date
    team: list[str]
    stakeholders: list[str]
    purpose: str
    purpose_keyword: str | None = None
    ties_created: list[str] = Field(default_factory=list)
    ties_refreshed: list[str] = Field(default_factory=list)


class CaptureReport(BaseModel):
    """What a capture did (or, with `dry_run`, would do)."""

    dry_run: bool
    created: list[CapturedVisit] = Field(default_factory=list)
    updated: list[CapturedVisit] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    unchanged: int = 0
    skipped: dict[str, int] = Field(default_factory=dict)
    proposals: list[Proposal] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


@contextlib.contextmanager
def capture_source() -> Iterator[None]:
    """Attribute the block's writes to source `capture`, keeping the actor (an API request
    stays `api`, as imports do)."""
    actor = current_actor()
    if actor.source is ChangeSource.API:
        yield
        return
    with acting_as(actor.name, ChangeSource.CAPTURE):
        yield


def apply_plan(
    store: Store,
    plan: Plan,
    state: CaptureState,
    *,
    channel: Channel,
    today: dt.date,
    dry_run: bool = False,
    accounts: frozenset[str] | None = None,
) -> CaptureReport:
    """Bring the store in line with `plan` (see the module doc); `state` is updated in place.
    With `accounts`, visits of other accounts are neither written nor removed."""
    report = CaptureReport(
        dry_run=dry_run,
        skipped=dict(plan.skipped),
        proposals=[p for p in plan.proposals if p.status.value == "open"],
    )
    wanted = {v.id: v for v in plan.visits}
    involved = sorted({v.account for v in plan.visits} | _state_accounts(state, plan, channel))
    stored = {
        r.id: r
        for a in involved
        for r in store.list_records(RecordKind.INTERACTION, a)
        if isinstance(r, Interaction) and r.id is not None
    }
    order = list(state.visits)
    stale = [
        vid
        for vid, applied in state.visits.items()
        if applied.source in plan.sources
        and vid not in wanted
        and vid in stored
        and vid.startswith(_PREFIX[channel])
        and (accounts is None or applied.account in accounts)
    ]
    with capture_source(), store.transaction():
        for vid in sorted(stale, key=order.index, reverse=True):  # last applied first
            if not dry_run:
                _undo(store, state, stored[vid])
            report.removed.append(vid)
        for visit in plan.visits:
            old = stored.get(visit.id)
            if old is not None and (_same(old, visit) or not visit.stakeholders):
                report.unchanged += 1  # a visit whose people have all left since is kept
                continue
            if not visit.stakeholders or (old is None and visit.id in state.visits):
                why = (
                    "deleted by hand since captured"
                    if visit.stakeholders
                    else "only people who have left"
                )
                report.skipped[why] = report.skipped.get(why, 0) + 1
                continue
            if old is not None:  # purpose and notes may have been corrected by hand: kept
                visit = visit.model_copy(
                    update={
                        "purpose": old.purpose,
                        "title": old.notes,
                        "purpose_guessed": bool(old.purpose_guessed),
                    }
                )
            if dry_run:
                done = _preview(store, visit)
            else:
                if old is not None:
                    _undo(store, state, old)
                done = _write(store, state, visit, today)
            (report.updated if old is not None else report.created).append(done)
    return report


_PREFIX = {Channel.MEETING: "cal-", Channel.MAIL: "mail-"}


def _state_accounts(state: CaptureState, plan: Plan, channel: Channel) -> set[str]:
    return {
        a.account
        for vid, a in state.visits.items()
        if a.source in plan.sources and vid.startswith(_PREFIX[channel])
    }


def _same(old: Interaction, visit: PlannedVisit) -> bool:
    """Whether the stored visit already says what the export says: same day and people (those
    who left since count as met). Purpose and notes are not compared (see `apply_plan`)."""
    met = (visit.stakeholders, sorted({*visit.stakeholders, *visit.left}))
    return old.date == visit.day and old.team == visit.team and old.stakeholders in met


def _ties(store: Store, account: str) -> dict[tuple[str, str], Relationship]:
    return {
        (r.from_id, r.to_id): r
        for r in store.list_relationships(account, RelType.RELATES_TO)
        if r.type is RelType.RELATES_TO
    }


def _state(rel: Relationship | None) -> TieState | None:
    return None if rel is None else TieState(strength=rel.strength, last_contact=rel.last_contact)


def _summary(visit: PlannedVisit, created: list[str], refreshed: list[str]) -> CapturedVisit:
    return CapturedVisit(
        id=visit.id,
        account=visit.account,
        channel=visit.channel,
        date=visit.day,
        team=visit.team,
        stakeholders=visit.stakeholders,
        purpose=visit.purpose.value,
        purpose_keyword=visit.keyword,
        ties_created=created,
        ties_refreshed=refreshed,
    )


def _preview(store: Store, visit: PlannedVisit) -> CapturedVisit:
    """What writing `visit` would do to ties (nothing is written)."""
    ties = _ties(store, visit.account)
    pairs = [(m, s) for m in visit.team for s in visit.stakeholders]
    refreshed = [f"{m}->{s}" for m, s in pairs if (m, s) in ties]
    created = (
        []
        if visit.channel is Channel.MAIL
        else [f"{m}->{s}" for m, s in pairs if (m, s) not in ties]
    )
    return _summary(visit, created, refreshed)


def _write(store: Store, state: CaptureState, visit: PlannedVisit, today: dt.date) -> CapturedVisit:
    """Write one visit and remember its ties' before and after states."""
    pairs = [(m, s) for m in visit.team for s in visit.stakeholders]
    before = _ties(store, visit.account)
    if visit.channel is Channel.MEETING:
        result = log_visit(
            store, visit.account, visit.stakeholders, visit.team, visit.purpose,
            notes=visit.title, date=visit.day, today=today, visit_id=visit.id,
            channel=Channel.MEETING, purpose_guessed=visit.purpose_guessed,
        )  # fmt: skip
        created, refreshed = result.ties_created, result.ties_refreshed
    else:
        created, refreshed = [], _mail_contact(store, visit, before, pairs)
    after = _ties(store, visit.account)
    state.visits[visit.id] = AppliedVisit(
        account=visit.account,
        source=visit.source,
        ties=[
            TieUndo(
                from_id=m, to_id=s, before=_state(before.get((m, s))), after=_state(after[(m, s)])
            )  # type: ignore[arg-type]
            for m, s in pairs
            if (m, s) in after
        ],
    )
    return _summary(visit, created, refreshed)


def _mail_contact(
    store: Store,
    visit: PlannedVisit,
    ties: dict[tuple[str, str], Relationship],
    pairs: list[tuple[str, str]],
) -> list[str]:
    """The mail thread's record, and its lighter refresh of the existing ties between them."""
    store.upsert_records(
        [
            Interaction(
                id=visit.id,
                account=visit.account,
                date=visit.day,
                team=visit.team,
                stakeholders=visit.stakeholders,
                purpose=visit.purpose,
                channel=Channel.MAIL,
                purpose_guessed=visit.purpose_guessed,
            )
        ]
    )
    refreshed, out = [], []
    for m, s in pairs:
        tie = ties.get((m, s))
        if tie is None:
            continue
        last = max(filter(None, [tie.last_contact, visit.day]))
        strength = min(1.0, round((tie.strength or 0.5) + MAIL_STRENGTH_BUMP, 6))
        out.append(tie.model_copy(update={"last_contact": last, "strength": strength}))
        refreshed.append(f"{m}->{s}")
    store.upsert_relationships(out)
    return refreshed


def _undo(store: Store, state: CaptureState, old: Interaction) -> None:
    """Delete a captured visit and put back the ties it left untouched since (module doc)."""
    assert old.id is not None and old.account is not None
    applied = state.visits.pop(old.id, None)
    store.delete_record(RecordKind.INTERACTION, old.id)
    if applied is None:
        return
    ties = _ties(store, old.account)
    restore: list[Relationship] = []
    for undo in applied.ties:
        tie = ties.get((undo.from_id, undo.to_id))
        if tie is None or _state(tie) != undo.after:
            continue
        if undo.before is None:
            store.delete_relationship(RelType.RELATES_TO, undo.from_id, undo.to_id)
        else:
            restore.append(tie.model_copy(update=undo.before.model_dump()))
    store.upsert_relationships(restore)
