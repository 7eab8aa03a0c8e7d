"""CRUD, notes visibility, pagination, ETags, problem+json errors, import/export and the
analytics round trip against the CLI's JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.app import create_app
from graphkam.auth import Role, UserStore
from graphkam.cli import app as cli_app
from graphkam.settings import Settings
from tests.api.conftest import AS_OF, EXAMPLE_MAP, Api, TestClient, build_api

NOTE = "Prefers written proposals; alumni of Tsinghua."  # hx-cio's note in the example file


# -- notes --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "sees"),
    [("rep", True), ("admin", True), ("coach", False)],  # mgr-zhou coaches, is not on the team
)
def test_personal_notes_only_for_the_team_and_admins(api: Api, who: str, sees: bool) -> None:
    one = api.client.get("/stakeholders/hx-cio", headers=api.headers(who)).json()
    assert one["notes"] == (NOTE if sees else None)
    page = api.client.get("/stakeholders?account=hx-steel", headers=api.headers(who)).json()
    cio = next(s for s in page["data"] if s["id"] == "hx-cio")
    assert cio["notes"] == (NOTE if sees else None)


def test_a_coach_never_sees_notes_anywhere_in_a_response(api: Api) -> None:
    for url in [
        "/stakeholders?limit=500",
        "/stakeholders/hx-cio",
        f"/accounts/hx-steel/analysis?as_of={AS_OF}",
    ]:
        r = api.client.get(url, headers=api.headers("coach"))
        assert r.status_code == 200
        assert NOTE not in r.text


def test_validation_errors_never_echo_the_input(api: Api) -> None:
    secret = "TOPSECRET-NOTE-4711"
    r = api.client.post(
        "/stakeholders",
        headers=api.headers("rep"),
        json={
            "id": "p1",
            "account": "hx-steel",
            "name": "X",
            "influence": 7,
            "notes": secret,
            "unknown_field": secret,
        },
    )
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert secret not in r.text
    body = r.json()
    assert body["title"] == "Invalid input" and body["status"] == 422
    assert {tuple(e["loc"]) for e in body["errors"]} == {
        ("body", "influence"),
        ("body", "unknown_field"),
    }


def test_patch_with_an_invalid_merge_is_422_without_input(api: Api) -> None:
    r = api.client.patch("/stakeholders/hx-cio", headers=api.headers("rep"), json={"name": None})
    assert r.status_code == 422
    assert NOTE not in r.text
    assert r.json()["errors"][0]["loc"] == ["body", "name"]


# -- CRUD and ETags -----------------------------------------------------------------------------
def test_create_read_update_delete_a_stakeholder(api: Api) -> None:
    h = api.headers("rep")
    body = {
        "id": "hx-cto",
        "account": "hx-steel",
        "name": "Zhang Wei",
        "roles": ["技术部门"],
        "stance": "支持",
        "notes": "likes tea",
    }
    r = api.client.post("/stakeholders", headers=h, json=body)
    assert r.status_code == 201, r.text
    assert r.headers["location"] == "/stakeholders/hx-cto"
    created = r.json()
    assert created["roles"] == ["technical_buyer"] and created["stance"] == "supporter"
    assert api.client.post("/stakeholders", headers=h, json=body).status_code == 409

    r = api.client.get("/stakeholders/hx-cto", headers=h)
    etag = r.headers["etag"]
    assert r.json() == created and r.headers["etag"] == etag
    r = api.client.patch(
        "/stakeholders/hx-cto", headers={**h, "If-Match": etag}, json={"stance": "champion"}
    )
    assert r.status_code == 200 and r.json()["stance"] == "champion"
    new_etag = r.headers["etag"]
    assert new_etag != etag
    assert api.client.get("/stakeholders/hx-cto", headers=h).headers["etag"] == new_etag

    stale = api.client.delete("/stakeholders/hx-cto", headers={**h, "If-Match": etag})
    assert stale.status_code == 412
    assert stale.json()["title"] == "Precondition failed"
    r = api.client.delete("/stakeholders/hx-cto", headers={**h, "If-Match": new_etag})
    assert r.status_code == 204
    assert api.client.get("/stakeholders/hx-cto", headers=h).status_code == 404


def test_a_stale_patch_changes_nothing(api: Api) -> None:
    h = api.headers("admin")
    before = api.client.get("/departments/hx-fin", headers=h)
    r = api.client.patch(
        "/departments/hx-fin", headers={**h, "If-Match": '"0000"'}, json={"name": "Treasury"}
    )
    assert r.status_code == 412
    after = api.client.get("/departments/hx-fin", headers=h)
    assert after.json() == before.json() and after.headers["etag"] == before.headers["etag"]


def test_references_are_checked_and_named(api: Api) -> None:
    r = api.client.post(
        "/relationships",
        headers=api.headers("rep"),
        json={"type": "influences", "from": "hx-cio", "to": "hx-cxo", "weight": 0.3},
    )
    assert r.status_code == 422
    assert r.json()["errors"] == [{"loc": ["body", "to"], "message": "unknown id 'hx-cxo'"}]


def test_relationship_round_trip_and_symmetric_lookup(api: Api) -> None:
    h = api.headers("rep")
    r = api.client.post(
        "/relationships", headers=h, json={"type": "allied_with", "from": "hx-cio", "to": "hx-ceo"}
    )
    assert r.status_code == 201, r.text
    # allied_with has no direction: either order names the same relationship
    got = api.client.get("/relationships/allied_with/hx-ceo/hx-cio", headers=h)
    assert got.status_code == 200
    r = api.client.patch(
        "/relationships/allied_with/hx-ceo/hx-cio",
        headers={**h, "If-Match": got.headers["etag"]},
        json={"since": "2025-01-01"},
    )
    assert r.status_code == 200 and r.json()["since"] == "2025-01-01"
    assert (
        api.client.delete("/relationships/allied_with/hx-cio/hx-ceo", headers=h).status_code == 204
    )


def test_an_interaction_gets_its_account_from_its_stakeholders(api: Api) -> None:
    h = api.headers("rep")
    r = api.client.post(
        "/interactions",
        headers=h,
        json={
            "date": "2026-11-10",
            "team": ["rep-lin"],
            "stakeholders": ["hx-ceo"],
            "purpose": "签约",
        },
    )
    assert r.status_code == 201, r.text
    rec = r.json()
    assert rec["account"] == "hx-steel" and rec["purpose"] == "signing"
    assert rec["id"].startswith("interaction-")
    # a rep may not move a visit to a foreign account's people: they are unknown ids
    r = api.client.patch(f"/interactions/{rec['id']}", headers=h, json={"stakeholders": ["bk-ceo"]})
    assert r.status_code == 422


# -- pagination ---------------------------------------------------------------------------------
def test_pages_walk_every_item_once(api: Api) -> None:
    h = api.headers("admin")
    everything = api.client.get("/stakeholders?limit=500", headers=h).json()
    seen: list[str] = []
    cursor = None
    while True:
        url = "/stakeholders?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = api.client.get(url, headers=h).json()
        assert page["count"] == len(page["data"]) <= 2
        seen += [s["id"] for s in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [s["id"] for s in everything["data"]] == sorted(seen)
    assert everything["next_cursor"] is None


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "cursor=%21%21notacursor"])
def test_bad_paging_is_422(api: Api, query: str) -> None:
    r = api.client.get(f"/accounts?{query}", headers=api.headers("admin"))
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"


def test_filters(api: Api) -> None:
    h = api.headers("admin")
    got = api.client.get("/stakeholders?role=decision_maker&account=ac-bank", headers=h).json()
    assert [s["id"] for s in got["data"]] == ["bk-ceo"]
    got = api.client.get("/stakeholders?stance=skeptic", headers=h).json()
    assert [s["id"] for s in got["data"]] == ["hx-cfo"]
    got = api.client.get("/accounts?owner=rep-wu", headers=h).json()
    assert [a["id"] for a in got["data"]] == ["ac-bank"]
    got = api.client.get("/accounts?tier=S&tier=A", headers=h).json()
    assert {a["tier"] for a in got["data"]} <= {"S", "A"} and got["count"] >= 3


# -- import and export --------------------------------------------------------------------------
@pytest.fixture
def fresh_api(tmp_path: Path) -> Iterator[Api]:
    built = build_api(tmp_path)
    with built.client:
        yield built


def test_export_then_import_into_a_new_store_is_identical(fresh_api: Api, tmp_path: Path) -> None:
    h = fresh_api.headers("admin")
    text = fresh_api.client.get("/export?format=yaml", headers=h).text
    assert "alumni of Tsinghua" in text  # an admin's export keeps personal notes
    users = UserStore(tmp_path / "other-users.db")
    token = users.add_user("root", Role.ADMIN)[1]
    other = create_app(f"sqlite:///{tmp_path / 'other.db'}", users_db=tmp_path / "other-users.db")
    oh = {"Authorization": f"Bearer {token}"}
    with TestClient(other) as client:
        r = client.post("/import", headers={**oh, "content-type": "application/yaml"}, content=text)
        assert r.status_code == 200, r.text
        assert client.get("/export?format=yaml", headers=oh).text == text
        assert (
            client.get("/export", headers=oh).json()
            == fresh_api.client.get("/export", headers=h).json()
        )


def test_import_is_all_or_nothing_and_names_line_and_field(fresh_api: Api) -> None:
    h = {**fresh_api.headers("admin"), "content-type": "application/yaml"}
    before = fresh_api.client.get("/export", headers=fresh_api.headers("admin")).json()
    text = (
        "third_parties:\n  - {id: tp-new, name: New Partner}\n"
        "relationships:\n  - {type: knows, from: tp-new, to: hx-cxo}\n"
    )
    r = fresh_api.client.post("/import", headers=h, content=text)
    assert r.status_code == 422
    body = r.json()
    assert body["detail"] == (
        "request body, line 4, field 'relationships[0].to': unknown id 'hx-cxo'"
    )
    assert body["errors"] == [
        {"loc": ["relationships", 0, "to"], "message": "unknown id 'hx-cxo'", "line": 4}
    ]
    assert fresh_api.client.get("/export", headers=fresh_api.headers("admin")).json() == before


def test_import_json_and_refuse_other_media(fresh_api: Api) -> None:
    h = fresh_api.headers("admin")
    r = fresh_api.client.post(
        "/import",
        headers=h,
        json={"third_parties": [{"id": "tp-j", "name": "JSON Partner", "kind": "person"}]},
    )
    assert r.status_code == 200
    assert r.json()["counts"] == {"third_parties": 1}
    r = fresh_api.client.post("/import", headers={**h, "content-type": "text/csv"}, content="a,b")
    assert r.status_code == 415
    assert r.headers["content-type"] == "application/problem+json"
    # no Content-Type at all (what a cross-origin fetch of an ArrayBuffer sends): 415, not JSON
    body = b'{"third_parties": [{"id": "tp-k", "name": "K", "kind": "person"}]}'
    r = fresh_api.client.post("/import", headers=h, content=body)
    assert r.status_code == 415
    assert fresh_api.client.get("/third-parties/tp-k", headers=h).status_code == 404


def test_the_example_file_imports_as_it_is(fresh_api: Api) -> None:
    h = {**fresh_api.headers("admin"), "content-type": "application/yaml"}
    r = fresh_api.client.post("/import", headers=h, content=EXAMPLE_MAP.read_text("utf-8"))
    assert r.status_code == 200, r.text
    assert r.json()["counts"]["stakeholders"] == 3


# -- size limit and outages ---------------------------------------------------------------------
def test_oversized_bodies_are_413(tmp_path: Path) -> None:
    small = build_api(tmp_path, settings=Settings(max_upload_bytes=1000))
    h = {**small.headers("admin"), "content-type": "application/yaml"}
    big = "third_parties:\n" + "".join(f"  - {{id: tp{i}, name: P}}\n" for i in range(100))
    r = small.client.post("/import", headers=h, content=big)  # Content-Length says too much
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the streamed size is counted
        for _ in range(10):
            yield b"x" * 300

    r = small.client.post("/import", headers=h, content=chunks())
    assert r.status_code == 413
    assert "1000 bytes" in r.json()["detail"]


def test_503_while_the_store_is_down_then_recovers(fresh_api: Api) -> None:
    h = fresh_api.headers("admin")
    assert fresh_api.client.get("/healthz").status_code == 200
    # the connection dies under the app (closed store: StoreUnavailableError)
    fresh_api.client.app.state.store_holder.get().close()  # type: ignore[attr-defined]
    r = fresh_api.client.get("/accounts", headers=h)
    assert r.status_code == 503
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["retry-after"] == "5"
    # the dead store was dropped: the next request opens a fresh one
    assert fresh_api.client.get("/accounts", headers=h).status_code == 200
    assert fresh_api.client.get("/healthz").json() == {"status": "ok", "store": "ok"}


def test_an_unreachable_store_is_503_on_health(tmp_path: Path) -> None:
    app = create_app("sqlite:///" + str(tmp_path / "gone.db"), users_db=tmp_path / "u.db")
    with TestClient(app, raise_server_exceptions=False) as client:
        app.state.store_holder.get().close()
        r = client.get("/healthz")
        assert r.status_code == 503 and r.json()["status"] == 503
        assert "gone.db" not in r.text and str(tmp_path) not in r.text  # no store location


def test_an_unreachable_bolt_store_does_not_name_its_host(tmp_path: Path) -> None:
    """Nothing listens on this loopback port: the 503 says so without host or port."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(f"bolt://127.0.0.1:{port}", users_db=tmp_path / "u.db")
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/healthz")
        assert r.status_code == 503, r.text
        assert str(port) not in r.text and "127.0.0.1" not in r.text


