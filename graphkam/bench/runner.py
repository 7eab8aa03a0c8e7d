"""`graphkam bench`: every benchmark step in order, with progress bars, into one BenchReport.

The store is opened bare (`open_store(url, audit=False)`): the numbers are the backend's, without
the history records the audited proxy adds to every write.

Steps: import the synthetic portfolio (timed against raw executemany), refresh the SQLite
planner statistics, scan the portfolio `repeats` times cold (every account analysed, results
cached) and read it as often without analysis (the I/O floor), log one visit to one account
and rescan (`bench/rescan.py`: the cache answers every other account), load the API, then time
single accounts of 50 to 5,000 stakeholders, and finally graphkam against its compiled floor
on those accounts (`floors.measure_floors`: full analysis, without brokers, coalitions, health;
growth exponents; CLI start). Medians of the repeated runs are quoted.

The cold scan's floor (`ScanResult.floor_cpu_seconds`) is the issue's: one sequential read of
every row (CPU) plus, per account, the compiled kernels of the analysis the scan runs (the
"without brokers" floor of a 50-person account).
"""

from __future__ import annotations

import json
import math
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graphkam.bench.api_load import api_latency, api_targets
from graphkam.bench.floors import measure_floors
from graphkam.bench.latency import account_latency
from graphkam.bench.loading import FILE_IMPORT_ACCOUNTS, RawBaseline, file_import, load_chunks
from graphkam.bench.report import TARGETS, BenchReport, Environment, ScanResult, Target
from graphkam.bench.rescan import log_one_visit
from graphkam.bench.scan import ScanRun, raw_read
from graphkam.bench.timing import clock, median
from graphkam.errors import GraphkamError, InvalidInputError
from graphkam.model import NodeKind
from graphkam.stores import Store, open_store, redact_url
from graphkam.synthetic import (
    REGION_ACCOUNTS,
    SIZES,
    SYNTHETIC_AS_OF,
    SYNTHETIC_SEED,
    Size,
    generate_portfolio,
    single_account,
)

__all__ = ["BenchPlan", "PLANS", "run_bench", "refresh_statistics"]


@dataclass(frozen=True)
class BenchPlan:
    """How much each step of a size measures."""

    latency_sizes: tuple[int, ...]
    repeats: int
    api_seconds: float
    api_max_requests: int


#: tiny is for tests (seconds); the others follow the issue.
PLANS: dict[Size, BenchPlan] = {
    Size.TINY: BenchPlan((20, 50), repeats=1, api_seconds=1.0, api_max_requests=40),
    Size.SMALL: BenchPlan((50, 200, 1_000, 5_000), 3, 10.0, 2_000),
    Size.MEDIUM: BenchPlan((50, 200, 1_000, 5_000), 3, 10.0, 2_000),
    Size.LARGE: BenchPlan((50, 200, 1_000, 5_000), 3, 10.0, 2_000),
}


