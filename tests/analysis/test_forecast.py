"""Decay forecast and `graphkam refresh`, with dates worked by hand from the half-life rule
effective = strength × 0.5 ** (age / 90) (docs/scores.md section 1)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from typer.testing import CliRunner

from graphkam.analysis import AnalysisConfig, project
from graphkam.analysis.forecast import forecast_ties, ties_to_renew
from graphkam.cli import app
from graphkam.sample import SAMPLE_AS_OF, load_sample
from graphkam.stores import open_store
from tests.analysis.conftest import AS_OF, member, person, subgraph, tie

runner = CliRunner()


def _account():  # type: ignore[no-untyped-def]
    return subgraph(
        stakeholders=[person("dm", ["decision_maker"], influence=0.9), person("x", ["influencer"])],
        team=[member("am")],
        relationships=[tie("am", "dm", 0.8, 10), tie("am", "x", 0.35, 10)],
    )


def test_forecast_dates_by_hand() -> None:
    """am - dm: strength 0.8, last met 2026-11-05 (10 days before AS_OF 2026-11-15).
    Coverage: 0.8 × 0.5 ** (a / 90) >= 0.4 while a <= 90 × log2(2) = 90, and fresh while
    a <= 90: the last good day is age 90, lost on 2026-11-05 + 91 = 2027-02-04.
    Threading: a* = 90 × log2(0.8 / 0.3) = 127.35: lost on 2026-11-05 + 128 = 2027-03-13.
    am - x: 0.35 is below 0.4 already (no coverage date); a* = 90 × log2(0.35/0.3) = 20.02,
    lost on 2026-11-05 + 21 = 2026-11-26."""
    by = {f.stakeholder: f for f in forecast_ties(project(_account(), AS_OF, AnalysisConfig()))}
    assert (by["dm"].coverage_lost_on, by["dm"].threading_lost_on) == (
        dt.date(2027, 2, 4),
        dt.date(2027, 3, 13),
    )
    assert (by["x"].coverage_lost_on, by["x"].threading_lost_on) == (None, dt.date(2026, 11, 26))
    # the day before the threading date it is still >= 0.3, on the date below it
    for day, above in ((dt.date(2027, 3, 12), True), (dt.date(2027, 3, 13), False)):
        assert (0.8 * 0.5 ** ((day - dt.date(2026, 11, 5)).days / 90) >= 0.3) is above


def test_ties_to_renew_within_the_window() -> None:
    """Within 14 days only x's threading date (2026-11-26, 11 days left) falls."""
    renewals = ties_to_renew([_account()], AS_OF, 14)
    assert [(r.stakeholder, r.member, r.lost_on, r.cut_off, r.days_left) for r in renewals] == [
        ("x", "am", dt.date(2026, 11, 26), "threading", 11)
    ]
    # within 90 days dm's coverage date (2027-02-04, 81 days) falls too; dm holds all the
    # influence (x sways nobody), so dm's tie comes first: 100,000 (tier B) × 1.0 / 81 days
    both = ties_to_renew([_account()], AS_OF, 90)
    assert [(r.stakeholder, r.days_left, r.value_at_stake) for r in both] == [
        ("dm", 81, 100_000.0),
        ("x", 11, 0.0),
    ]
    assert ties_to_renew([_account()], AS_OF, 10) == []


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('refresh') / 'sample.db'}"
    with open_store(url) as store:
        store.import_map(load_sample())
    return url


def test_refresh_on_the_sample(db: str) -> None:
    """From graphkam/data/sample-portfolio.yaml: dm-ma -> sz-p03, strength 0.58, last contact
    2026-09-28: coverage a* = 90 × log2(0.58 / 0.4) = 48.24, lost on 09-28 + 49 = 2026-11-16
    (one day left). dm-guo -> hf-p01, strength 0.56, last contact 2026-09-19: effective on
    2026-11-15 is 0.56 × 0.5 ** (57/90) = 0.361 (already below 0.4); threading a* = 90 ×
    log2(0.56 / 0.3) = 81.04, lost on 09-19 + 82 = 2026-12-10 (25 days left)."""
    result = runner.invoke(
        app, ["refresh", "--within", "30d", "--as-of", SAMPLE_AS_OF.isoformat(), "--format",
              "csv", "--store", db],
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    found = {
        (r["meet"].rsplit("(", 1)[1][:-1], r["who goes"].rsplit("(", 1)[1][:-1]): r for r in rows
    }
    sz = found[("sz-p03", "dm-ma")]
    assert (sz["account"], sz["last contact"], sz["lost on"], sz["cut-off"], sz["days left"]) == (
        "sz-data", "2026-09-28", "2026-11-16", "coverage", "1",
    )  # fmt: skip
    hf = found[("hf-p01", "dm-guo")]
    assert (hf["effective"], hf["lost on"], hf["cut-off"], hf["days left"]) == (
        "0.361", "2026-12-10", "threading", "25",
    )  # fmt: skip
    lost = [dt.date.fromisoformat(r["lost on"]) for r in rows]
    assert all(SAMPLE_AS_OF < d <= SAMPLE_AS_OF + dt.timedelta(days=30) for d in lost)
    urgency = [float(r["value at stake"]) / int(r["days left"]) for r in rows]
    ordered = sorted(urgency, reverse=True)
    assert max(abs(a - b) for a, b in zip(urgency, ordered, strict=True)) < 1  # printed rounding
    bad = runner.invoke(app, ["refresh", "--within", "soon", "--store", db])
    assert (bad.exit_code, bad.stderr) == (
        1,
        "error: invalid input: --within: 'soon' is not a duration (use e.g. 14d or 2w)\n",
    )
