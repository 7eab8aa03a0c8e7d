"""Browser sign-in: POST /login trades a token (in the form body) for a session cookie; cookie
writes need the session's CSRF token and our Origin; logout and revoke end sessions."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkam.auth import UserStore, hash_token
from tests.api.conftest import AS_OF, Api, build_api

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ORIGIN = "http://testserver"


def sign_in(api: Api, who: str, next_path: str = "/portfolio") -> tuple[str, str]:
    """Sign `who` in through the form; (session id, CSRF token). The client keeps the cookie."""
    api.client.cookies.clear()
    r = api.client.post(
        "/login",
        content=f"token={api.tokens[who]}&next={next_path}",
        headers=FORM,
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    session_id = api.client.cookies["graphkam_session"]
    csrf = api.client.get("/session").json()["csrf_token"]
    return session_id, csrf


@pytest.fixture()
def own_api(tmp_path: Path) -> Api:
    built = build_api(tmp_path)
    return built


def test_signin_sets_a_session_cookie_not_the_token(api: Api) -> None:
    r = api.client.post(
        "/login",
        content=f"token={api.tokens['rep']}&next=/portfolio",
        headers=FORM,
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/portfolio"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("graphkam_session=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Max-Age=43200" in cookie  # 12 hours, the default session length
    assert "Secure" not in cookie  # plain http on loopback; see the https test below
    assert api.tokens["rep"] not in cookie
    page = api.client.get(f"/portfolio?as_of={AS_OF}")
    assert page.status_code == 200
    assert "hx-steel" in page.text and "ac-bank" not in page.text  # the rep's accounts only
    api.client.cookies.clear()


def test_the_session_id_is_stored_only_as_its_hash(own_api: Api, tmp_path: Path) -> None:
    session_id, _ = sign_in(own_api, "rep")
    raw = (tmp_path / "users.db").read_bytes()
    assert session_id.encode() not in raw
    assert hash_token(session_id).encode() in raw
    assert own_api.tokens["rep"].encode() not in raw


def test_the_cookie_is_secure_over_https(tmp_path: Path) -> None:
    built = build_api(tmp_path)
    from fastapi.testclient import TestClient

    client = TestClient(built.client.app, base_url="https://testserver")
    r = client.post(
        "/login", content=f"token={built.tokens['rep']}", headers=FORM, follow_redirects=False
    )
    assert r.status_code == 303
    assert "Secure" in r.headers["set-cookie"]


def test_get_login_is_a_form_and_never_takes_a_token(api: Api) -> None:
    api.client.cookies.clear()
    r = api.client.get(f"/login?token={api.tokens['rep']}&next=/portfolio")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<form method="post" action="/login"' in r.text
    assert "graphkam_session" not in r.headers.get("set-cookie", "")
    assert api.tokens["rep"] not in r.text


def test_bad_token_and_foreign_redirect(api: Api) -> None:
    api.client.cookies.clear()
    bad = api.client.post("/login", content="token=nope", headers=FORM, follow_redirects=False)
    assert bad.status_code == 401 and "<form" in bad.text and "nope" not in bad.text
    evil = api.client.post(
        "/login",
        content=f"token={api.tokens['rep']}&next=//evil.example",
        headers=FORM,
        follow_redirects=False,
    )
    assert evil.status_code == 303 and evil.headers["location"] == "/portfolio"
    api.client.cookies.clear()


def test_signin_from_another_site_is_refused(api: Api) -> None:
    api.client.cookies.clear()
    r = api.client.post(
        "/login",
        content=f"token={api.tokens['rep']}",
        headers={**FORM, "Origin": "http://127.0.0.1:9999"},
        follow_redirects=False,
    )
    assert r.status_code == 403 and "graphkam_session" not in r.headers.get("set-cookie", "")


def test_signin_with_json_is_415(api: Api) -> None:
    r = api.client.post("/login", json={"token": api.tokens["rep"]})
    assert r.status_code == 415


def test_a_browser_without_a_session_gets_the_signin_page(api: Api) -> None:
    api.client.cookies.clear()
    r = api.client.get(f"/portfolio?as_of={AS_OF}", headers={"Accept": "text/html,*/*"})
    assert r.status_code == 401 and r.headers["content-type"].startswith("text/html")
    assert '<form method="post" action="/login"' in r.text
    assert f'value="/portfolio?as_of={AS_OF}"' in r.text  # comes back here after signing in
    api_client = api.client.get("/portfolio")  # not a browser: problem+json as before
    assert api_client.status_code == 401
    assert api_client.headers["content-type"] == "application/problem+json"


def _patch_name(api: Api, headers: dict[str, str]) -> int:
    read = api.client.get("/stakeholders/hx-cio", headers=headers)
    assert read.status_code == 200
    r = api.client.patch(
        "/stakeholders/hx-cio",
        json={"title": "CIO"},
        headers={"If-Match": read.headers["etag"], **headers},
    )
    return r.status_code


def test_cookie_writes_need_csrf_token_and_origin(own_api: Api) -> None:
    _, csrf = sign_in(own_api, "rep")
    assert _patch_name(own_api, {}) == 403  # no token, no Origin
    assert _patch_name(own_api, {"Origin": ORIGIN}) == 403  # no token
    assert _patch_name(own_api, {"X-CSRF-Token": csrf}) == 403  # no Origin
    wrong = {"X-CSRF-Token": "0" * 64, "Origin": ORIGIN}
    assert _patch_name(own_api, wrong) == 403
    other_site = {"X-CSRF-Token": csrf, "Origin": "http://127.0.0.1:9999"}
    assert _patch_name(own_api, other_site) == 403
    assert _patch_name(own_api, {"X-CSRF-Token": csrf, "Origin": ORIGIN}) == 200
    own_api.client.cookies.clear()


def test_bearer_clients_need_no_csrf_token(api: Api) -> None:
    api.client.cookies.clear()
    assert _patch_name(api, api.headers("rep")) == 200


def test_logout_ends_the_session(own_api: Api) -> None:
    session_id, csrf = sign_in(own_api, "rep")
    assert own_api.client.post("/logout").status_code == 403  # a write: CSRF needed
    r = own_api.client.post("/logout", headers={"X-CSRF-Token": csrf, "Origin": ORIGIN})
    assert r.status_code == 204
    own_api.client.cookies.set("graphkam_session", session_id)  # replaying the old cookie
    assert own_api.client.get("/session").status_code == 401
    assert own_api.client.get(f"/portfolio?as_of={AS_OF}").status_code == 401


def test_revoke_ends_token_and_sessions(own_api: Api, tmp_path: Path) -> None:
    sign_in(own_api, "rep")
    users = UserStore(tmp_path / "users.db")
    revoked = users.revoke_user("lin")
    assert revoked.revoked is not None
    assert own_api.client.get("/session").status_code == 401
    own_api.client.cookies.clear()
    assert own_api.client.get("/accounts", headers=own_api.headers("rep")).status_code == 401
    bad = own_api.client.post(
        "/login", content=f"token={own_api.tokens['rep']}", headers=FORM, follow_redirects=False
    )
    assert bad.status_code == 401


def test_sessions_are_shared_by_every_server_on_the_users_file(tmp_path: Path) -> None:
    """Two app instances (two server processes) over one users file accept each other's
    sessions, and a logout on one ends it on the other."""
    first = build_api(tmp_path)
    from fastapi.testclient import TestClient

    from api.app import create_app

    second = TestClient(create_app(first.store_url, users_db=tmp_path / "users.db"))
    session_id, csrf = sign_in(first, "rep")
    second.cookies.set("graphkam_session", session_id)
    assert second.get("/session").json()["csrf_token"] == csrf
    first.client.post("/logout", headers={"X-CSRF-Token": csrf, "Origin": ORIGIN})
    assert second.get("/session").status_code == 401


def test_the_account_page_carries_the_sessions_csrf_token(own_api: Api) -> None:
    """The editor on the page sends it back on writes; bearer requests get none."""
    _, csrf = sign_in(own_api, "rep")
    page = own_api.client.get(f"/accounts/hx-steel/graph?as_of={AS_OF}")
    assert page.status_code == 200
    assert f'<meta name="csrf-token" content="{csrf}">' in page.text
    own_api.client.cookies.clear()
    bearer = own_api.client.get(
        f"/accounts/hx-steel/graph?as_of={AS_OF}", headers=own_api.headers("rep")
    )
    assert '<meta name="csrf-token" content=' not in bearer.text