def latency_runs(stakeholders: int) -> int:
    """Analyses per latency size: 30 for small accounts, down to 5 at 5,000 people."""
    return max(5, min(30, 20_000 // stakeholders))


def floor_runs(stakeholders: int) -> int:
    """graphkam / floor repetitions per size: 15 for small accounts, down to 3 at 5,000."""
    return max(3, min(15, 15_000 // stakeholders))


def run_bench(
    size: Size,
    store_url: str | None,
    *,
    repeats: int | None = None,
    workers: int | None = None,
    seed: int = SYNTHETIC_SEED,
    console: Console | None = None,
) -> BenchReport:
    """Run every step on the store at `store_url` (must be empty), or on a scratch SQLite file."""
    plan = PLANS[size]
    spec = SIZES[size]
    runs = repeats or plan.repeats
    n_workers = workers or os.cpu_count() or 1
    started = datetime.now(UTC)
    t_start = clock()
    with _scratch() as tmp, _progress(console) as progress:
        url = store_url or f"sqlite:///{tmp / 'bench.db'}"
        with open_store(url, audit=False) as store:
            _require_empty(store, url)
            chunks = generate_portfolio(spec.accounts, spec.stakeholders, seed)
            task = progress.add_task("import", total=math.ceil(spec.accounts / REGION_ACCOUNTS))
            raw = RawBaseline(tmp / "raw.db")
            try:
                imported = load_chunks(
                    store, chunks, raw, on_chunk=lambda _: progress.advance(task)
                )
            finally:
                raw.close()
            file_task = progress.add_task("graphkam import (file: bare, audited)", total=1)
            imported.file_import = file_import(
                generate_portfolio(
                    min(spec.accounts, FILE_IMPORT_ACCOUNTS), spec.stakeholders, seed
                ),
                tmp,
                imported.raw_cpu_rows_per_s,
            )
            progress.advance(file_task)
            refresh_statistics(store)
            accounts = sorted(a.id for a in store.list_nodes(NodeKind.ACCOUNT))
        scan = _scan_step(progress, url, runs, n_workers, tmp)
        visit = log_one_visit(url, accounts[len(accounts) // 2], SYNTHETIC_AS_OF)
        rescan = _child_scan(progress, "rescan after one visit", url, n_workers, False, tmp, "use")
        scan.rescan_seconds, scan.rescan_cpu_seconds = rescan.seconds, rescan.cpu_seconds
        scan.rescan_analysed, scan.rescan_account = rescan.analysed, visit.account
        task = progress.add_task("API (8 clients)", total=plan.api_max_requests)
        api = api_latency(
            url,
            accounts[:50],
            SYNTHETIC_AS_OF,
            seconds=plan.api_seconds,
            max_requests=plan.api_max_requests,
            tick=lambda: progress.advance(task),
        )
        progress.update(task, completed=plan.api_max_requests)
        with open_store(url, audit=False) as store:
            total = sum(latency_runs(n) + 1 for n in plan.latency_sizes)
            task = progress.add_task("one-account latency", total=total)
            latency = account_latency(
                store,
                plan.latency_sizes,
                latency_runs,
                SYNTHETIC_AS_OF,
                seed,
                tick=lambda what: progress.update(task, advance=1, description=what),
            )
            subgraphs = [
                store.account_subgraph(single_account(n, seed).accounts[0].id)
                for n in plan.latency_sizes
            ]
        task = progress.add_task("graphkam / floor", total=len(subgraphs) + 1)
        floors = measure_floors(
            subgraphs,
            SYNTHETIC_AS_OF,
            floor_runs,
            tick=lambda what: progress.update(task, advance=1, description=what),
        )
    env = Environment(
        size=size.value,
        accounts=spec.accounts,
        stakeholders_per_account=spec.stakeholders,
        seed=seed,
        as_of=SYNTHETIC_AS_OF.isoformat(),
        store=redact_url(store_url) if store_url else "sqlite (scratch file)",
        backend="sqlite" if url.startswith("sqlite") or "://" not in url else "neo4j",
        cpu_count=os.cpu_count() or 1,
        workers=n_workers,
        python=platform.python_version(),
        platform=platform.platform(),
        started=started.isoformat(timespec="seconds"),
        load_average=[round(x, 2) for x in os.getloadavg()],
    )
    lean = {r.stakeholders: r for r in floors.rows if r.work == "without brokers"}
    per_account = lean.get(spec.stakeholders) or lean.get(max(lean, default=0))
    if scan.raw_read_cpu_seconds is not None and per_account is not None:
        floor = round(scan.raw_read_cpu_seconds + scan.accounts * per_account.floor_ms / 1000, 3)
        scan.floor_cpu_seconds = floor
        scan.cpu_ratio_to_floor = round(scan.cpu_seconds / floor, 2) if floor else None
    report = BenchReport.model_validate(
        {
            "environment": env,
            "import": imported,
            "latency": latency,
            "scan": scan,
            "api": api,
            "floors": floors,
            "targets": [],
            "total_seconds": round(clock() - t_start, 1),
        }
    )
    report.targets = _targets(report, size)
    return report


def refresh_statistics(store: Store) -> None:
    """Give SQLite's query planner statistics after a bulk load (a sampled ANALYZE, bounded by
    `analysis_limit`, on the store file). Other stores: no-op.

    With the first schema the planner, lacking statistics, turned the subgraph queries into
    |A| x |B| index probes (4 s instead of 0.1 s for 25 accounts); the store's (a, b, type) key
    fixed that, and statistics now change little. They stay as cheap insurance.
    """
    path = getattr(store, "path", None)
    if not isinstance(path, str) or path == ":memory:" or not store.url.startswith("sqlite"):
        return
    conn = sqlite3.connect(path, timeout=30)
    try:
        conn.execute("PRAGMA analysis_limit = 1000")
        conn.execute("ANALYZE")
    finally:
        conn.close()


# -- steps -------------------------------------------------------------------------------------


def _scan_step(progress: Progress, url: str, runs: int, workers: int, tmp: Path) -> ScanResult:
    """`runs` scans and `runs` I/O-floor reads, alternating, each in a child process."""
    scans: list[ScanRun] = []
    reads: list[ScanRun] = []
    for k in range(runs):
        label = f"cold scan {k + 1}/{runs}"
        scans.append(_child_scan(progress, label, url, workers, False, tmp, "refresh"))
        reads.append(_child_scan(progress, f"I/O floor {k + 1}/{runs}", url, workers, True, tmp))
    raw = raw_cpu = None
    if url.startswith("sqlite"):
        from graphkam.stores.sqlite import parse_sqlite_url

        reads_raw = [raw_read(parse_sqlite_url(url)) for _ in range(runs)]
        raw = round(median([wall for wall, _ in reads_raw]), 3)
        raw_cpu = round(median([cpu for _, cpu in reads_raw]), 3)
    seconds = median([s.seconds for s in scans])
    floor = median([r.seconds for r in reads])
    return ScanResult(
        accounts=scans[0].accounts,
        workers=workers,
        runs=runs,
        seconds=round(seconds, 3),
        seconds_runs=[s.seconds for s in scans],
        cpu_seconds=round(median([s.cpu_seconds for s in scans]), 3),
        io_floor_cpu_seconds=round(median([r.cpu_seconds for r in reads]), 3),
        accounts_per_s=round(scans[0].accounts / seconds, 1) if seconds else 0.0,
        io_floor_seconds=round(floor, 3),
        io_floor_runs=[r.seconds for r in reads],
        ratio_to_io_floor=round(seconds / floor, 2) if floor else 0.0,
        raw_read_seconds=raw,
        raw_read_cpu_seconds=raw_cpu,
        peak_rss_mb=max(s.peak_rss_mb for s in scans),
        rss_self_mb=max(s.rss_self_mb for s in scans),
        rss_worker_max_mb=max(s.rss_worker_max_mb for s in scans),
    )


def _child_scan(
    progress: Progress,
    label: str,
    url: str,
    workers: int,
    read_only: bool,
    tmp: Path,
    cache: str = "refresh",
) -> ScanRun:
    """One scan in `python -m graphkam.bench.scan`, its progress lines driving a bar; `cache`:
    refresh (a cold scan) or use (a rescan)."""
    cmd = [
        sys.executable,
        "-m",
        "graphkam.bench.scan",
        "--store",
        url,
        "--as-of",
        SYNTHETIC_AS_OF.isoformat(),
        "--workers",
        str(workers),
        "--progress",
    ]
    if read_only:
        cmd.append("--read-only")
    else:
        cmd += ["--out", str(tmp / "scan.jsonl"), "--cache", cache]
    task = progress.add_task(label, total=None)
    with subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
    ) as proc:
        assert proc.stderr is not None and proc.stdout is not None
        errors: list[str] = []
        for line in proc.stderr:
            if line.startswith("progress "):
                done, total = (int(x) for x in line.split()[1].split("/"))
                progress.update(task, completed=done, total=total)
            else:
                errors.append(line)
        out = proc.stdout.read()
        code = proc.wait()
    if code != 0:
        tail = "".join(errors[-5:]).strip()
        raise GraphkamError(f"the {label} child process failed (exit {code}): {tail}")
    return ScanRun.model_validate(json.loads(out))


def _targets(report: BenchReport, size: Size) -> list[Target]:
    """Issue 22's targets, judged on this run (None: not measured, or not at this size)."""
    imp, scan = report.import_, report.scan
    large = size is Size.LARGE
    out = []
    rows = {(r.work, r.stakeholders): r for r in report.floors.rows}
    full = rows.get(("full analysis", 1_000))
    if full is not None:
        met = full.ratio <= 1.5 and full.graphkam_ms < 80
        text = f"{full.graphkam_ms:.1f} CPU-ms, {full.ratio:.2f}x floor"
        out.append(_t("full_1000", text, met))
    lean = rows.get(("without brokers", 1_000))
    if lean is not None:
        out.append(_t("lean_1000", f"{lean.graphkam_ms:.1f} CPU-ms", lean.graphkam_ms < 25))
    for key, work, limit in (
        ("full_5000", "full analysis", 3_000),
        ("coalitions_5000", "coalitions", 1_000),
        ("health_5000", "health", 200),
    ):
        row = rows.get((work, 5_000))
        if row is not None:
            out.append(_t(key, f"{row.graphkam_ms:,.1f} CPU-ms", row.graphkam_ms < limit))
    if scan.cpu_ratio_to_floor is not None and scan.floor_cpu_seconds is not None:
        text = (
            f"{scan.cpu_seconds:.1f} CPU-s = {scan.cpu_ratio_to_floor:.2f}x its floor "
            f"{scan.floor_cpu_seconds:.1f} CPU-s"
        )
        out.append(_t("scan_floor", text, scan.cpu_ratio_to_floor <= 6))
    if scan.rescan_seconds is not None and scan.rescan_cpu_seconds is not None:
        text = (
            f"{scan.rescan_seconds:.2f} s wall, {scan.rescan_cpu_seconds:.2f} CPU-s, "
            f"{scan.rescan_analysed} of {scan.accounts:,} analysed ({size.value})"
        )
        # Judged on CPU (all processes), as the other targets: the wall time of a shared
        # machine is noise. The target is for the large portfolio: a smaller one can miss it,
        # not meet it.
        met = scan.rescan_cpu_seconds < 2 and scan.rescan_analysed == 1
        out.append(_t("rescan", text, met if large or not met else None))
    if (f := imp.file_import) is not None:
        bare, audited = f.bare_rows_per_s, f.audited_rows_per_s
        out.append(_t("import_file_bare", f"{bare:,.0f} rows/s", bare >= 100_000))
        out.append(_t("import_file_audited", f"{audited:,.0f} rows/s", audited >= 50_000))
    cli = report.floors.cli_start
    text = f"+{cli.extra_ms:.0f} ms wall, +{cli.extra_cpu_ms:.0f} ms CPU"
    out.append(_t("cli_start", text, cli.extra_cpu_ms < 300))
    out += [_t(key, measured, met) for key, measured, met in api_targets(report.api)]
    return out


def _t(key: str, measured: str, met: bool | None) -> Target:
    return Target(name=key, target=TARGETS[key], measured=measured, met=met)


def _require_empty(store: Store, url: str) -> None:
    counts = store.counts()
    if any(counts.values()):
        raise InvalidInputError(
            f"--store {redact_url(url)} is not empty ({counts.get('accounts', 0)} accounts): "
            "the benchmark imports a synthetic portfolio and scans every account, so give it "
            "an empty store (or leave --store out for a scratch SQLite file)"
        )


@contextmanager
def _scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="graphkam-bench-") as tmp:
        yield Path(tmp)


@contextmanager
def _progress(console: Console | None) -> Iterator[Progress]:
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
        transient=False,
    ) as progress:
        yield progress
