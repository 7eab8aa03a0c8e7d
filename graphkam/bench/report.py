"""The benchmark report: one pydantic document (the `--json` output) and its rich table."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from rich.table import Table

from graphkam.bench.api_load import API_TARGETS, ApiPhase, ApiResult
from graphkam.bench.floors import Floors
from graphkam.bench.latency import LatencyResult
from graphkam.bench.loading import ImportResult

__all__ = [
    "ScanResult",
    "Target",
    "Environment",
    "BenchReport",
    "report_table",
    "report_markdown",
    "TARGETS",
]


class ScanResult(BaseModel):
    """The portfolio scan: medians of repeated runs, its I/O floor and its peak memory."""

    accounts: int
    workers: int
    runs: int
    seconds: float
    seconds_runs: list[float]
    #: Median CPU seconds of a scan, all processes: about `workers` x the idle-machine wall time.
    cpu_seconds: float
    io_floor_cpu_seconds: float
    accounts_per_s: float
    io_floor_seconds: float
    io_floor_runs: list[float]
    ratio_to_io_floor: float
    raw_read_seconds: float | None
    #: CPU seconds of that read (SQLite only).
    raw_read_cpu_seconds: float | None = None
    #: The issue's floor of the cold scan: raw read CPU + accounts x the compiled kernels of
    #: the scan's analysis (the "without brokers" floor per account); None if not measured.
    floor_cpu_seconds: float | None = None
    cpu_ratio_to_floor: float | None = None
    #: The rescan after one visit to `rescan_account`: wall and CPU seconds, accounts analysed.
    rescan_seconds: float | None = None
    rescan_cpu_seconds: float | None = None
    rescan_analysed: int | None = None
    rescan_account: str | None = None
    peak_rss_mb: float
    rss_self_mb: float
    rss_worker_max_mb: float


class Target(BaseModel):
    """A performance target of the issue and whether this run met it."""

    name: str
    target: str
    measured: str
    met: bool | None


class Environment(BaseModel):
    """Where and on what the benchmark ran."""

    size: str
    accounts: int
    stakeholders_per_account: int
    seed: int
    as_of: str
    store: str
    backend: str
    cpu_count: int
    workers: int
    python: str
    platform: str
    started: str
    load_average: list[float]


class BenchReport(BaseModel):
    """Everything `graphkam bench` measured (the `--json` document)."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    environment: Environment
    #: `import` in JSON (a Python keyword, hence the trailing underscore here).
    import_: ImportResult = Field(alias="import")
    latency: list[LatencyResult]
    scan: ScanResult
    api: ApiResult
    floors: Floors
    targets: list[Target]
    total_seconds: float


#: The targets of issue 22 (`graphkam bench`, medians, 2 cores): name -> text.
TARGETS = {
    "full_1000": "1,000 people: full analysis <= 1.5x the compiled floor and < 80 ms",
    "lean_1000": "1,000 people: analysis without brokers < 25 ms",
    "full_5000": "5,000 people: full analysis < 3 s",
    "coalitions_5000": "5,000 people: coalitions < 1 s",
    "health_5000": "5,000 people: health index < 200 ms",
    "scan_floor": "cold scan <= 6x its floor (raw read + compiled analysis, CPU)",
    "rescan": "rescan after one account changed < 2 s (CPU; large: 10,000 accounts)",
    "import_file_bare": "graphkam import FILE.json, bare store: >= 100,000 rows/s",
    "import_file_audited": "graphkam import FILE.json, audited (with history): >= 50,000 rows/s",
    "cli_start": "graphkam -h < 0.3 s more than python -c pass",
    **API_TARGETS,
}


