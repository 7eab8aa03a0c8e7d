"""Editing the map on the account page, in Chromium, through the live API (uvicorn on loopback).

Each test gets a fresh copy of the sample (graphkam.sample) behind the API. Expected outcomes
come from the store (read back through a second connection), from `graphkam show`, and for
threading from hand reasoning on the sample written in each docstring.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from typer.testing import CliRunner

from graphkam.cli import app as cli_app
from graphkam.documents import AccountMap
from graphkam.model import NodeKind, RelType, Stakeholder, TeamMember
from tests.visualizations.conftest import SHOT_DIR, LiveApi, PageRun

pytestmark = pytest.mark.browser

SignedIn = Callable[..., PageRun]
ACCOUNT = "dl-energy"


def node_xy(run: PageRun, node_id: str) -> tuple[float, float]:
    """Where the node is on the screen (page coordinates)."""
    return tuple(
        run.js(
            """id => { const p = network.canvasToDOM(network.getPosition(id));
                       const r = document.getElementById('network').getBoundingClientRect();
                       return [r.left + p.x, r.top + p.y]; }""",
            node_id,
        )
    )


def show_both(run: PageRun, a: str, b: str) -> None:
    """Zoom so that both nodes are on screen, apart."""
    run.js("ids => network.fit({nodes: ids, animation: false})", [a, b])
    run.js("() => network.moveTo({scale: Math.min(network.getScale(), 1.2), animation: false})")


def drag_line(run: PageRun, a: str, b: str) -> None:
    """Press Draw, then drag from node a to node b with the mouse, as a person would."""
    show_both(run, a, b)
    run.page.click("#btn-draw")
    ax, ay = node_xy(run, a)
    bx, by = node_xy(run, b)
    run.page.mouse.move(ax, ay)
    run.page.mouse.down()
    run.page.mouse.move((ax + bx) / 2, (ay + by) / 2, steps=8)
    run.page.mouse.move(bx, by, steps=8)
    run.page.mouse.up()
    run.page.wait_for_selector(".dialog #f-type")


def wait_saved(run: PageRun) -> None:
    # selectors, not wait_for_function: the API's CSP forbids the eval that one would need
    run.page.wait_for_selector("#edit-status.ok", state="attached", timeout=15_000)
    run.js("() => document.getElementById('edit-status').className = 'status-line'")


def open_panel(run: PageRun, node_id: str) -> None:
    run.js("id => graphkam.showPanel(id)", node_id)
    run.page.wait_for_selector(f'#panel-body[data-id="{node_id}"]')


def test_a_rep_builds_the_map_by_clicking_and_it_persists(
    signed_in: SignedIn, live_api: LiveApi
) -> None:
    """Add a person, drag a reports-to line, set a stance, log a visit — all by clicking; then
    reload: each is on the page, in the store and in `graphkam show`."""
    run = signed_in(ACCOUNT)
    page = run.page
    # add a person
    page.click("#btn-add-person")
    page.fill("#f-name", "钱学良 Qian Xueliang")
    page.fill("#f-title", "IT Architect")
    page.check('input[name="roles"][value="technical_buyer"]')
    page.select_option("#f-stance", "neutral")
    page.fill("#f-influence", "0.6")
    page.screenshot(path=str(SHOT_DIR / "editor-add-person-en.png"))
    page.click("#dialog-save")
    wait_saved(run)
    new_id = run.js("document.getElementById('panel-body').dataset.id")
    assert new_id.startswith(ACCOUNT + "-")
    assert run.js("id => graphkam.nodes.get(id) !== null", new_id)
    # drag a reports-to line from the new person to the CIO
    drag_line(run, new_id, "dl-cio")
    page.select_option("#f-type", "reports_to")
    page.click("#dialog-save")
    wait_saved(run)
    assert run.js("id => graphkam.edges.get('reports_to|' + id + '|dl-cio') !== null", new_id)
    # set a stance from the panel
    open_panel(run, new_id)
    page.select_option("#quick-stance", "supporter")
    wait_saved(run)
    # log a visit from the panel
    open_panel(run, new_id)
    page.click("#btn-log-visit")
    page.check('input[name="by"][value="am-chen"]')
    page.select_option("#f-purpose", "solution")
    page.fill("#f-notes", "Architecture review")
    page.click("#dialog-save")
    wait_saved(run)
    assert run.errors == [], run.errors

    page.reload()
    page.wait_for_selector("body[data-ready='1']", state="attached")
    person = run.js("id => graphkam.people[id]", new_id)
    assert person["name"] == "钱学良 Qian Xueliang" and person["stance"] == "supporter"
    assert person["roles"] == ["technical_buyer"] and person["title"] == "IT Architect"
    kinds = {(r["type"], r["other"]) for r in person["rels"]}
    assert ("reports_to", "dl-cio") in kinds and ("relates_to", "am-chen") in kinds

    with live_api.store() as st:
        stored = st.get_node(NodeKind.STAKEHOLDER, new_id)
        assert isinstance(stored, Stakeholder) and stored.stance.value == "supporter"
        assert stored.influence == pytest.approx(0.6)
        sub = st.account_subgraph(ACCOUNT)
        assert any(
            r.type is RelType.REPORTS_TO and (r.from_id, r.to_id) == (new_id, "dl-cio")
            for r in sub.relationships
        )
        visits = [v for v in sub.interactions if new_id in v.stakeholders]
        assert len(visits) == 1 and visits[0].team == ["am-chen"]
        assert visits[0].notes == "Architecture review" and visits[0].purpose.value == "solution"
    result = CliRunner().invoke(cli_app, ["show", ACCOUNT, "--store", live_api.store_url, "--json"])
    assert result.exit_code == 0, result.output
    (shown,) = [p for p in json.loads(result.output)["stakeholders"] if p["id"] == new_id]
    assert shown["name"] == "钱学良 Qian Xueliang" and shown["stance"] == "supporter"
    assert shown["roles"] == ["technical_buyer"]


def test_drawing_a_line_ends_single_threading(signed_in: SignedIn, live_api: LiveApi) -> None:
    """dl-energy is single-threaded (graphkam.sample.PLANTED): its chair dl-chair is reached
    only through dl-gm (dl-gm is the cut vertex between our team and the chair). Drawing
    "dl-cio influences dl-chair" (weight 0.6 ≥ the 0.3 threading threshold) by drag and drop
    adds the path sm-he → dl-cio → dl-chair, disjoint from dl-gm: two threads, no single point
    of failure. The overlay says so without a reload."""
    run = signed_in(ACCOUNT)
    page = run.page
    assert page.locator("#single-threaded-badge").is_visible()
    assert "dl-gm" in run.js("graphkam.data.overlay.spof.map(s => s.id)")
    loads = len(run.requests)
    drag_line(run, "dl-cio", "dl-chair")
    page.select_option("#f-type", "influences")
    page.fill("#f-weight", "0.6")
    page.click("#dialog-save")
    wait_saved(run)
    assert not page.locator("#single-threaded-badge").is_visible()
    assert run.js("graphkam.data.overlay.spof") == []
    assert "dl-gm" not in page.locator("#ov-spof").inner_text()
    assert not any("/graph?" in u for u in run.requests[loads:])  # no page reload
    with live_api.store() as st:
        rels = st.account_subgraph(ACCOUNT).relationships
        (rel,) = [
            r
            for r in rels
            if (r.type, r.from_id, r.to_id) == (RelType.INFLUENCES, "dl-cio", "dl-chair")
        ]
        assert rel.weight == pytest.approx(0.6)
    # undo the last change: the line is gone again, and the account single-threaded again
    page.click("#btn-undo")
    wait_saved(run)
    assert page.locator("#single-threaded-badge").is_visible()
    with live_api.store() as st:
        rels = st.account_subgraph(ACCOUNT).relationships
        assert not [r for r in rels if (r.from_id, r.to_id) == ("dl-cio", "dl-chair")]
    assert run.errors == []


def test_a_conflicting_edit_shows_what_changed(signed_in: SignedIn, live_api: LiveApi) -> None:
    """Two browsers open the same person's editor; the first saves; the second's save is
    refused with 412, shows which field changed and offers a reload; nothing is overwritten."""
    first, second = signed_in(ACCOUNT), signed_in(ACCOUNT, who="admin")
    for run in (first, second):
        open_panel(run, "dl-cfo")
        run.page.click("#btn-edit-person")
        run.page.wait_for_selector("#f-title")
    first.page.select_option("#f-stance", "champion")
    first.page.click("#dialog-save")
    wait_saved(first)
    second.page.fill("#f-title", "CFO (acting)")
    second.page.click("#dialog-save")
    box = second.page.locator("#conflict")
    box.wait_for(timeout=10_000)
    text = box.inner_text()
    assert "changed" in text and "stance: neutral → champion" in text
    assert second.page.locator("#btn-reload").is_visible()
    second.page.screenshot(path=str(SHOT_DIR / "editor-conflict-en.png"))
    with live_api.store() as st:
        cfo = st.get_node(NodeKind.STAKEHOLDER, "dl-cfo")
        assert isinstance(cfo, Stakeholder)
        assert cfo.stance.value == "champion" and cfo.title != "CFO (acting)"
    second.page.click("#btn-reload")
    second.page.wait_for_selector("body[data-ready='1']", state="attached")
    assert second.js("graphkam.people['dl-cfo'].stance") == "champion"


def test_errors_are_shown_next_to_the_field(signed_in: SignedIn) -> None:
    run = signed_in(ACCOUNT)
    run.page.click("#btn-add-person")
    run.page.click("#dialog-save")  # no name
    assert run.page.locator("#err-name").inner_text() == "required"
    run.page.fill("#f-name", "Someone")
    run.page.fill("#f-influence", "5")  # outside 0..1: the API answers 422 naming the field
    run.page.click("#dialog-save")
    run.page.wait_for_selector("#err-influence:not(:empty)")
    assert "less than or equal to 1" in run.page.locator("#err-influence").inner_text()
    assert run.page.locator(".dialog").is_visible()


def test_keyboard_reaches_every_action(signed_in: SignedIn) -> None:
    """Tab reaches the editing buttons; Enter opens the add-person dialog, Escape closes it and
    gives the focus back."""
    run = signed_in(ACCOUNT)
    run.page.focus("#btn-add-person")
    run.page.keyboard.press("Enter")
    run.page.wait_for_selector(".dialog")
    assert run.js("document.activeElement.id") == "f-name"
    run.page.keyboard.press("Escape")
    assert run.page.locator(".dialog").count() == 0
    assert run.js("document.activeElement.id") == "btn-add-person"
    seen = set()
    for _ in range(60):
        run.page.keyboard.press("Tab")
        seen.add(run.js("document.activeElement.id"))
    assert {"btn-draw", "btn-add-colleague", "btn-png", "btn-svg", "btn-print"} <= seen


def test_a_coach_sees_the_page_read_only(signed_in: SignedIn) -> None:
    """A coach reads the accounts of the reps they coach (am-chen is coached by mgr-sun) but
    may not edit them: no editing buttons, a read-only note."""
    run = signed_in(ACCOUNT, who="coach")
    assert run.page.locator("#btn-add-person").count() == 0
    assert "read only" in run.page.locator("#editbar").inner_text()


def test_a_role_suggested_from_the_title_is_accepted_in_one_click(
    signed_in: SignedIn, live_api: LiveApi
) -> None:
    """A person added with the title "Chief Financial Officer" and no role: the panel offers
    the economic buyer role (graphkam.titles: the finance rule); one click stores it."""
    run = signed_in(ACCOUNT)
    run.page.click("#btn-add-person")
    run.page.fill("#f-name", "Wen Jia")
    run.page.fill("#f-title", "Chief Financial Officer")
    run.page.click("#dialog-save")
    wait_saved(run)
    new_id = run.js("document.getElementById('panel-body').dataset.id")
    button = run.page.get_by_role("button", name="accept economic buyer")
    button.click()
    wait_saved(run)
    with live_api.store() as st:
        person = st.get_node(NodeKind.STAKEHOLDER, new_id)
        assert isinstance(person, Stakeholder)
        assert [r.value for r in person.roles] == ["economic_buyer"]
    assert run.js("id => graphkam.people[id].roles", new_id) == ["economic_buyer"]


def test_from_an_empty_account_to_a_multi_threaded_one_in_chinese(
    signed_in: SignedIn, live_api: LiveApi
) -> None:
    """Done when: a new account with nobody mapped yet (two of ours on its team, set up by an
    admin) becomes multi-threaded by clicking and dragging only, in the Chinese page.

    By hand: after adding the decision maker, nobody reaches them (role uncovered); one tie of
    ours (strength 0.8, contact today) makes one thread: single-threaded, Chen is the single
    point of failure on our side; a second tie from Ma adds a vertex-disjoint path: two threads.
    """
    with live_api.store() as st:
        st.import_map(
            AccountMap.model_validate(
                {"accounts": [{"id": "new-co", "name": "新客户 New Co", "tier": "A"}]}
            )
        )
        for member in ("am-chen", "dm-ma"):
            node = st.get_node(NodeKind.TEAM_MEMBER, member)
            assert isinstance(node, TeamMember)
            st.upsert_nodes([node.model_copy(update={"accounts": [*node.accounts, "new-co"]})])
    run = signed_in("new-co", locale="zh-CN")
    page = run.page
    assert run.js("graphkam.data.graph.nodes.filter(n => n.kind === 'stakeholder').length") == 0
    page.click("#btn-add-person")
    page.fill("#f-name", "赵总 Zhao")
    page.fill("#f-title", "总经理")
    page.check('input[name="roles"][value="decision_maker"]')
    page.select_option("#f-stance", "supporter")
    page.click("#dialog-save")
    wait_saved(run)
    boss = run.js("document.getElementById('panel-body').dataset.id")
    assert "role_uncovered" in run.js("graphkam.data.overlay.gaps.map(g => g.kind)")
    today = run.js("new Date().toISOString().slice(0, 10)")
    for n, member in enumerate(("am-chen", "dm-ma")):
        drag_line(run, member, boss)
        page.select_option("#f-type", "relates_to")
        page.fill("#f-strength", "0.8")
        page.fill("#f-last_contact", today)
        page.click("#dialog-save")
        wait_saved(run)
        overlay = run.js("graphkam.data.overlay")
        if n == 0:
            assert overlay["single_threaded"] is True
            assert [s["id"] for s in overlay["spof"]] == ["am-chen"]
            assert page.locator("#single-threaded-badge").is_visible()
            assert page.locator("#single-threaded-badge").inner_text() == "单线联系"
    assert overlay["single_threaded"] is False and overlay["spof"] == []
    assert run.js("id => graphkam.people[id].connectivity", boss) == 2
    assert not page.locator("#single-threaded-badge").is_visible()
    page.screenshot(path=str(SHOT_DIR / "editor-new-account-zh.png"))
    assert run.errors == [], run.errors
