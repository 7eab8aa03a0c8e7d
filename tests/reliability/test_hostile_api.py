"""Hostile input to the HTTP API: every answer is a 2xx or a 4xx problem+json, never a 500 or a
traceback; rejected bodies change nothing; accepted hostile strings come back verbatim."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkam.stores import open_store
from graphkam.stores.audited import unwrap
from tests.api.conftest import Api, build_api
from tests.reliability.test_hostile_input import INERT


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    built = build_api(tmp_path_factory.mktemp("hostile-api"))
    try:
        yield built
    finally:
        built.client.close()


def _snapshot(api: Api) -> dict[str, object]:
    with open_store(api.store_url) as st:
        return unwrap(st).export_map().model_dump(mode="json")


def _is_clean_error(r: object) -> None:
    status = r.status_code  # type: ignore[attr-defined]
    assert status < 500, r.text  # type: ignore[attr-defined]
    if status >= 400:
        assert r.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
        assert "Traceback" not in r.text  # type: ignore[attr-defined]


#: YAML aliases nested 4 deep: 9**4 leaves if expanded (the "billion laughs" shape).
_LAUGHS = (
    b"a: &a [x, x, x, x, x, x, x, x, x]\n"
    + b"".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n".encode()
        for p, n in zip("abc", "bcd", strict=True)
    )
    + b"accounts: *d\n"
)

BODIES: list[tuple[str, str, bytes, str]] = [
    ("POST", "/stakeholders", b'{"id": "x", "account": "hx-steel", "name": ', "application/json"),
    ("POST", "/stakeholders", b"[1, 2, 3]", "application/json"),
    (
        "POST",
        "/stakeholders",
        b'{"id": "x", "account": "hx-steel", "name": null}',
        "application/json",
    ),
    (
        "POST",
        "/stakeholders",
        b'{"id": "x", "account": "hx-steel", "name": "N", "influence": "1e999"}',
        "application/json",
    ),
    (
        "POST",
        "/stakeholders",
        b'{"id": "x", "account": "hx-steel", "name": "N", "influence": NaN}',
        "application/json",
    ),
    (
        "POST",
        "/stakeholders",
        b'{"id": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        "application/json",
    ),
    ("POST", "/stakeholders", b"\xff\xfe\x00garbage", "application/json"),
    ("POST", "/stakeholders", b"id=x&name=y", "application/x-www-form-urlencoded"),
    ("PATCH", "/stakeholders/hx-cio", b'{"stance": {"$ne": null}}', "application/json"),
    ("PATCH", "/stakeholders/hx-cio", b'{"account": "ac-bank"}', "application/json"),
    (
        "POST",
        "/relationships",
        b'{"type": "reports_to", "from": "hx-cio", "to": "hx-cio"}',
        "application/json",
    ),
    (
        "POST",
        "/interactions",
        b'{"date": "2026-13-45", "team": ["rep-lin"], "stakeholders": ["hx-cio"]}',
        "application/json",
    ),
    (
        "POST",
        "/import",
        b"accounts:\n  - !!python/object/apply:os.system ['touch PWNED']\n",
        "application/yaml",
    ),
    (
        "POST",
        "/import",
        _LAUGHS,
        "application/yaml",
    ),
    ("POST", "/import", b"accounts: " + b"[" * 5000 + b"]" * 5000, "application/yaml"),
    ("POST", "/import", b"{}{}", "application/json"),
]


@pytest.mark.parametrize(
    ("method", "url", "body", "ctype"),
    BODIES,
    ids=[f"{m} {u} {i}" for i, (m, u, _, _) in enumerate(BODIES)],
)
def test_hostile_bodies_are_refused_with_problem_json(
    api: Api,
    method: str,
    url: str,
    body: bytes,
    ctype: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    before = _snapshot(api)
    r = api.client.request(
        method, url, content=body, headers={**api.headers("admin"), "content-type": ctype}
    )
    _is_clean_error(r)
    assert 400 <= r.status_code < 500, r.text
    assert _snapshot(api) == before
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("name", INERT)
def test_hostile_names_round_trip_verbatim(api: Api, name: str) -> None:
    ident = api.fresh("evil")
    r = api.client.post(
        "/stakeholders",
        json={"id": ident, "account": "hx-steel", "name": name},
        headers=api.headers("rep"),
    )
    assert r.status_code == 201, r.text
    got = api.client.get(f"/stakeholders/{ident}", headers=api.headers("rep"))
    assert got.json()["name"] == name.strip()
    assert got.headers["content-type"].startswith("application/json")  # never rendered as HTML
    listed = api.client.get("/stakeholders?account=hx-steel&limit=500", headers=api.headers("rep"))
    assert listed.status_code == 200 and len(listed.json()["data"]) > 3


@pytest.mark.parametrize(
    "path",
    [
        "/stakeholders/' OR '1'='1",
        "/stakeholders/x'}) MATCH (n) DETACH DELETE n //",
        "/stakeholders/%00",
        "/stakeholders/" + "a" * 5000,
        "/accounts/<script>alert(1)<%2Fscript>",
        "/relationships/reports_to/' OR 1=1 --/x",
        "/accounts/hx-steel/history?stakeholder=' OR '1'='1",
    ],
)
def test_hostile_ids_in_paths_are_not_found(api: Api, path: str) -> None:
    before = _snapshot(api)
    r = api.client.get(path, headers=api.headers("admin"))
    _is_clean_error(r)
    assert r.status_code in (200, 404, 422), r.text
    if r.status_code == 200:
        assert r.json() == []  # history of nobody
    assert "<script>" not in r.text
    assert _snapshot(api) == before


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=10,
)
_bodies = st.dictionaries(
    st.sampled_from(
        ["id", "account", "name", "title", "roles", "stance", "influence", "notes", "z"]
    ),
    _json,
    max_size=8,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=_bodies)
def test_fuzzed_stakeholder_bodies_never_500(api: Api, body: dict[str, object]) -> None:
    for method, url in (("POST", "/stakeholders"), ("PATCH", "/stakeholders/hx-ceo")):
        r = api.client.request(
            method,
            url,
            content=json.dumps(body, allow_nan=True),
            headers={**api.headers("rep"), "content-type": "application/json"},
        )
        _is_clean_error(r)


def test_html_in_names_is_inert_on_the_account_page(api: Api) -> None:
    ident = api.fresh("xss")
    name = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    r = api.client.post(
        "/stakeholders",
        json={"id": ident, "account": "hx-steel", "name": name, "roles": ["decision_maker"]},
        headers=api.headers("admin"),
    )
    assert r.status_code == 201, r.text
    page = api.client.get("/accounts/hx-steel/graph?as_of=2026-11-15", headers=api.headers("admin"))
    assert page.status_code == 200
    assert "<script>alert(" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(" in page.text  # shown as text
