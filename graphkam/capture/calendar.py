"""Reading meetings from iCalendar exports (Outlook, Google Calendar, Feishu/Lark, DingTalk).

What is read of each VEVENT: UID, RECURRENCE-ID, DTSTART, STATUS, SUMMARY (the title), ORGANIZER
and ATTENDEE (address, CN and PARTSTAT), plus RRULE/RDATE/EXDATE to expand series. DESCRIPTION,
LOCATION, attachments and alarms are never read.

Rules:
- series are expanded (recurring-ical-events), with EXDATE honoured and RECURRENCE-ID overrides
  replacing the occurrence they name; only occurrences starting before `until` are produced;
  a series repeating more often than daily is dropped, and more than MAX_OCCURRENCES refused;
- an occurrence whose STATUS is CANCELLED is dropped, and so is every attendee whose PARTSTAT
  is DECLINED (the organizer counts as an attendee unless listed as declined);
- Google's X-WR-TIMEZONE is applied first (x-wr-timezone); the meeting's *day* is the date of
  its start in its own time zone, or in `zone` for times given in UTC or with no zone;
- a meeting's `key` is its UID, plus the original start (RECURRENCE-ID, in UTC) for an
  occurrence of a series: the key a later export of the same meeting keeps when it moves.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import x_wr_timezone
from pydantic import BaseModel

from graphkam.errors import InvalidInputError

__all__ = [
    "MAX_OCCURRENCES",
    "Attendee",
    "Meeting",
    "CalendarExport",
    "parse_calendar",
    "read_calendar",
]

_EPOCH = dt.date(1970, 1, 1)
#: The most occurrences one export may expand to (fifty years of a daily meeting fit).
MAX_OCCURRENCES = 20_000


class Attendee(BaseModel):
    """A person on the invitation who did not decline: address (lower-cased) and name."""

    email: str
    name: str | None = None


class CalendarExport(BaseModel):
    """The meetings of an export, and the UIDs it speaks for: those of cancelled components or
    components listing attendees (a visit captured earlier from one of them and no longer
    produced is removed)."""

    meetings: list[Meeting]
    uids: set[str]
    dropped_series: int = 0


class Meeting(BaseModel):
    """One (occurrence of a) meeting: identity, day, title and the people who did not decline."""

    key: str
    uid: str
    day: dt.date
    start: dt.datetime | dt.date
    title: str | None = None
    attendees: list[Attendee]


CalendarExport.model_rebuild()


def read_calendar(
    path: str | Path, *, until: dt.date, zone: ZoneInfo | None = None
) -> CalendarExport:
    """The meetings in the iCalendar file at `path` (see `parse_calendar`)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"{path}: cannot read the calendar file ({exc.strerror})") from None
    return parse_calendar(data, str(path), until=until, zone=zone)


def parse_calendar(
    data: bytes, source: str, *, until: dt.date, zone: ZoneInfo | None = None
) -> CalendarExport:
    """The meetings of an iCalendar document that start before `until` (exclusive), sorted by
    start; `zone` (default UTC) places times given in UTC or floating. InvalidInputError names
    `source` when the document is not iCalendar."""
    try:
        cal = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise InvalidInputError(f"{source}: not an iCalendar file ({exc})") from None
    if not isinstance(cal, icalendar.Calendar) or cal.name != "VCALENDAR":
        raise InvalidInputError(f"{source}: not an iCalendar file (no VCALENDAR)")
    try:
        cal = x_wr_timezone.to_standard(cal)
        recurring = _recurring_uids(cal)
        occurrences, dropped = _occurrences(cal, until, source)
    except (ValueError, TypeError) as exc:
        raise InvalidInputError(f"{source}: cannot expand the events ({exc})") from None
    place = zone or ZoneInfo("UTC")
    meetings = [m for e in occurrences if (m := _meeting(e, recurring, place)) is not None]
    uids = {str(e.get("UID")) for e in cal.walk("VEVENT") if _speaks_for(e)}
    ordered = sorted(meetings, key=lambda m: (m.day, m.key))
    return CalendarExport(meetings=ordered, uids=uids, dropped_series=dropped)


