"""The Store contract: every backend runs these tests unchanged through the `store` fixture.

Expected values come from reading examples/account-map.yaml by hand and applying
the rules documented in graphkam/stores/base.py and the AccountSubgraph docstring.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from graphkam.documents import AccountMap
from graphkam.errors import InvalidInputError, NotFoundError
from graphkam.model import (
    Account,
    Competitor,
    CompetitorProduct,
    Department,
    NodeKind,
    Order,
    RecordKind,
    Relationship,
    RelType,
    Stakeholder,
    Stance,
    TeamMember,
    TeamRole,
    ThirdParty,
)
from graphkam.stores import Store

HOSTILE = ["'}) DETACH DELETE n //", "'; DROP TABLE nodes; --", 'x" OR 1=1 --', "a\\b\n\tc"]


def load_example(path: Path) -> AccountMap:
    return AccountMap.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.fixture
def example(store: Store, example_map_path: Path) -> Store:
    """The store holding the shared example map."""
    store.import_map(load_example(example_map_path), source="example")
    return store


def ids(items: list) -> list[str]:
    return [x.id for x in items]


def keys(rels: list[Relationship]) -> list[tuple[str, str, str]]:
    return [r.key for r in rels]


def empty_store(store: Store) -> None:
    """Delete everything through the public API (accounts first: they take their people)."""
    for account in store.list_nodes(NodeKind.ACCOUNT):
        if store.node_refs([account.id]):
            store.delete_node(NodeKind.ACCOUNT, account.id)
    for kind in NodeKind:
        for node in store.list_nodes(kind):
            store.delete_node(kind, node.id)


# -- import, get, list, counts -------------------------------------------------------------
def test_import_example_counts(store: Store, example_map_path: Path) -> None:
    summary = store.import_map(load_example(example_map_path), source="example.yaml")
    # The example holds 2 accounts, 3 team, 2 departments, 3 stakeholders, 1 third party,
    # 9 relationships and 1 interaction.
    expected = {
        "accounts": 2,
        "team": 3,
        "departments": 2,
        "stakeholders": 3,
        "third_parties": 1,
        "relationships": 9,
        "interactions": 1,
    }
    assert summary.counts == expected
    assert summary.source == "example.yaml"
    assert {k: v for k, v in store.counts().items() if v} == expected
    assert all(v == 0 for k, v in store.counts().items() if k not in expected)


def test_get_node_returns_stored_fields(example: Store) -> None:
    cio = example.get_node(NodeKind.STAKEHOLDER, "hx-cio")
    assert isinstance(cio, Stakeholder)
    assert cio.name == "Li Na"
    assert cio.department == "hx-it"
    assert [r.value for r in cio.roles] == ["technical_buyer", "influencer"]
    assert cio.stance.value == "champion"
    assert cio.influence == 0.7
    assert cio.notes == "Prefers written proposals; alumni of Tsinghua."
    steel = example.get_node(NodeKind.ACCOUNT, "hx-steel")
    assert isinstance(steel, Account)
    assert (steel.name, steel.tier.value) == ("华星钢铁 Huaxing Steel", "S")
    assert steel.parent == "hx-group"
    lin = example.get_node(NodeKind.TEAM_MEMBER, "rep-lin")
    assert isinstance(lin, TeamMember)
    assert (lin.accounts, lin.coach) == (["hx-steel"], "mgr-zhou")


def test_get_node_missing_or_wrong_kind_raises(example: Store) -> None:
    with pytest.raises(NotFoundError):
        example.get_node(NodeKind.STAKEHOLDER, "nobody")
    with pytest.raises(NotFoundError):
        example.get_node(NodeKind.ACCOUNT, "hx-cio")  # exists, but as a stakeholder


def test_list_nodes_by_account(example: Store) -> None:
    assert ids(example.list_nodes(NodeKind.STAKEHOLDER)) == ["hx-ceo", "hx-cfo", "hx-cio"]
    assert ids(example.list_nodes(NodeKind.STAKEHOLDER, account="hx-group")) == []
    assert ids(example.list_nodes(NodeKind.DEPARTMENT, account="hx-steel")) == ["hx-fin", "hx-it"]
    # team members "on its team": rep-lin and sol-he list hx-steel; mgr-zhou lists nothing
    assert ids(example.list_nodes(NodeKind.TEAM_MEMBER, account="hx-steel")) == [
        "rep-lin",
        "sol-he",
    ]
    assert ids(example.list_nodes(NodeKind.TEAM_MEMBER)) == ["mgr-zhou", "rep-lin", "sol-he"]
    assert ids(example.list_nodes(NodeKind.ACCOUNT)) == ["hx-group", "hx-steel"]


def test_list_relationships_filters(example: Store) -> None:
    assert len(example.list_relationships()) == 9
    assert keys(example.list_relationships(type=RelType.REPORTS_TO)) == [
        ("reports_to", "hx-cfo", "hx-ceo"),
        ("reports_to", "hx-cio", "hx-ceo"),
    ]
    # knows tp-consult—mgr-zhou is not in hx-steel's subgraph (mgr-zhou is not on its team)
    assert keys(example.list_relationships(account="hx-steel", type=RelType.KNOWS)) == [
        ("knows", "hx-cfo", "tp-consult")
    ]


def test_node_refs(example: Store) -> None:
    refs = example.node_refs(["hx-cio", "hx-steel", "rep-lin", "tp-consult", "hx-it", "ghost"])
    assert dict(refs) == {
        "hx-cio": (NodeKind.STAKEHOLDER, "hx-steel"),
        "hx-steel": (NodeKind.ACCOUNT, "hx-steel"),
        "rep-lin": (NodeKind.TEAM_MEMBER, None),
        "tp-consult": (NodeKind.THIRD_PARTY, None),
        "hx-it": (NodeKind.DEPARTMENT, "hx-steel"),
    }
    assert dict(example.node_refs([])) == {}


# -- upserts ----------------------------------------------------------------------------------
def test_upsert_replaces_node(example: Store) -> None:
    cfo = example.get_node(NodeKind.STAKEHOLDER, "hx-cfo")
    example.upsert_nodes([cfo.model_copy(update={"stance": Stance.SUPPORTER, "title": None})])
    again = example.get_node(NodeKind.STAKEHOLDER, "hx-cfo")
    assert again.stance.value == "supporter"
    assert again.title is None
    assert example.counts()["stakeholders"] == 3


def test_upsert_team_member_moves_team(example: Store) -> None:
    zhou = example.get_node(NodeKind.TEAM_MEMBER, "mgr-zhou")
    example.upsert_nodes([zhou.model_copy(update={"accounts": ["hx-steel"]})])
    assert ids(example.list_nodes(NodeKind.TEAM_MEMBER, account="hx-steel")) == [
        "mgr-zhou",
        "rep-lin",
        "sol-he",
    ]
    lin = example.get_node(NodeKind.TEAM_MEMBER, "rep-lin")
    example.upsert_nodes([lin.model_copy(update={"accounts": []})])
    assert ids(example.list_nodes(NodeKind.TEAM_MEMBER, account="hx-steel")) == [
        "mgr-zhou",
        "sol-he",
    ]


def test_upsert_replaces_relationship(example: Store) -> None:
    rel = Relationship(type=RelType.RELATES_TO, from_id="rep-lin", to_id="hx-cio", strength=0.3)
    example.upsert_relationships([rel])
    got = example.list_relationships(type=RelType.RELATES_TO)
    assert keys(got) == [("relates_to", "rep-lin", "hx-cio"), ("relates_to", "sol-he", "hx-cio")]
    assert got[0].strength == 0.3
    assert got[0].last_contact is None  # replaced whole, not merged


def test_symmetric_relationship_keys(example: Store) -> None:
    # rivals_with was imported as hx-cio -> hx-cfo; its key is sorted: (hx-cfo, hx-cio)
    assert keys(example.list_relationships(type=RelType.RIVALS_WITH)) == [
        ("rivals_with", "hx-cfo", "hx-cio")
    ]
    example.upsert_relationships(
        [Relationship(type=RelType.RIVALS_WITH, from_id="hx-cfo", to_id="hx-cio", notes="again")]
    )
    got = example.list_relationships(type=RelType.RIVALS_WITH)
    assert len(got) == 1 and got[0].notes == "again"
    example.upsert_relationships(
        [Relationship(type=RelType.ALLIED_WITH, from_id="hx-cio", to_id="hx-ceo")]
    )
    example.delete_relationship(RelType.ALLIED_WITH, "hx-ceo", "hx-cio")  # either direction
    assert example.list_relationships(type=RelType.ALLIED_WITH) == []
    # directed types are not symmetric: the reverse is another relationship
    with pytest.raises(NotFoundError):
        example.delete_relationship(RelType.REPORTS_TO, "hx-ceo", "hx-cio")


def test_upsert_replaces_record(example: Store) -> None:
    order = Order(id="o-1", account="hx-steel", date=dt.date(2026, 1, 5), amount=100.0)
    example.upsert_records([order])
    example.upsert_records([order.model_copy(update={"amount": 250.0})])
    got = example.get_record(RecordKind.ORDER, "o-1")
    assert isinstance(got, Order) and got.amount == 250.0
    assert example.counts()["orders"] == 1


# -- ordering -------------------------------------------------------------------------------
def test_list_ordering(store: Store) -> None:
    store.upsert_nodes([Account(id=i, name=i.upper()) for i in ["b", "c", "a", "B", "aa"]])
    # plain code-point order: upper case before lower case, prefixes first
    assert ids(store.list_nodes(NodeKind.ACCOUNT)) == ["B", "a", "aa", "b", "c"]
    orders = [
        Order(id="o-3", account="a", date=dt.date(2026, 3, 1), amount=1),
        Order(id="o-2", account="a", date=dt.date(2026, 1, 1), amount=1),
        Order(id="o-1", account="a", date=dt.date(2026, 3, 1), amount=1),
        Order(id="o-0", account="b", date=dt.date(2026, 2, 1), amount=1),
    ]
    store.upsert_records(orders)
    assert ids(store.list_records(RecordKind.ORDER)) == ["o-2", "o-0", "o-1", "o-3"]
    assert ids(store.list_records(RecordKind.ORDER, account="a")) == ["o-2", "o-1", "o-3"]
    store.upsert_relationships(
        [
            Relationship(type=RelType.SUBSIDIARY_OF, from_id="c", to_id="a"),
            Relationship(type=RelType.PARTNERS_WITH, from_id="c", to_id="b"),
            Relationship(type=RelType.PARTNERS_WITH, from_id="B", to_id="aa"),
            Relationship(type=RelType.SUBSIDIARY_OF, from_id="aa", to_id="a"),
        ]
    )
    assert keys(store.list_relationships()) == [
        ("partners_with", "B", "aa"),
        ("partners_with", "b", "c"),
        ("subsidiary_of", "aa", "a"),
        ("subsidiary_of", "c", "a"),
    ]


# -- deletes ----------------------------------------------------------------------------------
def test_delete_stakeholder_detaches(example: Store) -> None:
    example.delete_node(NodeKind.STAKEHOLDER, "hx-cio")
    with pytest.raises(NotFoundError):
        example.get_node(NodeKind.STAKEHOLDER, "hx-cio")
    # 9 relationships, 5 of which touch hx-cio (reports_to, influences, rivals_with, 2 relates_to)
    assert keys(example.list_relationships()) == [
        ("influences", "hx-cfo", "hx-ceo"),
        ("knows", "hx-cfo", "tp-consult"),
        ("knows", "mgr-zhou", "tp-consult"),
        ("reports_to", "hx-cfo", "hx-ceo"),
    ]
    assert example.counts()["stakeholders"] == 2


def test_delete_account_cascades(example: Store) -> None:
    example.upsert_records(
        [Order(id="o-1", account="hx-steel", date=dt.date(2026, 1, 5), amount=10.0)]
    )
    example.delete_node(NodeKind.ACCOUNT, "hx-steel")
    counts = example.counts()
    assert counts["accounts"] == 1
    assert counts["stakeholders"] == counts["departments"] == 0
    assert counts["interactions"] == counts["orders"] == 0
    assert counts["team"] == 3 and counts["third_parties"] == 1
    # only knows tp-consult—mgr-zhou touches none of hx-steel's people
    assert keys(example.list_relationships()) == [("knows", "mgr-zhou", "tp-consult")]
    assert example.get_node(NodeKind.TEAM_MEMBER, "rep-lin").accounts == []
    assert example.get_node(NodeKind.TEAM_MEMBER, "sol-he").accounts == []
    assert ids(example.list_nodes(NodeKind.TEAM_MEMBER, account="hx-steel")) == []
    with pytest.raises(NotFoundError):
        example.account_subgraph("hx-steel")
    # the store is still a valid map: it re-imports cleanly
    example.import_map(example.export_map())


def test_delete_missing_raises(example: Store) -> None:
    with pytest.raises(NotFoundError):
        example.delete_node(NodeKind.STAKEHOLDER, "ghost")
    with pytest.raises(NotFoundError):
        example.delete_node(NodeKind.ACCOUNT, "hx-cio")  # wrong kind
    with pytest.raises(NotFoundError):
        example.delete_relationship(RelType.KNOWS, "tp-consult", "hx-ceo")
    with pytest.raises(NotFoundError):
        example.delete_record(RecordKind.ORDER, "o-404")
    with pytest.raises(NotFoundError):
        example.get_record(RecordKind.ORDER, "o-404")
    assert example.counts()["stakeholders"] == 3


def test_delete_record(example: Store) -> None:
    (visit,) = example.list_records(RecordKind.INTERACTION)
    example.delete_record(RecordKind.INTERACTION, visit.id)
    assert example.list_records(RecordKind.INTERACTION) == []


# -- subgraphs --------------------------------------------------------------------------------
def test_account_subgraph_of_example(example: Store) -> None:
    sub = example.account_subgraph("hx-steel")
    assert ids(sub.accounts) == ["hx-steel", "hx-group"]  # the account, then its parent
    assert ids(sub.stakeholders) == ["hx-ceo", "hx-cfo", "hx-cio"]
    assert ids(sub.departments) == ["hx-fin", "hx-it"]
    assert ids(sub.team) == ["rep-lin", "sol-he"]  # on_team; mgr-zhou is on no team
    assert ids(sub.third_parties) == ["tp-consult"]  # knows hx-cfo
    assert sub.competitors == []
    # every edge among those nodes: all but knows tp-consult—mgr-zhou
    assert keys(sub.relationships) == [
        ("influences", "hx-cfo", "hx-ceo"),
        ("influences", "hx-cio", "hx-ceo"),
        ("knows", "hx-cfo", "tp-consult"),
        ("relates_to", "rep-lin", "hx-cio"),
        ("relates_to", "sol-he", "hx-cio"),
        ("reports_to", "hx-cfo", "hx-ceo"),
        ("reports_to", "hx-cio", "hx-ceo"),
        ("rivals_with", "hx-cfo", "hx-cio"),
    ]
    (visit,) = sub.interactions
    assert (visit.account, visit.team) == ("hx-steel", ["rep-lin"])
    assert visit.date == dt.date(2026, 10, 20)
    group = example.account_subgraph("hx-group")
    assert ids(group.accounts) == ["hx-group"]
    assert group.stakeholders == group.team == group.relationships == []


def test_account_subgraph_missing_raises(example: Store) -> None:
    with pytest.raises(NotFoundError):
        example.account_subgraph("ghost")
    with pytest.raises(NotFoundError):
        example.account_subgraph("hx-cio")


def _extend(store: Store) -> None:
    """Add competitors, a relates_to-only member, a partner and a second account."""
    store.upsert_nodes(
        [
            Account(id="acme", name="Acme"),
            Stakeholder(id="acme-cto", account="acme", name="Ada"),
            TeamMember(
                id="rep-ma", name="Ma", team_role=TeamRole.ACCOUNT_MANAGER, accounts=["acme"]
            ),
            TeamMember(id="exec-wu", name="Wu", team_role=TeamRole.EXECUTIVE_SPONSOR),
            ThirdParty(id="tp-law", name="Law firm"),
            ThirdParty(id="tp-partner", name="Integrator"),
            Competitor(id="comp-a", name="Competitor A"),
            Competitor(id="comp-b", name="Competitor B"),
            Competitor(id="comp-c", name="Competitor C"),
        ]
    )
    store.upsert_relationships(
        [
            # exec-wu is on no team but relates to hx-ceo: in hx-steel's team
            Relationship(type=RelType.RELATES_TO, from_id="exec-wu", to_id="hx-ceo"),
            # tp-law knows exec-wu, a member of hx-steel's team: a third party of hx-steel
            Relationship(type=RelType.KNOWS, from_id="exec-wu", to_id="tp-law"),
            Relationship(type=RelType.COMPETITOR_RELATES_TO, from_id="comp-a", to_id="hx-cfo"),
            Relationship(type=RelType.COMPETITOR_RELATES_TO, from_id="comp-c", to_id="acme-cto"),
            # partners_with touching the account: kept although tp-partner is not in the set
            Relationship(type=RelType.PARTNERS_WITH, from_id="hx-steel", to_id="tp-partner"),
            Relationship(type=RelType.SUBSIDIARY_OF, from_id="acme", to_id="hx-group"),
            Relationship(type=RelType.RELATES_TO, from_id="rep-ma", to_id="acme-cto"),
        ]
    )
    store.upsert_records(
        [
            CompetitorProduct(
                id="cp-1", account="hx-steel", competitor="comp-b", product="ERP", satisfaction=2
            )
        ]
    )


def test_account_subgraph_rules(example: Store) -> None:
    _extend(example)
    sub = example.account_subgraph("hx-steel")
    assert ids(sub.team) == ["exec-wu", "rep-lin", "sol-he"]
    assert ids(sub.third_parties) == ["tp-consult", "tp-law"]
    assert ids(sub.competitors) == ["comp-a", "comp-b"]  # comp-a reaches hx-cfo; comp-b by record
    assert ids(sub.competitor_products) == ["cp-1"]
    got = set(keys(sub.relationships))
    assert {
        ("relates_to", "exec-wu", "hx-ceo"),
        ("knows", "exec-wu", "tp-law"),
        ("competitor_relates_to", "comp-a", "hx-cfo"),
        ("partners_with", "hx-steel", "tp-partner"),
    } <= got
    assert ("subsidiary_of", "acme", "hx-group") not in got  # touches neither end's set here
    assert keys(sub.relationships) == sorted(got)
    acme = example.account_subgraph("acme")
    assert ids(acme.accounts) == ["acme"]
    assert ids(acme.team) == ["rep-ma"]
    assert ids(acme.competitors) == ["comp-c"]
    assert keys(acme.relationships) == [
        ("competitor_relates_to", "comp-c", "acme-cto"),
        ("relates_to", "rep-ma", "acme-cto"),
        ("subsidiary_of", "acme", "hx-group"),
    ]


@pytest.mark.parametrize("batch_size", [1, 2, 200])
def test_iter_subgraphs_equals_account_subgraph(example: Store, batch_size: int) -> None:
    _extend(example)
    expected = [example.account_subgraph(i) for i in ["acme", "hx-group", "hx-steel"]]
    assert list(example.iter_subgraphs(batch_size=batch_size)) == expected
    some = list(example.iter_subgraphs(batch_size, account_ids=["hx-steel", "acme"]))
    assert some == [expected[0], expected[2]]


# -- atomicity --------------------------------------------------------------------------------
def test_invalid_import_writes_nothing(example: Store) -> None:
    before = example.export_map()
    doc = AccountMap(
        accounts=[Account(id="new-co", name="New Co")],
        stakeholders=[Stakeholder(id="new-ceo", account="new-co", name="N")],
        relationships=[
            Relationship(type=RelType.REPORTS_TO, from_id="new-ceo", to_id="hx-ceo-typo")
        ],
    )
    with pytest.raises(InvalidInputError) as err:
        example.import_map(doc, source="bad.yaml")
    assert err.value.problems[0].loc == ("relationships", 0, "to")
    assert example.export_map() == before


def test_exception_in_nested_transaction_rolls_back_outer(example: Store) -> None:
    before = example.export_map()
    with pytest.raises(RuntimeError, match="boom"):
        with example.transaction():
            example.upsert_nodes([Account(id="new-co", name="New Co")])
            example.delete_node(NodeKind.STAKEHOLDER, "hx-cio")
            with example.transaction():
                example.upsert_nodes([ThirdParty(id="tp-new", name="T")])
                raise RuntimeError("boom")
    assert example.export_map() == before


def test_failed_store_error_inside_transaction_rolls_back(example: Store) -> None:
    before = example.export_map()
    with pytest.raises(NotFoundError):
        with example.transaction():
            example.upsert_nodes([Account(id="new-co", name="New Co")])
            example.delete_node(NodeKind.STAKEHOLDER, "ghost")
    assert example.export_map() == before


def test_transaction_commits_all(store: Store) -> None:
    with store.transaction():
        store.upsert_nodes([Account(id="a", name="A")])
        with store.transaction():
            store.upsert_nodes([Department(id="a-it", account="a", name="IT")])
        store.upsert_nodes([Stakeholder(id="a-1", account="a", name="P", department="a-it")])
    assert store.counts()["departments"] == 1 and store.counts()["stakeholders"] == 1


# -- round trip and strings -------------------------------------------------------------------
def test_export_import_round_trip(example: Store) -> None:
    _extend(example)
    first = example.export_map()
    empty_store(example)
    assert sum(example.counts().values()) == 0
    example.import_map(first)
    assert example.export_map() == first
    assert example.export_map().to_document() == first.to_document()


def test_unicode_and_hostile_strings_verbatim(store: Store) -> None:
    store.upsert_nodes([Account(id="中国-1", name="华星钢铁 — Huaxing 🚀")])
    people = [
        Stakeholder(id=f"p{i}", account="中国-1", name=text, title=text, notes=text)
        for i, text in enumerate([*HOSTILE, "王建国"])
    ]
    store.upsert_nodes(people)
    rel = Relationship(type=RelType.REPORTS_TO, from_id="p0", to_id="p1", notes=HOSTILE[1])
    store.upsert_relationships([rel])
    assert store.get_node(NodeKind.ACCOUNT, "中国-1").name == "华星钢铁 — Huaxing 🚀"
    for person in people:
        got = store.get_node(NodeKind.STAKEHOLDER, person.id)
        assert (got.name, got.title, got.notes) == (person.name, person.title, person.notes)
    assert store.list_relationships()[0].notes == HOSTILE[1]
    hostile_id = HOSTILE[0]
    store.upsert_nodes([ThirdParty(id=hostile_id, name=HOSTILE[1])])
    assert store.get_node(NodeKind.THIRD_PARTY, hostile_id).name == HOSTILE[1]
    assert store.counts()["stakeholders"] == len(people)
    assert ids(store.account_subgraph("中国-1").stakeholders) == ["p0", "p1", "p2", "p3", "p4"]
