"""One-account latency: the full analysis of accounts of 50 to 5,000 stakeholders.

Each size is one synthetic account (`graphkam.synthetic.single_account`) imported into the
store; its subgraph is read from the store and analysed `runs` times (brokers and
recommendations included, as `graphkam analyze` does). Reading is timed apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from pydantic import BaseModel

from graphkam.analysis import AnalysisConfig, analyze_account
from graphkam.bench.timing import clock, cpu_clock, percentile
from graphkam.stores.base import Store
from graphkam.synthetic import single_account

__all__ = ["LatencyResult", "account_latency"]


class LatencyResult(BaseModel):
    """Full-analysis latency of one account of `stakeholders` people."""

    stakeholders: int
    relationships: int
    runs: int
    p50_ms: float
    p95_ms: float
    #: CPU time of the analysis (all threads of this process): what an idle machine would show.
    cpu_p50_ms: float
    read_p50_ms: float


def account_latency(
    store: Store,
    sizes: Sequence[int],
    runs: Callable[[int], int],
    as_of: date,
    seed: int,
    tick: Callable[[str], None] | None = None,
) -> list[LatencyResult]:
    """Import one account of each size, then time `runs(size)` reads and full analyses of each."""
    results = []
    config = AnalysisConfig()
    for n in sizes:
        if tick is not None:
            tick(f"{n} stakeholders: import")
        doc = single_account(n, seed)
        store.import_map(doc)
        account = doc.accounts[0].id
        reads, analyses, cpu = [], [], []
        for _ in range(runs(n)):
            t0 = clock()
            subgraph = store.account_subgraph(account)
            t1, c1 = clock(), cpu_clock()
            analyze_account(subgraph, as_of, config)
            t2 = clock()
            cpu.append(cpu_clock() - c1)
            reads.append(t1 - t0)
            analyses.append(t2 - t1)
            if tick is not None:
                tick(f"{n} stakeholders")
        results.append(
            LatencyResult(
                stakeholders=n,
                relationships=len(doc.relationships),
                runs=len(analyses),
                p50_ms=_ms(percentile(analyses, 50)),
                p95_ms=_ms(percentile(analyses, 95)),
                cpu_p50_ms=_ms(percentile(cpu, 50)),
                read_p50_ms=_ms(percentile(reads, 50)),
            )
        )
    return results


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)
