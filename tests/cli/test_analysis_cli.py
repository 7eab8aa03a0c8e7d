"""`graphkam analyze`, `path`, `what-if` and `portfolio` through typer's CliRunner, on the
shipped sample portfolio (its planted gaps are listed in graphkam.sample.PLANTED)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkam.cli import app
from graphkam.sample import SAMPLE_AS_OF
from tests.conftest import sample_store

runner = CliRunner()
AS_OF = ["--as-of", SAMPLE_AS_OF.isoformat()]
TOP_KEYS = [
    "account",
    "name",
    "tier",
    "as_of",
    "influence",
    "support",
    "coverage",
    "threading",
    "brokers",
    "competitors",
    "gaps",
    "recommendations",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return sample_store(tmp_path_factory.mktemp("cli") / "sample.db")


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--store", db])
    return result.exit_code, result.stdout, result.stderr


def test_analyze_json_has_the_documented_keys(db: str) -> None:
    code, out, err = run(db, "analyze", "dl-energy", *AS_OF, "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert list(doc) == TOP_KEYS
    assert doc["as_of"] == "2026-11-15"
    assert [(g["kind"], g["subject"]) for g in doc["gaps"]] == [("single_threaded", "dl-chair")]
    assert doc["threading"]["single_threaded"] is True
    assert doc["threading"]["connectivity"]["dl-chair"] == 1
    assert set(doc["threading"]["single_points_of_failure"][0]) >= {"id", "side", "cuts_off"}
    assert set(doc["support"]) >= {"index", "contributions"}
    assert set(doc["coverage"][0]) >= {"role", "stakeholders", "best_strength", "status"}
    scores = [s["score"] for s in doc["influence"]]
    assert scores == sorted(scores, reverse=True)
    # deterministic: the same call twice gives byte-identical output
    assert run(db, "analyze", "dl-energy", *AS_OF, "--json")[1] == out


def test_analyze_tables(db: str) -> None:
    code, out, _ = run(db, "analyze", "hx-steel", *AS_OF)
    assert code == 0
    assert "Decision-chain coverage" in out and "No gaps." in out


def test_half_life_changes_the_strengths(db: str) -> None:
    def best(*extra: str) -> float:
        doc = json.loads(run(db, "analyze", "hx-steel", *AS_OF, "--json", *extra)[1])
        return doc["coverage"][0]["best_strength"]

    assert best("--half-life", "30") < best() < best("--half-life", "365")


def test_path(db: str) -> None:
    code, out, err = run(db, "path", "dl-energy", "--to", "dl-chair", *AS_OF, "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["found"] and doc["hops"][-1]["to_id"] == "dl-chair"
    product = 1.0
    for hop in doc["hops"]:
        product *= hop["strength"]
    assert doc["strength"] == pytest.approx(product, abs=1e-5)
    code, out, _ = run(db, "path", "dl-energy", "--to", "dl-chair", *AS_OF)
    assert code == 0 and "Warm path to" in out


def test_what_if(db: str) -> None:
    code, out, _ = run(db, "what-if", "ts-logistics", "--remove", "nobody-here", *AS_OF)
    assert code == 1
    code, out, err = run(db, "what-if", "dl-energy", *AS_OF, "--json", "--remove", "dl-gm")
    assert (code, err) == (0, ""), err
    doc = json.loads(out)
    assert doc["removed"] == ["dl-gm"]
    # dl-gm was the single point of failure for the chairman: losing dl-gm cuts us off
    assert {"id": "dl-chair", "before": 1, "after": 0} in doc["connectivity"]


def test_what_if_takes_several_ids(db: str) -> None:
    code, out, _ = run(db, "what-if", "dl-energy", *AS_OF, "--json", "--remove", "dl-gm", "dl-cfo")
    assert code == 0
    assert json.loads(out)["removed"] == ["dl-cfo", "dl-gm"]


def test_portfolio(db: str) -> None:
    code, out, err = run(db, "portfolio", *AS_OF, "--json")
    assert (code, err) == (0, "")
    entries = json.loads(out)
    assert {"account", "tier", "single_threaded", "support_index", "gaps"} <= set(entries[0])
    # ranked by value at stake, healthy accounts last (tests/analysis/test_portfolio_stake.py)
    stakes = [e["at_stake"] for e in entries]
    assert stakes == sorted(stakes, reverse=True)
    assert [bool(e["gaps"]) for e in entries] == sorted(
        (bool(e["gaps"]) for e in entries), reverse=True
    )
    code, out, _ = run(db, "portfolio", *AS_OF, "--json", "--gap", "single_threaded")
    assert [e["account"] for e in json.loads(out)] == ["dl-energy"]
    code, out, _ = run(db, "portfolio", *AS_OF, "--json", "--tier", "S")
    assert {e["tier"] for e in json.loads(out)} == {"S"}
    code, out, _ = run(db, "portfolio", *AS_OF)
    assert code == 0 and "Portfolio risks" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["analyze", "nope"], "error: not found: no account with id 'nope'"),
        (["analyze", "hx-steel", "--as-of", "yesterday"], "error: invalid input: --as-of"),
        (["portfolio", "--tier", "Z"], "error: invalid input: --tier: 'Z' is not a tier"),
        (["analyze", "hx-steel", "--half-life", "0"], "error: invalid input: --half-life"),
        (["path", "dl-energy", "--to", "ghost"], "error: not found: no stakeholder with id"),
    ],
)
def test_errors_are_one_line_and_exit_1(db: str, args: list[str], message: str) -> None:
    code, out, err = run(db, *args)
    assert code == 1 and out == ""
    assert " ".join(err.split()).startswith(message)
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["analyze", "path", "what-if", "portfolio"])
def test_help(command: str, tmp_path: Path) -> None:
    for flag in ("-h", "--help"):
        result = runner.invoke(app, [command, flag])
        assert result.exit_code == 0 and "--as-of" in result.stdout


def test_portfolio_health_adds_index_and_alerts(db: str) -> None:
    # graphkam.sample.PLANTED_LATER: ts-logistics' health drop raises an alert; its index
    # equals the health command's for the same date.
    code, out, err = run(db, "portfolio", "--health", *AS_OF, "--json")
    assert (code, err) == (0, "")
    rows = {r["account"]: r for r in json.loads(out)}
    assert rows["ts-logistics"]["alerts"] and not rows["hx-steel"]["alerts"]
    code, out, _ = run(db, "health", "ts-logistics", *AS_OF, "--json")
    assert rows["ts-logistics"]["health"] == round(json.loads(out)["index"], 1)
