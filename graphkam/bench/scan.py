"""A streaming portfolio scan on every core, and its I/O floor, measured in a child process.

The parent lists the account ids and hands out batches of ids; each worker process opens the
store once and reads and analyses its batches itself, so reading is parallel too and nothing
larger than a batch of entries crosses a process boundary. Entries are written to a JSON-lines
file as batches finish and only the `top` riskiest are kept in memory, so memory is
bounded by the batches in flight whatever the portfolio size. The I/O floor runs the same
pipeline with the analysis left out.

`python -m graphkam.bench.scan --store URL ...` runs one scan and prints a `ScanRun` as JSON:
the benchmark runs it as a child process so that its peak RSS is the scan's alone.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sqlite3
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from datetime import date
from pathlib import Path
from typing import TextIO

from pydantic import BaseModel

from graphkam.bench.timing import clock

__all__ = ["ScanRun", "stream_scan", "raw_read_seconds", "main"]

#: Accounts per task handed to a worker.
BATCH_ACCOUNTS = 50


class ScanRun(BaseModel):
    """One scan (or I/O-floor read) of a whole portfolio."""

    mode: str
    accounts: int
    workers: int
    seconds: float
    #: CPU seconds (user + system) of the scan process and its workers during the scan.
    cpu_seconds: float
    #: Peak of the sum of the resident sets of the scan process and its workers (sampled).
    peak_rss_mb: float
    #: getrusage: the scan process' own peak, and the largest worker's peak.
    rss_self_mb: float
    rss_worker_max_mb: float
    top: list[dict[str, object]]


# -- workers -----------------------------------------------------------------------------------

_worker_store = None


def _open_worker(url: str) -> None:
    """Pool initializer: each worker opens the store once."""
    global _worker_store
    from graphkam.stores import open_store

    _worker_store = open_store(url, audit=False)


def _work(ids: list[str], as_of: date, analyse: bool) -> list[dict[str, object]] | int:
    """Read (and analyse) one batch; the entries as JSON-ready dicts, or the count read."""
    assert _worker_store is not None
    subgraphs = _worker_store.iter_subgraphs(batch_size=len(ids), account_ids=ids)
    if not analyse:
        return sum(1 for _ in subgraphs)
    from graphkam.analysis import AnalysisConfig, portfolio_entry

    config = AnalysisConfig()
    return [portfolio_entry(sg, as_of, config).model_dump(mode="json") for sg in subgraphs]


# -- the scan ----------------------------------------------------------------------------------


def stream_scan(
    store_url: str,
    as_of: date,
    *,
    workers: int | None = None,
    analyse: bool = True,
    out: TextIO | None = None,
    top: int = 20,
    batch: int = BATCH_ACCOUNTS,
    progress: TextIO | None = None,
) -> ScanRun:
    """Scan every account of the store on `workers` processes (default: every core).

    Entries go to `out` (JSON lines) as they finish; the `top` riskiest are returned, ranked by
    tier, then worst gap severity, then risk points (see `graphkam.analysis.risk_key`). With
    `progress`, a line `progress DONE/TOTAL` is written there after every batch.
    """
    from graphkam.analysis import PortfolioEntry, risk_key

    n = workers or os.cpu_count() or 1
    ids = _account_ids(store_url)
    sampler = _RssSampler()
    best: list[tuple[tuple[int, int, int, str], dict[str, object]]] = []
    count = 0
    ctx = multiprocessing.get_context("fork")
    t0, c0 = clock(), _cpu_seconds()
    sampler.start()
    with ProcessPoolExecutor(
        n, mp_context=ctx, initializer=_open_worker, initargs=(store_url,)
    ) as pool:
        for result in _run(pool, ids, as_of, analyse, n, batch):
            count += result if isinstance(result, int) else len(result)
            if progress is not None:
                progress.write(f"progress {count}/{len(ids)}\n")
                progress.flush()
            if isinstance(result, int):
                continue
            for entry in result:
                if out is not None:
                    out.write(json.dumps(entry, ensure_ascii=False) + "\n")
                best.append((risk_key(PortfolioEntry.model_validate(entry)), entry))
            if len(best) > 2 * top:
                best = sorted(best, key=lambda x: x[0])[:top]
    seconds = clock() - t0
    cpu = _cpu_seconds() - c0
    sampler.stop()
    ranked = [entry for _, entry in sorted(best, key=lambda x: x[0])[:top]]
    return ScanRun(
        mode="scan" if analyse else "read",
        accounts=count,
        workers=n,
        seconds=round(seconds, 3),
        cpu_seconds=round(cpu, 3),
        peak_rss_mb=round(sampler.peak / 1024, 1),
        rss_self_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        rss_worker_max_mb=round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        top=ranked,
    )


def raw_read_seconds(path: str) -> float:
    """Seconds to fetch every row's text of a SQLite store file, sequentially, without parsing."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        t0 = clock()
        for table in ("nodes", "relationships", "records"):
            for _ in conn.execute(f"SELECT data FROM {table}"):  # noqa: B007
                pass
        return clock() - t0
    finally:
        conn.close()


def _cpu_seconds() -> float:
    """User + system CPU seconds of this process and its reaped children (the workers)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _account_ids(store_url: str) -> list[str]:
    from graphkam.model import NodeKind
    from graphkam.stores import open_store

    with open_store(store_url, audit=False) as store:
        return sorted(node.id for node in store.list_nodes(NodeKind.ACCOUNT))


def _run(
    pool: ProcessPoolExecutor, ids: list[str], as_of: date, analyse: bool, n: int, batch: int
) -> Iterator[list[dict[str, object]] | int]:
    """Submit id batches, at most 2 per worker in flight; yield results as they finish."""
    size = max(1, min(batch, -(-len(ids) // (n * 4)) if ids else 1))
    pending: set[Future[list[dict[str, object]] | int]] = set()
    for start in range(0, len(ids), size):
        if len(pending) >= 2 * n:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()
        pending.add(pool.submit(_work, ids[start : start + size], as_of, analyse))
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for fut in done:
            yield fut.result()


class _RssSampler:
    """Samples the summed resident set of this process and its children every 50 ms (Linux)."""

    def __init__(self) -> None:
        self.peak = 0.0  # KiB
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _loop(self) -> None:
        while not self._stop.wait(0.05):
            self._sample()

    def _sample(self) -> None:
        pids = [os.getpid(), *(p.pid for p in multiprocessing.active_children())]
        total = sum(_rss_kib(pid) for pid in pids)
        self.peak = max(self.peak, total)


def _rss_kib(pid: int | None) -> float:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            return float(line.split()[1])
    return 0.0


def main(argv: list[str] | None = None) -> None:
    """Run one scan (or, with --read-only, the I/O floor) and print its ScanRun as JSON."""
    parser = argparse.ArgumentParser(prog="python -m graphkam.bench.scan")
    parser.add_argument("--store", required=True)
    parser.add_argument("--as-of", required=True, type=date.fromisoformat)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--read-only", action="store_true")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--progress", action="store_true", help="progress lines on stderr")
    args = parser.parse_args(argv)
    out = args.out.open("w", encoding="utf-8") if args.out else None
    try:
        run = stream_scan(
            args.store,
            args.as_of,
            workers=args.workers,
            analyse=not args.read_only,
            out=out,
            progress=sys.stderr if args.progress else None,
        )
    finally:
        if out is not None:
            out.close()
    sys.stdout.write(run.model_dump_json() + "\n")


if __name__ == "__main__":
    main()
