"""The API server the bench measures: `python -m graphkam serve --workers N` as a child process.

It listens on a free loopback port, over the bench's store, with a scratch users file holding
one admin (whose token the bench sends), and counts as ready when every worker has logged its
start-up and /healthz answers 200. Leaving the block stops it and waits for every process.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graphkam.bench.timing import clock
from graphkam.errors import GraphkamError

__all__ = ["ApiServer", "api_server", "descendants", "START_TIMEOUT_S"]

#: How long the server may take to start all its workers.
START_TIMEOUT_S = 90.0


@dataclass
class ApiServer:
    """A running `graphkam serve`: its base URL, an admin token and its process."""

    base: str
    token: str
    process: subprocess.Popen[bytes]

    def cpu_seconds(self) -> dict[int, float] | None:
        """User + system CPU seconds so far of the server and each of its workers, by process
        id (from /proc; None where there is no /proc)."""
        found: dict[int, float] = {}
        try:
            ticks = os.sysconf("SC_CLK_TCK")
            for pid in [self.process.pid, *descendants(self.process.pid)]:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                found[pid] = (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, ValueError, IndexError):
            return None
        return found


@contextlib.contextmanager
def api_server(store_url: str, workers: int) -> Iterator[ApiServer]:
    """`python -m graphkam serve --workers N` on 127.0.0.1 at a free port, over `store_url`,
    with a scratch users file holding one admin; stopped (and waited for) on exit."""
    from graphkam.auth import Role, UserStore

    with tempfile.TemporaryDirectory(prefix="graphkam-bench-api-") as tmp:
        users = Path(tmp) / "users.db"
        _, token = UserStore(users).add_user("bench", Role.ADMIN)
        port = _free_port()
        cmd = [sys.executable, "-m", "graphkam", "serve", "--host", "127.0.0.1"]
        cmd += ["--port", str(port), "--workers", str(workers), "--store", store_url]
        cmd += ["--users-db", str(users)]
        log = Path(tmp) / "server.log"
        with log.open("wb") as out:
            process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        server = ApiServer(f"http://127.0.0.1:{port}", token, process)
        try:
            start = clock()
            while not _ready(server, workers, log):
                if process.poll() is not None or clock() - start > START_TIMEOUT_S:
                    tail = log.read_text(errors="replace")[-2000:]
                    raise GraphkamError(
                        f"the benchmark API server did not start within {START_TIMEOUT_S:.0f} s"
                        f" (exit code {process.poll()}); its log ends:\n{tail}"
                    )
                threading.Event().wait(0.1)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)


def _ready(server: ApiServer, workers: int, log: Path) -> bool:
    """Every worker has finished starting (uvicorn logs it once per worker) and /healthz is 200."""
    import httpx

    started = log.read_text(errors="replace").count("Application startup complete")
    if started < workers:
        return False
    try:
        answer = httpx.get(f"{server.base}/healthz", timeout=5)
    except httpx.TransportError:  # not listening yet
        return False
    return bool(answer.status_code == 200)


def descendants(pid: int) -> list[int]:
    """Process ids below `pid` (children, grandchildren, ...), from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