def report_table(report: BenchReport) -> list[Table]:
    """Rich tables: environment and results, latency by size, and the targets."""
    env, imp, scan, api = report.environment, report.import_, report.scan, report.api
    main = Table(title=f"graphkam bench --size {env.size} ({env.backend}, {env.workers} workers)")
    main.add_column("measure")
    main.add_column("value", justify="right")
    rows = [
        ("portfolio", f"{env.accounts:,} accounts x {env.stakeholders_per_account} people"),
        ("rows imported", f"{imp.rows:,}"),
        ("import rows/s (store writes)", f"{imp.rows_per_s:,.0f}"),
        ("import rows/s (with validation)", f"{imp.with_validation_rows_per_s:,.0f}"),
        ("raw executemany rows/s", _num(imp.raw_rows_per_s)),
        ("import time / raw time", _num(imp.ratio_to_raw, "x")),
        ("import rows per CPU second", f"{imp.cpu_rows_per_s:,.0f}"),
        ("import CPU / raw CPU", _num(imp.cpu_ratio_to_raw, "x")),
        *_file_import_rows(imp),
        ("scan wall time (median)", f"{scan.seconds:.2f} s"),
        ("scan accounts/s", f"{scan.accounts_per_s:,.0f}"),
        ("I/O floor (same pipeline, no analysis)", f"{scan.io_floor_seconds:.2f} s"),
        ("scan / I/O floor", f"{scan.ratio_to_io_floor:.2f}x"),
        ("scan CPU s (all processes)", f"{scan.cpu_seconds:.2f} s"),
        ("I/O floor CPU s (all processes)", f"{scan.io_floor_cpu_seconds:.2f} s"),
        ("raw sequential read of every row", _num(scan.raw_read_seconds, " s")),
        ("cold scan floor (raw read + compiled analysis, CPU)", _num(scan.floor_cpu_seconds, " s")),
        ("cold scan CPU / floor", _num(scan.cpu_ratio_to_floor, "x")),
        ("rescan after one visit: wall / CPU", _rescan(scan)),
        ("rescan: accounts analysed", _num(scan.rescan_analysed)),
        ("scan peak RSS (all processes)", f"{scan.peak_rss_mb:,.0f} MB"),
        ("API clients / requests", f"{api.clients} / {api.requests}" if api.available else "-"),
        ("API analysis p50 / p99", _api(api)),
        *_api_rows(api),
        ("total bench time", f"{report.total_seconds:.0f} s"),
    ]
    for row in rows:
        main.add_row(*row)
    lat = Table(title="one account, full analysis")
    cols = ("stakeholders", "relationships", "runs", "p50 ms", "p95 ms", "CPU p50 ms", "read ms")
    for col in cols:
        lat.add_column(col, justify="right")
    for r in report.latency:
        lat.add_row(
            f"{r.stakeholders:,}",
            f"{r.relationships:,}",
            str(r.runs),
            f"{r.p50_ms:.1f}",
            f"{r.p95_ms:.1f}",
            f"{r.cpu_p50_ms:.1f}",
            f"{r.read_p50_ms:.1f}",
        )
    flo = Table(title="graphkam / floor (CPU ms, medians, same run)")
    for col in ("work", "stakeholders", "runs", "graphkam ms", "floor ms", "ratio", "floor"):
        flo.add_column(col, justify="left" if col in ("work", "floor") else "right")
    for f in report.floors.rows:
        flo.add_row(
            f.work,
            f"{f.stakeholders:,}",
            str(f.runs),
            f"{f.graphkam_ms:,.1f}",
            f"{f.floor_ms:,.1f}",
            f"{f.ratio:.2f}x",
            f.floor,
        )
    cli = report.floors.cli_start
    flo.add_row(
        "graphkam -h (wall)", "", str(cli.runs), f"{cli.graphkam_h_ms:,.1f}",
        f"{cli.python_pass_ms:,.1f}", f"+{cli.extra_ms:,.0f} ms", "python -c pass",
    )  # fmt: skip
    flo.add_row(
        "graphkam -h (CPU)", "", str(cli.runs), f"{cli.graphkam_h_cpu_ms:,.1f}",
        f"{cli.python_pass_cpu_ms:,.1f}", f"+{cli.extra_cpu_ms:,.0f} ms", "python -c pass",
    )  # fmt: skip
    grow = Table(title="growth exponent (time ~ people^b)")
    for col in ("work", "b"):
        grow.add_column(col)
    for work, b in report.floors.growth.items():
        grow.add_row(work, f"{b:.2f}")
    tgt = Table(title="targets")
    for col in ("target", "measured", "met"):
        tgt.add_column(col)
    for t in report.targets:
        tgt.add_row(t.target, t.measured, {True: "yes", False: "NO", None: "n/a"}[t.met])
    return [main, lat, flo, grow, tgt]


