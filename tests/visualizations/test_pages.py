"""Page building without a browser: escaping, notes, strength, sizes, portfolio rows, chart axes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from graphkam.analysis import AnalysisConfig, analyze_account
from graphkam.documents import AccountMap, AccountSubgraph
from graphkam.sample import PLANTED, SAMPLE_AS_OF
from tests.visualizations.conftest import Sample
from visualizations.account_page import coalition_members, render_account_page
from visualizations.assets import json_for_script, vis_network_js
from visualizations.overlay import read_overlay
from visualizations.portfolio_page import build_chart, portfolio_rows, render_portfolio_page
from visualizations.styles import edge_width, node_size

AS_OF = dt.date(2026, 11, 15)


@pytest.fixture
def example(example_map_path: Path) -> AccountSubgraph:
    doc = AccountMap.model_validate(yaml.safe_load(example_map_path.read_text(encoding="utf-8")))
    return AccountSubgraph.model_validate(doc.model_dump(by_alias=True))


def test_json_for_script_cannot_close_the_script() -> None:
    text = str(json_for_script({"name": "</script><img src=x onerror=alert(1)>&"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><img src=x onerror=alert(1)>&"}


def _tie_map(strength: float | None, contact: str | None, visit: str | None) -> AccountSubgraph:
    """One account, one of ours, one stakeholder and our tie to them (optionally a visit)."""
    doc: dict[str, Any] = {
        "accounts": [{"id": "a", "name": "A", "tier": "B"}],
        "team": [{"id": "m", "name": "Me", "team_role": "account_manager", "accounts": ["a"]}],
        "stakeholders": [{"id": "s", "account": "a", "name": "S", "roles": ["decision_maker"]}],
        "relationships": [
            {"type": "relates_to", "from": "m", "to": "s", "strength": strength}
            | ({"last_contact": contact} if contact else {})
        ],
        "interactions": [
            {"date": visit, "team": ["m"], "stakeholders": ["s"], "purpose": "progress"}
        ]
        if visit
        else [],
    }
    return AccountSubgraph.model_validate(AccountMap.model_validate(doc).model_dump(by_alias=True))


@pytest.mark.parametrize(
    ("strength", "contact", "visit", "expected", "latest"),
    [
        # by hand: 0.8 × 0.5^(90/90) = 0.4; 0.6 × 0.5^(180/90) = 0.15
        (0.8, "2026-08-17", None, 0.4, "2026-08-17"),
        (0.6, "2026-05-19", None, 0.15, "2026-05-19"),
        # a visit on as_of is the latest contact: no decay, 0.8
        (0.8, "2026-08-17", "2026-11-15", 0.8, "2026-11-15"),
        # unset strength counts 0.5; no contact date counts as 90 days old: 0.5 × 0.5 = 0.25
        (None, None, None, 0.25, None),
    ],
)
def test_page_shows_the_projections_effective_strength(
    strength: float | None,
    contact: str | None,
    visit: str | None,
    expected: float,
    latest: str | None,
) -> None:
    """The page's tie width and panel use the projection's effective strength and latest
    contact (docs/scores.md: strength × 0.5^(age/90 days)); numbers worked out by hand."""
    html = render_account_page(
        _tie_map(strength, contact, visit), None, as_of=AS_OF, viewer_may_see_notes=False
    )
    data = _graph_json(html)["graph"]
    (edge,) = [e for e in data["edges"] if e["type"] == "relates_to"]
    assert edge["strength"] == pytest.approx(expected)
    assert edge["width"] == pytest.approx(round(1 + 7 * expected, 2))
    (rel,) = data["people"]["s"]["rels"]
    assert rel["effective"] == pytest.approx(expected) and rel["last_contact"] == latest


def test_sizes_and_widths() -> None:
    assert (node_size(0.0), node_size(1.0), node_size(2.0)) == (10.0, 40.0, 40.0)
    assert (edge_width(None), edge_width(0.0), edge_width(1.0)) == (1.0, 1.0, 8.0)


def test_notes_only_for_viewers_who_may_see_them(example: AccountSubgraph) -> None:
    notes = next(s.notes for s in example.stakeholders if s.notes)
    hidden = render_account_page(example, None, as_of=AS_OF, viewer_may_see_notes=False)
    shown = render_account_page(example, None, as_of=AS_OF, viewer_may_see_notes=True)
    assert notes not in hidden and "Tsinghua" not in hidden
    assert notes in shown
    assert "personal notes hidden" in hidden


def test_page_has_no_external_reference(example: AccountSubgraph) -> None:
    html = render_account_page(example, None, as_of=AS_OF, viewer_may_see_notes=False)
    body = html.replace(vis_network_js(), "")  # the library's licence comments name its sites
    for marker in ("http://", "https://", "//cdn", "bootstrap", 'src="'):
        assert marker not in body, marker
    assert "王建国 Wang Jianguo" in html


def test_overlay_reads_the_typed_analysis(example: AccountSubgraph) -> None:
    """The overlay takes the AccountAnalysis model; its JSON document is validated into one, so a
    renamed field is an error instead of an empty overlay."""
    analysis = analyze_account(example, AS_OF, AnalysisConfig())
    overlay = read_overlay(analysis)
    assert overlay.analysed and overlay.single_threaded == analysis.threading.single_threaded
    assert overlay.spof == {p.id: p.cuts_off for p in analysis.threading.single_points_of_failure}
    assert read_overlay(analysis.model_dump(mode="json")) == overlay
    broken = analysis.model_dump(mode="json")
    broken["threads"] = broken.pop("threading")
    with pytest.raises(ValidationError, match="threading"):
        read_overlay(broken)
    assert read_overlay(None).analysed is False


def test_coalitions_from_lists_and_reports() -> None:
    assert coalition_members([["a", "b"], ["c"]]) == [["a", "b"], ["c"]]
    report = {"coalitions": [{"members": ["x"]}, {"members": []}]}
    assert coalition_members(report) == [["x"]]
    assert coalition_members(None) == []


def test_portfolio_rows_rank_and_coverage() -> None:
    entries = [
        {
            "account": "c1",
            "name": "C one",
            "tier": "C",
            "single_threaded": False,
            "support_index": 0.1,
            "gaps": [],
        },
        {
            "account": "b1",
            "name": "B one",
            "tier": "B",
            "single_threaded": True,
            "support_index": -0.3,
            "gaps": [
                {"kind": "role_uncovered", "subject": "economic_buyer", "severity": "high"},
                {"kind": "single_threaded", "subject": "p", "severity": "high"},
            ],
        },
        {
            "account": "s1",
            "name": "S one",
            "tier": "S",
            "single_threaded": False,
            "support_index": 0.5,
            "gaps": [],
        },
    ]
    rows = portfolio_rows(entries)
    # coverage by hand: one of the seven roles not reached → 6/7
    assert rows[1].coverage == pytest.approx(6 / 7, abs=1e-6)
    assert rows[0].coverage == 1.0 and rows[1].at_risk and not rows[0].at_risk
    html = render_portfolio_page(entries, as_of=AS_OF, account_url=lambda i: f"{i}.html")
    order = [html.index(f'data-rank="{n}"') for n in (1, 2, 3)]
    assert order == sorted(order)
    assert html.index('data-account="s1" data-tier') < html.index('data-account="b1" data-tier')
    assert 'href="b1.html"' in html


def test_chart_axes_keep_full_coverage_and_zero_support() -> None:
    rows = portfolio_rows(
        [{"account": "a", "tier": "A", "support_index": 0.4, "coverage": 0.9, "gaps": []}]
    )
    chart = build_chart(rows)
    assert chart.x_ticks[-1].text == "100%" and chart.x_ticks[0].text == "80%"
    assert any(t.text == "0" for t in chart.y_ticks)
    (bubble,) = chart.bubbles
    # x: 0.9 sits half-way between 80% and 100% of the plot box
    assert bubble.x == pytest.approx(chart.pad + (chart.w - 2 * chart.pad) / 2, abs=0.1)


def _graph_json(html: str) -> dict[str, Any]:
    start = html.index('<script type="application/json" id="graph-data">') + len(
        '<script type="application/json" id="graph-data">'
    )
    return json.loads(html[start : html.index("</script>", start)])


@pytest.mark.parametrize(
    ("account", "mark"),
    [("ym-retail", "uncovered"), ("kr-health", "opponent"), ("dl-energy", "spof")],
)
def test_planted_problems_are_marked(sample: Sample, account: str, mark: str) -> None:
    """Each planted problem of the sample (graphkam.sample.PLANTED) carries its mark on the graph:
    holders of the uncovered role, the influential opponent, the single point of failure."""
    sub, analysis = sample.analysed(account)
    html = render_account_page(sub, analysis, as_of=SAMPLE_AS_OF, viewer_may_see_notes=False)
    marked = {n["id"] for n in _graph_json(html)["graph"]["nodes"] if mark in n["marks"]}
    (planted,) = PLANTED[account]
    if mark == "uncovered":
        holders = {s.id for s in sub.stakeholders if planted[1] in s.roles and s.status == "active"}
        assert marked == holders and holders
    elif mark == "opponent":
        assert marked == {planted[1]}
    else:
        assert marked == {p.id for p in analysis.threading.single_points_of_failure} and marked
    others = {m for n in _graph_json(html)["graph"]["nodes"] for m in n["marks"]} - {mark}
    assert others == set(), f"{account} should carry only its planted mark"
