"""Portfolio scan for coaches: every account's gaps, ranked by what is at stake.

The order is the expected value at risk (`stake`: the account's value × the share its gaps put
at risk), most first; healthy accounts (no gap) last; ties by tier, then id. Each entry names
the one next action and who owns it.

A scan costs what changed: each account's entry is cached in the store under its version
(graphkam/analysis/cached.py), so a rescan reads the fresh entries back and analyses only the
accounts written to since. The rest stream as batches of ids to a process pool on every core;
each worker opens the store itself, reads and analyses its batch and writes the entries to the
cache, so only ids and JSON entries cross process boundaries. A few accounts are analysed in
process. `rank_portfolio` puts a scan's entries in risk order.
"""

from __future__ import annotations

import dataclasses
import functools
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from pydantic import BaseModel

from graphkam.analysis.cached import (
    CachedAnalysis,
    CacheMode,
    analysis_key,
    compute_fresh,
    read_fresh,
)
from graphkam.analysis.config import AnalysisConfig, GapKind, Severity
from graphkam.analysis.gaps import Gap
from graphkam.analysis.projection import project
from graphkam.analysis.report import analyze_projection
from graphkam.analysis.stake import account_manager, account_stake, next_action
from graphkam.documents import AccountSubgraph
from graphkam.errors import NotFoundError
from graphkam.model import Account, NodeKind, TeamMember, Tier

if TYPE_CHECKING:
    from graphkam.stores.base import Store

__all__ = [
    "PortfolioEntry",
    "ScanPlan",
    "scan_portfolio",
    "scan_payloads",
    "ScannedEntry",
    "rank_portfolio",
    "portfolio_entry",
    "risk_key",
]

#: Portfolios with at most this many accounts are analysed in process.
INLINE_MAX_ACCOUNTS = 40


class PortfolioEntry(BaseModel):
    """One account's gap summary for the portfolio scan.

    `risk`: the gaps' risk points (high 3, medium 2, low 1); `value`, `value_source`, `at_risk`
    and `at_stake`: see `graphkam.analysis.stake`; `owner`: the account manager on the account's
    team; `next_action`/`action_owner`: the one next step and who on our side should take it.
    """

    account: str
    name: str
    tier: Tier
    single_threaded: bool
    support_index: float
    risk: int
    revenue: float | None = None
    value: float = 0.0
    value_source: str = "tier"
    at_risk: float = 0.0
    at_stake: float = 0.0
    owner: str | None = None
    owner_name: str | None = None
    top_gap: str | None = None
    next_action: str | None = None
    action_owner: str | None = None
    action_owner_name: str | None = None
    gaps: list[Gap]


def risk_key(entry: PortfolioEntry) -> tuple[bool, float, int, int, str]:
    """Accounts with gaps first, by value at stake (most first), then tier (S first), then the
    worst gap's severity, then id; healthy accounts last."""
    worst = min((_SEVERITY_RANK[g.severity] for g in entry.gaps), default=len(Severity))
    return (not entry.gaps, -entry.at_stake, _TIER_RANK[entry.tier], worst, entry.account)


#: `Severity.rank` and `Tier.rank` looked up once (a portfolio of 10,000 accounts ranks
#: 70,000 gaps; the properties' `tuple.index` per call was a fifth of a cached rescan).
_SEVERITY_RANK = {s: s.rank for s in Severity}
_TIER_RANK = {t: t.rank for t in Tier}


def rank_portfolio(entries: Iterable[PortfolioEntry]) -> list[PortfolioEntry]:
    """Entries in risk order (see `risk_key`)."""
    return sorted(entries, key=risk_key)


