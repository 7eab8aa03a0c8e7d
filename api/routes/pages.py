"""Browser pages: an account's graph and the portfolio, as self-contained HTML."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api import resources as res
from api.deps import AccessDep, AccountId, StoreDep
from api.errors import problem_responses
from api.routes.analysis import AsOfQuery, HalfLifeQuery, analysis_config
from graphkam.model import NodeKind
from visualizations import account_page_from_store, portfolio_page_from_store

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
    page = account_page_from_store(
        store,
        account_id,
        as_of or dt.date.today(),
        analysis_config(half_life),
        access.sees_notes(account_id),
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
    """The portfolio page: the accounts you can see, ranked by risk, with health and alerts."""
    suffix = f"?as_of={as_of.isoformat()}" if as_of else ""
    page = portfolio_page_from_store(
        store,
        as_of or dt.date.today(),
        analysis_config(half_life),
        can_read=access.can_read,
        account_url=lambda i: f"/accounts/{i}/graph{suffix}",
    )
    return HTMLResponse(page)
