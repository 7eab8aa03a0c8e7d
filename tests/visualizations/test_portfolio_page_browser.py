"""The portfolio page in Chromium: offline, risks, ranking, sorting, filters, chart, links, XSS."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graphkam.sample import PLANTED
from tests.visualizations.conftest import SHOT_DIR, SINGLE_THREADED, XSS_ACCOUNT, PageRun

pytestmark = pytest.mark.browser

OpenPage = Callable[[str], PageRun]


def _shown_accounts(run: PageRun) -> list[str]:
    return run.js(
        "[...document.querySelectorAll('#accounts tbody tr')]"
        ".filter(r => !r.hidden).map(r => r.dataset.account)"
    )


def test_portfolio_loads_offline_and_lists_every_account(open_page: OpenPage) -> None:
    run = open_page("portfolio.html")
    assert run.errors == []
    assert run.foreign_requests() == []
    assert set(_shown_accounts(run)) == set(PLANTED) | {"evil"}
    assert run.page.locator("#chart circle.bubble").count() == len(PLANTED) + 1
    run.page.screenshot(path=str(SHOT_DIR / "portfolio.png"), full_page=True)


def test_single_threaded_account_is_listed_among_the_risks(open_page: OpenPage) -> None:
    """Done when: the portfolio page lists the single-threaded account among the risks."""
    run = open_page("portfolio.html")
    risk = run.page.locator(f'#risks li[data-account="{SINGLE_THREADED}"]')
    assert risk.count() == 1
    assert "single-threaded" in risk.inner_text()
    assert risk.locator("a").get_attribute("href") == f"/accounts/{SINGLE_THREADED}/graph"
    # every account the sample plants a gap in is a risk only if that gap is high severity;
    # the healthy ones (no planted gaps) never are
    risky = set(run.js("[...document.querySelectorAll('#risks li')].map(li => li.dataset.account)"))
    assert not risky & {a for a, gaps in PLANTED.items() if not gaps}


def test_filters_and_sorting(open_page: OpenPage) -> None:
    run = open_page("portfolio.html")
    run.page.select_option("#gap-filter", "single_threaded")
    assert _shown_accounts(run) == [SINGLE_THREADED]
    run.page.select_option("#gap-filter", "")
    for tier in "ABC":
        run.page.locator(f'.tier-filter[value="{tier}"]').uncheck()
    shown = _shown_accounts(run)
    tiers = run.js(
        "[...document.querySelectorAll('#accounts tbody tr')].filter(r => !r.hidden)"
        ".map(r => r.dataset.tier)"
    )
    assert shown and set(tiers) == {"S"}
    for tier in "ABC":
        run.page.locator(f'.tier-filter[value="{tier}"]').check()
    run.page.locator('th[data-key="support"]').click()
    supports = run.js(
        "[...document.querySelectorAll('#accounts tbody tr')].map(r => Number(r.dataset.support))"
    )
    assert supports == sorted(supports)
    run.page.locator('th[data-key="support"]').click()
    supports = run.js(
        "[...document.querySelectorAll('#accounts tbody tr')].map(r => Number(r.dataset.support))"
    )
    assert supports == sorted(supports, reverse=True)


def test_account_name_markup_shows_as_text(open_page: OpenPage) -> None:
    run = open_page("portfolio.html")
    cell = run.page.locator('#accounts tr[data-account="evil"] td a')
    assert cell.inner_text() == XSS_ACCOUNT
    assert run.js("document.querySelectorAll('#accounts b').length") == 0
    assert run.dialogs == []