def _occurrences(
    cal: icalendar.Calendar, until: dt.date, source: str
) -> tuple[list[icalendar.Event], int]:
    """Every occurrence starting before `until`, and how many series were dropped for
    repeating more often than daily (no meeting does; such a rule would expand to millions).
    More than MAX_OCCURRENCES occurrences is refused."""
    dropped = 0
    for event in list(cal.walk("VEVENT")):
        rule = event.get("RRULE")
        freq = [str(f).upper() for f in (rule.get("FREQ", []) if rule is not None else [])]
        if set(freq) & _SUB_DAILY:
            cal.subcomponents.remove(event)
            dropped += 1
    out = recurring_ical_events.of(cal).between(_EPOCH, until + dt.timedelta(days=1))
    if len(out) > MAX_OCCURRENCES:
        raise InvalidInputError(
            f"{source}: more than {MAX_OCCURRENCES} meetings before {until}; export a shorter "
            "date range"
        )
    return sorted(out, key=lambda e: _utc_start(e.get("DTSTART").dt)), dropped


_SUB_DAILY = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})


def _utc_start(value: dt.datetime | dt.date) -> dt.datetime:
    """A start as an aware UTC datetime (dates at midnight UTC, floating times as UTC)."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _speaks_for(event: icalendar.Event) -> bool:
    """Whether a component can cancel or change a meeting captured earlier: it has a UID and
    either is cancelled or lists attendees (an export that leaves attendees out proves nothing)."""
    if event.get("UID") is None:
        return False
    return str(event.get("STATUS", "")).upper() == "CANCELLED" or event.get("ATTENDEE") is not None


def _recurring_uids(cal: icalendar.Calendar) -> set[str]:
    """UIDs of series: a component with RRULE, RDATE or RECURRENCE-ID."""
    return {
        str(e.get("UID"))
        for e in cal.walk("VEVENT")
        if any(e.get(p) is not None for p in ("RRULE", "RDATE", "RECURRENCE-ID"))
    }


def _meeting(event: icalendar.Event, recurring: set[str], zone: ZoneInfo) -> Meeting | None:
    if str(event.get("STATUS", "")).upper() == "CANCELLED" or event.get("UID") is None:
        return None
    uid = str(event.get("UID"))
    start = event.get("DTSTART").dt
    key = uid
    if uid in recurring and event.get("RECURRENCE-ID") is not None:
        key = f"{uid}|{_utc(event.get('RECURRENCE-ID').dt)}"
    summary = event.get("SUMMARY")
    return Meeting(
        key=key,
        uid=uid,
        day=_day(start, zone),
        start=start,
        title=str(summary) if summary is not None else None,
        attendees=_attendees(event),
    )


def _day(start: dt.datetime | dt.date, zone: ZoneInfo) -> dt.date:
    """The local date of a start: its own zone; UTC and floating times placed in `zone`."""
    if not isinstance(start, dt.datetime):
        return start
    if start.tzinfo is None:
        return start.date()
    if start.utcoffset() == dt.timedelta(0) and str(start.tzinfo) in ("UTC", "Z", "Etc/UTC"):
        return start.astimezone(zone).date()
    return start.date()


def _utc(value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%d")


def _attendees(event: icalendar.Event) -> list[Attendee]:
    """ORGANIZER and ATTENDEEs who did not decline, each address once."""
    people: dict[str, Attendee] = {}
    declined: set[str] = set()
    raw = event.get("ATTENDEE", [])
    listed = raw if isinstance(raw, list) else [raw]
    organizer = event.get("ORGANIZER")
    for prop in [*listed, *([organizer] if organizer is not None else [])]:
        email = _address(prop)
        if email is None:
            continue
        if str(prop.params.get("PARTSTAT", "")).upper() == "DECLINED":
            declined.add(email)
            continue
        name = prop.params.get("CN")
        people.setdefault(email, Attendee(email=email, name=str(name) if name else None))
    return [a for e, a in people.items() if e not in declined]


def _address(prop: object) -> str | None:
    """The address of a CAL-ADDRESS ('mailto:' stripped, lower-cased); None if it has none."""
    text = str(prop).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().lower()
    return text if "@" in text else None
