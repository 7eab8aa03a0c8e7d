"""Benchmarks: import throughput, one-account latency, graphkam against its compiled floor, the
portfolio scan and the API under load.

`graphkam bench` runs them all (see `runner.run_bench`); docs/performance.md quotes a run.
"""

from __future__ import annotations

from graphkam.bench.api_load import *  # noqa: F403
from graphkam.bench.api_load import __all__ as _api_all
from graphkam.bench.floors import *  # noqa: F403
from graphkam.bench.floors import __all__ as _floors_all
from graphkam.bench.latency import *  # noqa: F403
from graphkam.bench.latency import __all__ as _latency_all
from graphkam.bench.loading import *  # noqa: F403
from graphkam.bench.loading import __all__ as _loading_all
from graphkam.bench.report import *  # noqa: F403
from graphkam.bench.report import __all__ as _report_all
from graphkam.bench.runner import *  # noqa: F403
from graphkam.bench.runner import __all__ as _runner_all
from graphkam.bench.scan import *  # noqa: F403
from graphkam.bench.scan import __all__ as _scan_all
from graphkam.bench.spool import *  # noqa: F403
from graphkam.bench.spool import __all__ as _spool_all
from graphkam.bench.timing import *  # noqa: F403
from graphkam.bench.timing import __all__ as _timing_all

__all__ = [
    *_timing_all,
    *_loading_all,
    *_latency_all,
    *_floors_all,
    *_scan_all,
    *_spool_all,
    *_api_all,
    *_report_all,
    *_runner_all,
]
