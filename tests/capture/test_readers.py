"""Reading exports as the clients write them: expansion, cancellations, declines, time zones,
purposes, and mail headers with their departure signals. Expected values are read off the
fixture files by hand (each test says which lines)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from graphkam.capture import guess_purpose, read_calendar, read_mail
from graphkam.capture.mail import SignalKind, parse_mail
from graphkam.errors import InvalidInputError
from tests.capture.conftest import FIXTURES

D = dt.date
UNTIL = D(2026, 12, 1)


def _days(name: str, until: dt.date = UNTIL) -> list[tuple[dt.date, str | None]]:
    return [(m.day, m.title) for m in read_calendar(FIXTURES / name, until=until).meetings]


def test_outlook_series_is_expanded_with_exdate_and_exception() -> None:
    """The weekly series (COUNT=4 from Mon 2 Nov, 10:00 China Standard Time) has 2, 9, 16 and
    23 Nov; EXDATE drops the 9th; the exception (RECURRENCE-ID 16 Nov) moves it to Tue 17 Nov
    14:00 with a new title and without Cao Lihua. The dinner is a single event on 19 Nov."""
    meetings = read_calendar(FIXTURES / "outlook-series.ics", until=UNTIL).meetings
    assert [(m.day, m.title) for m in meetings] == [
        (D(2026, 11, 2), "Huaxing weekly progress review"),
        (D(2026, 11, 17), "Huaxing weekly progress review (moved)"),
        (D(2026, 11, 19), "Dinner with Huaxing CEO"),
        (D(2026, 11, 23), "Huaxing weekly progress review"),
    ]
    moved = meetings[1]
    assert moved.key.endswith("|20261116T020000")  # the original start, 10:00 +08:00 in UTC
    assert {a.email for a in moved.attendees} == {
        "he.min@ourco.example",
        "jiang.desheng@huaxing-steel.example",
        "lin.tao@ourco.example",  # the organizer counts
    }
    assert meetings[2].key == meetings[2].uid  # a single event: its UID alone


def test_outlook_later_export_cancels_one_occurrence() -> None:
    """outlook-series-later.ics: the exception moved again to 18 Nov, the 23rd CANCELLED."""
    assert _days("outlook-series-later.ics") == [
        (D(2026, 11, 2), "Huaxing weekly progress review"),
        (D(2026, 11, 18), "Huaxing weekly progress review (moved)"),
        (D(2026, 11, 19), "Dinner with Huaxing CEO"),
    ]


def test_until_leaves_out_later_meetings() -> None:
    assert [d for d, _ in _days("outlook-series.ics", D(2026, 11, 18))] == [
        D(2026, 11, 2),
        D(2026, 11, 17),
    ]


def test_google_times_land_on_their_local_day_and_declines_drop() -> None:
    """Google writes UTC with X-WR-TIMEZONE:America/New_York: 02:00Z on 11 Nov is 21:00 on
    10 Nov in New York. The second event is 07:00 Asia/Shanghai on 12 Nov (11 Nov in UTC).
    Ding Haoran DECLINED the first and has NEEDS-ACTION on the second."""
    meetings = read_calendar(FIXTURES / "google-timezones.ics", until=UNTIL).meetings
    assert [m.day for m in meetings] == [D(2026, 11, 10), D(2026, 11, 12)]
    assert "ding.haoran@jhbank.example" not in {a.email for a in meetings[0].attendees}
    assert "ding.haoran@jhbank.example" in {a.email for a in meetings[1].attendees}


def test_feishu_utc_times_and_cancelled_meeting() -> None:
    """Feishu writes UTC (Z) with X-WR-TIMEZONE:Asia/Shanghai: 02:00Z is 10:00 on 10 Nov.
    The third event (进展周会) is STATUS:CANCELLED and must not appear."""
    assert _days("feishu.ics") == [
        (D(2026, 11, 10), "通顺物流 方案汇报"),
        (D(2026, 11, 12), "东岭能源 需求调研访谈"),
    ]


def test_utc_without_calendar_zone_uses_the_given_zone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """23:30Z on 1 Nov is 07:30 on 2 Nov in Shanghai; without a zone it stays 1 Nov (UTC)."""
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u1\r\n"
        "DTSTART:20261101T233000Z\r\nSUMMARY:late\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    path = tmp_path / "z.ics"
    path.write_text(ics)
    zone = ZoneInfo("Asia/Shanghai")
    assert read_calendar(path, until=UNTIL, zone=zone).meetings[0].day == D(2026, 11, 2)
    assert read_calendar(path, until=UNTIL).meetings[0].day == D(2026, 11, 1)


def test_not_a_calendar_is_one_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "notes.ics"
    path.write_text("hello, this is not a calendar")
    with pytest.raises(InvalidInputError, match=r"notes\.ics: not an iCalendar file"):
        read_calendar(path, until=UNTIL)


@pytest.mark.parametrize(
    ("title", "purpose"),
    [
        ("Contract signing with Huaxing", "signing"),
        ("通顺物流 合同签约", "signing"),
        ("Solution workshop: MES", "solution"),
        ("东岭能源 解决方案交流", "solution"),
        ("Weekly progress review", "progress"),
        ("项目进展周会", "progress"),
        ("Requirements interview: branch app", "research"),
        ("需求调研访谈", "research"),
        ("Dinner with Huaxing CEO", "relationship"),
        ("拜访王总", "relationship"),
        ("Q4", "relationship"),
        (None, "relationship"),
    ],
)
def test_purpose_is_guessed_from_english_and_chinese_titles(
    title: str | None, purpose: str
) -> None:
    assert guess_purpose(title).purpose.value == purpose


def test_mbox_headers_threads_and_auto_reply_departure() -> None:
    """sample-week.mbox: a mail to Yuan Kai, his auto-reply saying 已离职, and a two-message
    thread He Min -> Tang Ming (reply Cc Li Qiang, grouped by In-Reply-To/References)."""
    messages = read_mail(FIXTURES / "sample-week.mbox", zone=ZoneInfo("Asia/Shanghai"))
    assert len(messages) == 4
    auto = [m for m in messages if m.automatic]
    assert len(auto) == 1
    assert [(s.email, s.kind, s.evidence) for s in auto[0].signals] == [
        ("yuan.kai@tongshun.example", SignalKind.AUTO_REPLY, "已离职")
    ]
    threads = {m.thread for m in messages if not m.automatic}
    assert threads == {
        "<20261116010211.a1@mail.ourco.example>",
        "<CAHm1n-b1-8842@mail.ourco.example>",
    }
    reply = next(m for m in messages if m.message_id == "<e2c9.1f.tang.ming@dongling.example>")
    assert reply.recipients == ["he.min@ourco.example", "li.qiang@dongling.example"]
    assert reply.names["li.qiang@dongling.example"] == "Li Qiang"  # to name a proposal
    assert reply.day == D(2026, 11, 19)
    dumped = "".join(m.model_dump_json() for m in messages)
    assert "CAPTURE-SECRET-BODY" not in dumped and "试点" not in dumped


def test_eml_folder_out_of_office_no_longer_with_and_bounce() -> None:
    """mail-eml/: an out-of-office reply (no departure phrase: no signal), a 'no longer with'
    auto-reply from Deng Yongqiang, and a Postfix bounce for Jiang Desheng (Status 5.1.1)."""
    messages = read_mail(FIXTURES / "mail-eml")
    signals = {(s.email, s.kind, s.evidence) for m in messages for s in m.signals}
    assert signals == {
        ("deng.yongqiang@jhbank.example", SignalKind.AUTO_REPLY, "no longer with"),
        ("jiang.desheng@huaxing-steel.example", SignalKind.BOUNCE, "status 5.1.1"),
    }
    assert sum(m.automatic for m in messages) == 3
    assert [m.automatic for m in messages if m.sender == "lin.tao@ourco.example"] == [False]


def test_uploaded_mbox_and_eml_read_alike() -> None:
    """parse_mail (the API's reader) finds the same messages as read_mail on the files."""
    box = (FIXTURES / "sample-week.mbox").read_bytes()
    emls = [p.read_bytes() for p in sorted((FIXTURES / "mail-eml").glob("*.eml"))]
    assert parse_mail([box]) == read_mail(FIXTURES / "sample-week.mbox")
    assert parse_mail(emls) == read_mail(FIXTURES / "mail-eml")


def test_not_an_mbox_is_one_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "inbox.txt"
    path.write_text("Subject: hi\n\nno envelope line")
    with pytest.raises(InvalidInputError, match=r"inbox\.txt: not an mbox file"):
        read_mail(path)


def test_runaway_rules_are_dropped_and_huge_exports_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """FREQ=MINUTELY is no meeting: dropped (counted). A daily series from 1 Jan 1970 has
    20,788 occurrences before 2 Dec 2026 (20,788 days), more than the 20,000 allowed."""

    def ics(rule: str, start: str) -> str:
        return (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:spam\r\n"
            f"DTSTART:{start}\r\nRRULE:{rule}\r\nSUMMARY:spam\r\nEND:VEVENT\r\n"
            "BEGIN:VEVENT\r\nUID:ok\r\nDTSTART:20261102T020000Z\r\nSUMMARY:ok\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n"
        )

    path = tmp_path / "spam.ics"
    path.write_text(ics("FREQ=MINUTELY", "20261101T000000Z"))
    export = read_calendar(path, until=UNTIL)
    assert ([m.key for m in export.meetings], export.dropped_series) == (["ok"], 1)
    path.write_text(ics("FREQ=DAILY", "19700101T090000Z"))
    with pytest.raises(InvalidInputError, match=r"spam\.ics: more than 20000 meetings"):
        read_calendar(path, until=UNTIL)


def test_a_message_is_dated_by_its_own_clock_unless_a_zone_is_given() -> None:
    """07:30 +0800 on 3 Nov is 23:30 UTC on 2 Nov: its own day is 3 Nov."""
    raw = b"From: a@x.example\r\nTo: b@y.example\r\nDate: Tue, 3 Nov 2026 07:30:00 +0800\r\n\r\n."
    assert parse_mail([raw])[0].day == D(2026, 11, 3)
    assert parse_mail([raw], zone=ZoneInfo("UTC"))[0].day == D(2026, 11, 2)
