"""Crash safety: SIGKILL `graphkam import` at random moments; the store holds all of it or none.

The import runs the real CLI command (`graphkam import FILE --store ...`) in a forked child
process (forking skips a fresh interpreter's start-up, seconds on a loaded 2-core machine),
against a SQLite file that already holds the shared example. After each kill the file must
open cleanly (integrity_check ok) and hold either the example alone or the example plus the
whole import, history included.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from graphkam.cli import app
from graphkam.io import generate_account_map, read_account_map
from graphkam.stores import open_store
from graphkam.synthetic import build_portfolio
from tests.conftest import EXAMPLE_MAP

#: Seeded kill moments; at least 20 kills (the brief's floor).
SEED = 20261123
KILLS = 22
#: The imported portfolio: 4 accounts of 60 people, 1,184 rows (plus as many Change records).
ACCOUNTS, PEOPLE = 4, 60


def _import(db: Path, source: Path) -> int:
    """Fork a child running `graphkam import source --store db`; its pid."""
    pid = os.fork()
    if pid == 0:  # the child: run the CLI, never return into pytest
        code = 1
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            app(["import", str(source), "--store", f"sqlite:///{db}"], standalone_mode=False)
            code = 0
        finally:
            os._exit(code)
    return pid


def _wait(pid: int) -> int:
    """The child's exit status (negative: killed by that signal)."""
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _state(db: Path) -> dict[str, int]:
    """Counts of every section (history included) after checking the file is sound."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    with open_store(f"sqlite:///{db}", audit=False) as st:
        return st.counts()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("crash")
    big = root / "big.json"
    doc = build_portfolio(ACCOUNTS, PEOPLE, seed=7)
    big.write_text(generate_account_map(doc, "json"), encoding="utf-8")
    base = root / "base.db"
    with open_store(f"sqlite:///{base}") as st:
        st.import_map(read_account_map(EXAMPLE_MAP))
    return {"big": big, "base": base, "root": root}


def test_sigkill_during_import_leaves_all_or_nothing(files: dict[str, Path]) -> None:
    root, base, big = files["root"], files["base"], files["big"]
    before = _state(base)
    full_db = root / "full.db"
    shutil.copy(base, full_db)
    started = time.perf_counter()
    assert _wait(_import(full_db, big)) == 0
    span = time.perf_counter() - started
    after = _state(full_db)
    assert after["stakeholders"] == before["stakeholders"] + ACCOUNTS * PEOPLE
    assert after["changes"] > before["changes"]

    rng = random.Random(SEED)
    outcomes = {"none": 0, "all": 0}
    deadline = time.perf_counter() + max(60.0, 3 * KILLS * span)
    for i in range(KILLS):
        db = root / f"kill{i}.db"
        shutil.copy(base, db)
        pid = _import(db, big)
        time.sleep(rng.uniform(0.0, span * 1.05))
        os.kill(pid, signal.SIGKILL)
        _wait(pid)
        state = _state(db)
        assert state in (before, after), f"kill {i}: half an import: {state}"
        outcomes["none" if state == before else "all"] += 1
        db.unlink()
        for extra in root.glob(f"kill{i}.db-*"):
            extra.unlink()
        assert time.perf_counter() < deadline, "crash test over its time budget"
    assert outcomes["none"] > 0, outcomes
    print(f"import took {span:.2f} s; {KILLS} kills: {outcomes}")
