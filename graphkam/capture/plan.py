"""From meetings and mail threads to planned visits and proposals (nothing is written here).

A meeting, or a mail thread (its messages grouped by the first References / In-Reply-To id),
becomes one planned visit per account when its people include at least one of our team members
and at least one active stakeholder of that account (matched by address). Its id is stable:
`cal-` + a digest of (meeting key, account), `mail-` + a digest of (thread, account), so a
moved meeting keeps its visit. Only days up to `today` count (a future meeting has not
happened). Automatic replies and bounces are never contacts; they only carry departure
signals. An unknown address on an account's mail domain becomes a new-stakeholder proposal.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel

from graphkam.capture.calendar import CalendarExport
from graphkam.capture.mail import MailMessage
from graphkam.capture.people import Directory
from graphkam.capture.purpose import guess_purpose
from graphkam.capture.state import CaptureState, Proposal, ProposalKind, ProposalStatus, digest
from graphkam.model import Channel, NodeKind, Purpose

__all__ = ["PlannedVisit", "Plan", "plan_calendar", "plan_mail"]


class PlannedVisit(BaseModel):
    """A visit capture wants in the store; `source` is the hashed UID or thread it came from.
    `stakeholders` are the active ones met; `left` those met who have left since (a visit
    already captured keeps them; a new one cannot name them)."""

    id: str
    account: str
    channel: Channel
    day: dt.date
    team: list[str]
    stakeholders: list[str]
    left: list[str] = []
    purpose: Purpose
    purpose_guessed: bool = True
    keyword: str | None = None
    title: str | None = None
    source: str


class Plan(BaseModel):
    """Planned visits, the sources the export covers, proposals seen, and what was skipped."""

    visits: list[PlannedVisit]
    sources: set[str]
    proposals: list[Proposal]
    skipped: dict[str, int]


class _Seen:
    """Collects what one export says about proposals, keyed by proposal id."""

    def __init__(self, state: CaptureState) -> None:
        self.state = state
        self.touched: dict[str, Proposal] = {}

    def unknown(
        self, account: str, email: str, name: str | None, key: str, day: dt.date, ids: list[str]
    ) -> None:
        ident = f"new-{digest(account, email, size=10)}"
        prop = self.touched.get(ident) or self.state.propose(
            Proposal(id=ident, kind=ProposalKind.NEW_STAKEHOLDER, account=account, email=email)
        )
        if prop.status is ProposalStatus.OPEN:  # a decided one keeps no address or name
            prop.name = prop.name or name
            prop.saw(key, day, ids)
        self.touched[ident] = prop

    def departure(self, account: str, who: str, evidence: str, key: str, day: dt.date) -> None:
        ident = f"left-{digest(account, who, size=10)}"
        prop = self.touched.get(ident) or self.state.propose(
            Proposal(id=ident, kind=ProposalKind.DEPARTURE, account=account, stakeholder=who)
        )
        if evidence not in prop.evidence:
            prop.evidence.append(evidence)
        prop.saw(key, day, [])
        self.touched[ident] = prop


def plan_calendar(
    export: CalendarExport,
    directory: Directory,
    state: CaptureState,
    *,
    today: dt.date,
    keep_titles: bool = False,
    propose: bool = False,
) -> Plan:
    """The visits and proposals of a calendar export (see the module doc)."""
    seen, skipped = _Seen(state), defaultdict(int)
    if export.dropped_series:
        skipped["series repeating more often than daily"] = export.dropped_series
    visits: list[PlannedVisit] = []
    for meeting in export.meetings:
        if meeting.day > today:
            skipped["future"] += 1
            continue
        key = digest(meeting.key, size=16)
        people = [(a.email, a.name) for a in meeting.attendees]
        planned = _visits_of(people, directory, seen if propose else None, key, meeting.day)
        if not planned:
            skipped["no stakeholder and team member together"] += 1
        guess = guess_purpose(meeting.title)
        for account, (ours, theirs, gone) in planned.items():
            visits.append(
                PlannedVisit(
                    id=f"cal-{digest(meeting.key, account)}",
                    account=account,
                    channel=Channel.MEETING,
                    day=meeting.day,
                    team=ours,
                    stakeholders=theirs,
                    left=gone,
                    purpose=guess.purpose,
                    keyword=guess.keyword,
                    title=meeting.title if keep_titles else None,
                    source=digest(meeting.uid, size=16),
                )
            )
    sources = {digest(uid, size=16) for uid in export.uids}
    return Plan(
        visits=visits, sources=sources, proposals=list(seen.touched.values()), skipped=skipped
    )


def plan_mail(
    messages: Iterable[MailMessage],
    directory: Directory,
    state: CaptureState,
    *,
    today: dt.date,
    propose: bool = False,
) -> Plan:
    """The contacts (one per thread and account), departures and new people of mail headers."""
    seen, skipped = _Seen(state), defaultdict(int)
    threads: dict[str, list[MailMessage]] = defaultdict(list)
    for msg in messages:
        if msg.day > today:
            skipped["future"] += 1
        elif msg.automatic:
            _signals(msg, directory, seen)
            skipped["automatic reply or bounce"] += 1
        else:
            threads[msg.thread].append(msg)
    visits: list[PlannedVisit] = []
    for thread, msgs in sorted(threads.items()):
        key = digest(thread, size=16)
        day = max(m.day for m in msgs)
        addresses = [a for m in msgs for a in [m.sender, *m.recipients] if a]
        names = {a: n for m in msgs for a, n in m.names.items()}
        people = [(a, names.get(a)) for a in dict.fromkeys(addresses)]
        planned = _visits_of(people, directory, seen if propose else None, key, day)
        if not planned:
            skipped["no stakeholder and team member together"] += 1
        for account, (ours, theirs, gone) in planned.items():
            visits.append(
                PlannedVisit(
                    id=f"mail-{digest(thread, account)}",
                    account=account,
                    channel=Channel.MAIL,
                    day=day,
                    team=ours,
                    stakeholders=theirs,
                    left=gone,
                    purpose=Purpose.RELATIONSHIP,
                    source=key,
                )
            )
    return Plan(
        visits=visits,
        sources={v.source for v in visits},
        proposals=list(seen.touched.values()),
        skipped=skipped,
    )


def _visits_of(
    people: list[tuple[str, str | None]],
    directory: Directory,
    seen: _Seen | None,
    key: str,
    day: dt.date,
) -> dict[str, tuple[list[str], list[str], list[str]]]:
    """Per account: (our people, its active stakeholders, those who left) among `people`, when
    ours and theirs both exist. Unknown addresses on an account's domain go to `seen`."""
    ours: list[str] = []
    theirs: dict[str, list[str]] = defaultdict(list)
    gone: dict[str, list[str]] = defaultdict(list)
    unknown: list[tuple[str, str, str | None]] = []
    for email, name in people:
        person = directory.match(email)
        if person is None:
            account = directory.account_of_domain(email)
            if account is not None:
                unknown.append((account, email, name))
        elif person.kind is NodeKind.TEAM_MEMBER:
            ours.append(person.id)
        elif person.account is not None:
            (gone if person.left else theirs)[person.account].append(person.id)
    ours = sorted(set(ours))
    if seen is not None:
        for account, email, name in unknown:
            met = [*ours, *theirs.get(account, []), *gone.get(account, [])]
            seen.unknown(account, email, name, key, day, met)
    if not ours:
        return {}
    return {
        a: (ours, sorted(set(theirs.get(a, []))), sorted(set(gone.get(a, []))))
        for a in sorted(theirs.keys() | gone.keys())
    }


def _signals(msg: MailMessage, directory: Directory, seen: _Seen) -> None:
    """Departure proposals for known, active stakeholders named by an auto-reply or bounce."""
    for signal in msg.signals:
        person = directory.match(signal.email)
        if person is None or person.kind is not NodeKind.STAKEHOLDER or person.left:
            continue
        assert person.account is not None
        evidence = f"{signal.kind.value}: {signal.evidence}"
        seen.departure(
            person.account, person.id, evidence, digest(msg.message_id, size=16), msg.day
        )
