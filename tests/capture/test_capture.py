"""Capture against a real SQLite store holding the sample portfolio (with fixture addresses):
idempotence, moves and cancellations, lighter mail contacts, proposals, and what is stored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from graphkam.capture import (
    CaptureState,
    accept_proposal,
    capture_calendar,
    capture_mail,
    dismiss_proposal,
    read_mail,
    state_path,
)
from graphkam.history import history
from graphkam.model import (
    Channel,
    Interaction,
    NodeKind,
    Purpose,
    RecordKind,
    RelType,
    Stakeholder,
    StakeholderStatus,
)
from graphkam.privacy import erase
from graphkam.stores import Store, open_store
from tests.capture.conftest import FIXTURES

D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _calendar(url: str, name: str, today: dt.date = D(2026, 11, 30), **kw: object):  # type: ignore[no-untyped-def]
    with open_store(url) as store:
        return capture_calendar(
            store, (FIXTURES / name).read_bytes(), name, state_path(url), today=today, **kw
        )


def _mail(url: str, name: str, today: dt.date = D(2026, 11, 30), **kw: object):  # type: ignore[no-untyped-def]
    messages = read_mail(FIXTURES / name, zone=SHANGHAI)
    with open_store(url) as store:
        return capture_mail(store, messages, state_path(url), today=today, **kw)


def _snapshot(store: Store) -> tuple[object, ...]:
    """Everything a capture could change: records of every kind (history included), ties."""
    records = {k: sorted(r.model_dump_json() for r in store.list_records(k)) for k in RecordKind}
    rels = sorted(r.model_dump_json() for r in store.list_relationships())
    nodes = sorted(n.model_dump_json() for k in NodeKind for n in store.list_nodes(k))
    return (records, rels, nodes)


def _tie(store: Store, member: str, person: str):  # type: ignore[no-untyped-def]
    return next(
        (
            r
            for r in store.list_relationships(None, RelType.RELATES_TO)
            if (r.from_id, r.to_id) == (member, person)
        ),
        None,
    )


def _visits(store: Store, account: str) -> dict[str, Interaction]:
    return {
        r.id: r
        for r in store.list_records(RecordKind.INTERACTION, account)
        if isinstance(r, Interaction) and r.id and r.id.startswith(("cal-", "mail-"))
    }


def test_capturing_the_same_export_twice_changes_nothing(sample_url: str) -> None:
    """Second capture of each fixture: no record, tie, node or history row differs."""
    for name in ("outlook-series.ics", "google-timezones.ics", "feishu.ics"):
        _calendar(sample_url, name, propose=True)
    _mail(sample_url, "sample-week.mbox", propose=True)
    state_before = Path(state_path(sample_url)).read_bytes()
    with open_store(sample_url) as store:
        before = _snapshot(store)
    reports = [
        _calendar(sample_url, n, propose=True)
        for n in ("outlook-series.ics", "google-timezones.ics", "feishu.ics")
    ]
    reports.append(_mail(sample_url, "sample-week.mbox", propose=True))
    with open_store(sample_url) as store:
        assert _snapshot(store) == before
    assert Path(state_path(sample_url)).read_bytes() == state_before
    assert all(not r.created and not r.updated and not r.removed for r in reports)
    assert [r.unchanged for r in reports] == [4, 2, 2, 2]  # mbox: two threads


def test_outlook_series_makes_visits_that_refresh_ties_like_log_visit(sample_url: str) -> None:
    """Four occurrences (2, 17, 19 Nov dinner, 23 Nov) of hx-steel meetings. The 2 Nov review
    has Lin Tao and He Min with Jiang Desheng (hx-cio) and Cao Lihua (hx-user). sm-he->hx-cio
    was 0.74 (12 Oct): three reviews (2, 17, 23 Nov) add 0.05 each: 0.89, last contact 23 Nov.
    am-lin had no tie to hx-cio: the first review creates one, two more add 0.10."""
    report = _calendar(sample_url, "outlook-series.ics")
    assert len(report.created) == 4
    with open_store(sample_url) as store:
        visits = _visits(store, "hx-steel")
        assert sorted(v.date for v in visits.values()) == [
            D(2026, 11, 2), D(2026, 11, 17), D(2026, 11, 19), D(2026, 11, 23)
        ]  # fmt: skip
        assert {v.purpose for v in visits.values()} == {Purpose.PROGRESS, Purpose.RELATIONSHIP}
        assert all(v.purpose_guessed and v.channel is Channel.MEETING for v in visits.values())
        assert all(v.notes is None for v in visits.values())  # no --keep-titles
        tie = _tie(store, "sm-he", "hx-cio")
        assert (tie.strength, tie.last_contact) == (0.89, D(2026, 11, 23))
        new = _tie(store, "am-lin", "hx-cio")
        first_visit = round(new.strength - 0.10, 6)
        assert new.last_contact == D(2026, 11, 23)
        assert first_visit >= 0.3  # created at the first-visit strength, above the cut-off
        changes = history(store, "hx-steel")
        captured = [c for c in changes if c.subject_id.startswith("cal-")]
        assert len(captured) == 4
        assert {(c.source.value, c.action.value) for c in captured} == {("capture", "create")}


def test_a_later_export_moves_one_occurrence_and_cancels_another(
    sample_url: str, sample_db: Path, tmp_path: Path
) -> None:
    """outlook-series-later.ics moves the exception from 17 to 18 Nov (same visit id, new
    date) and cancels 23 Nov (its visit goes). After undoing both and redoing the move,
    sm-he->hx-cio is 0.74 + 2 x 0.05 = 0.84 (reviews of 2 and 18 Nov), last contact 18 Nov:
    the ties are exactly those of a store that only ever saw the later export."""
    first = _calendar(sample_url, "outlook-series.ics")
    ids = {v.date: v.id for v in first.created}
    later = _calendar(sample_url, "outlook-series-later.ics")
    assert [v.id for v in later.updated] == [ids[D(2026, 11, 17)]]
    assert later.removed == [ids[D(2026, 11, 23)]]
    with open_store(sample_url) as store:
        visits = _visits(store, "hx-steel")
        assert ids[D(2026, 11, 23)] not in visits
        assert visits[ids[D(2026, 11, 17)]].date == D(2026, 11, 18)
        tie = _tie(store, "sm-he", "hx-cio")
        assert (tie.strength, tie.last_contact) == (0.84, D(2026, 11, 18))
        ties = sorted(r.model_dump_json() for r in store.list_relationships("hx-steel"))
    other = tmp_path / "only-later.db"
    other.write_bytes(sample_db.read_bytes())
    url = f"sqlite:///{other}"
    _calendar(url, "outlook-series-later.ics")
    with open_store(url) as store:
        assert sorted(r.model_dump_json() for r in store.list_relationships("hx-steel")) == ties
        assert sorted(v.id for v in _visits(store, "hx-steel").values()) == sorted(visits)


def _cancelled(tmp_path: Path, uid_part: str) -> Path:
    """outlook-series.ics with STATUS:CANCELLED added to every component whose UID ends with
    `uid_part` (as Outlook writes a cancelled meeting or series)."""
    blocks = (FIXTURES / "outlook-series.ics").read_bytes().decode().split("END:VEVENT\r\n")
    out = []
    for block in blocks:
        unfolded = block.replace("\r\n ", "")
        if "BEGIN:VEVENT" in block and f"{uid_part}\r\n" in unfolded:
            block += "STATUS:CANCELLED\r\n"
        out.append(block)
    path = tmp_path / "cancelled.ics"
    path.write_bytes("END:VEVENT\r\n".join(out).encode())
    return path


def _capture_file(url: str, path: Path) -> object:
    with open_store(url) as store:
        return capture_calendar(
            store, path.read_bytes(), path.name, state_path(url), today=D(2026, 11, 30)
        )


def test_cancelled_meeting_removes_its_visit_and_restores_its_tie(
    sample_url: str, tmp_path: Path
) -> None:
    """The dinner of 19 Nov refreshed am-lin->hx-top (0.82, 6 Oct in the sample) to 0.87 on
    19 Nov; cancelled, its visit goes and the tie is back to 0.82, 6 Oct."""
    first = _calendar(sample_url, "outlook-series.ics")
    dinner = next(v.id for v in first.created if v.date == D(2026, 11, 19))
    with open_store(sample_url) as store:
        tie = _tie(store, "am-lin", "hx-top")
        assert (tie.strength, tie.last_contact) == (0.87, D(2026, 11, 19))
    report = _capture_file(sample_url, _cancelled(tmp_path, "AABBCCDDEEFF00112233445566778899"))
    assert report.removed == [dinner]  # type: ignore[attr-defined]
    with open_store(sample_url) as store:
        assert dinner not in _visits(store, "hx-steel")
        tie = _tie(store, "am-lin", "hx-top")
        assert (tie.strength, tie.last_contact) == (0.82, D(2026, 10, 6))


def test_cancelled_series_removes_its_visits_and_the_ties_it_created(
    sample_url: str, tmp_path: Path
) -> None:
    """Cancelling the series (master and exception) removes the visits of 2, 17 and 23 Nov;
    am-lin->hx-user, created by them, goes; sm-he->hx-cio is back to the sample's 0.74, 12 Oct."""
    _calendar(sample_url, "outlook-series.ics")
    with open_store(sample_url) as store:
        assert _tie(store, "am-lin", "hx-user") is not None
    report = _capture_file(sample_url, _cancelled(tmp_path, "C4A3D0B8E8F6A1479C2D61E0F1A2B3C4"))
    assert len(report.removed) == 3  # type: ignore[attr-defined]
    with open_store(sample_url) as store:
        assert _tie(store, "am-lin", "hx-user") is None
        tie = _tie(store, "sm-he", "hx-cio")
        assert (tie.strength, tie.last_contact) == (0.74, D(2026, 10, 12))
        assert sorted(v.date for v in _visits(store, "hx-steel").values()) == [D(2026, 11, 19)]


