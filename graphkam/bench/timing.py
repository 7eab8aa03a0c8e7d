"""Timing helpers for the benchmarks: a clock, percentiles and medians of repeated runs."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

__all__ = ["clock", "cpu_clock", "percentile", "median", "rate"]

#: The benchmark clock: monotonic, high resolution, in seconds.
clock = time.perf_counter
#: CPU time of this process (all its threads), in seconds: robust to other load on the machine.
cpu_clock = time.process_time


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by the nearest-rank method: the ceil(q/100 * n)-th smallest.

    Nearest rank never interpolates, so p99 of 100 samples is the 99th smallest sample.
    """
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return float(ordered[min(rank, len(ordered)) - 1])


def median(values: Sequence[float]) -> float:
    """The median (the mean of the two middle values for an even count)."""
    if not values:
        raise ValueError("median of no values")
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2


def rate(count: float, seconds: float) -> float:
    """count / seconds (0 when no time was measured)."""
    return count / seconds if seconds > 0 else 0.0
