"""Bounded load test of `graphkam serve` on loopback: mixed reads and writes, no 5xx, no lost
updates.

Starts `graphkam serve` as a subprocess on a free 127.0.0.1 port with a fresh SQLite store (the
shared example plus a counter account) and a scratch admin user, then runs CLIENTS threads for
DURATION seconds (hard stop: the run is abandoned DURATION + 60 s after it starts). Each client
loops over a weighted mix:
- reads (60%): an account's analysis, a stakeholder list, one stakeholder;
- appends (20%): POST a new interaction with a unique id;
- increments (20%): GET the counter account, PATCH its `revenue` + 1 with If-Match, and on 412
  read again and retry.
Afterwards the store must hold exactly the interactions that were answered 201 and a revenue
equal to the number of increments answered 200, with one history entry (Change) per increment;
any 5xx or unexpected status fails the run.
Latency p50/p99 are reported per operation and overall.

    .venv/bin/python scripts/loadtest.py                    # 16 clients, 30 s
    .venv/bin/python scripts/loadtest.py --clients 4 --duration 5 --json
Exit status 0 when every check holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "account-map.yaml"
GRAPHKAM = [sys.executable, "-m", "graphkam"]
COUNTER = "lt-counter"
#: Seconds beyond --duration after which the whole run is abandoned.
HARD_STOP_GRACE_S = 60.0

__all__ = ["LoadReport", "run_load", "main"]


@dataclass
class LoadReport:
    """What a load run did and whether every check held."""

    clients: int
    duration_s: float
    requests: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    server_errors: int = 0
    unexpected: int = 0
    appended: int = 0
    increments: int = 0
    retries_412: int = 0
    stored_appended: int = -1
    stored_counter: float = -1.0
    history_increments: int = -1
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    by_operation: dict[str, dict[str, float]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _prepare(work: Path) -> tuple[str, dict[str, str], str]:
    """A fresh store (example + counter account) and an admin token: (store URL, env, token)."""
    store = f"sqlite:///{work / 'load.db'}"
    env = {**os.environ, "GRAPHKAM_USERS_DB": str(work / "users.db"), "GRAPHKAM_STORE": store}
    counter = work / "counter.yaml"
    counter.write_text(f"accounts:\n  - {{id: {COUNTER}, name: Counter, revenue: 0}}\n")
    for args in (["import", str(EXAMPLE)], ["import", str(counter)]):
        subprocess.run([*GRAPHKAM, *args], env=env, check=True, capture_output=True, timeout=120)
    out = subprocess.run(
        [*GRAPHKAM, "users", "add", "loadtest", "--role", "admin"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return store, env, out.stdout.strip().split()[-1]


def _start_server(env: dict[str, str], port: int, deadline: float) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [*GRAPHKAM, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/healthz"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"graphkam serve exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    _stop(proc)
    raise RuntimeError("graphkam serve did not answer /healthz in time")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group, then SIGKILL if it lingers."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


class _Client(threading.Thread):
    """One simulated user: a weighted mix of reads, appends and increments until `stop_at`."""

    def __init__(self, n: int, base: str, token: str, stop_at: float, seed: int) -> None:
        super().__init__(daemon=True, name=f"load-client-{n}")
        self.n, self.stop_at = n, stop_at
        self.rng = random.Random(f"{seed}:{n}")
        self.http = httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=15.0
        )
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter[int] = Counter()
        self.unexpected: list[str] = []
        self.appended = self.increments = self.retries = 0

    def _call(
        self, op: str, method: str, url: str, ok: tuple[int, ...], **kw: Any
    ) -> httpx.Response:
        started = time.perf_counter()
        resp = self.http.request(method, url, **kw)
        self.latency[op].append((time.perf_counter() - started) * 1000)
        self.statuses[resp.status_code] += 1
        if resp.status_code not in ok:
            self.unexpected.append(f"{op} {method} {url}: {resp.status_code}")
        return resp

    def run(self) -> None:
        try:
            while time.monotonic() < self.stop_at:
                roll = self.rng.random()
                if roll < 0.2:
                    self._read("analysis", "/accounts/hx-steel/analysis?as_of=2026-11-15")
                elif roll < 0.4:
                    self._read("list", "/stakeholders?account=hx-steel")
                elif roll < 0.6:
                    self._read("get", "/stakeholders/hx-cio")
                elif roll < 0.8:
                    self._append()
                else:
                    self._increment()
        except httpx.HTTPError as exc:
            self.unexpected.append(f"client {self.n}: {type(exc).__name__}: {exc}")
        finally:
            self.http.close()

    def _read(self, op: str, url: str) -> None:
        self._call(op, "GET", url, (200,))

    def _append(self) -> None:
        body = {
            "id": f"lt-{self.n}-{self.appended}",
            "date": "2026-11-01",
            "team": ["rep-lin"],
            "stakeholders": ["hx-cio"],
            "purpose": "relationship",
        }
        if self._call("append", "POST", "/interactions", (201,), json=body).status_code == 201:
            self.appended += 1

    def _increment(self) -> None:
        while time.monotonic() < self.stop_at + 10:
            got = self._call("increment", "GET", f"/accounts/{COUNTER}", (200,))
            if got.status_code != 200:
                return
            revenue = float(got.json().get("revenue") or 0)
            resp = self._call(
                "increment",
                "PATCH",
                f"/accounts/{COUNTER}",
                (200, 412),
                json={"revenue": revenue + 1},
                headers={"If-Match": got.headers["etag"]},
            )
            if resp.status_code == 200:
                self.increments += 1
                return
            if resp.status_code != 412:
                return
            self.retries += 1


def run_load(clients: int = 16, duration: float = 30.0, seed: int = 7) -> LoadReport:
    """Run one bounded load test (see the module docstring) and check its invariants."""
    hard_stop = time.monotonic() + duration + HARD_STOP_GRACE_S + 60
    report = LoadReport(clients=clients, duration_s=duration)
    work = Path(tempfile.mkdtemp(prefix="graphkam-load-"))
    proc: subprocess.Popen[bytes] | None = None
    try:
        store, env, token = _prepare(work)
        port = _free_port()
        proc = _start_server(env, port, time.monotonic() + 60)
        stop_at = time.monotonic() + duration
        threads = [
            _Client(i, f"http://127.0.0.1:{port}", token, stop_at, seed) for i in range(clients)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max(0.0, min(hard_stop, stop_at + HARD_STOP_GRACE_S) - time.monotonic()))
        if any(t.is_alive() for t in threads):
            report.failures.append("clients still running at the hard stop")
        _stop(proc)
        _collect(report, threads)
        _verify(report, store)
    except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
        report.failures.append(f"{type(exc).__name__}: {exc}")
    finally:
        if proc is not None:
            _stop(proc)
        shutil.rmtree(work, ignore_errors=True)
    return report


def _collect(report: LoadReport, threads: list[_Client]) -> None:
    statuses: Counter[int] = Counter()
    latency: dict[str, list[float]] = defaultdict(list)
    for t in threads:
        statuses.update(t.statuses)
        for op, values in t.latency.items():
            latency[op].extend(values)
        report.appended += t.appended
        report.increments += t.increments
        report.retries_412 += t.retries
        report.unexpected += len(t.unexpected)
        report.failures.extend(t.unexpected[:5])
    every = [v for values in latency.values() for v in values]
    report.requests = len(every)
    report.statuses = {str(k): v for k, v in sorted(statuses.items())}
    report.server_errors = sum(v for k, v in statuses.items() if k >= 500)
    report.p50_ms = round(statistics.median(every), 1) if every else 0.0
    report.p99_ms = round(_percentile(every, 99), 1)
    report.by_operation = {
        op: {
            "n": len(v),
            "p50_ms": round(statistics.median(v), 1),
            "p99_ms": round(_percentile(v, 99), 1),
        }
        for op, v in sorted(latency.items())
    }
    if report.server_errors:
        report.failures.append(f"{report.server_errors} answers were 5xx")
    if report.requests == 0:
        report.failures.append("no request was answered")


def _verify(report: LoadReport, store: str) -> None:
    """Compare what the clients were told with what the store holds (no lost updates)."""
    from graphkam.model import Account, NodeKind, RecordKind
    from graphkam.stores import open_store

    with open_store(store, audit=False) as st:
        visits = st.list_records(RecordKind.INTERACTION, "hx-steel")
        report.stored_appended = sum(1 for v in visits if str(v.id).startswith("lt-"))
        counter = st.get_node(NodeKind.ACCOUNT, COUNTER)
        assert isinstance(counter, Account)
        report.stored_counter = float(counter.revenue or 0)
        report.history_increments = sum(
            1
            for c in st.list_records(RecordKind.CHANGE, COUNTER)
            if getattr(c, "action", None) == "update" and "revenue" in getattr(c, "fields", [])
        )
    if report.stored_appended != report.appended:
        report.failures.append(
            f"lost appends: {report.appended} answered 201, {report.stored_appended} stored"
        )
    if report.stored_counter != report.increments:
        report.failures.append(
            f"lost updates: {report.increments} increments answered 200, "
            f"counter is {report.stored_counter:g}"
        )
    if report.history_increments != report.increments:
        report.failures.append(
            f"history: {report.increments} increments, {report.history_increments} recorded"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    report = run_load(args.clients, args.duration, args.seed)
    data = {**report.__dict__, "ok": report.ok}
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print(
            f"{report.clients} clients x {report.duration_s:g} s: {report.requests} requests, "
            f"p50 {report.p50_ms} ms, p99 {report.p99_ms} ms, statuses {report.statuses}"
        )
        for op, stats in report.by_operation.items():
            print(
                f"  {op:<10} n={stats['n']:<6} p50 {stats['p50_ms']} ms  p99 {stats['p99_ms']} ms"
            )
        print(
            f"appended {report.appended} (stored {report.stored_appended}), increments "
            f"{report.increments} (counter {report.stored_counter:g}), 412 retries "
            f"{report.retries_412}"
        )
        for failure in report.failures:
            print(f"FAIL: {failure}")
        print("OK" if report.ok else "FAILED")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