def test_dry_run_writes_nothing(sample_url: str) -> None:
    with open_store(sample_url) as store:
        before = _snapshot(store)
    report = _calendar(sample_url, "sample-week.ics", dry_run=True, propose=True)
    assert report.dry_run and len(report.created) == 2 and len(report.proposals) == 2
    with open_store(sample_url) as store:
        assert _snapshot(store) == before
    assert not Path(state_path(sample_url)).exists()


def test_keep_titles_keeps_the_title_as_notes_only_when_asked(sample_url: str) -> None:
    _calendar(sample_url, "feishu.ics", keep_titles=True)
    with open_store(sample_url) as store:
        notes = {v.notes for v in _visits(store, "ts-logistics").values()}
    assert notes == {"通顺物流 方案汇报"}


def test_mail_thread_is_a_lighter_contact(sample_url: str) -> None:
    """He Min <-> Tang Ming (dl-cio), 18-19 Nov: sm-he->dl-cio was 0.84 on 10 Nov; a thread adds
    0.01 (a fifth of a visit's 0.05): 0.85, last contact 19 Nov (the thread's last message).
    Chen Jing's mail to Yuan Kai (ts-itdir) leaves a contact record but no tie (none existed).
    """
    report = _mail(sample_url, "sample-week.mbox")
    assert {(v.account, v.date) for v in report.created} == {
        ("dl-energy", D(2026, 11, 19)), ("ts-logistics", D(2026, 11, 16))
    }  # fmt: skip
    with open_store(sample_url) as store:
        tie = _tie(store, "sm-he", "dl-cio")
        assert (tie.strength, tie.last_contact) == (0.85, D(2026, 11, 19))
        assert _tie(store, "am-chen", "ts-itdir") is None
        mails = [v for v in _visits(store, "ts-logistics").values() if v.channel is Channel.MAIL]
        assert [(v.team, v.stakeholders) for v in mails] == [(["am-chen"], ["ts-itdir"])]


