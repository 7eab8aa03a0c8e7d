"""`graphkam portfolio` and `analyze` through the cache: the same answers cached, uncached
(`--no-cache`) and after a write; a progress bar on a terminal's stderr for long scans.

Oracles: `portfolio_entry` / `analyze_account` on the subgraph read straight from the store.
Questions are asked as of today, so that a stance written now is in the answer (as of an
earlier day the history rewinds it: tests/analysis/test_cached.py checks that case).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import graphkam.cli.analysis as cli_analysis
from graphkam.analysis import AnalysisConfig, analyze_account, portfolio_entry
from graphkam.cli import app
from graphkam.model import NodeKind, Stance
from graphkam.stores import open_store
from graphkam.synthetic import SYNTHETIC_AS_OF, build_portfolio
from tests.cli.test_analysis_cli import run
from tests.conftest import sample_store

runner = CliRunner()
TODAY = dt.date.today()
AS_OF = ["--as-of", TODAY.isoformat()]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return sample_store(tmp_path / "sample.db")


def oracle(db: str) -> dict[str, object]:
    with open_store(db) as store:
        ids = [a.id for a in store.list_nodes(NodeKind.ACCOUNT)]
        entries = [portfolio_entry(store.account_subgraph(a), TODAY, AnalysisConfig()) for a in ids]
    return {e.account: json.loads(e.model_dump_json()) for e in entries}


def test_portfolio_cached_uncached_and_after_a_write(db: str) -> None:
    code, cold, err = run(db, "portfolio", *AS_OF, "--json")
    assert (code, err) == (0, "")
    assert {e["account"]: e for e in json.loads(cold)} == oracle(db)
    assert run(db, "portfolio", *AS_OF, "--json")[1] == cold
    assert run(db, "portfolio", *AS_OF, "--json", "--no-cache")[1] == cold
    with open_store(db) as store:
        top = store.get_node(NodeKind.STAKEHOLDER, "hx-top")
        store.upsert_nodes([top.model_copy(update={"stance": Stance.OPPONENT})])
    code, warm, _ = run(db, "portfolio", *AS_OF, "--json")
    after = {e["account"]: e for e in json.loads(warm)}
    assert after == oracle(db)
    assert after["hx-steel"] != {e["account"]: e for e in json.loads(cold)}["hx-steel"]


def test_analyze_cached_equals_the_direct_analysis(db: str) -> None:
    code, first, _ = run(db, "analyze", "dl-energy", *AS_OF, "--json")
    assert code == 0
    assert run(db, "analyze", "dl-energy", *AS_OF, "--json")[1] == first
    assert run(db, "analyze", "dl-energy", *AS_OF, "--json", "--no-cache")[1] == first
    with open_store(db) as store:
        gm = store.get_node(NodeKind.STAKEHOLDER, "dl-gm")
        store.upsert_nodes([gm.model_copy(update={"stance": Stance.SKEPTIC})])
        direct = analyze_account(store.account_subgraph("dl-energy"), TODAY)
    code, after, _ = run(db, "analyze", "dl-energy", *AS_OF, "--json")
    assert json.loads(after) == json.loads(direct.model_dump_json()) != json.loads(first)


def test_a_long_scan_draws_a_progress_bar_on_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More than PROGRESS_MIN_ACCOUNTS accounts (of 3 people each): on a terminal the bar is
    drawn on stderr up to the final count; into a pipe, stderr stays empty. stdout holds only
    the JSON either way."""
    n = cli_analysis.PROGRESS_MIN_ACCOUNTS + 1
    url = f"sqlite:///{tmp_path / 'many.db'}"
    with open_store(url, audit=False) as store:
        store.import_map(build_portfolio(n, 3))
    args = ["portfolio", "--as-of", SYNTHETIC_AS_OF.isoformat(), "--json", "--store", url]
    piped = runner.invoke(app, args)
    assert (piped.exit_code, piped.stderr) == (0, "")
    assert len(json.loads(piped.stdout)) == n
    screen = io.StringIO()
    monkeypatch.setattr(
        cli_analysis, "err_console", Console(file=screen, force_terminal=True, width=100)
    )
    shown = runner.invoke(app, [*args, "--no-cache"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout) == json.loads(piped.stdout)
    drawn = screen.getvalue()
    assert "portfolio scan" in drawn and f"{n}/{n}" in drawn
