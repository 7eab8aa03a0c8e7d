"""References by rule, not by history; creates that leak nothing; the one notes rule on every
route; colleagues' accounts hidden; admin-only writes answer 403 before looking at the body.

rep-lin is on hx-steel's team (its parent hx-group is not readable to them); ac-bank, its
people (bk-ceo, bk-cto) and rep-wu's membership are foreign to rep-lin (tests/api/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.conftest import Api, build_api

VISIT_NOTE = "Walked through the MES integration proposal."  # the example file's visit note
REL_NOTE = "met at the alumni dinner; private"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    built = build_api(tmp_path_factory.mktemp("refs"))
    with built.client:
        built.admin("PATCH", "/relationships/relates_to/rep-lin/hx-cio", json={"notes": REL_NOTE})
        yield built


def _same_shape(a: dict[str, object], b: dict[str, object], x: str, y: str) -> None:
    """Two problem bodies alike once the two ids are replaced by one placeholder."""
    assert str(a).replace(x, "ID") == str(b).replace(y, "ID")


def test_a_free_text_value_is_never_an_allowed_id(api: Api) -> None:
    """The issue's trick: set `industry` to a foreign account id, then `parent` to it."""
    h = api.headers("rep")
    etag = api.client.get("/accounts/hx-steel", headers=h).headers["etag"]
    r = api.client.patch(
        "/accounts/hx-steel", json={"industry": "ac-bank"}, headers={**h, "If-Match": etag}
    )
    assert r.status_code == 200  # industry is free text: any string will do
    foreign = api.client.patch("/accounts/hx-steel", json={"parent": "ac-bank"}, headers=h)
    missing = api.client.patch("/accounts/hx-steel", json={"parent": "no-such"}, headers=h)
    assert foreign.status_code == missing.status_code == 422
    assert foreign.json()["errors"][0]["loc"] == ["body", "parent"]
    _same_shape(foreign.json(), missing.json(), "ac-bank", "no-such")
    page = api.client.get("/accounts/hx-steel/graph?as_of=2026-11-15", headers=h)
    assert "Eastern Bank" not in page.text and "Zhao Lei" not in page.text
    api.admin("PATCH", "/accounts/hx-steel", json={"industry": "manufacturing"})


def test_notes_text_is_never_an_allowed_id(api: Api) -> None:
    h = api.headers("rep")
    before = api.client.get("/stakeholders/hx-cio", headers=h).json()["notes"]
    r = api.client.patch("/stakeholders/hx-cio", json={"notes": "bk-it"}, headers=h)
    assert r.status_code == 200
    r = api.client.patch("/stakeholders/hx-cio", json={"department": "bk-it"}, headers=h)
    assert r.status_code == 422 and "ac-bank" not in r.text and "department" in r.text
    assert r.json()["errors"] == [{"loc": ["body", "department"], "message": "unknown id 'bk-it'"}]
    api.admin("PATCH", "/stakeholders/hx-cio", json={"notes": before})


def test_a_reference_the_object_already_has_stays_valid(api: Api) -> None:
    """hx-steel's parent hx-group is not readable to rep-lin, yet the rep may edit hx-steel."""
    h = api.headers("rep")
    assert api.client.get("/accounts/hx-group", headers=h).status_code == 404
    r = api.client.patch("/accounts/hx-steel", json={"tier": "S"}, headers=h)
    assert r.status_code == 200 and r.json()["parent"] == "hx-group"


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/stakeholders", {"id": "bk-ceo", "account": "hx-steel", "name": "Dup"}),
        ("/departments", {"id": "bk-it", "account": "hx-steel", "name": "Dup"}),
    ],
)
def test_creating_with_a_foreign_id_reveals_nothing_about_it(
    api: Api, url: str, body: dict[str, str]
) -> None:
    r = api.client.post(url, json=body, headers=api.headers("rep"))
    assert r.status_code == 422  # not 409: that would confirm a foreign object exists
    assert r.json()["errors"] == [
        {"loc": ["body", "id"], "message": f"id '{body['id']}' cannot be used; choose another id"}
    ]
    for leak in ("ac-bank", "stakeholder", "department", "Zhao", "exists"):
        assert leak not in r.json()["errors"][0]["message"]


