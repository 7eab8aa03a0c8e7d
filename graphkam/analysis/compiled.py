"""Compiled kernels shared by the analyses: one BLAS thread for small dense linear algebra.

On a small shared machine a multi-threaded BLAS spends more time waking threads than working
on the matrices an account produces (a 128 x 128 `eigh` took 20 ms of CPU with the default
OpenBLAS threads and 2 ms with one), so dense steps run inside `one_blas_thread()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

__all__ = ["one_blas_thread"]


@cache
def _controller() -> object:
    from threadpoolctl import ThreadpoolController  # inspects the loaded BLAS once

    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Limit BLAS (OpenBLAS, MKL) to one thread inside the block, then restore it."""
    with _controller().limit(limits=1, user_api="blas"):  # type: ignore[attr-defined]
        yield