def test_openapi_documents_examples_and_problem_json(api: Api) -> None:
    schema = api.client.get("/openapi.json").json()
    for path, ops in schema["paths"].items():
        for op in ops.values():
            for code, resp in op["responses"].items():
                if code[0] in "45":
                    assert list(resp["content"]) == ["application/problem+json"], (path, code)
            params = [p for p in op.get("parameters", []) if p["in"] in ("path", "query")]
            for p in params:
                assert "examples" in p["schema"] or "example" in p or "examples" in p, (path, p)
    for name in ["StakeholderCreate", "AccountPublic", "RelationshipUpdate", "Problem"]:
        assert schema["components"]["schemas"][name]["examples"], name
    assert api.client.get("/docs").status_code == 200


# -- analytics: the same JSON as the CLI --------------------------------------------------------
runner = CliRunner()


@pytest.mark.parametrize(
    ("cli", "url", "method", "body"),
    [
        (["analyze", "hx-steel"], "/accounts/hx-steel/analysis", "GET", None),
        (["path", "hx-steel", "--to", "hx-ceo"], "/accounts/hx-steel/path?to=hx-ceo", "GET", None),
        (
            ["what-if", "hx-steel", "--remove", "hx-cio"],
            "/accounts/hx-steel/what-if",
            "POST",
            {"remove": ["hx-cio"], "as_of": AS_OF},
        ),
        (["portfolio"], "/portfolio/risks", "GET", None),
    ],
)
def test_analytics_json_equals_the_cli(
    fresh_api: Api, cli: list[str], url: str, method: str, body: dict | None
) -> None:
    result = runner.invoke(
        cli_app, [*cli, "--as-of", AS_OF, "--json", "--store", fresh_api.store_url]
    )
    assert result.exit_code == 0, result.output
    sep = "&" if "?" in url else "?"
    r = fresh_api.client.request(
        method,
        url if body else f"{url}{sep}as_of={AS_OF}",
        json=body,
        headers=fresh_api.headers("admin"),
    )
    assert r.status_code == 200, r.text
    assert r.json() == json.loads(result.stdout)


