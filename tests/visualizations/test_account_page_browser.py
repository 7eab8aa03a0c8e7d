"""The account graph page in Chromium: offline, counts, layers, panel, overlay, XSS, layout."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graphkam.model import Layer, NodeKind, RelType, infer_layer
from graphkam.sample import PLANTED, SAMPLE_AS_OF
from tests.visualizations.conftest import (
    SHOT_DIR,
    SINGLE_THREADED,
    XSS_NAME,
    XSS_NOTES,
    PageRun,
    Sample,
)
from visualizations.styles import MARK_COLORS

pytestmark = pytest.mark.browser

OpenPage = Callable[[str], PageRun]


def _expected_edges(sample: Sample, account: str) -> dict[str, tuple[str, str]]:
    """Edge id → (type, layer), worked out here from the subgraph and the documented rules
    (docs/pages.md): every relationship known on as_of, plus on_team for each of our people's
    accounts, subsidiary_of for an account parent, in_department for people, sub-departments."""
    sub, _ = sample.analysed(account)
    kinds = {n.id: n.node_kind for n in sub.nodes()}
    chain = {s.id: bool(s.roles) for s in sub.stakeholders}
    out = {}
    for r in sub.relationships:
        if r.since is None or r.since <= SAMPLE_AS_OF:
            out["|".join(r.key)] = (r.type.value, infer_layer(r, kinds, chain).value)
    org = Layer.ORGANIZATIONAL.value
    for m in sub.team:
        for a in m.accounts:
            if a in kinds:
                out[f"on_team|{m.id}|{a}"] = ("on_team", org)
    for a in sub.accounts:
        if a.parent in kinds:
            out[f"subsidiary_of|{a.id}|{a.parent}"] = ("subsidiary_of", org)
    for s in sub.stakeholders:
        if s.department in kinds:
            out[f"in_department|{s.id}|{s.department}"] = ("in_department", org)
    for d in sub.departments:
        if d.parent in kinds:
            out[f"in_department|{d.id}|{d.parent}"] = ("in_department", org)
    return out


def _hidden_edges(run: PageRun) -> set[str]:
    return set(run.js("graphkam.edges.get({filter: e => e.hidden}).map(e => e.id)"))


def _click_node(run: PageRun, node_id: str) -> None:
    """Centre the node on the canvas and click it with the mouse, as a person would."""
    run.js("id => network.focus(id, {scale: 1.6, animation: false})", node_id)
    x, y = run.js(
        """id => { const p = network.canvasToDOM(network.getPosition(id));
                   const r = document.getElementById('network').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""",
        node_id,
    )
    run.page.mouse.click(x, y)


def test_page_loads_offline_with_all_nodes_and_edges(open_page: OpenPage, sample: Sample) -> None:
    run = open_page("single.html")
    sub, _ = sample.analysed(SINGLE_THREADED)
    n_nodes = sum(
        len(x)
        for x in (
            sub.accounts,
            sub.team,
            sub.departments,
            sub.stakeholders,
            sub.third_parties,
            sub.competitors,
        )
    )
    assert run.js("network.body.data.nodes.length") == n_nodes
    assert run.js("network.body.data.edges.length") == len(_expected_edges(sample, SINGLE_THREADED))
    assert run.errors == []
    assert run.foreign_requests() == []
    assert len(run.requests) == 1  # the page itself: scripts and styles are inline
    run.page.screenshot(path=str(SHOT_DIR / "account-single-threaded.png"))


@pytest.mark.parametrize("layer", [layer.value for layer in Layer])
def test_toggling_a_layer_hides_exactly_its_edges(
    open_page: OpenPage, sample: Sample, layer: str
) -> None:
    run = open_page("single.html")
    expected = {
        k for k, (_, lay) in _expected_edges(sample, SINGLE_THREADED).items() if lay == layer
    }
    assert expected, f"the sample account has no {layer} edges to test with"
    box = run.page.locator(f'.layer-toggle[data-layer="{layer}"]')
    box.uncheck()
    assert _hidden_edges(run) == expected
    box.check()
    assert _hidden_edges(run) == set()


def test_toggling_a_type_hides_exactly_its_edges(open_page: OpenPage, sample: Sample) -> None:
    run = open_page("single.html")
    expected = {
        k for k, (t, _) in _expected_edges(sample, SINGLE_THREADED).items() if t == "influences"
    }
    run.page.locator('.type-toggle[data-type="influences"]').uncheck()
    assert _hidden_edges(run) == expected


def test_stance_filter_hides_other_stakeholders(open_page: OpenPage, sample: Sample) -> None:
    run = open_page("single.html")
    sub, _ = sample.analysed(SINGLE_THREADED)
    others = {s.id for s in sub.stakeholders if s.stance.value != "supporter"}
    run.page.select_option("#stance-filter", "supporter")
    hidden = set(run.js("graphkam.nodes.get({filter: n => n.hidden}).map(n => n.id)"))
    assert hidden == others


def test_clicking_a_node_shows_its_panel(open_page: OpenPage, sample: Sample) -> None:
    run = open_page("single.html")
    sub, analysis = sample.analysed(SINGLE_THREADED)
    person = next(s for s in sub.stakeholders if s.title and s.roles)
    _click_node(run, person.id)
    panel = run.page.locator("#panel")
    assert panel.is_visible()
    assert run.page.locator("#panel-body").get_attribute("data-id") == person.id
    text = panel.inner_text()
    assert person.name in text and person.title in text
    assert person.stance.value in text
    ours = [r for r in sub.relationships if r.to_id == person.id and r.type == RelType.RELATES_TO]
    names = {n.id: n.name for n in sub.nodes()}
    for r in ours:  # our relationships, each with its last contact (or "no contact recorded")
        assert names[r.from_id] in text
    assert ("last contact" in text) or ("no contact recorded" in text) or not ours
    run.page.screenshot(path=str(SHOT_DIR / "account-panel.png"))


def test_single_point_of_failure_is_marked(open_page: OpenPage, sample: Sample) -> None:
    """Done when: the single-threaded account's page marks its single point of failure."""
    run = open_page("single.html")
    _, analysis = sample.analysed(SINGLE_THREADED)
    spofs = {p.id: p for p in analysis.threading.single_points_of_failure}
    planted = {s for k, s in PLANTED[SINGLE_THREADED] if k == "single_threaded"}
    assert spofs and planted <= {c for p in spofs.values() for c in p.cuts_off}
    marked = set(
        run.js("graphkam.nodes.get({filter: n => n.marks.includes('spof')}).map(n => n.id)")
    )
    assert marked == set(spofs)
    for pid in spofs:
        node = run.js("id => graphkam.nodes.get(id)", pid)
        assert node["color"]["border"] == MARK_COLORS["spof"] and node["borderWidth"] == 5
        assert node["label"].startswith("⚠ ")
    names = {n.id: n.name for n in sample.analysed(SINGLE_THREADED)[0].nodes()}
    box = run.page.locator("#ov-spof").inner_text()
    for p in spofs.values():
        assert names[p.id] in box and all(names[c] in box for c in p.cuts_off)
    assert run.page.locator("#single-threaded-badge").is_visible()


def test_org_chart_layout_puts_managers_above_reports(open_page: OpenPage, sample: Sample) -> None:
    run = open_page("single.html")
    run.page.locator('input[name=layout][value="hierarchical"]').check()
    assert run.js("document.body.dataset.layout") == "hierarchical"
    pos = run.js("network.getPositions()")
    sub, _ = sample.analysed(SINGLE_THREADED)
    reports = [r for r in sub.relationships if r.type == RelType.REPORTS_TO]
    assert reports
    for r in reports:
        assert pos[r.to_id]["y"] < pos[r.from_id]["y"], f"{r.to_id} should sit above {r.from_id}"
    run.page.screenshot(path=str(SHOT_DIR / "account-org-chart.png"))
    run.page.locator('input[name=layout][value="force"]').check()
    assert run.js("document.body.dataset.layout") == "force"


def test_search_selects_by_chinese_name(open_page: OpenPage, sample: Sample) -> None:
    run = open_page("single.html")
    sub, _ = sample.analysed(SINGLE_THREADED)
    person = sub.stakeholders[0]
    chinese = person.name.split()[0]
    run.page.fill("#search", chinese)
    selected = set(run.js("network.getSelectedNodes()"))
    assert person.id in selected
    assert all(chinese in n.name for n in sub.nodes() if n.id in selected)


def test_markup_in_names_and_notes_stays_text(open_page: OpenPage, sample: Sample) -> None:
    run = open_page("xss.html")
    target = next(s for s in sample.analysed("hx-steel")[0].stakeholders if s.roles)
    run.page.fill("#search", "<img")
    panel = run.page.locator("#panel-body")
    assert panel.locator("h2").inner_text() == XSS_NAME
    assert XSS_NOTES in panel.locator(".notes").inner_text()
    # hover the node: vis-network shows the tooltip we built from text nodes
    _click_node(run, target.id)
    run.page.mouse.move(5, 5)
    x, y = run.js(
        """id => { const p = network.canvasToDOM(network.getPosition(id));
                   const r = document.getElementById('network').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""",
        target.id,
    )
    run.page.mouse.move(x, y)
    tip = run.page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=5_000)
    assert XSS_NAME in tip.inner_text()
    assert run.js("document.querySelectorAll('img, script[src]').length") == 0
    run.page.wait_for_timeout(300)
    assert run.dialogs == []
    assert run.errors == []
    assert run.foreign_requests() == []
    run.page.screenshot(path=str(SHOT_DIR / "account-xss.png"))


def test_node_kinds_have_their_shapes(open_page: OpenPage) -> None:
    run = open_page("single.html")
    shapes = run.js("Object.fromEntries(graphkam.nodes.get().map(n => [n.kind, n.shape]))")
    assert shapes[NodeKind.TEAM_MEMBER.value] == "star"
    assert shapes[NodeKind.STAKEHOLDER.value] == "dot"
    assert shapes[NodeKind.DEPARTMENT.value] == "box"
