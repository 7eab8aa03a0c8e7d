"""Health on the pages: the portfolio shows each account's index and alerts; the account page
draws its timeline. Known answers from the sample's planted drop (graphkam.sample.PLANTED_LATER:
ts-logistics' health falls after its champion left)."""

from __future__ import annotations

import datetime as dt

import pytest

from graphkam.analysis import AnalysisConfig
from graphkam.business import health_index
from graphkam.sample import SAMPLE_AS_OF, load_sample
from graphkam.stores import Store, open_store
from visualizations import account_page_from_store, portfolio_page_from_store
from visualizations.health_chart import build_health_chart


@pytest.fixture(scope="module")
def sample_store() -> Store:
    st = open_store("sqlite:///:memory:")
    st.import_map(load_sample())
    return st


def test_portfolio_page_shows_health_and_the_planted_alert(sample_store: Store) -> None:
    html = portfolio_page_from_store(sample_store, SAMPLE_AS_OF, AnalysisConfig())
    ts = round(health_index(sample_store.account_subgraph("ts-logistics"), SAMPLE_AS_OF).index, 1)
    row = html[html.index('data-account="ts-logistics"', html.index("<tbody>")) :]
    row = row[: row.index("</tr>")]
    assert f'data-health="{ts}"' in row
    assert "alert" in row
    risks = html[html.index('id="risks"') : html.index('aria-label="accounts"')]
    assert "alert: health fell" in risks and "ts-logistics" in risks


def test_account_page_draws_the_health_timeline(sample_store: Store) -> None:
    html = account_page_from_store(
        sample_store, "ts-logistics", SAMPLE_AS_OF, AnalysisConfig(), False
    )
    assert 'id="ov-health"' in html and "<polyline" in html
    assert "below its peak" in html  # the planted drop is over 20% from the year's high


def test_health_chart_scale_by_hand() -> None:
    # Two points 100 then 50 on a 260x70 chart with 4px padding: x 4 and 256; y maps 0..100
    # onto 66..4, so 100 -> 4 and 50 -> 35; the drop from the peak is 50%.
    class H:
        def __init__(self, day: int, index: float) -> None:
            self.as_of, self.index = dt.date(2026, 1, day), index

    chart = build_health_chart([H(1, 100.0), H(2, 50.0)])
    assert chart is not None
    assert chart.polyline == "4.0,4.0 256.0,35.0"
    assert chart.drop == 0.5
    assert build_health_chart([H(1, 80.0)]) is None
