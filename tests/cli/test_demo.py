"""`graphkam demo` loads the sample and names its planted problems (no server)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from graphkam.cli import app


def test_demo_reports_the_planted_problems(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = CliRunner().invoke(app, ["demo", "--no-serve", "--store", url], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    # graphkam.sample.PLANTED: each planted account shows its gap in the portfolio table.
    for planted in (
        "single_threaded:dl-chair",
        "opponent_uncovered:kr-med",
        "champion_left:ts-cio",
        "role_uncovered:economic_buyer",
    ):
        assert planted in out
    assert "under-served" in out  # hf-foods, assigned B, suggested S
    assert "ts-logistics" in out and "health_drop" in out
    assert "Visit brief: 省大数据中心 Provincial Big Data Center (sz-data)" in out
    assert "loaded the sample portfolio" in result.stderr
    again = CliRunner().invoke(app, ["demo", "--no-serve", "--store", url], terminal_width=200)
    assert again.exit_code == 0  # idempotent: the sample upserts over itself