def test_unknown_attendees_are_proposed_not_added_and_accepted_in_one_step(
    sample_url: str,
) -> None:
    """li.na@tongshun.example is at the signing (17 Nov) with am-chen, es-zhou, ts-top and
    ts-cfo; tongshun.example is ts-logistics's domain. She is proposed, not stored; accepting
    adds her (history source `capture`)."""
    report = _calendar(sample_url, "sample-week.ics", propose=True)
    new = {p.email: p for p in report.proposals}
    assert set(new) == {"li.na@tongshun.example", "wang.lei@dongling.example"}
    li = new["li.na@tongshun.example"]
    assert (li.account, li.count, li.name) == ("ts-logistics", 1, "李娜")
    assert li.with_ids == ["am-chen", "es-zhou", "ts-cfo", "ts-top"]
    with open_store(sample_url) as store:
        people = [n for n in store.list_nodes(NodeKind.STAKEHOLDER, "ts-logistics")]
        assert not any("li.na@tongshun.example" in p.emails for p in people)  # type: ignore[union-attr]
        state = CaptureState.load(state_path(sample_url))
        person = accept_proposal(store, state, li.id)
        assert (person.id, person.account, person.emails) == (
            "ts-logistics-li-na", "ts-logistics", ["li.na@tongshun.example"]
        )  # fmt: skip
        stored = store.get_node(NodeKind.STAKEHOLDER, "ts-logistics-li-na")
        assert stored.name == "李娜"
        made = [c for c in history(store, "ts-logistics") if c.subject_id == person.id]
        assert [(c.action.value, c.source.value) for c in made] == [("create", "capture")]