def portfolio_entry(
    subgraph: AccountSubgraph, as_of: date, config: AnalysisConfig
) -> PortfolioEntry:
    """One account's entry: its gaps, threading, support, stake and next action (no brokers)."""
    proj = project(subgraph, as_of, config)
    result = analyze_projection(proj, brokers=False, recommendations=True)
    stake = account_stake(proj, result.gaps)
    action = next_action(proj, result.gaps, result.recommendations)
    owner = account_manager(proj)
    return PortfolioEntry(
        account=result.account,
        name=result.name,
        tier=result.tier,
        single_threaded=result.threading.single_threaded,
        support_index=result.support.index,
        risk=sum(g.severity.weight for g in result.gaps),
        revenue=proj.account.revenue,
        value=stake.value,
        value_source=stake.value_source,
        at_risk=stake.at_risk,
        at_stake=stake.at_stake,
        owner=owner,
        owner_name=None if owner is None else proj.name(owner),
        top_gap=f"{result.gaps[0].kind.value}:{result.gaps[0].subject}" if result.gaps else None,
        next_action=None if action is None else action.text,
        action_owner=None if action is None else action.owner,
        action_owner_name=None if action is None else action.owner_name,
        gaps=result.gaps,
    )


def scan_portfolio(
    store: Store,
    as_of: date,
    config: AnalysisConfig | None = None,
    *,
    tiers: Sequence[Tier | str] | None = None,
    owner: str | None = None,
    coach: str | None = None,
    gap: GapKind | str | Sequence[GapKind | str] | None = None,
    batch_size: int = 50,
    workers: int | None = None,
    inline_max: int = INLINE_MAX_ACCOUNTS,
    cache: CacheMode = CacheMode.USE,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[PortfolioEntry]:
    """Yield the entry of every account matching the filters, cached ones first, then the
    others as analyses finish (unordered; pass the result to `rank_portfolio` for risk order).

    tiers: only accounts of these tiers; owner: only accounts the team member is on the team
    of, or that someone they coach is (NotFoundError if no such member); coach: only accounts
    of the people that team member coaches; gap: only accounts with at least one gap of that
    kind (or of any of several kinds).
    cache: entries cached for an account's current version are reused and new ones kept
    (`CacheMode.USE`); `REFRESH` analyses every account again, `OFF` neither reads nor
    writes the cache (graphkam/analysis/cached.py).
    workers: processes (default: every core) for the accounts to analyse; at most `inline_max`
    of them are analysed in this process. Each worker opens the store itself (from its URL)
    and is handed batches of ids, so no subgraph crosses a process boundary.
    progress: called with (accounts done, accounts in all) as the scan advances.
    """
    cfg = config or AnalysisConfig()
    ids = _account_ids(store, tiers, owner, coach)
    if gap is None:
        kinds: set[GapKind] | None = None
    elif isinstance(gap, str):
        kinds = {GapKind(gap)}
    else:
        kinds = {GapKind(g) for g in gap} or None
    plan = ScanPlan(as_of, cfg, CacheMode(cache), batch_size, workers, inline_max)
    for scanned in scan_payloads(store, ids, plan, progress):
        entry = PortfolioEntry.model_validate_json(scanned.payload)
        if kinds is None or any(g.kind in kinds for g in entry.gaps):
            yield entry


@dataclasses.dataclass(frozen=True)
class ScanPlan:
    """How to scan: the date, thresholds, cache mode and the pool's sizes."""

    as_of: date
    config: AnalysisConfig
    cache: CacheMode = CacheMode.USE
    batch_size: int = 50
    workers: int | None = None
    inline_max: int = INLINE_MAX_ACCOUNTS
    #: multiprocessing start method of the pool (default: `_start_method()`).
    start_method: str | None = None

    @property
    def key(self) -> str:
        return analysis_key(CachedAnalysis.PORTFOLIO_ENTRY, self.as_of, self.config, PortfolioEntry)


def scan_payloads(
    store: Store,
    ids: Sequence[str],
    plan: ScanPlan,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[ScannedEntry]:
    """Each of `ids`' `PortfolioEntry` as JSON: fresh cached ones first, then the analysed
    ones as batches finish (see `scan_portfolio`)."""
    total, done = len(ids), 0
    key = plan.key if plan.cache.writes else None
    missing = list(ids)
    if plan.cache.reads and key is not None:
        hit: set[str] = set()
        for account, payload in read_fresh(store, key, ids):
            hit.add(account)
            yield ScannedEntry(account, payload, cached=True)
        missing = [i for i in ids if i not in hit]
        done = len(hit)
    if progress is not None:
        progress(done, total)
    for batch in _analysed(store, missing, plan, key):
        done += len(batch)
        if progress is not None:
            progress(done, total)
        for account, payload in batch:
            yield ScannedEntry(account, payload, cached=False)


class ScannedEntry(NamedTuple):
    """One account's entry as the scan produced it: its JSON, and whether it came from the
    cache (else it was analysed in this scan)."""

    account: str
    payload: str
    cached: bool


# -- helpers -----------------------------------------------------------------------------------


def _account_ids(
    store: Store, tiers: Sequence[Tier | str] | None, owner: str | None, coach: str | None
) -> list[str]:
    if not (tiers or owner or coach):
        return sorted(store.account_versions())  # every account's id, no node parsed
    accounts = [a for a in store.list_nodes(NodeKind.ACCOUNT) if isinstance(a, Account)]
    if tiers:
        wanted = {Tier(t) for t in tiers}
        accounts = [a for a in accounts if a.tier in wanted]
    ids = sorted(a.id for a in accounts)
    if owner is None and coach is None:
        return ids
    team = [m for m in store.list_nodes(NodeKind.TEAM_MEMBER) if isinstance(m, TeamMember)]
    known = {m.id for m in team}
    for who in (owner, coach):
        if who is not None and who not in known:
            raise NotFoundError("team_member", who)
    if owner is not None:
        mine = {a for m in team if m.id == owner or m.coach == owner for a in m.accounts}
        ids = [i for i in ids if i in mine]
    if coach is not None:
        coached = {a for m in team if m.coach == coach for a in m.accounts}
        ids = [i for i in ids if i in coached]
    return ids


def _entry_of(as_of: date, config: AnalysisConfig) -> Callable[[AccountSubgraph], PortfolioEntry]:
    return functools.partial(portfolio_entry, as_of=as_of, config=config)


_worker_store: Store | None = None


def _open_worker(url: str) -> None:
    """Pool initializer: each worker opens the store once, bare (cache writes are not audited
    and the worker writes nothing else)."""
    global _worker_store
    from graphkam.stores import open_store

    _worker_store = open_store(url, audit=False)


def _worker_batch(ids: list[str], plan: ScanPlan, key: str | None) -> list[tuple[str, str]]:
    """Worker: read and analyse one batch of ids from the worker's own store."""
    assert _worker_store is not None, "the pool initializer opens the store"
    return compute_fresh(_worker_store, ids, _entry_of(plan.as_of, plan.config), key)


def _reopenable(url: str) -> bool:
    """Whether a worker process can open the same store from its URL (an in-memory SQLite
    database cannot be: each connection gets an empty one)."""
    if not url:
        return False
    return ":memory:" not in url and url.rstrip("/") not in ("sqlite:", "sqlite:/")


def _start_method() -> str:
    """fork (workers start at once, modules already loaded) when this process runs no other
    thread and the platform has it; else forkserver or spawn (fork with threads is unsafe)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _analysed(
    store: Store, ids: list[str], plan: ScanPlan, key: str | None
) -> Iterator[list[tuple[str, str]]]:
    """Batches of (account, payload) for `ids`, analysed in process or on a pool."""
    if not ids:
        return
    n = plan.workers or os.cpu_count() or 1
    if n <= 1 or len(ids) <= plan.inline_max or not _reopenable(store.url):
        compute = _entry_of(plan.as_of, plan.config)
        for start in range(0, len(ids), plan.batch_size):
            yield compute_fresh(store, ids[start : start + plan.batch_size], compute, key)
        return
    size = max(1, min(plan.batch_size, -(-len(ids) // (n * 2))))
    ctx = multiprocessing.get_context(plan.start_method or _start_method())
    with ProcessPoolExecutor(
        max_workers=n, mp_context=ctx, initializer=_open_worker, initargs=(store.url,)
    ) as pool:
        pending: set[Future[list[tuple[str, str]]]] = set()
        for start in range(0, len(ids), size):
            if len(pending) >= 2 * n:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield fut.result()
            pending.add(pool.submit(_worker_batch, ids[start : start + size], plan, key))
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()
