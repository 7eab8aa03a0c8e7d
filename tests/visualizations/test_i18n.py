"""The zh/en catalogue (graphkam.i18n): complete for every enum the pages show, negotiated from
Accept-Language, and the Chinese page in Chromium has no untranslated label."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkam.analysis.config import CoverageStatus, GapKind, Severity
from graphkam.analysis.threading import Side
from graphkam.cli import app as cli_app
from graphkam.i18n import MESSAGES, Lang, catalogue, negotiate, t
from graphkam.model import (
    DecisionRole,
    Layer,
    NodeKind,
    Purpose,
    RelType,
    StakeholderStatus,
    Stance,
    TeamRole,
)
from graphkam.sample import SAMPLE_AS_OF, load_sample
from graphkam.stores import open_store
from tests.visualizations.conftest import SHOT_DIR, PageRun

FAMILIES: list[tuple[str, type[StrEnum]]] = [
    ("stance", Stance),
    ("role", DecisionRole),
    ("rel", RelType),
    ("layer", Layer),
    ("kind", NodeKind),
    ("status", CoverageStatus),
    ("gap", GapKind),
    ("severity", Severity),
    ("side", Side),
    ("purpose", Purpose),
    ("team_role", TeamRole),
    ("person", StakeholderStatus),
]


@pytest.mark.parametrize(("family", "enum"), FAMILIES, ids=[f for f, _ in FAMILIES])
def test_every_enum_value_has_both_languages(family: str, enum: type[StrEnum]) -> None:
    for member in enum:
        en, zh = MESSAGES[f"{family}.{member.value}"]
        assert en and zh and en != zh, member


def test_every_chinese_message_is_chinese() -> None:
    """Each zh text holds at least one CJK ideograph (U+4E00–U+9FFF)."""
    for key, text in catalogue(Lang.ZH).items():
        assert any("\u4e00" <= c <= "\u9fff" for c in text), key


def test_placeholders_are_the_same_in_both_languages() -> None:
    import string

    for key, (en, zh) in MESSAGES.items():
        names = [{f for _, f, _, _ in string.Formatter().parse(x) if f} for x in (en, zh)]
        assert names[0] == names[1], key


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", Lang.ZH),
        ("en-US,en;q=0.9,zh-CN;q=0.8", Lang.EN),
        ("fr-FR, zh;q=0.5", Lang.ZH),  # our best match, even at a lower q
        ("zh;q=0, en;q=0.1", Lang.EN),  # q=0 means "not acceptable"
        ("fr", Lang.EN),
        ("", Lang.EN),
        (None, Lang.EN),
        ("zh-TW;q=abc", Lang.EN),  # malformed q: ignored
    ],
)
def test_accept_language(header: str | None, expected: Lang) -> None:
    assert negotiate(header) is expected


def test_messages_fill_placeholders_and_reject_unknown_keys() -> None:
    assert t("ui.matches", Lang.ZH, n=3) == "3 个匹配"
    with pytest.raises(KeyError):
        t("ui.no_such_label", Lang.EN)


# -- the Chinese page in Chromium -------------------------------------------------------------

#: Text that needs no translation: no Latin letter at all (digits, punctuation, symbols).
WALK = r"""() => {
  const bad = [];
  const cjk = /[\u4e00-\u9fff]/, latin = /[A-Za-z]/;
  function skip(node) {
    for (let e = node; e && e.nodeType === 1; e = e.parentElement) {
      if (e.classList.contains("stored") || e.classList.contains("person-link")) return true;
      if (["SCRIPT", "STYLE", "TIME", "CANVAS"].includes(e.tagName)) return true;
      if (e.hasAttribute("lang") && e.getAttribute("lang") !== "zh") return true;
    }
    return false;
  }
  function check(text, where) {
    text = text.trim();
    if (text && latin.test(text) && !cjk.test(text)) bad.push(where + ": " + text);
  }
  function walk(root, where) {
    const it = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = it.currentNode; n; n = it.nextNode()) {
      if (n.nodeType === 3) { if (!skip(n.parentElement)) check(n.textContent, where); continue; }
      if (skip(n)) continue;
      for (const attr of ["aria-label", "placeholder", "title", "alt"]) {
        if (n.hasAttribute && n.hasAttribute(attr)) check(n.getAttribute(attr), where + "@" + attr);
      }
    }
  }
  walk(document.body, "page");
  for (const set of [graphkam.nodes, graphkam.edges]) {
    set.get().forEach(x => { if (x.title instanceof Element) walk(x.title, "tooltip " + x.id); });
  }
  return bad;
}"""


def _walk(run: PageRun, step: str) -> list[str]:
    return [f"{step}: {b}" for b in run.js(WALK)]


@pytest.mark.browser
def test_the_chinese_page_has_no_untranslated_label(signed_in: Callable[..., PageRun]) -> None:
    """Accept-Language zh-CN opens the page in Chinese; every text node and label of the page,
    the panels, each editing dialog and every node and edge tooltip is walked."""
    run = signed_in("dl-energy", locale="zh-CN")
    page = run.page
    assert run.js("document.documentElement.lang") == "zh"
    bad = _walk(run, "page")
    run.js("() => graphkam.showPanel('dl-chair')")
    bad += _walk(run, "stakeholder panel")
    page.screenshot(path=str(SHOT_DIR / "editor-panel-zh.png"))
    run.js("() => graphkam.showPanel('am-chen')")
    bad += _walk(run, "team panel")
    steps: list[tuple[str, str]] = [
        ("add person", "#btn-add-person"),
        ("edit person", "#btn-edit-person"),
        ("log visit", "#btn-log-visit"),
        ("remove person", "#btn-remove-person"),
        ("draw from", "#btn-draw-from"),
    ]
    for name, button in steps:
        run.js("() => graphkam.showPanel('dl-cfo')")
        page.click(button)
        page.wait_for_selector(".dialog")
        if name == "draw from":
            page.click("#dialog-save")  # on to the choice of type
            page.wait_for_selector(".dialog #f-type")
        bad += _walk(run, name)
        page.screenshot(path=str(SHOT_DIR / f"editor-{name.replace(' ', '-')}-zh.png"))
        page.keyboard.press("Escape")
    run.js("() => graphkam.editor.editRelationship(['relates_to', 'am-chen', 'dl-cfo'])")
    page.wait_for_selector(".dialog #f-strength")
    bad += _walk(run, "edit relationship")
    page.keyboard.press("Escape")
    page.click("#btn-add-person")
    page.click("#dialog-save")  # the "required" message
    bad += _walk(run, "error message")
    page.keyboard.press("Escape")
    page.check('input[name="focus"][value="chain"]')
    bad += _walk(run, "decision chain focus")
    assert bad == [], "\n".join(bad)
    assert run.errors == []


@pytest.mark.browser
def test_the_switch_changes_the_language_in_place(signed_in: Callable[..., PageRun]) -> None:
    run = signed_in("dl-energy", locale="en-US")
    assert run.page.locator("#ov-spof h2").inner_text().lower() == "single points of failure"
    run.page.screenshot(path=str(SHOT_DIR / "editor-en.png"))
    run.page.click('button.lang[data-lang="zh"]')
    assert run.page.locator("#ov-spof h2").inner_text() == "单点故障"
    assert run.js("document.documentElement.lang") == "zh"
    assert "汇报给" in run.page.locator("#controls-types, aside.controls").first.inner_text()
    run.page.screenshot(path=str(SHOT_DIR / "editor-zh.png"))
    run.page.reload()  # the choice is remembered
    run.page.wait_for_selector("body[data-ready='1']", state="attached")
    assert run.page.locator("#ov-spof h2").inner_text() == "单点故障"
    run.page.click('button.lang[data-lang="en"]')
    assert run.page.locator("#ov-spof h2").inner_text().lower() == "single points of failure"


def test_the_chinese_brief_has_no_untranslated_word(tmp_path: Path) -> None:
    """`graphkam brief --lang zh`: once every stored value (names, titles, ids, notes, the goal
    sentences, competitor products) is taken out, no Latin letter is left in the brief."""
    url = f"sqlite:///{tmp_path / 'x.db'}"
    with open_store(url) as st:
        st.import_map(load_sample())
        sub = st.account_subgraph("kr-health")
    args = ["brief", "kr-health", "--store", url, "--as-of", str(SAMPLE_AS_OF)]
    zh = CliRunner().invoke(cli_app, [*args, "--lang", "zh"])
    en = CliRunner().invoke(cli_app, args)
    assert zh.exit_code == 0 and en.exit_code == 0, zh.output
    assert zh.stdout != en.stdout and "Decision chain" in en.stdout
    brief = json.loads(CliRunner().invoke(cli_app, [*args, "--json"]).stdout)
    stored = [brief["goal"], *brief["also"], brief["account"], sub.account.name, brief["tier"]]
    stored += [v for n in sub.nodes() for v in (n.name, getattr(n, "title", None)) if v]
    stored += [v["notes"] for p in brief["people"] for v in p["last_visits"] if v["notes"]]
    stored += [p["product"] for p in brief["competitors"]["products"]]
    stored += [c for p in brief["people"] for c in p["competitor_ties"]]
    stored += [p["competitor_preference"] for p in brief["people"] if p["competitor_preference"]]
    text = zh.stdout
    for value in sorted(set(stored), key=len, reverse=True):
        text = text.replace(value, "")
    assert re.findall(r"[A-Za-z]+", text) == []
