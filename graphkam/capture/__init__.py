"""Activity capture (每访必记): visits from calendar exports, lighter contacts from mail headers,
proposed new stakeholders and departures. See docs/capture.md.

`capture_calendar` and `capture_mail` are the two doors the CLI and the API use: read, plan
against the store's address book, apply (or preview with `dry_run`), save the state file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from graphkam.capture.accept import accept_proposal, dismiss_proposal
from graphkam.capture.apply import MAIL_STRENGTH_BUMP, CapturedVisit, CaptureReport, apply_plan
from graphkam.capture.calendar import CalendarExport, parse_calendar, read_calendar
from graphkam.capture.mail import MailMessage, read_mail
from graphkam.capture.people import Directory
from graphkam.capture.plan import plan_calendar, plan_mail
from graphkam.capture.purpose import guess_purpose
from graphkam.capture.state import CaptureState, Proposal, state_path
from graphkam.errors import InvalidInputError
from graphkam.model import Channel
from graphkam.stores.base import Store

__all__ = [
    "MAIL_STRENGTH_BUMP",
    "CaptureReport",
    "CapturedVisit",
    "CaptureState",
    "Proposal",
    "capture_calendar",
    "capture_mail",
    "accept_proposal",
    "dismiss_proposal",
    "guess_purpose",
    "parse_calendar",
    "read_calendar",
    "read_mail",
    "state_path",
    "parse_zone",
]


def parse_zone(name: str | None) -> ZoneInfo | None:
    """An IANA time zone by name ('Asia/Shanghai'); None for None; a clear error otherwise."""
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInputError(
            f"--timezone: '{name}' is not a time zone (use an IANA name such as Asia/Shanghai)"
        ) from None


def _today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


def _warnings(directory: Directory) -> list[str]:
    """Why nothing can match, when the address book is empty on one side."""
    kinds = {p.kind.value for p in directory.people.values()}
    out = []
    if "team_member" not in kinds:
        out.append(
            "no team member has a mail address, so no meeting or mail can match: "
            "add `emails` to our people (see docs/capture.md)"
        )
    if "stakeholder" not in kinds:
        out.append(
            "no stakeholder (of the accounts you may edit) has a mail address: "
            "add `emails` to them (see docs/capture.md)"
        )
    return out


def capture_calendar(
    store: Store,
    data: bytes,
    source: str,
    state_file: Path,
    *,
    today: dt.date | None = None,
    zone: ZoneInfo | None = None,
    keep_titles: bool = False,
    propose: bool = False,
    dry_run: bool = False,
    accounts: frozenset[str] | None = None,
) -> CaptureReport:
    """Capture the meetings of one iCalendar export (bytes from file `source`); with
    `accounts`, only their stakeholders are known (the API passes the user's writable ones)."""
    day = _today(today)
    export: CalendarExport = parse_calendar(
        data, source, until=day + dt.timedelta(days=1), zone=zone
    )
    state = CaptureState.load(state_file)
    directory = Directory.from_store(store, accounts)
    plan = plan_calendar(
        export, directory, state, today=day, keep_titles=keep_titles, propose=propose
    )
    report = apply_plan(
        store, plan, state, channel=Channel.MEETING, today=day, dry_run=dry_run, accounts=accounts
    )
    report.warnings = _warnings(directory)
    if not dry_run:
        state.save(state_file)
    return report


def capture_mail(
    store: Store,
    messages: list[MailMessage],
    state_file: Path,
    *,
    today: dt.date | None = None,
    propose: bool = False,
    dry_run: bool = False,
    accounts: frozenset[str] | None = None,
) -> CaptureReport:
    """Capture the threads, departures and (with `propose`) new people of mail headers."""
    day = _today(today)
    state = CaptureState.load(state_file)
    directory = Directory.from_store(store, accounts)
    plan = plan_mail(messages, directory, state, today=day, propose=propose)
    report = apply_plan(
        store, plan, state, channel=Channel.MAIL, today=day, dry_run=dry_run, accounts=accounts
    )
    report.warnings = _warnings(directory)
    if not dry_run:
        state.save(state_file)
    return report
