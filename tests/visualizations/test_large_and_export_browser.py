"""Large accounts stay readable and the view exports: the 300-person page in Chromium, its
labels, the decision-chain focus and department clusters; PNG and SVG export; the print plan."""

from __future__ import annotations

import base64
import struct
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.visualizations.conftest import BIG, SHOT_DIR, PageRun, Sample, big_account

pytestmark = pytest.mark.browser

OpenPage = Callable[[str], PageRun]

#: Interactive within this long after navigation start (the issue's target).
BUDGET_MS = 2000


def test_the_300_person_page_is_interactive_in_under_2_seconds(open_page: OpenPage) -> None:
    """From the page's last byte (Navigation Timing `responseEnd`) to `readyAt` (stamped with
    performance.now() once nodes are placed, drawn and labelled) takes under 2 s: the median of
    three loads, each in a fresh context (the machine is shared; one load can be unlucky).
    A click then opens a person's panel at once."""
    times = []
    for _ in range(3):
        run = open_page("big.html")
        ready = int(run.js("document.body.dataset.readyAt"))
        received = run.js("performance.getEntriesByType('navigation')[0].responseEnd")
        times.append(ready - received)
    assert run.js("graphkam.data.graph.nodes.filter(n => n.kind === 'stakeholder').length") == BIG
    person = run.js(
        "graphkam.data.graph.nodes.find(n => n.kind === 'stakeholder' && n.roles.length).id"
    )
    started = run.js("performance.now()")
    run.js("id => graphkam.showPanel(id)", person)
    assert run.js("performance.now()") - started < 200
    assert run.page.locator("#panel").is_visible()
    median = sorted(times)[1]
    print(f"300-person page interactive {median:.0f} ms after its last byte (loads: {times})")
    assert median < BUDGET_MS, f"interactive after {times} ms"
    run.page.screenshot(path=str(SHOT_DIR / "account-300.png"))
    assert run.errors == []


LABEL_BOXES = """() => {
  const ctx = document.querySelector('#network canvas').getContext('2d');
  return Object.values(network.body.nodes)
    .filter(n => n.options.label && n.options.label.trim() && !n.options.hidden)
    .map(n => { n.labelModule.getTextSize(ctx, n.selected, n.hover);
                const s = n.labelModule.size; return [n.id, s.left, s.top, s.width, s.height]; });
}"""

#: Stakeholders drawn on their own: not hidden and not folded into a cluster.
SHOWN = """() => Object.keys(network.body.nodes).filter(id =>
  !network.isCluster(id) && network.body.nodes[id].options.hidden !== true
  && !network.clustering.findNode(id).some(c => network.isCluster(c)))"""


def _overlaps(boxes: list[list[float]]) -> list[tuple[str, str]]:
    out = []
    for i, (a, ax, ay, aw, ah) in enumerate(boxes):
        for b, bx, by, bw, bh in boxes[i + 1 :]:
            if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
                out.append((a, b))
    return out


def test_labels_do_not_overlap_at_300_people(open_page: OpenPage) -> None:
    """vis-network's own label boxes (labelModule.size, canvas units) of every label drawn
    intersect pairwise nowhere, at the fitted view and zoomed in on the decision maker."""
    run = open_page("big.html")
    boxes = run.js(LABEL_BOXES)
    assert len(boxes) >= 10, "too few labels to read anything"
    assert _overlaps(boxes) == []
    chair = run.js("graphkam.data.graph.nodes.find(n => n.roles.includes('decision_maker')).id")
    run.js(
        "id => { network.focus(id, {scale: 1.5, animation: false}); graphkam.declutterLabels(); }",
        chair,
    )
    zoomed = run.js(LABEL_BOXES)
    assert _overlaps(zoomed) == []
    assert chair in {b[0] for b in zoomed}


