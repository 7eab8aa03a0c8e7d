"""The reference table (graphkam/references.py): its rules, the delete planner, its doc page.

The planner is checked on small hand-built holders; expected plans are worked out by hand from
the rules in the module docstring (clear / cascade / drop from list / delete when empty).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from graphkam.model import (
    Account,
    Competitor,
    CompetitorProduct,
    Department,
    Interaction,
    NodeKind,
    NpsAnswer,
    Relationship,
    RelType,
    Stakeholder,
    TeamMember,
    TeamRole,
)
from graphkam.references import (
    OnDelete,
    plan_deletion,
    references_markdown,
    references_of,
    references_to,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "references.md"
DAY = dt.date(2026, 1, 1)


def test_docs_references_md_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- references:start -->\n(.*)<!-- references:end -->", text, re.S)
    assert match, "docs/references.md lost its markers"
    assert match.group(1) == references_markdown(), "regenerate the table in docs/references.md"


def test_every_id_field_of_the_model_is_declared() -> None:
    """The rows DESIGN.md and the model's docstrings describe, field by field (written out by
    hand here, not read from the table)."""
    declared = {(r.holder.__name__, r.field) for r in references_of(Stakeholder)}
    assert declared == {("Stakeholder", "account"), ("Stakeholder", "department")}
    member = {r.field: r for r in references_of(TeamMember)}
    assert set(member) == {"accounts", "coach"}
    assert member["accounts"].many and member["accounts"].on_delete is OnDelete.DROP_FROM_LIST
    visit = {r.field: r.on_delete for r in references_of(Interaction)}
    assert visit == {
        "account": OnDelete.CASCADE,
        "stakeholders": OnDelete.DROP_WHEN_EMPTY,
        "team": OnDelete.DROP_WHEN_EMPTY,
    }
    assert {r.field for r in references_of(NpsAnswer)} == {"account", "respondent"}
    assert {r.field for r in references_of(CompetitorProduct)} == {"account", "competitor"}


def test_references_to_competitor() -> None:
    got = {(r.holder_name, r.name) for r in references_to(NodeKind.COMPETITOR)}
    # competitor products name it; relationship ends can be competitors (partners_with, ...)
    assert got == {
        ("competitor_product", "competitor"),
        ("relationship", "from"),
        ("relationship", "to"),
    }


def _holders(store: list) -> object:
    """A find_holders over a list: every holder naming any id in any field (by brute force)."""

    def find(ids: set[str]) -> list:
        out = []
        for obj in store:
            data = obj.model_dump(by_alias=True)
            values = {v for v in data.values() if isinstance(v, str)}
            values |= {
                x for v in data.values() if isinstance(v, list) for x in v if isinstance(x, str)
            }
            if values & ids:
                out.append(obj)
        return out

    return find


def test_plan_deletion_of_an_account() -> None:
    """Deleting `a`: its person p and department d cascade, and so do its visit and competitor
    product (filed under a); m leaves a's list but stays; the subsidiary's parent is cleared;
    the competitor c stays (it belongs to no account)."""
    a = Account(id="a", name="A")
    sub = Account(id="s", name="S", parent="a")
    d = Department(id="d", account="a", name="D")
    p = Stakeholder(id="p", account="a", name="P", department="d")
    m = TeamMember(id="m", name="M", team_role=TeamRole.ACCOUNT_MANAGER, accounts=["a", "s"])
    visit = Interaction(id="v", account="a", date=DAY, team=["m"], stakeholders=["p"])
    rel = Relationship(type=RelType.RELATES_TO, from_id="m", to_id="p")
    comp = Competitor(id="c", name="C")
    cp = CompetitorProduct(id="cp", account="a", competitor="c", product="X")
    plan = plan_deletion(a, _holders([sub, d, p, m, visit, rel, comp, cp]))
    assert sorted(n.id for n in plan.nodes) == ["a", "d", "p"]
    assert sorted(str(r.id) for r in plan.records) == ["cp", "v"]
    assert [r.key for r in plan.relationships] == [("relates_to", "m", "p")]
    updated = {n.id: n for n in plan.updated_nodes}
    assert set(updated) == {"m", "s"}
    assert updated["m"].accounts == ["s"]  # type: ignore[union-attr]
    assert updated["s"].parent is None  # type: ignore[union-attr]
    assert plan.updated_records == []


def test_plan_deletion_shrinks_then_drops_a_visit() -> None:
    """Deleting p from a visit with p and q keeps it with q; deleting m, its only team member,
    drops it; an NPS answer by p loses its respondent."""
    p = Stakeholder(id="p", account="a", name="P")
    visit = Interaction(id="v", account="a", date=DAY, team=["m"], stakeholders=["p", "q"])
    nps = NpsAnswer(id="n", account="a", date=DAY, score=7, respondent="p")
    plan = plan_deletion(p, _holders([visit, nps]))
    assert plan.records == []
    got = {str(r.id): r for r in plan.updated_records}
    assert got["v"].stakeholders == ["q"]  # type: ignore[union-attr]
    assert got["n"].respondent is None  # type: ignore[union-attr]
    m = TeamMember(id="m", name="M", team_role=TeamRole.ACCOUNT_MANAGER)
    plan = plan_deletion(m, _holders([visit]))
    assert [str(r.id) for r in plan.records] == ["v"]