def test_without_propose_nobody_is_proposed(sample_url: str) -> None:
    report = _calendar(sample_url, "sample-week.ics")
    assert report.proposals == []
    assert CaptureState.load(state_path(sample_url)).proposals == []


def test_departures_from_auto_reply_and_bounce_are_proposed_for_review(sample_url: str) -> None:
    """The 'no longer with' auto-reply names jh-top; the bounce (5.1.1) names hx-cio; the
    out-of-office reply names nobody. Nothing changes until accepted; then status is left."""
    report = _mail(sample_url, "mail-eml")
    departures = {p.stakeholder: p.evidence for p in report.proposals}
    assert departures == {
        "jh-top": ["auto_reply: no longer with"],
        "hx-cio": ["bounce: status 5.1.1"],
    }
    with open_store(sample_url) as store:
        assert store.get_node(NodeKind.STAKEHOLDER, "hx-cio").status is StakeholderStatus.ACTIVE  # type: ignore[union-attr]
        state = CaptureState.load(state_path(sample_url))
        ident = next(p.id for p in state.proposals if p.stakeholder == "hx-cio")
        accept_proposal(store, state, ident)
        assert store.get_node(NodeKind.STAKEHOLDER, "hx-cio").status is StakeholderStatus.LEFT  # type: ignore[union-attr]


def test_no_body_and_no_description_is_ever_stored(sample_url: str) -> None:
    """Every fixture's descriptions and bodies carry CAPTURE-SECRET-…; after capturing all of
    them (titles kept, proposals on) neither the store file nor the state file holds it."""
    for name in ("outlook-series.ics", "google-timezones.ics", "feishu.ics", "sample-week.ics"):
        _calendar(sample_url, name, keep_titles=True, propose=True)
    _mail(sample_url, "sample-week.mbox", propose=True)
    _mail(sample_url, "mail-eml", propose=True)
    db = Path(sample_url.removeprefix("sqlite:///"))
    files = [p for p in db.parent.iterdir() if p.name.startswith(db.name)]
    assert any(p.name.endswith(".capture.json") for p in files)
    for path in files:
        data = path.read_bytes()
        for marker in (b"CAPTURE-SECRET", "价格底线".encode(), b"budget is attached"):
            assert marker not in data, (path.name, marker)
    with open_store(sample_url) as store:
        assert len(_visits(store, "hx-steel")) >= 4  # the captures did write


def test_erasure_removes_a_persons_emails(sample_url: str) -> None:
    """After capture, erasing ts-cfo leaves no trace of their address in the store file."""
    _calendar(sample_url, "sample-week.ics", propose=True)
    address = b"deng.jianguo@tongshun.example"
    db = Path(sample_url.removeprefix("sqlite:///"))
    assert address in db.read_bytes()
    with open_store(sample_url) as store:
        erase(store, "ts-cfo")
        person = store.get_node(NodeKind.STAKEHOLDER, "ts-cfo")
        assert isinstance(person, Stakeholder) and person.emails == []
    assert address not in db.read_bytes()  # node, history payloads: all rewritten
    assert address not in Path(state_path(sample_url)).read_bytes()


