"""Merge semantics of every import (graphkam/editing.py): nothing a user stored is lost.

Each test stores something, imports a second file and checks field by field what the docs
(docs/format.md, "Merging into what is stored") promise.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graphkam.errors import InvalidInputError
from graphkam.history import acting_as
from graphkam.io import import_files
from graphkam.model import ChangeSource, NodeKind, RecordKind, RelType, Stakeholder, Stance
from graphkam.stores import Store
from graphkam.stores.audited import AuditedStore
from graphkam.visits import log_visit

TODAY = dt.date(2026, 11, 30)
BASE = (
    "accounts:\n  - {id: a, name: Acme}\n"
    "team:\n  - {id: rep, name: Rita Rep, team_role: account_manager, accounts: [a]}\n"
    "  - {id: sol, name: Sol Sun, team_role: solution_manager}\n"
    "departments:\n  - {id: it, account: a, name: IT}\n"
    "stakeholders:\n"
    "  - {id: p1, account: a, name: Petra Lange, title: CFO, department: it,\n"
    "     roles: [economic_buyer], stance: neutral}\n"
    "  - {id: p2, account: a, name: Jonas Weber, title: Head of IT, department: it}\n"
    "relationships:\n"
    "  - {type: relates_to, from: rep, to: p1, strength: 0.6, last_contact: 2026-11-01}\n"
)


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def audited(store: Store, tmp_path: Path) -> Store:
    """The test store (audited, as every store open_store returns) holding BASE."""
    assert isinstance(store, AuditedStore)
    import_files(store, [_file(tmp_path, "base.yaml", BASE)])
    return store


def _person(store: Store, ident: str) -> Stakeholder:
    node = store.get_node(NodeKind.STAKEHOLDER, ident)
    assert isinstance(node, Stakeholder)
    return node


def test_absent_and_empty_keep_clear_mark_clears(audited: Store, tmp_path: Path) -> None:
    csv = "Id,Account,Name,Title,Department\np1,a,Petra Lange,,-\np2,a,Jonas Weber,CIO,\n"
    [report] = import_files(audited, [_file(tmp_path, "c.csv", csv)])
    petra, jonas = _person(audited, "p1"), _person(audited, "p2")
    assert petra.title == "CFO"  # empty cell: kept
    assert petra.department is None  # '-': cleared
    assert petra.stance.value == "neutral"  # no stance column: kept
    assert petra.roles[0].value == "economic_buyer"  # no roles column: kept
    assert jonas.title == "CIO" and jonas.department == "it"
    changed = {i.id: {c.field: (c.before, c.after) for c in i.changes} for i in report.items}
    assert changed["p1"] == {"department": ("it", None)}
    [dept] = next(i for i in report.items if i.id == "p1").changes
    assert (dept.shown_before, dept.shown_after) == ("IT (it)", None)  # names for people
    assert changed["p2"]["title"] == ("Head of IT", "CIO")


def test_yaml_null_and_empty_list_clear(audited: Store, tmp_path: Path) -> None:
    doc = "stakeholders:\n  - {id: p1, account: a, name: Petra Lange, title: null, roles: []}\n"
    import_files(audited, [_file(tmp_path, "clear.yaml", doc)])
    petra = _person(audited, "p1")
    assert petra.title is None and petra.roles == []
    assert petra.department == "it"  # not named: kept


def test_roles_from_two_sources_are_merged(audited: Store, tmp_path: Path) -> None:
    csv = "Name,Account,Role\nPetra Lange,Acme,Decision Maker\n"
    import_files(audited, [_file(tmp_path, "roles.csv", csv)])  # matched by name, no id column
    assert [r.value for r in _person(audited, "p1").roles] == ["economic_buyer", "decision_maker"]


def test_visit_stance_is_kept_unless_overwrite(audited: Store, tmp_path: Path) -> None:
    log_visit(audited, "a", ["p1"], ["rep"], "solution", stances={"p1": Stance.SUPPORTER},
              date=TODAY, today=TODAY)  # fmt: skip
    sheet = _file(tmp_path, "old.csv", "Name,Account,Stance\nPetra Lange,Acme,skeptic\n")
    [report] = import_files(audited, [sheet])
    assert _person(audited, "p1").stance.value == "supporter"
    [kept] = report.items[0].kept
    assert (kept.field, kept.stored, kept.offered) == ("stance", "supporter", "skeptic")
    import_files(audited, [sheet], overwrite=True)
    assert _person(audited, "p1").stance.value == "skeptic"


def test_a_stance_from_an_earlier_import_is_replaced(audited: Store, tmp_path: Path) -> None:
    sheet = _file(tmp_path, "new.csv", "Name,Account,Stance\nPetra Lange,Acme,supporter\n")
    import_files(audited, [sheet])
    assert _person(audited, "p1").stance.value == "supporter"


def test_newer_tie_kept_older_file_and_newer_file_applied(audited: Store, tmp_path: Path) -> None:
    log_visit(audited, "a", ["p1"], ["rep"], "progress", date=TODAY, today=TODAY)  # 0.6 -> 0.65
    older = "type,from,to,strength,last_contact\nrelates_to,Rita Rep,Petra Lange,0.8,2026-11-25\n"
    import_files(audited, [_file(tmp_path, "older.csv", older)])
    [tie] = audited.list_relationships(type=RelType.RELATES_TO)
    assert (tie.strength, tie.last_contact) == (pytest.approx(0.65), TODAY)
    newer = older.replace("2026-11-25", "2026-12-01")
    import_files(audited, [_file(tmp_path, "newer.csv", newer)])
    [tie] = audited.list_relationships(type=RelType.RELATES_TO)
    assert (tie.strength, tie.last_contact) == (pytest.approx(0.8), dt.date(2026, 12, 1))


def test_dry_run_reports_and_writes_nothing(audited: Store, tmp_path: Path) -> None:
    csv = _file(tmp_path, "d.csv", "Name,Account,Title\nPetra Lange,Acme,CEO\nNew Person,Acme,\n")
    before = audited.export_map()
    changes = len(audited.list_records(RecordKind.CHANGE, "a"))
    [dry] = import_files(audited, [csv], dry_run=True)
    assert dry.counts == {"stakeholders": 2}
    assert audited.export_map() == before
    assert len(audited.list_records(RecordKind.CHANGE, "a")) == changes
    [real] = import_files(audited, [csv])
    assert real.model_dump() == dry.model_dump()


def test_identical_visits_in_one_file_stay_two_and_reimport_matches(
    audited: Store, tmp_path: Path
) -> None:
    visit = "  - {date: 2026-11-20, team: [rep], stakeholders: [p1], purpose: progress}\n"
    path = _file(tmp_path, "v.yaml", "interactions:\n" + visit + visit)
    import_files(audited, [path])
    assert len(audited.list_records(RecordKind.INTERACTION, "a")) == 2
    [again] = import_files(audited, [path])
    assert again.counts == {}
    assert len(audited.list_records(RecordKind.INTERACTION, "a")) == 2


def test_same_name_twice_in_store_is_an_error_listing_both(audited: Store, tmp_path: Path) -> None:
    twin = "stakeholders:\n  - {id: p9, account: a, name: Petra Lange}\n"
    import_files(audited, [_file(tmp_path, "twin.yaml", twin)])
    csv = _file(tmp_path, "t.csv", "Name,Account,Title\nPetra Lange,Acme,CEO\n")
    with pytest.raises(InvalidInputError) as err:
        import_files(audited, [csv])
    assert str(err.value) == (
        f"{csv}, row 2, field 'Name': 2 stored people of 'a' are called 'Petra Lange' "
        "(p1, p9); add an Id, email or CRM id column"
    )


def test_match_by_email_and_crm_id(audited: Store, tmp_path: Path) -> None:
    first = "Record ID,First Name,Last Name,Email,Company Name\n51,Petra,L.,pl@acme.example,Acme\n"
    import_files(audited, [_file(tmp_path, "h.csv", first)])
    people = audited.list_nodes(NodeKind.STAKEHOLDER, "a")
    [pl] = [p for p in people if p.name == "Petra L."]
    renamed = first.replace("Petra,L.", "Petra,Lang").replace("pl@", "other@")
    import_files(audited, [_file(tmp_path, "h2.csv", renamed)])  # same Record ID 51
    assert _person(audited, pl.id).name == "Petra Lang"
    assert len(audited.list_nodes(NodeKind.STAKEHOLDER, "a")) == len(people)


def test_on_team_puts_the_member_on_the_team(audited: Store, tmp_path: Path) -> None:
    rels = _file(tmp_path, "r.csv", "type,from,to\non_team,Sol Sun,Acme\n")
    [report] = import_files(audited, [rels])
    assert audited.get_node(NodeKind.TEAM_MEMBER, "sol").accounts == ["a"]
    assert {m.id for m in audited.list_nodes(NodeKind.TEAM_MEMBER, "a")} == {"rep", "sol"}
    assert report.counts == {"team": 1}


def test_history_records_imports_as_imports(audited: Store, tmp_path: Path) -> None:
    with acting_as("rita", ChangeSource.CLI):
        csv = "Name,Account,Title\nJonas Weber,Acme,CTO\n"
        import_files(audited, [_file(tmp_path, "h.csv", csv)])
    changes = [c for c in audited.list_records(RecordKind.CHANGE, "a") if c.subject_id == "p2"]
    last = max(changes, key=lambda c: (c.date, str(c.id)))
    # Jonas has no roles, so the new title also renews his suggested roles (graphkam/titles.py)
    assert (last.source, last.actor) == (ChangeSource.IMPORT, "rita")
    assert last.fields == ["suggested_roles", "title"]
