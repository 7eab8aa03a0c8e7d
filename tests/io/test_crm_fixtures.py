"""Real CRM exports as downloaded (tests/fixtures/crm/, header for header) import as they are.

Expected values are read off the fixture rows by hand: the role each CRM value stands for
(DESIGN.md aliases; HubSpot Champion/Blocker are stances, Budget Holder is the economic buyer,
Legal & Compliance a gatekeeper, End User a user buyer, Other no role), the CRM id each row
carries, and the people each file names.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkam.io import import_files
from graphkam.model import NodeKind, Stakeholder
from graphkam.stores import Store

CRM = Path(__file__).parent.parent / "fixtures" / "crm"


def _people(store: Store) -> dict[str, Stakeholder]:
    return {s.name: s for s in store.list_nodes(NodeKind.STAKEHOLDER)}  # type: ignore[misc]


def _roles(person: Stakeholder) -> list[str]:
    return sorted(r.value for r in person.roles)


def test_hubspot_contacts(store: Store) -> None:
    [report] = import_files(store, [CRM / "hubspot-contacts.csv"])
    people = _people(store)
    assert sorted(people) == [
        "Felix Wolf", "Jonas Weber", "Nina Roth", "Petra Lange", "Sara Klein", "Tobias Braun",
    ]  # fmt: skip
    petra = people["Petra Lange"]
    assert _roles(petra) == ["economic_buyer"]  # Budget Holder
    assert petra.stance.value == "champion"  # Champion is a stance
    assert petra.external_ids == ["hubspot:51"]
    assert petra.emails == ["petra.lange@nordwind.example"]
    assert petra.phone == "+49 40 1234 100"
    assert _roles(people["Tobias Braun"]) == ["gatekeeper"]  # Legal & Compliance
    assert people["Tobias Braun"].stance.value == "opponent"  # Blocker
    assert _roles(people["Sara Klein"]) == ["user_buyer"]  # End User
    assert _roles(people["Felix Wolf"]) == ["decision_maker", "influencer"]  # Exec Sponsor
    assert people["Nina Roth"].roles == []  # Other: no role, and "Working Student" none
    assert report.counts == {"accounts": 1, "stakeholders": 6}


def test_salesforce_classic_report_with_footer(store: Store) -> None:
    [report] = import_files(store, [CRM / "salesforce-classic-contact-roles.csv"])
    people = _people(store)
    # 6 data rows ("Grand Totals (6 records)"); the footer lines are not people or accounts
    assert len(people) == 6
    assert [a.name for a in store.list_nodes(NodeKind.ACCOUNT)] == ["Nordwind Logistik GmbH"]
    assert _roles(people["Petra Lange"]) == ["economic_buyer"]  # Economic Decision Maker
    assert _roles(people["Jonas Weber"]) == ["technical_buyer"]  # Evaluator
    assert _roles(people["Mia Schulz"]) == ["user_buyer"]  # Business User
    anna = people["Anna Hoffmann"]  # Other: no role, the title suggests procurement
    assert anna.roles == [] and anna.suggested_roles[0].role.value == "procurement"
    assert report.counts == {"accounts": 1, "stakeholders": 6}


def test_salesforce_lightning_report_matches_people_by_email(store: Store) -> None:
    """HubSpot first, then the Salesforce report: the same three people, not three new ones."""
    import_files(store, [CRM / "hubspot-contacts.csv"])
    [report] = import_files(store, [CRM / "salesforce-lightning-opportunity-contact-roles.csv"])
    people = _people(store)
    assert len(people) == 7  # six from HubSpot + Mia Schulz
    assert people["Petra Lange"].external_ids == ["hubspot:51", "salesforce:0035g00000AbCdEAAV"]
    assert _roles(people["Jonas Weber"]) == ["decision_maker", "technical_buyer"]  # merged
    assert people["Petra Lange"].stance.value == "champion"  # no stance column: kept
    assert report.counts == {"stakeholders": 3}


def test_dynamics_365_contacts(store: Store) -> None:
    import_files(store, [CRM / "dynamics365-contacts.csv"])
    people = _people(store)
    aoife = people["Aoife Murphy"]
    assert aoife.external_ids == ["dynamics:3f2504e0-4f89-11d3-9a0c-0305e82c3301"]
    assert _roles(aoife) == ["decision_maker"]
    assert _roles(people["Conor Walsh"]) == ["influencer"]
    siobhan = people["Siobhan Kelly"]  # Role "Employee": no role; title suggests a user
    assert siobhan.roles == [] and siobhan.suggested_roles[0].role.value == "user_buyer"
    depts = {d.name for d in store.list_nodes(NodeKind.DEPARTMENT)}
    assert depts == {"Operations", "Purchasing", "Logistics"}


def test_fxiaoke_contacts_saved_as_gbk(store: Store) -> None:
    import_files(store, [CRM / "fxiaoke-contacts.csv"])
    people = _people(store)
    assert set(people) == {"梁雨桐 Liang Yutong", "周建华", "陈思远", "刘芳"}
    assert _roles(people["梁雨桐 Liang Yutong"]) == ["procurement"]  # 采购决策者
    assert people["梁雨桐 Liang Yutong"].stance.value == "supporter"  # 支持
    assert people["陈思远"].stance.value == "champion"  # 非常支持
    assert _roles(people["周建华"]) == ["decision_maker"]  # 决策人
    liu = people["刘芳"]  # no role, no stance: 财务总监 suggests the economic buyer
    assert liu.roles == [] and liu.suggested_roles[0].role.value == "economic_buyer"


@pytest.mark.parametrize("name", sorted(p.name for p in CRM.glob("*.csv")))
def test_importing_a_fixture_twice_changes_nothing(store: Store, name: str) -> None:
    import_files(store, [CRM / name])
    before = store.export_map()
    [again] = import_files(store, [CRM / name])
    assert again.counts == {}
    assert not again.changed_anything
    assert store.export_map() == before
