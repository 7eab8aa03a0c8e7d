"""The portfolio ranked by what is at stake, with next actions, coach/owner filters, several
--gap and a spreadsheet export: library known answers and the CLI on the shipped sample."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from graphkam.analysis import AnalysisConfig, analyze_projection, project
from graphkam.analysis.stake import account_stake
from graphkam.cli import app
from graphkam.sample import SAMPLE_AS_OF, load_sample
from graphkam.stores import open_store
from tests.analysis.conftest import AS_OF, member, person, subgraph, tie

runner = CliRunner()


def test_value_at_stake_by_hand() -> None:
    """Tier B, no revenue, no orders: value 100,000 (tier value). Gaps: role_missing for six
    roles (economic buyer high; five others medium), iron triangle: solution and delivery
    manager missing (medium, medium). at_risk = 1 − 0.7 × 0.9^7 = 1 − 0.3348 = 0.665192."""
    sg = subgraph(
        stakeholders=[person("dm", ["decision_maker"])],
        team=[member("am"), member("ex", "executive_sponsor")],
        relationships=[tie("am", "dm"), tie("ex", "dm")],
    )
    proj = project(sg, AS_OF, AnalysisConfig())
    gaps = analyze_projection(proj, brokers=False, recommendations=False).gaps
    stake = account_stake(proj, gaps)
    assert (stake.value, stake.value_source) == (100_000, "tier")
    assert stake.at_risk == pytest.approx(1 - 0.7 * 0.9**7, abs=1e-6)
    assert stake.at_stake == pytest.approx(100_000 * (1 - 0.7 * 0.9**7), abs=0.01)
    rich = sg.model_copy(
        update={"accounts": [sg.accounts[0].model_copy(update={"revenue": 2_000_000})]}
    )
    assert account_stake(project(rich, AS_OF, AnalysisConfig()), gaps).value_source == "revenue"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('stake') / 'sample.db'}"
    with open_store(url) as store:
        store.import_map(load_sample())
    return url


def _csv(db: str, *args: str) -> list[dict[str, str]]:
    result = runner.invoke(
        app, ["portfolio", "--as-of", SAMPLE_AS_OF.isoformat(), "--format", "csv", *args,
              "--store", db],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_sample_portfolio_puts_the_most_at_stake_first(db: str) -> None:
    """Revenue from the sample's accounts (graphkam/data/sample-portfolio.yaml) × at_risk:
    sz-data 5,076,000 × (1 − 0.7 × 0.9) = 1,878,120 (competitor-owned DM high, technical buyer
    uncovered medium); kr-health 5,714,000 × 0.3 = 1,714,200; ts-logistics 5,394,000 × 0.3 =
    1,618,200; dl-energy 4,637,000 × 0.3 = 1,391,100; ym-retail 2,753,000 × 0.3 = 825,900.
    The six healthy accounts follow, by tier then id — although three of them are tier S."""
    rows = _csv(db)
    assert [(r["account"], r["at stake"]) for r in rows[:5]] == [
        ("sz-data", "1878120"),
        ("kr-health", "1714200"),
        ("ts-logistics", "1618200"),
        ("dl-energy", "1391100"),
        ("ym-retail", "825900"),
    ]
    assert [r["account"] for r in rows[5:]] == [
        "hx-steel", "jh-bank", "yx-telecom", "hx-group", "hf-foods", "lq-textile",
    ]  # fmt: skip
    kr = rows[1]
    assert (kr["owner"], kr["revenue"], kr["top gap"], kr["action owner"]) == (
        "am-chen", "5714000", "opponent_uncovered:kr-med", "am-chen",
    )  # fmt: skip
    assert kr["next action"].endswith("(kr-med): opens a line to an influential opponent")
    assert kr["health"].isdigit()
    assert rows[5]["next action"] == "-" and rows[5]["at stake"] == "0"


def test_coach_owner_and_several_gaps(db: str) -> None:
    """mgr-sun coaches am-lin, am-chen, am-zhao and cs-wu (graphkam/sample.py _TEAM), who
    between them are on all eleven accounts; mgr-sun is on no team, so --owner mgr-sun used to
    return nothing."""
    everyone = [r["account"] for r in _csv(db)]
    assert [r["account"] for r in _csv(db, "--coach", "mgr-sun")] == everyone
    assert [r["account"] for r in _csv(db, "--owner", "mgr-sun")] == everyone
    assert [r["account"] for r in _csv(db, "--coach", "es-zhou")] == []  # coaches mgr-sun only
    two = _csv(db, "--gap", "single_threaded", "--gap", "champion_left")
    assert [r["account"] for r in two] == ["ts-logistics", "dl-energy"]
    result = runner.invoke(app, ["portfolio", "--coach", "ghost", "--store", db])
    assert (result.exit_code, result.stderr) == (
        1,
        "error: not found: no team member with id 'ghost'\n",
    )
