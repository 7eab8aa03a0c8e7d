"""Pages straight from a store: gather the analysis, coalitions and health, then render.

The CLI (`graphkam render`) and the API (`/accounts/{id}/graph`, `/portfolio`) both call these,
so a page looks the same whichever way it was made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from graphkam.analysis import (
    AnalysisConfig,
    analyze_projection,
    project,
    rank_portfolio,
    scan_portfolio,
)
from graphkam.analysis.coalitions import find_coalitions
from graphkam.analysis.known import load_known
from graphkam.business import health_series, health_signals
from graphkam.i18n import Lang
from graphkam.model import NodeKind
from graphkam.stores.base import Store
from visualizations.account_page import Editor, account_page_data, render_account_page
from visualizations.portfolio_page import render_portfolio_page

__all__ = [
    "account_page_from_store",
    "account_data_from_store",
    "portfolio_page_from_store",
    "TIMELINE_DAYS",
]

#: The account page's health timeline: one point a month over the past year.
TIMELINE_DAYS = 360


def account_page_from_store(
    store: Store,
    account: str,
    as_of: dt.date,
    config: AnalysisConfig,
    may_see_notes: bool,
    *,
    lang: Lang = Lang.EN,
    editor: Editor | None = None,
) -> str:
    """The graph page of one stored account, with its analysis, coalitions and health timeline
    (one projection of the account as known on `as_of` serves the analysis and the page)."""
    subgraph = load_known(store, account, as_of)
    proj = project(subgraph, as_of, config)
    analysis = analyze_projection(proj)
    coalitions = find_coalitions(subgraph, influence={i.id: i.score for i in analysis.influence})
    start = as_of - dt.timedelta(days=TIMELINE_DAYS)
    return render_account_page(
        subgraph,
        analysis,
        as_of=as_of,
        viewer_may_see_notes=may_see_notes,
        coalitions=coalitions,
        config=config,
        health=health_series(subgraph, start, as_of, 30),
        projection=proj,
        lang=lang,
        editor=editor,
    )


def account_data_from_store(
    store: Store, account: str, as_of: dt.date, config: AnalysisConfig, may_see_notes: bool
) -> dict[str, Any]:
    """The account page's data (graph, overlay, choices) as the page embeds it, for its refresh
    after an edit."""
    subgraph = load_known(store, account, as_of)
    proj = project(subgraph, as_of, config)
    analysis = analyze_projection(proj)
    coalitions = find_coalitions(subgraph, influence={i.id: i.score for i in analysis.influence})
    return account_page_data(
        subgraph,
        analysis,
        as_of=as_of,
        viewer_may_see_notes=may_see_notes,
        coalitions=coalitions,
        projection=proj,
    )


def portfolio_page_from_store(
    store: Store,
    as_of: dt.date,
    config: AnalysisConfig,
    *,
    can_read: Callable[[str], bool] = lambda account: True,
    account_url: Callable[[str], str] = lambda id: f"/accounts/{id}/graph",
) -> str:
    """The portfolio page of the accounts `can_read` lets through, with health and alerts."""
    entries = rank_portfolio(e for e in scan_portfolio(store, as_of, config) if can_read(e.account))
    ids = [e.account for e in entries]
    names = {a.id: a.name for a in store.list_nodes(NodeKind.ACCOUNT) if a.id in set(ids)}
    signals = health_signals(store, ids, as_of)
    return render_portfolio_page(
        entries,
        as_of=as_of,
        names=names,
        health=signals.index,
        alerts=signals.alerts,
        account_url=account_url,
    )