def report_markdown(report: BenchReport) -> str:
    """The report's tables as GitHub markdown (what docs/performance.md quotes)."""
    out: list[str] = []
    for table in report_table(report):
        heads = [str(c.header) for c in table.columns]
        out += [f"**{table.title}**", "", "| " + " | ".join(heads) + " |"]
        out.append("| " + " | ".join("---" for _ in heads) + " |")
        cells = [list(c.cells) for c in table.columns]
        for row in zip(*cells, strict=True):
            out.append("| " + " | ".join(str(x) for x in row) + " |")
        out.append("")
    return "\n".join(out)


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    return f"{value:,.2f}{unit}" if unit else f"{value:,.0f}"


def _rescan(scan: ScanResult) -> str:
    if scan.rescan_seconds is None or scan.rescan_cpu_seconds is None:
        return "-"
    return f"{scan.rescan_seconds:.2f} / {scan.rescan_cpu_seconds:.2f} s"


def _api_rows(api: ApiResult) -> list[tuple[str, str]]:
    """The API step's phases: 1 client, 8 clients (and their ratio), the repeated request."""
    one, many, again = api.one_client, api.many_clients, api.repeat
    if one is None or many is None or again is None:
        return []
    ratio = f"{api.throughput_ratio:.2f}x" if api.throughput_ratio is not None else "-"
    return [
        (f"API 1 client ({api.stakeholders} people, {api.workers} workers)", _phase(one)),
        (f"API {many.clients} clients ({ratio} 1 client's throughput)", _phase(many)),
        ("API same request again", _phase(again)),
    ]


def _phase(p: ApiPhase) -> str:
    p50 = f"{p.p50_ms:.1f} ms" if p.p50_ms is not None else "-"
    cpu = p.server_cpu_ms_per_request
    return f"{p.requests_per_s:.1f} req/s, p50 {p50}, server CPU " + (
        f"{cpu:.1f} ms/req" if cpu is not None else "-"
    )


def _api(api: ApiResult) -> str:
    if not api.available:
        return api.reason or "not available"
    if api.p50_ms is None:
        return "no successful request"
    return f"{api.p50_ms:.1f} / {api.p99_ms:.1f} ms"


def _file_import_rows(imp: ImportResult) -> list[tuple[str, str]]:
    """The `graphkam import FILE.json` rows (graphkam/bench/loading.py `file_import`)."""
    f = imp.file_import
    if f is None:
        return []
    return [
        ("graphkam import: file rows / MB", f"{f.rows:,} / {f.file_mb:,.1f}"),
        (
            "graphkam import rows/s bare / audited",
            f"{f.bare_rows_per_s:,.0f} / {f.audited_rows_per_s:,.0f}",
        ),
        (
            "graphkam import rows per CPU s bare / audited",
            f"{f.bare_cpu_rows_per_s:,.0f} / {f.audited_cpu_rows_per_s:,.0f}",
        ),
        (
            "graphkam import CPU / raw CPU, bare / audited",
            f"{_num(f.bare_cpu_ratio_to_raw, 'x')} / {_num(f.audited_cpu_ratio_to_raw, 'x')}",
        ),
    ]
