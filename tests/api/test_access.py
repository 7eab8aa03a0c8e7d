"""The authorization matrix: every route of the OpenAPI schema, as no one, a rep, a coach and an
admin, against the rep's own account (hx-steel) and a foreign one (ac-bank).

Expected answers follow the access rules of graphkam.auth and api.resources: rep-lin is on
hx-steel's team; mgr-zhou coaches rep-lin, so reads hx-steel and edits nothing; nobody but the
admin reaches ac-bank, whose objects answer 404 like missing ids (and whose ids, referenced in a
body, are unknown ids: 422).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from api.app import create_app
from tests.api.conftest import AS_OF, Api

WHO = [None, "rep", "coach", "admin"]
Request = tuple[str, dict[str, Any]]

ACCOUNT = {True: "hx-steel", False: "ac-bank"}
STAKEHOLDER = {True: "hx-cio", False: "bk-cto"}
DEPARTMENT = {True: "hx-it", False: "bk-it"}
RELATIONSHIP = {True: "relates_to/rep-lin/hx-cio", False: "relates_to/rep-wu/bk-cto"}


# -- expected status by category: (who, own) -> status ---------------------------------------
def _scoped(ok: int, coach_own: int) -> Callable[[str | None, bool], int]:
    """Objects of an account: rep edits own; coach reads own; foreign is 404 but for admin."""

    def expect(who: str | None, own: bool) -> int:
        if who is None:
            return 401
        if who == "admin":
            return ok
        if not own:
            return 404
        return coach_own if who == "coach" else ok

    return expect


def _create_scoped(who: str | None, own: bool) -> int:
    if who is None:
        return 401
    if who == "admin":
        return 201
    if not own:
        return 422  # the foreign account is an unknown id, exactly like a missing one
    return 403 if who == "coach" else 201


def _by_role(**codes: int) -> Callable[[str | None, bool], int]:
    return lambda who, own: codes[who or "none"]


READ = _scoped(200, 200)
UPDATE = _scoped(200, 403)
DELETE = _scoped(204, 403)
LIST = _by_role(none=401, rep=200, coach=200, admin=200)
ADMIN_ONLY = _by_role(none=401, rep=403, coach=403, admin=200)
ADMIN_CREATE = _by_role(none=401, rep=403, coach=403, admin=201)
ADMIN_UPDATE = ADMIN_ONLY
ADMIN_DELETE = _by_role(none=401, rep=403, coach=403, admin=204)
ANYONE = _by_role(none=200, rep=200, coach=200, admin=200)


def _delete_account(who: str | None, own: bool) -> int:
    """Deleting accounts is for admins: 403 to everyone else before any lookup, so own,
    foreign and missing accounts answer alike."""
    if who is None:
        return 401
    return 204 if who == "admin" else 403


# -- request builders: (api, own, will_succeed) -> (url, request kwargs) ------------------------
def _new_stakeholder(api: Api, account: str) -> str:
    sid = api.fresh("tmp-person")
    api.admin("POST", "/stakeholders", json={"id": sid, "account": account, "name": "Temp"})
    return sid


def _target(
    api: Api, own: bool, ok: bool, existing: dict[bool, str], make: Callable[[], str]
) -> str:
    """The real object, or a throwaway one of the same account when the call will delete it."""
    return make() if ok else existing[own]


def _interaction_id(api: Api, own: bool) -> str:
    data = api.admin("GET", f"/interactions?account={ACCOUNT[own]}")["data"]
    return str(data[0]["id"])


def _new_interaction(api: Api, own: bool) -> str:
    sid = _new_stakeholder(api, ACCOUNT[own])
    team = "rep-lin" if own else "rep-wu"
    body = {"date": "2026-11-01", "team": [team], "stakeholders": [sid]}
    return str(api.admin("POST", "/interactions", json=body)["id"])


def _new_relationship(api: Api, own: bool) -> str:
    sid = _new_stakeholder(api, ACCOUNT[own])
    api.admin("POST", "/relationships", json={"type": "knows", "from": "tp-consult", "to": sid})
    return f"knows/tp-consult/{sid}"


_ICS = (
    "a.ics",
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n",
    "text/calendar",
)
_EML = (
    "a.eml",
    b"From: a@b.example\r\nDate: Mon, 2 Nov 2026 10:00:00 +0800\r\n\r\nhi\r\n",
    "message/rfc822",
)

Builder = Callable[[Api, bool, bool], Request]
ROUTES: dict[tuple[str, str], tuple[Callable[[str | None, bool], int], Builder]] = {
    ("GET", "/healthz"): (ANYONE, lambda a, o, ok: ("/healthz", {})),
    # accounts
    ("GET", "/accounts"): (LIST, lambda a, o, ok: ("/accounts?tier=S", {})),
    ("POST", "/accounts"): (
        ADMIN_CREATE,
        lambda a, o, ok: ("/accounts", {"json": {"id": a.fresh("acct"), "name": "New Co"}}),
    ),
    ("GET", "/accounts/{account_id}"): (READ, lambda a, o, ok: (f"/accounts/{ACCOUNT[o]}", {})),
    ("PATCH", "/accounts/{account_id}"): (
        UPDATE,
        lambda a, o, ok: (f"/accounts/{ACCOUNT[o]}", {"json": {"industry": "steel"}}),
    ),
    ("DELETE", "/accounts/{account_id}"): (
        _delete_account,
        lambda a, o, ok: (
            "/accounts/"
            + _target(
                a,
                o,
                ok,
                ACCOUNT,
                lambda: a.admin("POST", "/accounts", json={"id": a.fresh("gone"), "name": "G"})[
                    "id"
                ],
            ),
            {},
        ),
    ),
    # stakeholders
    ("GET", "/stakeholders"): (LIST, lambda a, o, ok: ("/stakeholders?role=decision_maker", {})),
    ("POST", "/stakeholders"): (
        _create_scoped,
        lambda a, o, ok: (
            "/stakeholders",
            {"json": {"id": a.fresh("new-person"), "account": ACCOUNT[o], "name": "New"}},
        ),
    ),
    ("GET", "/stakeholders/{stakeholder_id}"): (
        READ,
        lambda a, o, ok: (f"/stakeholders/{STAKEHOLDER[o]}", {}),
    ),
    ("PATCH", "/stakeholders/{stakeholder_id}"): (
        UPDATE,
        lambda a, o, ok: (f"/stakeholders/{STAKEHOLDER[o]}", {"json": {"title": "Head"}}),
    ),
    ("DELETE", "/stakeholders/{stakeholder_id}"): (
        DELETE,
        lambda a, o, ok: (
            "/stakeholders/"
            + _target(a, o, ok, STAKEHOLDER, lambda: _new_stakeholder(a, ACCOUNT[o])),
            {},
        ),
    ),
    # departments
    ("GET", "/departments"): (LIST, lambda a, o, ok: ("/departments", {})),
    ("POST", "/departments"): (
        _create_scoped,
        lambda a, o, ok: (
            "/departments",
            {"json": {"id": a.fresh("dept"), "account": ACCOUNT[o], "name": "Ops"}},
        ),
    ),
    ("GET", "/departments/{department_id}"): (
        READ,
        lambda a, o, ok: (f"/departments/{DEPARTMENT[o]}", {}),
    ),
    ("PATCH", "/departments/{department_id}"): (
        UPDATE,
        lambda a, o, ok: (f"/departments/{DEPARTMENT[o]}", {"json": {"name": "IT"}}),
    ),
    ("DELETE", "/departments/{department_id}"): (
        DELETE,
        lambda a, o, ok: (
            "/departments/"
            + _target(
                a,
                o,
                ok,
                DEPARTMENT,
                lambda: a.admin(
                    "POST",
                    "/departments",
                    json={"id": a.fresh("dept"), "account": ACCOUNT[o], "name": "D"},
                )["id"],
            ),
            {},
        ),
    ),
    # team members and third parties: shared directory data, written by admins only
    ("GET", "/team-members"): (LIST, lambda a, o, ok: ("/team-members", {})),
    ("POST", "/team-members"): (
        ADMIN_CREATE,
        lambda a, o, ok: (
            "/team-members",
            {"json": {"id": a.fresh("tm"), "name": "New", "team_role": "delivery_manager"}},
        ),
    ),
    ("GET", "/team-members/{member_id}"): (
        _by_role(none=401, rep=200, coach=200, admin=200),
        lambda a, o, ok: ("/team-members/sol-he", {}),
    ),
    ("PATCH", "/team-members/{member_id}"): (
        ADMIN_UPDATE,
        lambda a, o, ok: ("/team-members/sol-he", {"json": {"name": "He Min"}}),
    ),
    ("DELETE", "/team-members/{member_id}"): (
        ADMIN_DELETE,
        lambda a, o, ok: (
            "/team-members/"
            + (
                a.admin(
                    "POST",
                    "/team-members",
                    json={"id": a.fresh("tm"), "name": "T", "team_role": "customer_success"},
                )["id"]
                if ok
                else "sol-he"
            ),
            {},
        ),
    ),
    ("GET", "/third-parties"): (LIST, lambda a, o, ok: ("/third-parties", {})),
    ("POST", "/third-parties"): (
        ADMIN_CREATE,
        lambda a, o, ok: ("/third-parties", {"json": {"id": a.fresh("tp"), "name": "Partner"}}),
    ),
    ("GET", "/third-parties/{third_party_id}"): (
        _by_role(none=401, rep=200, coach=200, admin=200),
        lambda a, o, ok: ("/third-parties/tp-consult", {}),
    ),
    ("PATCH", "/third-parties/{third_party_id}"): (
        ADMIN_UPDATE,
        lambda a, o, ok: ("/third-parties/tp-consult", {"json": {"kind": "organization"}}),
    ),
    ("DELETE", "/third-parties/{third_party_id}"): (
        ADMIN_DELETE,
        lambda a, o, ok: (
            "/third-parties/"
            + (
                a.admin("POST", "/third-parties", json={"id": a.fresh("tp"), "name": "P"})["id"]
                if ok
                else "tp-consult"
            ),
            {},
        ),
    ),
    # relationships
    ("GET", "/relationships"): (LIST, lambda a, o, ok: ("/relationships?type=relates_to", {})),
    ("POST", "/relationships"): (
        _create_scoped,
        lambda a, o, ok: (
            "/relationships",
            {
                "json": {
                    "type": "knows",
                    "from": "tp-consult",
                    "to": _new_stakeholder(a, ACCOUNT[o]),
                    "strength": 0.5,
                }
            },
        ),
    ),
    ("GET", "/relationships/{type}/{from_id}/{to_id}"): (
        READ,
        lambda a, o, ok: (f"/relationships/{RELATIONSHIP[o]}", {}),
    ),
    ("PATCH", "/relationships/{type}/{from_id}/{to_id}"): (
        UPDATE,
        lambda a, o, ok: (f"/relationships/{RELATIONSHIP[o]}", {"json": {"strength": 0.8}}),
    ),
    ("DELETE", "/relationships/{type}/{from_id}/{to_id}"): (
        DELETE,
        lambda a, o, ok: (
            "/relationships/" + (_new_relationship(a, o) if ok else RELATIONSHIP[o]),
            {},
        ),
    ),
    # interactions
    ("GET", "/interactions"): (LIST, lambda a, o, ok: ("/interactions", {})),
    ("POST", "/interactions"): (
        _create_scoped,
        lambda a, o, ok: (
            "/interactions",
            {
                "json": {
                    "date": "2026-11-02",
                    "team": ["rep-lin"],
                    "stakeholders": [_new_stakeholder(a, ACCOUNT[o])],
                }
            },
        ),
    ),
    ("GET", "/interactions/{interaction_id}"): (
        READ,
        lambda a, o, ok: (f"/interactions/{_interaction_id(a, o)}", {}),
    ),
    ("PATCH", "/interactions/{interaction_id}"): (
        UPDATE,
        lambda a, o, ok: (
            f"/interactions/{_interaction_id(a, o)}",
            {"json": {"purpose": "progress"}},
        ),
    ),
    ("DELETE", "/interactions/{interaction_id}"): (
        DELETE,
        lambda a, o, ok: (
            "/interactions/" + (_new_interaction(a, o) if ok else _interaction_id(a, o)),
            {},
        ),
    ),
    # documents
    ("POST", "/import"): (
        ADMIN_ONLY,
        lambda a, o, ok: (
            "/import",
            {
                "content": f"third_parties:\n  - {{id: {a.fresh('imp')}, name: Imported}}\n",
                "headers": {"content-type": "application/yaml"},
            },
        ),
    ),
    ("GET", "/export"): (ADMIN_ONLY, lambda a, o, ok: ("/export?format=yaml", {})),
    # analytics
    ("GET", "/accounts/{account_id}/analysis"): (
        READ,
        lambda a, o, ok: (f"/accounts/{ACCOUNT[o]}/analysis?as_of={AS_OF}", {}),
    ),
    ("GET", "/accounts/{account_id}/path"): (
        READ,
        lambda a, o, ok: (
            f"/accounts/{ACCOUNT[o]}/path?to={'hx-ceo' if o else 'bk-ceo'}&as_of={AS_OF}",
            {},
        ),
    ),
    ("POST", "/accounts/{account_id}/what-if"): (
        READ,
        lambda a, o, ok: (
            f"/accounts/{ACCOUNT[o]}/what-if",
            {"json": {"remove": [STAKEHOLDER[o]], "as_of": AS_OF}},
        ),
    ),
    ("GET", "/accounts/{account_id}/recommendations"): (
        READ,
        lambda a, o, ok: (f"/accounts/{ACCOUNT[o]}/recommendations?as_of={AS_OF}", {}),
    ),
    ("GET", "/portfolio/risks"): (LIST, lambda a, o, ok: (f"/portfolio/risks?as_of={AS_OF}", {})),
    # pages
    ("GET", "/accounts/{account_id}/graph"): (
        READ,
        lambda a, o, ok: (f"/accounts/{ACCOUNT[o]}/graph?as_of={AS_OF}", {}),
    ),
    ("GET", "/accounts/{account_id}/graph/data"): (
        READ,
        lambda a, o, ok: (f"/accounts/{ACCOUNT[o]}/graph/data?as_of={AS_OF}", {}),
    ),
    ("GET", "/portfolio"): (LIST, lambda a, o, ok: (f"/portfolio?as_of={AS_OF}", {})),
    # visit loop
    ("GET", "/accounts/{account_id}/brief"): (
        READ,
        lambda a, o, ok: (f"/accounts/{ACCOUNT[o]}/brief?as_of={AS_OF}&purpose=signing", {}),
    ),
    ("POST", "/accounts/{account_id}/visits"): (
        _scoped(201, 403),
        lambda a, o, ok: (
            f"/accounts/{ACCOUNT[o]}/visits",
            {
                "json": {
                    "with": [STAKEHOLDER[o]],
                    "by": ["rep-lin" if o else "rep-wu"],
                    "purpose": "progress",
                    "date": AS_OF,
                }
            },
        ),
    ),
    ("GET", "/accounts/{account_id}/coalitions"): (
        READ,
        lambda a, o, ok: (f"/accounts/{ACCOUNT[o]}/coalitions?as_of={AS_OF}", {}),
    ),
    ("GET", "/accounts/{account_id}/blockers"): (
        READ,
        lambda a, o, ok: (f"/accounts/{ACCOUNT[o]}/blockers?as_of={AS_OF}", {}),
    ),
    ("GET", "/accounts/{account_id}/diff"): (
        READ,
        lambda a, o, ok: (f"/accounts/{ACCOUNT[o]}/diff?since=2026-06-01&until={AS_OF}", {}),
    ),
    # business
    ("GET", "/tiers"): (LIST, lambda a, o, ok: (f"/tiers?as_of={AS_OF}", {})),
    ("GET", "/alerts"): (LIST, lambda a, o, ok: (f"/alerts?as_of={AS_OF}", {})),
    ("GET", "/accounts/{account_id}/health"): (
        READ,
        lambda a, o, ok: (f"/accounts/{ACCOUNT[o]}/health?as_of={AS_OF}", {}),
    ),
    # audit history
    ("GET", "/accounts/{account_id}/history"): (
        READ,
        lambda a, o, ok: (f"/accounts/{ACCOUNT[o]}/history", {}),
    ),
    # activity capture (dry runs: the matrix writes nothing)
    ("POST", "/capture/calendar"): (
        _by_role(none=401, rep=200, coach=403, admin=200),
        lambda a, o, ok: ("/capture/calendar?dry_run=true", {"files": {"file": _ICS}}),
    ),
    ("POST", "/capture/mail"): (
        _by_role(none=401, rep=200, coach=403, admin=200),
        lambda a, o, ok: ("/capture/mail?dry_run=true", {"files": [("files", _EML)]}),
    ),
    ("GET", "/capture/proposals"): (LIST, lambda a, o, ok: ("/capture/proposals", {})),
    ("POST", "/capture/proposals/{proposal_id}/accept"): (
        _by_role(none=401, rep=404, coach=404, admin=404),
        lambda a, o, ok: ("/capture/proposals/new-0000000000/accept", {}),
    ),
}


def _operations() -> list[tuple[str, str]]:
    schema = create_app("sqlite:///unused.db", users_db="unused-users.db").openapi()
    return sorted((method.upper(), path) for path, ops in schema["paths"].items() for method in ops)


OPERATIONS = _operations()


def test_the_matrix_covers_every_route_of_the_schema() -> None:
    assert set(ROUTES) == set(OPERATIONS)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: f"{op[0]} {op[1]}")
def test_authorization_matrix(api: Api, operation: tuple[str, str]) -> None:
    expect, build = ROUTES[operation]
    method = operation[0]
    failures = []
    for own in (True, False):
        for who in WHO:
            want = expect(who, own)
            url, kw = build(api, own, want < 300)
            headers = {**kw.pop("headers", {}), **api.headers(who)}
            r = api.client.request(method, url, headers=headers, **kw)
            if r.status_code != want:
                failures.append(
                    f"{who or 'no token'} {'own' if own else 'foreign'} {url}: "
                    f"{r.status_code} (want {want}) {r.text[:200]}"
                )
            if r.status_code >= 400:
                assert r.headers["content-type"] == "application/problem+json", url
    assert not failures, "\n".join(failures)


def test_foreign_objects_answer_exactly_like_missing_ones(api: Api) -> None:
    """Same status and same body shape: nothing tells a foreign id from an unknown one."""
    for url, missing in [
        ("/accounts/ac-bank", "/accounts/no-such"),
        ("/stakeholders/bk-ceo", "/stakeholders/no-such"),
        ("/departments/bk-it", "/departments/no-such"),
    ]:
        foreign = api.client.get(url, headers=api.headers("rep"))
        absent = api.client.get(missing, headers=api.headers("rep"))
        assert foreign.status_code == absent.status_code == 404
        assert foreign.json()["detail"].replace("ac-bank", "X").replace("bk-ceo", "X").replace(
            "bk-it", "X"
        ) == absent.json()["detail"].replace("no-such", "X")


def test_lists_hold_only_visible_objects(api: Api) -> None:
    for who, accounts in [
        ("rep", {"hx-steel"}),
        ("coach", {"hx-steel"}),
        ("bank_rep", {"ac-bank"}),
    ]:
        got = api.client.get("/stakeholders?limit=500", headers=api.headers(who)).json()
        assert {s["account"] for s in got["data"]} == accounts
        rels = api.client.get("/relationships?limit=500", headers=api.headers(who)).json()
        ids = {e for r in rels["data"] for e in (r["from"], r["to"])}
        assert not ({"bk-ceo", "bk-cto"} if "ac-bank" not in accounts else {"hx-cio"}) & ids
        risks = api.client.get(f"/portfolio/risks?as_of={AS_OF}", headers=api.headers(who))
        assert {e["account"] for e in risks.json()} <= accounts


def test_a_bad_token_is_401_with_a_bearer_challenge(api: Api) -> None:
    r = api.client.get("/accounts", headers={"Authorization": "Bearer not-a-token"})
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.json()["detail"] == "the bearer token is not valid (or expired, or revoked)"


def test_a_rep_cannot_grant_themselves_an_account(api: Api) -> None:
    """Team membership is access: reps may not edit team members nor write on_team edges."""
    r = api.client.patch(
        "/team-members/rep-lin",
        json={"accounts": ["hx-steel", "ac-bank"]},
        headers=api.headers("rep"),
    )
    assert r.status_code == 403
    r = api.client.post(
        "/relationships",
        json={"type": "on_team", "from": "rep-lin", "to": "hx-group"},
        headers=api.headers("rep"),
    )
    assert r.status_code == 422  # hx-group is foreign to rep-lin: an unknown id
    r = api.client.post(
        "/relationships",
        json={"type": "on_team", "from": "rep-lin", "to": "hx-steel"},
        headers=api.headers("rep"),
    )
    assert r.status_code == 403
