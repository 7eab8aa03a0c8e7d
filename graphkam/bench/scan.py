"""A streaming portfolio scan on every core, and its I/O floor, measured in a child process.

The scan is `graphkam portfolio`'s own (`graphkam.analysis.scan_payloads`): fresh cached
entries are read back, and the accounts left are handed out as batches of ids to worker
processes, each of which opens the store once and reads, analyses and caches its batches
itself, so reading is parallel too and nothing larger than a batch of entries crosses a process
boundary. Entries are written to a JSON-lines file as they come and only the `top` riskiest are
kept in memory, so memory is bounded by the batches in flight whatever the portfolio size.
`--cache refresh` is a cold scan (every account analysed, results cached), `--cache use` a
rescan. The I/O floor runs the same pool with the analysis left out.

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

from graphkam.analysis.cached import CacheMode
from graphkam.bench.timing import clock, cpu_clock

__all__ = ["ScanRun", "stream_scan", "raw_read", "main"]

#: Accounts per task handed to a worker.
BATCH_ACCOUNTS = 50


class ScanRun(BaseModel):
    """One scan (or I/O-floor read) of a whole portfolio."""

    mode: str
    accounts: int
    #: Accounts analysed by this run (the others came from the cache).
    analysed: int = 0
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


def _read(ids: list[str]) -> int:
    """I/O floor worker: read (and parse) one batch of subgraphs; the count read."""
    assert _worker_store is not None
    return sum(1 for _ in _worker_store.iter_subgraphs(batch_size=len(ids), account_ids=ids))


# -- the scan ----------------------------------------------------------------------------------


def stream_scan(
    store_url: str,
    as_of: date,
    *,
    workers: int | None = None,
    analyse: bool = True,
    cache: CacheMode = CacheMode.REFRESH,
    out: TextIO | None = None,
    top: int = 20,
    batch: int = BATCH_ACCOUNTS,
    progress: TextIO | None = None,
) -> ScanRun:
    """Scan every account of the store on `workers` processes (default: every core).

    Entries go to `out` (JSON lines) as they finish; the `top` riskiest are returned, ranked by
    `graphkam.analysis.risk_key`. `cache`: how the scan uses the store's analysis cache (the
    default, refresh, analyses every account). With `progress`, a line `progress DONE/TOTAL` is
    written there as the scan advances. `analyse=False`: the I/O floor (read only, no cache).
    """
    # The modules are loaded before the clock starts (process start and imports are the
    # `graphkam -h` row's business); listing the accounts is part of the scan.
    from graphkam.analysis import AnalysisConfig, PortfolioEntry, risk_key
    from graphkam.analysis.portfolio import INLINE_MAX_ACCOUNTS, ScanPlan, scan_payloads
    from graphkam.stores import open_store

    n = workers or os.cpu_count() or 1
    sampler = _RssSampler()
    best: list[tuple[tuple[bool, float, int, int, str], str]] = []
    count = analysed = 0

    def tick(done: int, total: int) -> None:
        if progress is not None:
            progress.write(f"progress {done}/{total}\n")
            progress.flush()

    t0, c0 = clock(), _cpu_seconds()
    sampler.start()
    ids = _account_ids(store_url)
    if analyse:
        # A cold scan runs on the pool whatever the size (as `graphkam portfolio` does beyond
        # INLINE_MAX_ACCOUNTS); a rescan decides as `graphkam portfolio` does. fork, as for the
        # I/O floor: the RSS sampler's thread only reads /proc.
        inline = INLINE_MAX_ACCOUNTS if cache.reads else 0
        plan = ScanPlan(as_of, AnalysisConfig(), cache, batch, n, inline, start_method="fork")
        with open_store(store_url, audit=False) as store:
            for scanned in scan_payloads(store, ids, plan, tick):
                count += 1
                analysed += not scanned.cached
                if out is not None:
                    out.write(scanned.payload + "\n")
                entry = PortfolioEntry.model_validate_json(scanned.payload)
                best.append((risk_key(entry), scanned.payload))
                if len(best) > 2 * top:
                    best = sorted(best, key=lambda x: x[0])[:top]
    else:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            n, mp_context=ctx, initializer=_open_worker, initargs=(store_url,)
        ) as pool:
            for read in _run(pool, ids, n, batch):
                count += read
                tick(count, len(ids))
    seconds = clock() - t0
    cpu = _cpu_seconds() - c0
    sampler.stop()
    ranked = [json.loads(payload) for _, payload in sorted(best, key=lambda x: x[0])[:top]]
    return ScanRun(
        mode="scan" if analyse else "read",
        accounts=count,
        analysed=analysed,
        workers=n,
        seconds=round(seconds, 3),
        cpu_seconds=round(cpu, 3),
        peak_rss_mb=round(sampler.peak / 1024, 1),
        rss_self_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        rss_worker_max_mb=round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        top=ranked,
    )


def raw_read(path: str) -> tuple[float, float]:
    """(wall, CPU) seconds to fetch every row's text of a SQLite store file, sequentially,
    without parsing."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        t0, c0 = clock(), cpu_clock()
        for table in ("nodes", "relationships", "records"):
            for _ in conn.execute(f"SELECT data FROM {table}"):  # noqa: B007
                pass
        return clock() - t0, cpu_clock() - c0
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


def _run(pool: ProcessPoolExecutor, ids: list[str], n: int, batch: int) -> Iterator[int]:
    """Submit id batches to read, at most 2 per worker in flight, as the scan's pool does
    (graphkam/analysis/portfolio.py); yield the counts read as they finish."""
    size = max(1, min(batch, -(-len(ids) // (n * 2)) if ids else 1))
    pending: set[Future[int]] = set()
    for start in range(0, len(ids), size):
        if len(pending) >= 2 * n:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()
        pending.add(pool.submit(_read, ids[start : start + size]))
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
    parser.add_argument(
        "--cache", type=CacheMode, choices=list(CacheMode), default=CacheMode.REFRESH
    )
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
            cache=args.cache,
            out=out,
            progress=sys.stderr if args.progress else None,
        )
    finally:
        if out is not None:
            out.close()
    sys.stdout.write(run.model_dump_json() + "\n")


if __name__ == "__main__":
    main()