def test_decision_chain_focus_collapses_the_rest_by_department(open_page: OpenPage) -> None:
    """Focus shows the decision chain, our people and the people on a shortest path between
    them; everyone else is folded into one cluster per department (checked against networkx)."""
    import networkx as nx

    run = open_page("big.html")
    run.page.check('input[name="focus"][value="chain"]')
    sub = big_account()
    chain = {s.id for s in sub.stakeholders if s.roles and s.status.value == "active"}
    ours = {m.id for m in sub.team}
    g = nx.Graph()
    g.add_edges_from(
        (r.from_id, r.to_id) for r in sub.relationships if r.since is None or r.since <= sub_day()
    )
    visible = set(run.js(SHOWN))
    people = {s.id for s in sub.stakeholders}
    shown = visible & people
    assert chain <= shown
    for member in ours & set(g):
        for target in chain & set(g):
            if nx.has_path(g, member, target):
                # at least one shortest path of the graph lies within what is shown
                assert any(
                    set(p[1:-1]) & people <= shown for p in nx.all_shortest_paths(g, member, target)
                ), (member, target)
    clusters = run.js("Object.keys(network.body.nodes).filter(id => network.isCluster(id))")
    depts = {s.department for s in sub.stakeholders if s.id not in shown and s.department}
    assert {c.removeprefix("cluster:") for c in clusters} == depts
    run.page.screenshot(path=str(SHOT_DIR / "account-300-focus.png"))


def sub_day():  # the sample's as-of date: what the page was rendered for
    from graphkam.sample import SAMPLE_AS_OF

    return SAMPLE_AS_OF


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (PNG spec, section 11.2.2)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_png_export_is_a_picture_of_the_view_with_its_legend(
    open_page: OpenPage, sample: Sample
) -> None:
    """The PNG is a valid PNG exactly as large as the graph's canvas on screen (1400x900 window,
    device pixel ratio 1), and its top-left corner holds the legend box (not white)."""
    run = open_page("single.html")
    width, height = run.js(
        "(e => [e.clientWidth, e.clientHeight])(document.getElementById('network'))"
    )
    with run.page.expect_download() as info:
        run.page.click("#btn-png")
    data = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename == "dl-energy.png"
    assert _png_size(data) == (width, height)
    url = run.js("graphkam.exportPNG()")
    assert base64.b64decode(url.split(",", 1)[1])[:8] == data[:8]
    # the legend: the pixel inside its border at (11, 11) is grey, not the white background
    pixel = run.js(
        """u => new Promise(ok => { const i = new Image(); i.onload = () => {
             const c = document.createElement('canvas'); c.width = i.width; c.height = i.height;
             const x = c.getContext('2d'); x.drawImage(i, 0, 0);
             ok(Array.from(x.getImageData(10, 10, 1, 1).data)); }; i.src = u; })""",
        url,
    )
    assert pixel[:3] != [255, 255, 255]
    (SHOT_DIR / "export.png").write_bytes(data)


def test_svg_export_draws_every_visible_node_and_the_legend(open_page: OpenPage) -> None:
    run = open_page("single.html")
    svg = run.js("graphkam.exportSVG()")
    assert svg.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in svg
    n_visible = run.js("graphkam.nodes.get({filter: n => !n.hidden}).length")
    stances = run.js("graphkam.data.graph.stances.length")
    marks = run.js(
        "['spof', 'uncovered', 'opponent']"
        ".filter(m => graphkam.data.graph.nodes.some(n => n.marks[0] === m)).length"
    )
    assert svg.count("<circle") == n_visible + stances + marks
    (SHOT_DIR / "export.svg").write_text(svg, encoding="utf-8")


def test_the_account_plan_prints_to_pdf(open_page: OpenPage) -> None:
    """Printing (Chromium's PDF) hides the controls and shows the map picture, the decision
    chain, the gaps and the recommendations."""
    run = open_page("single.html")
    run.js("window.dispatchEvent(new Event('beforeprint'))")  # as a browser does, then print CSS
    run.page.emulate_media(media="print")
    assert run.page.locator("img.print-map").count() == 1
    assert not run.page.locator("aside.controls").is_visible()
    for block in ("#ov-roles", "#ov-gaps", "#ov-recs", "#plan-title"):
        assert run.page.locator(block).is_visible(), block
    pdf = run.page.pdf(format="A4", landscape=True)
    assert pdf[:5] == b"%PDF-" and len(pdf) > 10_000
    (SHOT_DIR / "account-plan.pdf").write_bytes(pdf)
