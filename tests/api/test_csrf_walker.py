"""The CSRF walker: every state-changing route of /openapi.json, called with a signed-in
admin's session cookie but without the CSRF token (or from another origin), answers 403 and
changes nothing; the same call as a bearer client is not refused for CSRF."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graphkam.stores import open_store
from graphkam.stores.audited import unwrap
from tests.api.conftest import Api, build_api

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ORIGIN = "http://testserver"
VALUES = {
    "{account_id}": "hx-steel",
    "{stakeholder_id}": "hx-cio",
    "{department_id}": "hx-it",
    "{member_id}": "rep-lin",
    "{third_party_id}": "tp-consult",
    "{interaction_id}": "no-such",
    "{type}": "relates_to",
    "{from_id}": "rep-lin",
    "{to_id}": "hx-cio",
}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    built = build_api(tmp_path_factory.mktemp("csrf"))
    with built.client:
        yield built


def _writes(api: Api) -> list[tuple[str, str, str | None]]:
    """(method, url, body media type) of every state-changing operation in the schema."""
    out = []
    for path, ops in api.client.get("/openapi.json").json()["paths"].items():
        for method, op in ops.items():
            if method.upper() in ("POST", "PUT", "PATCH", "DELETE"):
                url = path
                for name, value in VALUES.items():
                    url = url.replace(name, value)
                media = next(iter(op.get("requestBody", {}).get("content", {})), None)
                out.append((method.upper(), url, media))
    return out


def _body(media: str | None) -> dict[str, object]:
    """A well-formed body of the route's media type (a malformed one would fail first)."""
    if media is None:
        return {}
    if media == "multipart/form-data":  # the capture uploads: `file` or `files`
        empty = ("x.txt", b"", "text/plain")
        return {"files": [("file", empty), ("files", empty)]}
    return {"content": b"{}", "headers": {"Content-Type": media}}


def _snapshot(api: Api) -> object:
    with open_store(api.store_url) as st:
        return unwrap(st).export_map().model_dump(mode="json")


def test_every_cookie_write_without_the_csrf_token_is_403(api: Api) -> None:
    writes = _writes(api)
    assert len(writes) >= 20  # every create, update, delete, import, visit log and capture
    r = api.client.post(
        "/login", content=f"token={api.tokens['admin']}", headers=FORM, follow_redirects=False
    )
    assert r.status_code == 303
    csrf = api.client.get("/session").json()["csrf_token"]
    before = _snapshot(api)
    failures = []
    for method, url, media in writes:
        for extra in ({"Origin": ORIGIN}, {"X-CSRF-Token": csrf, "Origin": "http://127.0.0.1:1"}):
            body = _body(media)
            headers = {**body.pop("headers", {}), **extra}  # type: ignore[dict-item]
            r = api.client.request(method, url, headers=headers, **body)  # type: ignore[arg-type]
            detail = r.json().get("detail", "") if r.status_code == 403 else ""
            if r.status_code != 403 or not ("CSRF" in detail or "cross-origin" in detail):
                failures.append(f"{method} {url} {sorted(extra)}: {r.status_code} {detail}")
    assert failures == [], failures
    assert _snapshot(api) == before
    api.client.cookies.clear()


def test_bearer_writes_are_not_refused_for_csrf(api: Api) -> None:
    """The same calls with a bearer token get past the CSRF check (whatever they answer then)."""
    api.client.cookies.clear()
    for method, url, media in _writes(api):
        body = _body(media)
        headers = {**api.headers("admin"), **body.pop("headers", {})}  # type: ignore[dict-item]
        r = api.client.request(method, url, headers=headers, **body)  # type: ignore[arg-type]
        detail = (
            r.json().get("detail", "")
            if r.content and r.headers.get("content-type", "").endswith("json")
            else ""
        )
        assert "CSRF" not in str(detail) and "cross-origin" not in str(detail), (method, url)
