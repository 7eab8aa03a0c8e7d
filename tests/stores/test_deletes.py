"""Deletes on every store follow graphkam/references.py, and leave a map that re-imports.

The example map (examples/account-map.yaml) plus a few records added here; each expected value
is read off that file by hand: the one visit is rep-lin with hx-cio on 2026-10-20, rep-lin is
coached by mgr-zhou, hx-cio works in hx-it, hx-steel's parent is hx-group.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graphkam.errors import NotFoundError
from graphkam.model import (
    Account,
    Competitor,
    CompetitorProduct,
    Department,
    Interaction,
    NodeKind,
    NpsAnswer,
    RecordKind,
    Relationship,
    RelType,
)
from graphkam.stores import Store
from tests.stores.test_contract import load_example

DAY = dt.date(2026, 11, 2)


@pytest.fixture
def example(store: Store, example_map_path: Path) -> Store:
    """The example map plus a two-person visit, two NPS answers and two competitors."""
    store.import_map(load_example(example_map_path), source="example")
    store.upsert_nodes(
        [
            Competitor(id="comp-a", name="A"),
            Competitor(id="comp-b", name="B"),
            Department(id="hx-it-ops", account="hx-steel", name="Ops", parent="hx-it"),
        ]
    )
    store.upsert_relationships(
        [Relationship(type=RelType.COMPETITOR_RELATES_TO, from_id="comp-a", to_id="hx-cfo")]
    )
    store.upsert_records(
        [
            Interaction(
                id="v-2",
                account="hx-steel",
                date=DAY,
                team=["rep-lin", "sol-he"],
                stakeholders=["hx-cio", "hx-cfo"],
            ),
            NpsAnswer(id="n-1", account="hx-steel", date=DAY, score=9, respondent="hx-cio"),
            NpsAnswer(id="n-2", account="hx-steel", date=DAY, score=4, respondent="hx-cfo"),
            CompetitorProduct(id="cp-a", account="hx-steel", competitor="comp-a", product="ERP"),
            CompetitorProduct(id="cp-b", account="hx-steel", competitor="comp-b", product="MES"),
        ]
    )
    return store


def visits(store: Store) -> dict[str, tuple[list[str], list[str]]]:
    """Visit id -> (team, stakeholders)."""
    out = {}
    for v in store.list_records(RecordKind.INTERACTION):
        assert isinstance(v, Interaction)
        out[v.id or ""] = (v.team, v.stakeholders)
    return out


def reimports(store: Store) -> None:
    """The store is still a valid account map: its export imports back without a problem."""
    doc = store.export_map()
    store.import_map(doc)
    assert store.export_map() == doc


def test_delete_stakeholder_leaves_visits_and_answers(example: Store) -> None:
    example.delete_node(NodeKind.STAKEHOLDER, "hx-cio")
    # the example's visit had hx-cio alone: it goes; v-2 keeps hx-cfo
    assert visits(example) == {"v-2": (["rep-lin", "sol-he"], ["hx-cfo"])}
    answers = {a.id: a.respondent for a in example.list_records(RecordKind.NPS)}  # type: ignore[union-attr]
    assert answers == {"n-1": None, "n-2": "hx-cfo"}  # the answer stays, anonymous
    reimports(example)


def test_delete_team_member_leaves_visits_and_coachees(example: Store) -> None:
    example.delete_node(NodeKind.TEAM_MEMBER, "rep-lin")
    assert visits(example) == {"v-2": (["sol-he"], ["hx-cio", "hx-cfo"])}
    example.delete_node(NodeKind.TEAM_MEMBER, "mgr-zhou")
    assert example.get_node(NodeKind.TEAM_MEMBER, "sol-he").coach is None
    knows = [r.key for r in example.list_relationships(type=RelType.KNOWS)]
    assert knows == [("knows", "hx-cfo", "tp-consult")]  # knows tp-consult—mgr-zhou went
    reimports(example)


def test_delete_competitor_takes_its_products(example: Store) -> None:
    example.delete_node(NodeKind.COMPETITOR, "comp-a")
    products = [r.id for r in example.list_records(RecordKind.COMPETITOR_PRODUCT)]
    assert products == ["cp-b"]
    assert example.list_relationships(type=RelType.COMPETITOR_RELATES_TO) == []
    reimports(example)


def test_delete_department_clears_people_and_sub_departments(example: Store) -> None:
    example.delete_node(NodeKind.DEPARTMENT, "hx-it")
    assert example.get_node(NodeKind.STAKEHOLDER, "hx-cio").department is None
    assert example.get_node(NodeKind.DEPARTMENT, "hx-it-ops").parent is None
    assert example.get_node(NodeKind.STAKEHOLDER, "hx-cfo").department == "hx-fin"
    reimports(example)


def test_delete_parent_account_clears_parent(example: Store) -> None:
    example.delete_node(NodeKind.ACCOUNT, "hx-group")
    steel = example.get_node(NodeKind.ACCOUNT, "hx-steel")
    assert isinstance(steel, Account) and steel.parent is None
    assert example.counts()["stakeholders"] == 3
    reimports(example)


def test_delete_account_takes_everything_of_it(example: Store) -> None:
    example.delete_node(NodeKind.ACCOUNT, "hx-steel")
    counts = example.counts()
    assert (counts["stakeholders"], counts["departments"]) == (0, 0)
    for section in ("interactions", "nps", "competitor_products"):
        assert counts[section] == 0, section
    assert (counts["competitors"], counts["team"]) == (2, 3)  # outside any account: they stay
    assert example.get_node(NodeKind.TEAM_MEMBER, "sol-he").accounts == []
    reimports(example)


def test_plan_delete_reads_only(example: Store) -> None:
    before = example.export_map()
    plan = example.plan_delete(NodeKind.STAKEHOLDER, "hx-cio")
    assert sorted(str(r.id) for r in plan.records) == sorted(
        r.id or "" for r in before.interactions if r.stakeholders == ["hx-cio"]
    )
    assert sorted(str(r.id) for r in plan.updated_records) == ["n-1", "v-2"]
    assert example.export_map() == before
    with pytest.raises(NotFoundError):
        example.plan_delete(NodeKind.STAKEHOLDER, "ghost")


def test_delete_leaves_history_of_everything_it_changed(example: Store) -> None:
    """Every write of a delete is in the history: deleting hx-cio records its own delete, the
    shrunk visit v-2, the anonymised answer n-1, the dropped visit and the five relationships
    that touched hx-cio (read off the example: reports_to, influences, rivals_with and two
    relates_to)."""
    from graphkam.history import history

    before = len(history(example, "hx-steel"))
    example.delete_node(NodeKind.STAKEHOLDER, "hx-cio")
    new = history(example, "hx-steel")[before:]
    got = sorted((c.action.value, c.subject_kind) for c in new)
    assert got == sorted(
        [("delete", "stakeholder"), ("update", "interaction"), ("update", "nps")]
        + [("delete", "interaction")]
        + [("delete", "relationship")] * 5
    )
    shrunk = next(c for c in new if c.subject_id == "v-2")
    assert shrunk.before is not None and shrunk.after is not None
    assert shrunk.before["stakeholders"] == ["hx-cio", "hx-cfo"]
    assert shrunk.after["stakeholders"] == ["hx-cfo"]
