"""History and erasure over HTTP: the token's user is the actor, access rules as the account's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.conftest import Api, build_api


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    built = build_api(tmp_path)
    try:
        yield built
    finally:
        built.client.close()


def test_api_writes_are_attributed_to_the_token_user(api: Api) -> None:
    got = api.client.get("/stakeholders/hx-cio", headers=api.headers("rep"))
    r = api.client.patch(
        "/stakeholders/hx-cio",
        json={"stance": "opponent"},
        headers={**api.headers("rep"), "If-Match": got.headers["etag"]},
    )
    assert r.status_code == 200, r.text
    rows = api.client.get(
        "/accounts/hx-steel/history?stakeholder=hx-cio", headers=api.headers("coach")
    ).json()
    last = rows[-1]
    assert (last["actor"], last["source"], last["action"]) == ("lin", "api", "update")
    assert last["fields"] == ["stance"]
    assert (last["before"]["stance"], last["after"]["stance"]) == ("champion", "opponent")
    assert "Prefers written" not in str(rows)  # notes never travel in history
    assert all(
        r["subject_id"] == "hx-cio" or "hx-cio" in str([r["before"], r["after"]]) for r in rows
    )


def test_history_follows_the_account_access_rules(api: Api) -> None:
    assert (
        api.client.get("/accounts/ac-bank/history", headers=api.headers("rep")).status_code == 404
    )
    assert (
        api.client.get("/accounts/no-such/history", headers=api.headers("admin")).status_code == 404
    )
    assert api.client.get("/accounts/hx-steel/history").status_code == 401


def test_erase_over_http_is_for_admins_and_leaves_a_tombstone(api: Api) -> None:
    url = "/stakeholders/hx-cio?erase=true"
    assert api.client.delete(url, headers=api.headers("rep")).status_code == 403
    assert api.client.delete(url, headers=api.headers("coach")).status_code == 403
    assert (
        api.client.delete("/stakeholders/bk-ceo?erase=true", headers=api.headers("rep")).status_code
        == 404
    )
    stale = api.client.delete(url, headers={**api.headers("admin"), "If-Match": '"stale"'})
    assert stale.status_code == 412
    assert api.client.delete(url, headers=api.headers("admin")).status_code == 204
    person = api.client.get("/stakeholders/hx-cio", headers=api.headers("admin")).json()
    assert person["name"] == "[erased]" and person.get("title") is None
    rows = api.client.get("/accounts/hx-steel/history", headers=api.headers("admin")).json()
    assert rows[-1]["action"] == "erase" and rows[-1]["actor"] == "root"
    assert "Li Na" not in str(rows)