def test_creating_with_an_id_you_can_see_is_409(api: Api) -> None:
    body = {"id": "hx-cio", "account": "hx-steel", "name": "Dup"}
    r = api.client.post("/stakeholders", json=body, headers=api.headers("rep"))
    assert r.status_code == 409


def test_foreign_and_missing_ends_answer_alike_on_create(api: Api) -> None:
    h = api.headers("rep")
    rel = {"type": "relates_to", "from": "rep-lin"}
    foreign = api.client.post("/relationships", json={**rel, "to": "bk-cto"}, headers=h)
    missing = api.client.post("/relationships", json={**rel, "to": "no-such"}, headers=h)
    assert foreign.status_code == missing.status_code == 422
    _same_shape(foreign.json(), missing.json(), "bk-cto", "no-such")
    visit = {"date": "2026-11-01", "team": ["rep-lin"], "purpose": "research"}
    foreign = api.client.post(
        "/interactions", json={**visit, "stakeholders": ["bk-cto"]}, headers=h
    )
    missing = api.client.post(
        "/interactions", json={**visit, "stakeholders": ["no-such"]}, headers=h
    )
    assert foreign.status_code == missing.status_code == 422
    _same_shape(foreign.json(), missing.json(), "bk-cto", "no-such")


@pytest.mark.parametrize(
    "url",
    [
        "/interactions?account=hx-steel",
        "/interactions/{visit}",
        "/relationships?account=hx-steel&limit=500",
        "/relationships/relates_to/rep-lin/hx-cio",
        "/stakeholders/hx-cio",
        "/accounts/hx-steel/brief?as_of=2026-11-15&purpose=solution",
        "/accounts/hx-steel/graph?as_of=2026-11-15",
        "/accounts/hx-steel/history",
    ],
)
def test_a_coach_off_the_team_sees_no_notes_anywhere(api: Api, url: str) -> None:
    """mgr-zhou coaches rep-lin (reads hx-steel) but is not on its team: no notes, anywhere;
    the team's rep sees the same notes (so the test can see them when they are there)."""
    visits = api.client.get("/interactions?account=hx-steel", headers=api.headers("rep")).json()
    visit = next(v["id"] for v in visits["data"] if v.get("notes") == VISIT_NOTE)
    url = url.format(visit=visit)
    coach = api.client.get(url, headers=api.headers("coach"))
    rep = api.client.get(url, headers=api.headers("rep"))
    assert coach.status_code == rep.status_code == 200, coach.text
    for note in (VISIT_NOTE, REL_NOTE, "Prefers written proposals"):
        assert note not in coach.text
    if "history" not in url and "brief" not in url and "graph" not in url:
        assert any(n in rep.text for n in (VISIT_NOTE, REL_NOTE, "Prefers written")), url


def test_team_members_show_only_accounts_you_can_read(api: Api) -> None:
    page = api.client.get("/team-members?limit=500", headers=api.headers("rep")).json()
    wu = next(m for m in page["data"] if m["id"] == "rep-wu")
    assert wu["accounts"] == []  # rep-wu is on ac-bank, which rep-lin can't read
    one = api.client.get("/team-members/rep-wu", headers=api.headers("rep")).json()
    assert one["accounts"] == []
    admin = api.client.get("/team-members/rep-wu", headers=api.headers("admin")).json()
    assert admin["accounts"] == ["ac-bank"]


def test_team_history_shows_only_accounts_you_can_read(api: Api) -> None:
    api.admin("PATCH", "/team-members/sol-he", json={"accounts": ["hx-steel", "ac-bank"]})

    def about_sol_he(who: str) -> str:
        r = api.client.get("/accounts/hx-steel/history", headers=api.headers(who))
        assert r.status_code == 200
        return str([c for c in r.json() if c["subject_id"] == "sol-he"])

    assert "ac-bank" in about_sol_he("admin")  # the change is in hx-steel's history
    assert "ac-bank" not in about_sol_he("rep")
    api.admin("PATCH", "/team-members/sol-he", json={"accounts": ["hx-steel"]})


@pytest.mark.parametrize(
    ("method", "url"),
    [("POST", "/team-members"), ("POST", "/third-parties"), ("POST", "/accounts")],
)
def test_admin_only_writes_answer_403_before_422(api: Api, method: str, url: str) -> None:
    r = api.client.request(method, url, json={"nonsense": True}, headers=api.headers("rep"))
    assert r.status_code == 403
