"""`graphkam tier`, `health` and `alerts` on the sample portfolio in a temporary SQLite store.

The expectations are the sample's planted manifest (graphkam.sample.PLANTED_LATER): a tier
mismatch (an under-served account) and a health drop whose causes are falling orders, falling
NPS and an open complaint, after the account's champion left.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import graphkam.cli.business  # noqa: F401  (registers the commands)
from graphkam.business import account_health, health_index, portfolio_health
from graphkam.cli.common import app
from graphkam.sample import PLANTED_LATER, SAMPLE_AS_OF, load_sample
from graphkam.stores import open_store

runner = CliRunner()
AS_OF = SAMPLE_AS_OF.isoformat()


def _planted(kind: str) -> list[str]:
    return sorted(acc for items in PLANTED_LATER.values() for k, acc in items if k == kind)


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('sample') / 'sample.db'}"
    with open_store(url) as st:
        st.import_map(load_sample(), source="sample")
    return url


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_help() -> None:
    for cmd in ("tier", "health", "alerts"):
        assert runner.invoke(app, [cmd, "-h"]).exit_code == 0


def test_tier_shows_planted_mismatch_first(sample_url: str) -> None:
    data = json.loads(_run("tier", "--as-of", AS_OF, "--json", "--store", sample_url))
    planted = _planted("tier_mismatch")
    assert planted
    mismatched = [s["account"] for s in data["data"] if s["status"] != "matches"]
    assert mismatched == planted
    for s in data["data"][: len(planted)]:
        assert s["status"] == "under_served"
        assert [c["name"] for c in s["components"]] == ["rfm", "clv", "potential", "loyalty"]
    table = _run("tier", "--as-of", AS_OF, "--store", sample_url)
    assert f"{len(planted)} with a different suggested tier" in table


def test_tier_apply(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    with open_store(url) as st:
        st.import_map(load_sample())
    before = json.loads(_run("tier", "--as-of", AS_OF, "--json", "--store", url))
    assert before["mismatches"] > 0
    _run("tier", "--as-of", AS_OF, "--apply", "--store", url)
    after = json.loads(_run("tier", "--as-of", AS_OF, "--json", "--store", url))
    assert after["mismatches"] == 0
    with open_store(url) as st:
        for s in before["data"]:
            if s["status"] != "matches":
                assert st.get_node("account", s["account"]).tier == s["suggested"]


def test_alerts_show_planted_drop_with_cause(sample_url: str) -> None:
    data = json.loads(_run("alerts", "--as-of", AS_OF, "--json", "--store", sample_url))
    drops = {a["account"]: a for a in data["data"] if a["kind"] == "health_drop"}
    planted = _planted("health_drop")
    assert sorted(drops) == planted
    for account in planted:
        alert = drops[account]
        assert alert["share"] >= 0.20
        fallen = {c["component"] for c in alert["components"] if c["change"] < 0}
        assert {"revenue", "nps", "complaints"} <= fallen
        left = [
            a for a in data["data"] if a["account"] == account and a["kind"] == "key_person_left"
        ]
        assert left, "the champion who left is reported beside the drop"
    table = _run("alerts", "--as-of", AS_OF, "--store", sample_url)
    assert "health_drop" in table


def test_health_timeline_shows_the_fall(sample_url: str) -> None:
    account = _planted("health_drop")[0]
    data = json.loads(
        _run("health", account, "--from", "2026-05-15", "--to", AS_OF, "--every", "30d",
             "--json", "--store", sample_url)
    )  # fmt: skip
    points = data["data"]
    assert points[-1]["as_of"] == AS_OF
    assert points[-1]["index"] < 0.8 * max(p["index"] for p in points)
    one = json.loads(_run("health", account, "--as-of", AS_OF, "--json", "--store", sample_url))
    assert one["index"] == pytest.approx(points[-1]["index"])
    table = _run("health", account, "--as-of", AS_OF, "--store", sample_url)
    assert "revenue" in table and "champion" in table


def test_health_errors(sample_url: str) -> None:
    result = runner.invoke(app, ["health", "nope", "--store", sample_url])
    assert result.exit_code == 1
    assert "not found" in result.stderr
    result = runner.invoke(app, ["health", "x", "--to", AS_OF, "--store", sample_url])
    assert result.exit_code == 1
    assert "--to needs --from" in result.stderr


def test_alerts_config_override(sample_url: str, tmp_path: Path) -> None:
    strict = tmp_path / "strict.yaml"
    strict.write_text("alerts:\n  drop_share: 0.9\n", encoding="utf-8")
    data = json.loads(
        _run("alerts", "--as-of", AS_OF, "--json", "--config", str(strict), "--store", sample_url)
    )
    assert not [a for a in data["data"] if a["kind"] == "health_drop"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("alerts: [1\n", encoding="utf-8")
    result = runner.invoke(app, ["alerts", "--config", str(bad), "--store", sample_url])
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())  # the stderr console wraps long lines
    assert message == f"error: invalid input: {bad}, line 2: not valid YAML"


def test_health_series_table(sample_url: str) -> None:
    account = _planted("health_drop")[0]
    out = _run("health", account, "--from", "2026-09-01", "--to", AS_OF, "--every", "2w",
               "--store", sample_url)  # fmt: skip
    assert "every 14 days" in out
    assert "2026-09-01" in out and "2026-09-15" in out


def test_account_health_from_store(sample_url: str) -> None:
    account = _planted("health_drop")[0]
    with open_store(sample_url) as st:
        h = account_health(st, account, SAMPLE_AS_OF)
        assert h == health_index(st.account_subgraph(account), SAMPLE_AS_OF)
        lowest = portfolio_health(st, SAMPLE_AS_OF)[0]
    assert lowest.account == account  # the planted drop leaves it the least healthy
