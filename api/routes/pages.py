"""Browser pages: an account's graph and the portfolio, as self-contained HTML."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api import resources as res
from api.deps import AccessDep, StoreDep
from api.errors import problem_responses
from api.routes.analysis import AccountId, AsOfQuery, HalfLifeQuery, analysis_config
from graphkam.analysis import analyze_account, rank_portfolio, scan_portfolio
from graphkam.analysis.coalitions import find_coalitions
from graphkam.model import NodeKind
from visualizations import render_account_page, render_portfolio_page

__all__ = ["router"]

router = APIRouter(tags=["pages"])
_HTML = {200: {"content": {"text/html": {}}, "description": "an HTML page"}}


@router.get(
    "/accounts/{account_id}/graph",
    response_class=HTMLResponse,
    responses={**_HTML, **problem_responses(401, 404, 422, 503)},
)
def read_account_graph(
    account_id: AccountId,
    store: StoreDep,
    access: AccessDep,
    as_of: AsOfQuery = None,
    half_life: HalfLifeQuery = None,
) -> HTMLResponse:
    """The account's graph page (notes only for the account's team and admins)."""
    res.read_node(store, access, NodeKind.ACCOUNT, account_id)  # 404 for foreign accounts
    subgraph = store.account_subgraph(account_id)
    day = as_of or dt.date.today()
    config = analysis_config(half_life)
    analysis = analyze_account(subgraph, day, config)
    coalitions = find_coalitions(subgraph, influence={i.id: i.score for i in analysis.influence})
    page = render_account_page(
        subgraph,
        analysis,
        as_of=day,
        viewer_may_see_notes=access.sees_notes(account_id),
        coalitions=coalitions,
        config=config,
    )
    return HTMLResponse(page)


@router.get(
    "/portfolio",
    response_class=HTMLResponse,
    responses={**_HTML, **problem_responses(401, 422, 503)},
)
def read_portfolio_page(
    store: StoreDep, access: AccessDep, as_of: AsOfQuery = None, half_life: HalfLifeQuery = None
) -> HTMLResponse:
    """The portfolio page: the accounts you can see, ranked by risk, with their chart."""
    day = as_of or dt.date.today()
    entries = rank_portfolio(
        e
        for e in scan_portfolio(store, day, analysis_config(half_life))
        if access.can_read(e.account)
    )
    names = {a.id: a.name for a in store.list_nodes(NodeKind.ACCOUNT)}
    suffix = f"?as_of={day.isoformat()}" if as_of else ""
    page = render_portfolio_page(
        entries, as_of=day, names=names, account_url=lambda i: f"/accounts/{i}/graph{suffix}"
    )
    return HTMLResponse(page)
