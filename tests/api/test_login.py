"""Browser sign-in: /login trades a token for an HttpOnly cookie that opens the HTML pages."""

from __future__ import annotations

from tests.api.conftest import AS_OF, Api


def test_login_sets_cookie_and_opens_pages(api: Api) -> None:
    client = api.client
    r = client.get(f"/login?token={api.tokens['rep']}&next=/portfolio", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/portfolio"
    cookie = r.headers["set-cookie"]
    assert "graphkam_token=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    page = client.get(f"/portfolio?as_of={AS_OF}")  # the client's jar holds the cookie now
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "hx-steel" in page.text and "ac-bank" not in page.text  # the rep's accounts only
    client.cookies.clear()


def test_login_refuses_bad_token_and_foreign_redirect(api: Api) -> None:
    assert api.client.get("/login?token=nope", follow_redirects=False).status_code == 401
    evil = api.client.get(
        f"/login?token={api.tokens['rep']}&next=//evil.example", follow_redirects=False
    )
    assert evil.status_code == 422
    api.client.cookies.clear()


def test_pages_without_token_or_cookie_are_401(api: Api) -> None:
    api.client.cookies.clear()
    assert api.client.get("/portfolio").status_code == 401
