"""POST /capture/calendar and /capture/mail (multipart), proposals over HTTP: access rules
(only accounts the user may edit), the body limit, and problem+json errors."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.app import create_app
from graphkam.auth import Role, UserStore
from graphkam.model import NodeKind, StakeholderStatus
from graphkam.settings import Settings
from graphkam.stores import open_store
from tests.capture.conftest import FIXTURES

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

WEEK = ("sample-week.ics", (FIXTURES / "sample-week.ics").read_bytes(), "text/calendar")


class Client:
    def __init__(self, tmp: Path, sample_db: Path, **settings: Any) -> None:
        db = tmp / "graphkam.db"
        shutil.copy(sample_db, db)
        self.url = f"sqlite:///{db}"
        users = UserStore(tmp / "users.db")
        self.tokens = {
            "admin": users.add_user("root", Role.ADMIN)[1],
            "chen": users.add_user("chen", Role.REP, "am-chen")[1],  # ts-logistics, dl-energy…
            "lin": users.add_user("lin", Role.REP, "am-lin")[1],  # hx-steel, jh-bank, hx-group
            "coach": users.add_user("sun", Role.COACH, "mgr-sun")[1],
        }
        self.http = TestClient(
            create_app(self.url, users_db=tmp / "users.db", **settings),
            raise_server_exceptions=False,
        )

    def post(self, who: str | None, url: str, **kw: Any) -> Any:
        headers = {} if who is None else {"Authorization": f"Bearer {self.tokens[who]}"}
        return self.http.post(url, headers=headers, **kw)


@pytest.fixture
def client(tmp_path: Path, sample_db: Path) -> Iterator[Client]:
    built = Client(tmp_path, sample_db)
    with built.http:
        yield built


def test_rep_captures_a_calendar_of_their_accounts(client: Client) -> None:
    r = client.post("chen", "/capture/calendar?propose=true", files={"file": WEEK})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert sorted(v["account"] for v in doc["created"]) == ["dl-energy", "ts-logistics"]
    assert {p["email"] for p in doc["proposals"]} == {
        "li.na@tongshun.example",
        "wang.lei@dongling.example",
    }
    again = client.post("chen", "/capture/calendar?propose=true", files={"file": WEEK}).json()
    assert (again["created"], again["unchanged"]) == ([], 2)
    with open_store(client.url) as store:
        changes = store.list_records("change", "dl-energy")  # type: ignore[arg-type]
        captured = [c for c in changes if c.subject_id.startswith("cal-")]  # type: ignore[union-attr]
        assert [(c.source.value, c.actor) for c in captured] == [("api", "chen")]  # type: ignore[union-attr]


def test_accounts_the_user_may_not_edit_take_no_part(client: Client) -> None:
    """am-lin is on neither ts-logistics nor dl-energy: their people are unknown to his
    capture, so nothing is created and nobody on their domains is proposed."""
    r = client.post("lin", "/capture/calendar?propose=true", files={"file": WEEK})
    assert r.status_code == 200, r.text
    assert (r.json()["created"], r.json()["proposals"]) == ([], [])
    with open_store(client.url) as store:
        ids = [v.id for v in store.list_records("interaction", "dl-energy")]  # type: ignore[arg-type]
        assert not any(i.startswith("cal-") for i in ids)  # type: ignore[union-attr]


def test_a_capture_by_someone_else_never_removes_visits_of_accounts_they_may_not_edit(
    client: Client,
) -> None:
    """chen captures the week; lin uploads the same file: to lin the meetings name nobody he
    may edit, yet they must not count as cancelled for chen's accounts."""
    created = client.post("chen", "/capture/calendar", files={"file": WEEK}).json()["created"]
    assert len(created) == 2
    r = client.post("lin", "/capture/calendar", files={"file": WEEK})
    assert (r.status_code, r.json()["removed"]) == (200, [])
    with open_store(client.url) as store:
        for visit in created:
            assert store.get_record("interaction", visit["id"]).date.isoformat() == visit["date"]  # type: ignore[arg-type, union-attr]


def test_a_coach_may_not_capture_and_anonymous_is_401(client: Client) -> None:
    r = client.post("coach", "/capture/calendar", files={"file": WEEK})
    assert r.status_code == 403
    assert "may not edit any account" in r.json()["detail"]
    assert client.post(None, "/capture/calendar", files={"file": WEEK}).status_code == 401


def test_mail_upload_of_eml_files_proposes_departures_and_accept(client: Client) -> None:
    files = [
        ("files", (p.name, p.read_bytes(), "message/rfc822"))
        for p in sorted((FIXTURES / "mail-eml").glob("*.eml"))
    ]
    r = client.post("lin", "/capture/mail", files=files)
    assert r.status_code == 200, r.text
    departures = {p["stakeholder"]: p["id"] for p in r.json()["proposals"]}
    assert set(departures) == {"jh-top", "hx-cio"}
    listed = client.http.get(
        "/capture/proposals", headers={"Authorization": f"Bearer {client.tokens['chen']}"}
    ).json()
    assert listed == []  # not chen's accounts
    forbidden = client.post("chen", f"/capture/proposals/{departures['hx-cio']}/accept")
    assert forbidden.status_code == 404
    ok = client.post("lin", f"/capture/proposals/{departures['hx-cio']}/accept")
    assert ok.status_code == 200, ok.text
    assert ok.json()["status"] == "left" and ok.json()["emails"] == []
    with open_store(client.url) as store:
        person = store.get_node(NodeKind.STAKEHOLDER, "hx-cio")
        assert person.status is StakeholderStatus.LEFT  # type: ignore[union-attr]
    assert (
        client.post("lin", f"/capture/proposals/{departures['hx-cio']}/accept").status_code == 409
    )


def test_bad_upload_is_422_naming_the_file(client: Client) -> None:
    r = client.post(
        "chen", "/capture/calendar", files={"file": ("notes.ics", b"hello", "text/plain")}
    )
    assert r.status_code == 422
    assert "notes.ics: not an iCalendar file" in r.text
    r = client.post("chen", "/capture/calendar?timezone=Mars/Olympus", files={"file": WEEK})
    assert r.status_code == 422 and "is not a time zone" in r.text


def test_uploads_obey_the_body_limit(tmp_path: Path, sample_db: Path) -> None:
    small = Client(tmp_path, sample_db, settings=Settings(max_upload_bytes=1024))
    with small.http:
        r = small.post("chen", "/capture/calendar", files={"file": WEEK})
    assert r.status_code == 413
    assert "larger than the limit of 1024 bytes" in r.text
