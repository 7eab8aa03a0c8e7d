"""Browser pages: an account's graph and the portfolio, as self-contained HTML."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import HTMLResponse

from api import resources as res
from api.deps import AccessDep, AccountId, StoreDep
from api.errors import problem_responses
from api.routes.analysis import AsOfQuery, HalfLifeQuery, analysis_config
from api.security import SESSION_COOKIE
from graphkam.i18n import Lang, negotiate
from graphkam.model import NodeKind
from visualizations import account_page_from_store, portfolio_page_from_store
from visualizations.account_page import Editor
from visualizations.from_store import account_data_from_store

__all__ = ["router"]

router = APIRouter(tags=["pages"])
_HTML = {200: {"content": {"text/html": {}}, "description": "an HTML page"}}


@router.get(
    "/accounts/{account_id}/graph",
    response_class=HTMLResponse,
    responses={**_HTML, **problem_responses(401, 404, 422, 503)},
)
def read_account_graph(
    request: Request,
    account_id: AccountId,
    store: StoreDep,
    access: AccessDep,
    as_of: AsOfQuery = None,
    half_life: HalfLifeQuery = None,
    lang: Annotated[
        Lang | None,
        Query(description="page language (default: Accept-Language)", examples=["zh"]),
    ] = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> HTMLResponse:
    """The account's graph page (notes only for the account's team and admins); editable
    through the API for users who may edit the account."""
    res.read_node(store, access, NodeKind.ACCOUNT, account_id)  # 404 for foreign accounts
    editor = Editor(
        can_edit=access.can_write(account_id),
        csrf_token=_csrf_token(request),
        is_admin=access.is_admin,
    )
    page = account_page_from_store(
        store,
        account_id,
        as_of or dt.date.today(),
        analysis_config(half_life),
        access.sees_notes(account_id),
        lang=lang or negotiate(accept_language),
        editor=editor,
    )
    return HTMLResponse(page)


def _csrf_token(request: Request) -> str | None:
    """The browser session's CSRF token for the page's <meta name="csrf-token"> (None when the
    page was fetched with a bearer token instead of the session cookie)."""
    session_id = request.cookies.get(SESSION_COOKIE)
    session = request.app.state.users.session(session_id) if session_id else None
    return session.csrf_token if session is not None else None


@router.get("/accounts/{account_id}/graph/data", responses=problem_responses(401, 404, 422, 503))
def read_account_graph_data(
    account_id: AccountId,
    store: StoreDep,
    access: AccessDep,
    as_of: AsOfQuery = None,
    half_life: HalfLifeQuery = None,
) -> dict[str, Any]:
    """The account page's data (graph, analysis overlay, choices), which the page fetches again
    after each edit."""
    res.read_node(store, access, NodeKind.ACCOUNT, account_id)  # 404 for foreign accounts
    return account_data_from_store(
        store,
        account_id,
        as_of or dt.date.today(),
        analysis_config(half_life),
        access.sees_notes(account_id),
    )


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
