"""Browser pages of graphkam: an account's relationship graph and the portfolio, as offline HTML."""

from __future__ import annotations

from visualizations.account_page import render_account_page
from visualizations.from_store import account_page_from_store, portfolio_page_from_store
from visualizations.portfolio_page import render_portfolio_page

__all__ = [
    "render_account_page",
    "render_portfolio_page",
    "account_page_from_store",
    "portfolio_page_from_store",
]
