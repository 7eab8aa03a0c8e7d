"""The capture cycle on every store (SQLite, Neo4j 5 and ArcadeDB over Bolt): a meeting
becomes a visit and refreshes a tie, the same export again changes nothing, its cancellation
removes the visit and puts the tie back. Numbers by hand: the tie is 0.6 (1 Oct) in the map;
one visit adds 0.05 -> 0.65 and moves last_contact to the meeting day, 10 Nov."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from graphkam.capture import capture_calendar
from graphkam.documents import AccountMap
from graphkam.model import RecordKind, RelType
from graphkam.stores import Store

MAP = {
    "accounts": [{"id": "ac", "name": "Acme Grid", "tier": "A"}],
    "team": [
        {"id": "rep", "name": "Rep", "team_role": "account_manager", "accounts": ["ac"],
         "emails": ["rep@ourco.example"]},
    ],
    "stakeholders": [
        {"id": "ac-cio", "account": "ac", "name": "CIO", "roles": ["technical_buyer"],
         "emails": ["cio@acme.example"]},
    ],
    "relationships": [
        {"type": "relates_to", "from": "rep", "to": "ac-cio", "strength": 0.6,
         "last_contact": "2026-10-01"},
    ],
}  # fmt: skip


def _ics(status: str) -> bytes:
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "BEGIN:VEVENT",
        "UID:meeting-1@test", "DTSTART;TZID=Asia/Shanghai:20261110T100000",
        "SUMMARY:Architecture workshop", f"STATUS:{status}",
        "ORGANIZER:mailto:rep@ourco.example", "ATTENDEE;PARTSTAT=ACCEPTED:mailto:cio@acme.example",
        "END:VEVENT", "END:VCALENDAR",
    ]  # fmt: skip
    return ("\r\n".join(lines) + "\r\n").encode()


def _tie(store: Store) -> tuple[float | None, dt.date | None]:
    (tie,) = store.list_relationships("ac", RelType.RELATES_TO)
    return tie.strength, tie.last_contact


def test_capture_cycle_on_every_store(store: Store, tmp_path: Path) -> None:
    store.import_map(AccountMap.model_validate(MAP))
    state = tmp_path / "state.json"
    today = dt.date(2026, 11, 30)
    first = capture_calendar(store, _ics("CONFIRMED"), "a.ics", state, today=today)
    assert [(v.date, v.purpose) for v in first.created] == [(dt.date(2026, 11, 10), "solution")]
    assert _tie(store) == (0.65, dt.date(2026, 11, 10))
    counts = store.counts()
    again = capture_calendar(store, _ics("CONFIRMED"), "a.ics", state, today=today)
    assert (again.created, again.unchanged, store.counts()) == ([], 1, counts)
    gone = capture_calendar(store, _ics("CANCELLED"), "a.ics", state, today=today)
    assert gone.removed == [first.created[0].id]
    assert _tie(store) == (0.6, dt.date(2026, 10, 1))
    assert not [r for r in store.list_records(RecordKind.INTERACTION, "ac")]
