"""`graphkam generate` and `graphkam bench --size tiny` through typer's CliRunner.

No timing is asserted (performance is measured by `graphkam bench` itself, see
docs/performance.md): the tests check that every field is present and sane.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import graphkam.cli.bench  # noqa: F401  (registers generate and bench)
from graphkam.bench.floors import growth_exponent
from graphkam.bench.report import BenchReport, report_markdown
from graphkam.bench.timing import median, percentile
from graphkam.cli.common import app
from graphkam.stores import open_store
from graphkam.synthetic import SIZES, Size, build_portfolio

runner = CliRunner()
TINY = SIZES[Size.TINY]


def test_growth_exponent_known_answers() -> None:
    # t = 3 n^2 exactly: slope 2; t = 5 n: slope 1; a single size: 0
    assert growth_exponent([(n, 3 * n**2) for n in (50, 200, 1_000, 5_000)]) == 2.0
    assert growth_exponent([(n, 5 * n) for n in (50, 5_000)]) == 1.0
    assert growth_exponent([(50, 1.0)]) == 0.0


def test_percentile_and_median_known_answers() -> None:
    # nearest rank: p50 of 1..10 is the 5th value, p95 the 10th; p99 of 1..100 the 99th
    assert percentile(range(1, 11), 50) == 5
    assert percentile(range(1, 11), 95) == 10
    assert percentile(range(1, 101), 99) == 99
    assert median([4, 1, 3, 2]) == 2.5 and median([3, 1, 2]) == 2


@pytest.mark.parametrize("args", [["generate", "-h"], ["bench", "--help"]])
def test_help(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "Usage:" in result.stdout


@pytest.mark.parametrize(
    "args", [["generate"], ["generate", "-o", "x.yaml", "--store", "sqlite:///x.db"]]
)
def test_generate_needs_one_target(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr == "error: invalid input: give exactly one of -o FILE and --store URL\n"


def test_generate_into_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'gen.db'}"
    result = runner.invoke(app, ["generate", "--size", "tiny", "--store", url])
    assert result.exit_code == 0, result.output
    expected = build_portfolio(TINY.accounts, TINY.stakeholders)
    assert f"{expected.row_count():,} rows" in result.stdout
    with open_store(url) as store:
        counts = store.counts()
    assert counts["accounts"] == TINY.accounts
    assert counts["stakeholders"] == TINY.accounts * TINY.stakeholders
    assert counts["relationships"] == len(expected.relationships)


def test_bench_refuses_a_store_with_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'full.db'}"
    assert runner.invoke(app, ["generate", "--size", "tiny", "--store", url]).exit_code == 0
    result = runner.invoke(app, ["bench", "--size", "tiny", "--store", url])
    assert result.exit_code == 1
    assert "is not empty (6 accounts)" in result.stderr


def test_bench_tiny_report(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = runner.invoke(app, ["bench", "--size", "tiny", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "one account, full analysis" in result.stdout and "targets" in result.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report) == {
        "environment", "import", "latency", "scan", "api", "floors", "targets", "total_seconds"
    }  # fmt: skip
    env = report["environment"]
    assert (env["size"], env["accounts"], env["backend"]) == ("tiny", 6, "sqlite")
    assert env["workers"] >= 1 and env["as_of"] == "2026-11-15"

    imp = report["import"]
    rows = build_portfolio(TINY.accounts, TINY.stakeholders).row_count()
    assert imp["rows"] == rows and imp["chunks"] == 1
    assert imp["rows_per_s"] > 0 and imp["raw_rows_per_s"] > 0 and imp["ratio_to_raw"] > 0
    assert imp["with_validation_rows_per_s"] <= imp["rows_per_s"]
    assert imp["cpu_rows_per_s"] > 0 and imp["raw_cpu_rows_per_s"] > 0
    assert imp["cpu_ratio_to_raw"] > 0

    assert [r["stakeholders"] for r in report["latency"]] == [20, 50]
    for r in report["latency"]:
        assert r["runs"] == 30 and 0 < r["p50_ms"] <= r["p95_ms"] and r["read_p50_ms"] > 0
        assert r["cpu_p50_ms"] > 0
        assert r["relationships"] > r["stakeholders"]

    scan = report["scan"]
    assert scan["accounts"] == 6 and scan["runs"] == 1 and len(scan["seconds_runs"]) == 1
    assert scan["seconds"] > 0 and scan["io_floor_seconds"] > 0 and scan["ratio_to_io_floor"] > 0
    assert scan["raw_read_seconds"] > 0
    assert scan["cpu_seconds"] > 0 and scan["io_floor_cpu_seconds"] > 0
    # The peak is the sampled sum of resident sets; getrusage's maxima are per process and, for
    # a forked process, start from the parent's size, so neither bounds the other.
    assert scan["peak_rss_mb"] > 0 and scan["rss_self_mb"] > 0 and scan["rss_worker_max_mb"] > 0
    # one visit to one account, then a rescan: that account alone is analysed again
    assert scan["rescan_analysed"] == 1 and scan["rescan_account"] in _synthetic_ids()
    assert scan["rescan_seconds"] > 0 and scan["rescan_cpu_seconds"] > 0
    assert scan["raw_read_cpu_seconds"] > 0 and scan["floor_cpu_seconds"] > 0
    assert scan["cpu_ratio_to_floor"] == round(scan["cpu_seconds"] / scan["floor_cpu_seconds"], 2)

    api = report["api"]
    assert api["available"] is True and api["clients"] == 8 and api["errors"] == 0
    assert 1 <= api["requests"] <= 40 and 0 < api["p50_ms"] <= api["p99_ms"]

    markdown = report_markdown(BenchReport.model_validate(report))
    assert "| measure | value |" in markdown and "| 20 | " in markdown

    floors = report["floors"]
    works = ["full analysis", "without brokers", "coalitions", "health"]
    assert [(r["work"], r["stakeholders"]) for r in floors["rows"]] == [
        (w, n) for n in (20, 50) for w in works
    ]
    for r in floors["rows"]:
        assert r["graphkam_ms"] > 0 and r["floor_ms"] > 0 and r["runs"] == 15
        # both sides are rounded to 0.001 ms, the ratio to 0.01
        slack = 0.0005 / r["floor_ms"] + 0.0005 / r["graphkam_ms"]
        expected = r["graphkam_ms"] / r["floor_ms"]
        assert abs(r["ratio"] - expected) <= 0.005 + slack * expected + 1e-9
    assert set(floors["growth"]) == set(works)
    cli = floors["cli_start"]
    assert cli["runs"] == 5 and cli["graphkam_h_ms"] > cli["python_pass_ms"] > 0
    assert cli["extra_ms"] == pytest.approx(cli["graphkam_h_ms"] - cli["python_pass_ms"], abs=0.02)
    assert cli["graphkam_h_cpu_ms"] > cli["python_pass_cpu_ms"] > 0
    extra_cpu = cli["graphkam_h_cpu_ms"] - cli["python_pass_cpu_ms"]
    assert cli["extra_cpu_ms"] == pytest.approx(extra_cpu, abs=0.02)
    assert "graphkam / floor" in result.stdout and "growth exponent" in result.stdout

    names = [t["name"] for t in report["targets"]]
    assert names == [
        "scan_floor", "rescan", "import_file_bare", "import_file_audited", "cli_start",
        "api_ratio", "api_p99", "api_repeat",
    ]  # fmt: skip
    file_import = report["import"]["file_import"]
    assert file_import["rows"] == report["import"]["rows"]  # the whole tiny portfolio
    assert file_import["history_rows"] > 0 and file_import["audited_cpu_rows_per_s"] > 0
    # tiny is not the large portfolio: a rescan there can miss its target, not meet it
    assert {t["met"] for t in report["targets"] if t["name"] == "rescan"} <= {None, False}


def _synthetic_ids() -> set[str]:
    return {a.id for a in build_portfolio(TINY.accounts, TINY.stakeholders).accounts}
