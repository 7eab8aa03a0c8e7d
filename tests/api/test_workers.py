"""`graphkam serve --workers N`: N server processes that share sessions and data."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from graphkam.bench.api_server import descendants
from tests.api.conftest import build_api

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _python_workers(pid: int) -> list[int]:
    workers = []
    for child in descendants(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:  # a multiprocessing worker, not its resource tracker
            workers.append(child)
    return workers


def test_two_workers_serve_one_store_and_share_sessions(tmp_path: Path) -> None:
    api = build_api(tmp_path)
    port = _free_port()
    cmd = [sys.executable, "-m", "graphkam", "serve", "--port", str(port), "--workers", "2"]
    cmd += ["--store", api.store_url, "--users-db", str(tmp_path / "users.db")]
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=dict(os.environ))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while len(_python_workers(proc.pid)) < 2 or not _answers(f"{base}/healthz"):
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        assert len(_python_workers(proc.pid)) == 2
        assert "with 2 workers" in log.read_text()
        with httpx.Client(base_url=base, timeout=10) as client:
            r = client.post("/login", content=f"token={api.tokens['rep']}", headers=FORM)
            assert r.status_code in (200, 303), r.text
            # Forty requests on new connections land on both workers; every one of them
            # knows the session that one worker created (sessions live in the users file).
            for _ in range(40):
                cookies = {"graphkam_session": client.cookies["graphkam_session"]}
                answer = httpx.get(f"{base}/session", cookies=cookies, timeout=10)
                assert answer.status_code == 200, answer.text
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert _python_workers(proc.pid) == []


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.TransportError:
        return False
