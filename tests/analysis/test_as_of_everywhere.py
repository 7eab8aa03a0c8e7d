"""A relationship that starts after the as-of date does not exist yet — in any answer.

The oracle: two stores hold the same account, one of them also with relationships (and a visit)
that start five days after AS_OF. Every analysis, the brief, the CLI commands and every API
route must give byte-identical answers on both stores as of AS_OF, and different answers ten
days later (so each check could fail: the future ties do change each answer once they exist).
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from api.app import create_app
from graphkam.analysis import (
    analyze_account,
    find_gaps,
    known_on,
    load_known,
    portfolio_entry,
    project,
    recommend,
    warm_path,
    what_if,
)
from graphkam.analysis.coalitions import find_coalitions
from graphkam.analysis.config import AnalysisConfig
from graphkam.auth import Role, UserStore
from graphkam.briefing import build_brief
from graphkam.business import health_index
from graphkam.cli import app
from graphkam.documents import AccountMap
from graphkam.model import Interaction, Purpose, Relationship, RelType
from graphkam.stores import open_store
from tests.analysis.conftest import AS_OF, ago, member, person, subgraph, tie

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

LATER = AS_OF + dt.timedelta(days=10)
START = AS_OF + dt.timedelta(days=5)
runner = CliRunner()


def _base() -> AccountMap:
    sg = subgraph(
        stakeholders=[
            person("dm", ["decision_maker"], "supporter", 0.9),
            person("cfo", ["economic_buyer"], "neutral", 0.7),
            person("eng", ["technical_buyer"], "skeptic", 0.6),
        ],
        team=[member("am"), member("sm", "solution_manager"), member("dl", "delivery_manager")],
        relationships=[
            tie("am", "dm", 0.8, 10),
            tie("sm", "eng", 0.7, 10),
            Relationship(type=RelType.REPORTS_TO, from_id="eng", to_id="dm"),
        ],
    )
    return AccountMap.model_validate(sg.model_dump(by_alias=True))


def _future() -> AccountMap:
    """The same account plus ties, colleagues and a visit that all start on START."""
    doc = _base()
    later = [
        Relationship(type=RelType.RELATES_TO, from_id="am", to_id="cfo", strength=0.9,
                     last_contact=START, since=START),
        Relationship(type=RelType.RELATES_TO, from_id="dl", to_id="dm", strength=0.9,
                     last_contact=START, since=START),
        Relationship(type=RelType.ALLIED_WITH, from_id="cfo", to_id="eng", since=START),
        Relationship(type=RelType.RIVALS_WITH, from_id="cfo", to_id="dm", since=START),
        Relationship(type=RelType.INFLUENCES, from_id="cfo", to_id="dm", weight=0.9, since=START),
        Relationship(type=RelType.INFLUENCES, from_id="cfo", to_id="eng", weight=0.8, since=START),
    ]  # fmt: skip
    visit = Interaction(account="acme", date=START, team=["sm"], stakeholders=["cfo"])
    return doc.model_copy(
        update={
            "relationships": [*doc.relationships, *later],
            "interactions": [*doc.interactions, visit],
        }
    )


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    urls = {}
    for name, doc in (("now", _base()), ("future", _future())):
        url = f"sqlite:///{tmp_path_factory.mktemp(name) / 'g.db'}"
        with open_store(url) as st:
            st.import_map(doc)
        urls[name] = url
    return urls


def _library(url: str, day: dt.date) -> dict[str, Any]:
    """Every library analysis of the account on `day`, as JSON-ready data."""
    cfg = AnalysisConfig()
    with open_store(url) as st:
        raw = st.account_subgraph("acme")
    known = known_on(raw, day)
    analysis = analyze_account(known, day, cfg)
    proj = project(raw, day, cfg)
    return {
        "analysis": analysis.model_dump(mode="json"),
        "path": warm_path(raw, "cfo", day, cfg).model_dump(mode="json"),
        "what_if": what_if(raw, ["am"], day, cfg).model_dump(mode="json"),
        "recommend": [r.model_dump(mode="json") for r in recommend(raw, day, cfg)],
        "portfolio": portfolio_entry(raw, day, cfg).model_dump(mode="json"),
        "coalitions": find_coalitions(known).model_dump(mode="json"),
        "brief": build_brief(raw, day, Purpose.PROGRESS).model_dump(mode="json"),
        "health": health_index(raw, day).model_dump(mode="json"),
        "projection_edges": sorted(map(sorted, proj.paths.edges())),
        "gaps": [g.model_dump(mode="json") for g in find_gaps(proj, analysis.coverage,
                                                                analysis.threading)],
    }  # fmt: skip


LIBRARY_KEYS = [
    "analysis", "path", "what_if", "recommend", "portfolio", "coalitions", "brief", "health",
    "projection_edges", "gaps",
]  # fmt: skip


@pytest.mark.parametrize("key", LIBRARY_KEYS)
def test_library_answers_ignore_relationships_that_start_later(
    stores: dict[str, str], key: str
) -> None:
    assert _library(stores["future"], AS_OF)[key] == _library(stores["now"], AS_OF)[key]
    assert _library(stores["future"], LATER)[key] != _library(stores["now"], LATER)[key]


def test_load_known_drops_what_was_not_known(stores: dict[str, str]) -> None:
    with open_store(stores["future"]) as st:
        known = load_known(st, "acme", AS_OF)
        later = load_known(st, "acme", LATER)
    assert len(known.relationships) == 3 and len(later.relationships) == 9
    assert len(known.interactions) == 0 and len(later.interactions) == 1
    assert known_on(later, AS_OF) == known
    assert known_on(known, AS_OF) is known


CLI_COMMANDS = [
    ["analyze", "acme", "--json"],
    ["path", "acme", "--to", "cfo", "--json"],
    ["what-if", "acme", "--remove", "am", "--json"],
    ["portfolio", "--json"],
    ["coalitions", "acme", "--json"],
    ["brief", "acme", "--json"],
]


def _cli(url: str, args: list[str], day: dt.date) -> str:
    result = runner.invoke(app, [*args, "--as-of", day.isoformat(), "--store", url])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("args", CLI_COMMANDS, ids=lambda a: a[0])
def test_cli_commands_ignore_relationships_that_start_later(
    stores: dict[str, str], args: list[str]
) -> None:
    assert _cli(stores["future"], args, AS_OF) == _cli(stores["now"], args, AS_OF)
    assert _cli(stores["future"], args, LATER) != _cli(stores["now"], args, LATER)


@pytest.fixture(scope="module")
def clients(
    stores: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, tuple[TestClient, dict[str, str]]]]:
    out = {}
    for name, url in stores.items():
        users_db = tmp_path_factory.mktemp(f"users-{name}") / "users.db"
        token = UserStore(users_db).add_user("root", Role.ADMIN)[1]
        client = TestClient(create_app(url, users_db=users_db), raise_server_exceptions=False)
        out[name] = (client, {"Authorization": f"Bearer {token}"})
    yield out


API_ROUTES = [
    ("GET", "/accounts/acme/analysis", None),
    ("GET", "/accounts/acme/path?to=cfo", None),
    ("POST", "/accounts/acme/what-if", {"remove": ["am"]}),
    ("POST", "/accounts/acme/what-if?body", {"remove": ["am"], "as_of": "DAY"}),
    ("GET", "/accounts/acme/recommendations", None),
    ("GET", "/accounts/acme/blockers", None),
    ("GET", "/portfolio/risks", None),
    ("GET", "/accounts/acme/brief", None),
    ("GET", "/accounts/acme/coalitions", None),
    ("GET", "/accounts/acme/health", None),
    ("GET", "/accounts/acme/graph", None),
    ("GET", "/portfolio", None),
]


def _call(
    client: TestClient, headers: dict[str, str], route: tuple[str, str, Any], day: str
) -> str:
    method, url, body = route
    if body is not None and body.get("as_of") == "DAY":
        url, body = url.split("?")[0], {**body, "as_of": day}
    else:
        url = f"{url}{'&' if '?' in url else '?'}as_of={day}"
    r = client.request(method, url, headers=headers, json=body)
    assert r.status_code == 200, (url, r.status_code, r.text)
    return r.text


@pytest.mark.parametrize("route", API_ROUTES, ids=lambda r: f"{r[0]} {r[1]}")
def test_api_routes_ignore_relationships_that_start_later(
    clients: dict[str, tuple[TestClient, dict[str, str]]], route: tuple[str, str, Any]
) -> None:
    now, future = clients["now"], clients["future"]
    day, later = AS_OF.isoformat(), LATER.isoformat()
    assert _call(*future, route, day) == _call(*now, route, day)
    assert _call(*future, route, later) != _call(*now, route, later)


def test_api_what_if_refuses_two_different_dates(
    clients: dict[str, tuple[TestClient, dict[str, str]]],
) -> None:
    client, headers = clients["now"]
    r = client.post(
        f"/accounts/acme/what-if?as_of={LATER}",
        headers=headers,
        json={"remove": ["am"], "as_of": AS_OF.isoformat()},
    )
    assert r.status_code == 422
    assert "give one date" in r.text


def test_a_person_met_after_the_date_had_not_left_yet() -> None:
    """The champion is recorded as left, with no recorded status change; we met her 20 days
    before AS_OF, so 30 days before AS_OF she was still there (and no champion_left yet)."""
    sg = subgraph(
        stakeholders=[person("dm", ["decision_maker"], "champion", 0.9, status="left")],
        team=[member("am")],
        relationships=[tie("am", "dm", 0.8, 20)],
    )
    assert [s.status.value for s in known_on(sg, ago(30)).stakeholders] == ["active"]
    assert [s.status.value for s in known_on(sg, ago(10)).stakeholders] == ["left"]
    kinds = {g.kind.value for g in analyze_account(sg, AS_OF).gaps}
    assert "champion_left" in kinds
    assert "champion_left" not in {g.kind.value for g in analyze_account(sg, ago(30)).gaps}