def test_recommendations_are_the_analysis_recommendations(api: Api) -> None:
    h = api.headers("rep")
    full = api.client.get(f"/accounts/hx-steel/analysis?as_of={AS_OF}", headers=h).json()
    recs = api.client.get(f"/accounts/hx-steel/recommendations?as_of={AS_OF}", headers=h).json()
    assert recs == full["recommendations"] and recs


@pytest.mark.parametrize(
    ("if_match", "status"),
    [("*", 200), ('"stale", CURRENT', 200), ("W/CURRENT", 412), ('"stale"', 412)],
)
def test_if_match_forms(api: Api, if_match: str, status: int) -> None:
    """RFC 9110: `*` matches any current object, lists match any member, weak tags never do."""
    h = api.headers("admin")
    etag = api.client.get("/third-parties/tp-consult", headers=h).headers["etag"]
    r = api.client.patch(
        "/third-parties/tp-consult",
        headers={**h, "If-Match": if_match.replace("CURRENT", etag)},
        json={"name": "Bright Consulting"},
    )
    assert r.status_code == status, r.text


def test_a_coach_on_the_team_sees_notes_there(tmp_path: Path) -> None:
    """Notes follow on_team, whatever the role: a coach who is on the account sees them."""
    built = build_api(tmp_path)
    built.admin("PATCH", "/team-members/mgr-zhou", json={"accounts": ["hx-steel"]})
    r = built.client.get("/stakeholders/hx-cio", headers=built.headers("coach"))
    assert r.json()["notes"] == NOTE
    r = built.client.patch(
        "/stakeholders/hx-cio", headers=built.headers("coach"), json={"title": "x"}
    )
    assert r.status_code == 403  # coaches still edit nothing
