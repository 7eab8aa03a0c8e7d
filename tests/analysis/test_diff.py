"""Map diff between two dates: library known answers, the CLI on the sample, the API route."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.app import create_app
from graphkam.analysis import map_diff
from graphkam.auth import Role, UserStore
from graphkam.cli import app
from graphkam.model import Change, ChangeAction, ChangeSource, Relationship, RelType
from graphkam.sample import load_sample
from graphkam.stores import open_store
from tests.analysis.conftest import AS_OF, ago, member, person, subgraph, tie

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

runner = CliRunner()
SINCE = ago(60)


def _change(subject: str, before: dict, after: dict, days: int) -> Change:  # type: ignore[type-arg]
    return Change(
        account="acme",
        date=dt.datetime.combine(ago(days), dt.time(9)),
        actor="lin",
        source=ChangeSource.CLI,
        action=ChangeAction.UPDATE,
        subject_kind="stakeholder",
        subject_id=subject,
        before=before,
        after=after,
        fields=sorted(after),
    )


def test_diff_by_hand() -> None:
    """On SINCE (60 days before AS_OF): dm neutral, eb an influencer (the history's `before`
    values), am - dm with no contact known yet (its last contact, 10 days ago, is later:
    0.8 × 0.5 = 0.4 counted as stale), am - old met 10 days before SINCE: 0.5 × 0.5 ** (10/90)
    = 0.4629, good. Since then: dm became a supporter (20 days ago), eb the economic buyer (30
    days ago), sm - eb started 15 days ago (0.9 × 0.5 ** (15/90) = 0.8018 on AS_OF), and
    am - old decayed to 0.5 × 0.5 ** (70/90) = 0.2916 (below 0.4). Threading targets: dm alone
    on SINCE (one chain, am); dm and eb on AS_OF (one chain each)."""
    sg = subgraph(
        stakeholders=[
            person("dm", ["decision_maker"], "supporter"),
            person("eb", ["economic_buyer"], "neutral"),
            person("old", ["user_buyer"], "supporter"),
        ],
        team=[member("am"), member("sm", "solution_manager")],
        relationships=[
            tie("am", "dm", 0.8, 10),
            tie("am", "old", 0.5, 70),
            Relationship(
                type=RelType.RELATES_TO,
                from_id="sm",
                to_id="eb",
                strength=0.9,
                last_contact=ago(15),
                since=ago(15),
            ),
        ],  # fmt: skip
    ).model_copy(
        update={
            "changes": [
                _change("dm", {"stance": "neutral"}, {"stance": "supporter"}, 20),
                _change("eb", {"roles": ["influencer"]}, {"roles": ["economic_buyer"]}, 30),
            ]
        }
    )
    d = map_diff(sg, SINCE, AS_OF)
    assert [(p.id, p.stance_before, p.stance_after) for p in d.stance_changes] == [
        ("dm", "neutral", "supporter")
    ]
    assert [(p.id, p.roles_before, p.roles_after) for p in d.role_changes] == [
        ("eb", ["influencer"], ["economic_buyer"])
    ]
    assert [(t.member, t.stakeholder, t.before) for t in d.ties_gained] == [("sm", "eb", None)]
    assert d.ties_gained[0].after == pytest.approx(0.9 * 0.5 ** (15 / 90), abs=1e-6)
    assert [(t.member, t.stakeholder) for t in d.ties_decayed] == [("am", "old")]
    assert d.ties_decayed[0].before == pytest.approx(0.5 * 0.5 ** (10 / 90), abs=1e-6)
    assert d.ties_decayed[0].after == pytest.approx(0.5 * 0.5 ** (70 / 90), abs=1e-6)
    assert (d.connectivity_before, d.connectivity_after) == ({"dm": 1}, {"dm": 1, "eb": 1})
    assert (d.joined, d.left, d.ties_lost) == ([], [], [])


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('diff') / 'sample.db'}"
    with open_store(url) as store:
        store.import_map(load_sample())
    return url


def test_diff_ts_logistics_shows_the_champion_leaving_and_the_health_drop(db: str) -> None:
    """The sample's ts-logistics (graphkam/sample.py _plant_champion_left): champion Pan Chao
    (ts-cio) is recorded as left, and we last met him on 2026-07-26 (the sample's visits), so on
    2026-06-01 he was still there; our only tie to him (sm-he, 0.9) goes with him. The health
    index falls from 93.9 to 62.9 (graphkam health ts-logistics --as-of each date)."""
    result = runner.invoke(
        app, ["diff", "ts-logistics", "--since", "2026-06-01", "--until", "2026-11-15",
              "--store", db],
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "通顺物流 Tongshun Logistics (ts-logistics): 2026-06-01 -> 2026-11-15",
        "health 93.9 -> 62.9",
        "net support +0.36 -> +0.35",
        "single-threaded no -> no",
        "left: 潘超 Pan Chao (ts-cio, champion)",
        "tie lost: sm-he - 潘超 Pan Chao (ts-cio) 0.90 -> -",
        "tie decayed: cs-wu - 冯平 Feng Ping (ts-p04) 0.58 -> 0.40",
        "new gap: champion_left ts-cio (high)",
        "closed gap: weak_coverage user_buyer",
    ]
    for day, index in (("2026-06-01", 93.9), ("2026-11-15", 62.9)):
        health = runner.invoke(app, ["health", "ts-logistics", "--as-of", day, "--json",
                                     "--store", db])  # fmt: skip
        assert round(json.loads(health.stdout)["index"], 1) == index
    bad = runner.invoke(app, ["diff", "ts-logistics", "--since", "2026-11-15", "--until",
                              "2026-06-01", "--store", db])  # fmt: skip
    assert (bad.exit_code, bad.stderr) == (
        1,
        "error: invalid input: --until: 2026-06-01 is before --since 2026-11-15\n",
    )


def test_api_diff_matches_the_cli(db: str, tmp_path: Path) -> None:
    users = tmp_path / "users.db"
    token = UserStore(users).add_user("root", Role.ADMIN)[1]
    with TestClient(create_app(db, users_db=users), raise_server_exceptions=False) as client:
        headers = {"Authorization": f"Bearer {token}"}
        url = "/accounts/ts-logistics/diff?since=2026-06-01&until=2026-11-15"
        r = client.get(url, headers=headers)
        assert r.status_code == 200, r.text
        cli = runner.invoke(app, ["diff", "ts-logistics", "--since", "2026-06-01", "--until",
                                  "2026-11-15", "--json", "--store", db])  # fmt: skip
        assert r.json() == json.loads(cli.stdout)
        assert [p["id"] for p in r.json()["left"]] == ["ts-cio"]
        assert (
            client.get("/accounts/nope/diff?since=2026-06-01", headers=headers).status_code == 404
        )
        assert client.get("/accounts/ts-logistics/diff", headers=headers).status_code == 422