def test_a_purpose_corrected_by_hand_survives_recapture_and_a_move(sample_url: str) -> None:
    """The 17 Nov review is corrected to `solution` by hand; capturing the same export leaves
    it; the later export moves it to 18 Nov and the hand-set purpose moves with it."""
    first = _calendar(sample_url, "outlook-series.ics")
    vid = next(v.id for v in first.created if v.date == D(2026, 11, 17))
    with open_store(sample_url) as store:
        visit = store.get_record(RecordKind.INTERACTION, vid)
        store.upsert_records(
            [visit.model_copy(update={"purpose": Purpose.SOLUTION, "purpose_guessed": False})]
        )
    assert _calendar(sample_url, "outlook-series.ics").unchanged == 4
    _calendar(sample_url, "outlook-series-later.ics")
    with open_store(sample_url) as store:
        moved = store.get_record(RecordKind.INTERACTION, vid)
        assert isinstance(moved, Interaction)
        assert (moved.date, moved.purpose, moved.purpose_guessed) == (
            D(2026, 11, 18), Purpose.SOLUTION, False
        )  # fmt: skip


def test_a_departure_accepted_later_keeps_the_visits_they_attended(sample_url: str) -> None:
    """Yuan Kai (ts-itdir) was at the 10 Nov Feishu meeting; after his departure is accepted,
    capturing the same export again changes nothing (he was there, active, at the time)."""
    _calendar(sample_url, "feishu.ics")
    _mail(sample_url, "sample-week.mbox")
    with open_store(sample_url) as store:
        state = CaptureState.load(state_path(sample_url))
        ident = next(p.id for p in state.proposals if p.stakeholder == "ts-itdir")
        accept_proposal(store, state, ident)
        state.save(state_path(sample_url))
        before = _snapshot(store)
    again = _calendar(sample_url, "feishu.ics")
    assert (again.created, again.updated, again.removed, again.unchanged) == ([], [], [], 2)
    with open_store(sample_url) as store:
        assert _snapshot(store) == before


def test_an_accepted_person_erased_leaves_no_address_anywhere(sample_url: str) -> None:
    """Accept li.na (proposed from the signing), then erase her: neither the store file nor
    the state file holds her address; the dismissed wang.lei stays dismissed without his."""
    report = _calendar(sample_url, "sample-week.ics", propose=True)
    ids = {p.email: p.id for p in report.proposals}
    with open_store(sample_url) as store:
        state = CaptureState.load(state_path(sample_url))
        person = accept_proposal(store, state, ids["li.na@tongshun.example"])
        dismiss_proposal(state, ids["wang.lei@dongling.example"])
        state.save(state_path(sample_url))
        erase(store, person.id)
    again = _calendar(sample_url, "sample-week.ics", propose=True)
    assert again.proposals == []
    for path in (Path(sample_url.removeprefix("sqlite:///")), Path(state_path(sample_url))):
        data = path.read_bytes()
        assert b"li.na@tongshun.example" not in data, path.name
    assert b"wang.lei@dongling.example" not in Path(state_path(sample_url)).read_bytes()


def test_a_captured_visit_deleted_by_hand_stays_deleted(sample_url: str) -> None:
    first = _calendar(sample_url, "outlook-series.ics")
    dinner = next(v.id for v in first.created if v.date == D(2026, 11, 19))
    with open_store(sample_url) as store:
        store.delete_record(RecordKind.INTERACTION, dinner)
    again = _calendar(sample_url, "outlook-series.ics")
    assert (again.created, again.unchanged) == ([], 3)
    assert again.skipped == {"deleted by hand since captured": 1}
    with open_store(sample_url) as store:
        assert dinner not in _visits(store, "hx-steel")


def test_an_export_without_attendees_removes_nothing(sample_url: str, tmp_path: Path) -> None:
    """A published calendar (no ATTENDEE lines) names the same UIDs but proves nothing about
    who met: the visits captured from the full export stay."""
    first = _calendar(sample_url, "outlook-series.ics")
    data = (FIXTURES / "outlook-series.ics").read_bytes().decode().replace("\r\n ", "")
    bare = "\r\n".join(x for x in data.split("\r\n") if not x.startswith("ATTENDEE"))
    path = tmp_path / "published.ics"
    path.write_bytes(bare.encode())
    report = _capture_file(sample_url, path)
    assert (report.removed, report.created) == ([], [])  # type: ignore[attr-defined]
    with open_store(sample_url) as store:
        assert set(_visits(store, "hx-steel")) == {v.id for v in first.created}
