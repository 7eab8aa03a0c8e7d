"""Portfolio scan for coaches: every account's gaps, ranked by what is at stake.

The order is the expected value at risk (`stake`: the account's value × the share its gaps put
at risk), most first; healthy accounts (no gap) last; ties by tier, then id. Each entry names
the one next action and who owns it.

Accounts stream from the store a batch at a time (bounded memory); batches are analysed on every
core by a process pool, and entries are yielded as batches finish. Tiny portfolios run in
process. `rank_portfolio` puts a scan's entries in risk order.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel

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

__all__ = ["PortfolioEntry", "scan_portfolio", "rank_portfolio", "portfolio_entry", "risk_key"]

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
    worst = min((g.severity.rank for g in entry.gaps), default=len(Severity))
    return (not entry.gaps, -entry.at_stake, entry.tier.rank, worst, entry.account)


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
) -> Iterator[PortfolioEntry]:
    """Yield the entry of every account matching the filters, as analyses finish (unordered;
    pass the result to `rank_portfolio` for risk order).

    tiers: only accounts of these tiers; owner: only accounts the team member is on the team
    of, or that someone they coach is (NotFoundError if no such member); coach: only accounts
    of the people that team member coaches; gap: only accounts with at least one gap of that
    kind (or of any of several kinds).
    workers: processes (default: every core); portfolios of at most `inline_max` accounts are
    analysed in this process.
    """
    cfg = config or AnalysisConfig()
    ids = _account_ids(store, tiers, owner, coach)
    if gap is None:
        kinds: set[GapKind] | None = None
    elif isinstance(gap, str):
        kinds = {GapKind(gap)}
    else:
        kinds = {GapKind(g) for g in gap} or None
    entries = _scan(store, ids, as_of, cfg, batch_size, workers, inline_max)
    for entry in entries:
        if kinds is None or any(g.kind in kinds for g in entry.gaps):
            yield entry


# -- helpers -----------------------------------------------------------------------------------


def _account_ids(
    store: Store, tiers: Sequence[Tier | str] | None, owner: str | None, coach: str | None
) -> list[str]:
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


def _analyse_batch(
    batch: list[AccountSubgraph], as_of: date, config: AnalysisConfig
) -> list[PortfolioEntry]:
    """Worker: the entries of one batch of accounts."""
    return [portfolio_entry(sg, as_of, config) for sg in batch]


def _batches(store: Store, ids: list[str], size: int) -> Iterator[list[AccountSubgraph]]:
    batch: list[AccountSubgraph] = []
    for sg in store.iter_subgraphs(batch_size=size, account_ids=ids):
        batch.append(sg)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _start_method() -> str:
    """fork (workers start at once, modules already loaded) when this process runs no other
    thread and the platform has it; else forkserver or spawn (fork with threads is unsafe)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _scan(
    store: Store,
    ids: list[str],
    as_of: date,
    config: AnalysisConfig,
    batch_size: int,
    workers: int | None,
    inline_max: int,
) -> Iterator[PortfolioEntry]:
    if not ids:
        return
    n = workers or os.cpu_count() or 1
    if n <= 1 or len(ids) <= inline_max:
        for batch in _batches(store, ids, batch_size):
            yield from _analyse_batch(batch, as_of, config)
        return
    size = max(1, min(batch_size, -(-len(ids) // (n * 2))))
    ctx = multiprocessing.get_context(_start_method())
    with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
        pending: set[Future[list[PortfolioEntry]]] = set()
        for batch in _batches(store, ids, size):
            if len(pending) >= 2 * n:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield from fut.result()
            pending.add(pool.submit(_analyse_batch, batch, as_of, config))
        for fut in pending:
            yield from fut.result()
