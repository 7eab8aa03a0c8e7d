"""The load test in its short form (4 clients x 5 s): zero 5xx, no lost updates, history kept.

The full run (16 clients x 30 s) is `.venv/bin/python scripts/loadtest.py`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "loadtest.py"


def test_short_load_run_has_no_5xx_and_no_lost_updates() -> None:
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--clients", "4", "--duration", "5", "--json"],
        capture_output=True,
        text=True,
        timeout=240,
    )
    report = json.loads(out.stdout)
    assert out.returncode == 0 and report["ok"], report["failures"]
    assert report["server_errors"] == 0 and report["unexpected"] == 0
    assert report["requests"] > 20
    assert report["appended"] == report["stored_appended"] > 0
    assert report["increments"] == report["stored_counter"] == report["history_increments"] > 0
    assert 0 < report["p50_ms"] <= report["p99_ms"]
    assert set(report["by_operation"]) == {"analysis", "list", "get", "append", "increment"}
