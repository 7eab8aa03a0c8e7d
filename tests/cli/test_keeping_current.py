"""Keeping a map current as a rep does it (issue 18), end to end through the CLI, no ids typed.

A contacts export from HubSpot, a colleague put on the team, a visit logged, the department
set by hand, a second export (Salesforce, plus Dynamics for a second account) and an older
spreadsheet that still says "neutral", relationships drawn by name, team membership by an
`on_team` row, then analysis. Expected values come from the fixture rows and the steps
themselves: what the visit and the edit set must still be there after every import.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from graphkam.cli import app
from graphkam.model import ChangeSource, NodeKind, RecordKind, RelType
from graphkam.stores import open_store

CRM = Path(__file__).parent.parent / "fixtures" / "crm"
runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_rep_sequence_loses_nothing_and_needs_no_ids(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'rep.db'}"
    store = ("--store", db)
    today = dt.date.today()
    visit_day = today - dt.timedelta(days=1)

    # 1. the first contacts export
    out = _run("import", str(CRM / "hubspot-contacts.csv"), *store)
    assert "  created stakeholder Jonas Weber (" in out
    # 2. a colleague on the team, by name (created: she is new)
    out = _run("team", "add", "Jane Rep", "Nordwind", "--role", "account_manager", *store)
    assert out.startswith("created Jane Rep (")
    # 3. a visit, by parts of names; Jonas turns supporter
    out = _run("log-visit", "Nordwind", "--with", "Jonas,Petra Lange", "--by", "Jane",
               "--purpose", "solution", "--stance", "Jonas=supporter",
               "--date", visit_day.isoformat(), *store)  # fmt: skip
    assert "  stance of Jonas Weber: unknown -> supporter" in out
    assert "  new tie Jane Rep -> Jonas Weber" in out
    # 4. a hand edit
    out = _run("set", "Jonas Weber", "department=IT", *store)
    assert "  department: — -> IT (dept-" in out

    # 5. the second export (no stance, no department column) and a second account's contacts
    out = _run("import", str(CRM / "salesforce-classic-contact-roles.csv"),
               str(CRM / "dynamics365-contacts.csv"), *store)  # fmt: skip
    assert "  changed stakeholder Jonas Weber (" in out
    assert "    roles: decision_maker -> decision_maker, technical_buyer" in out
    # 6. an older spreadsheet that still has Jonas as neutral: the visit's stance is kept
    old = tmp_path / "old-sheet.csv"
    old.write_text("Name,Account,Stance\nJonas Weber,Nordwind Logistik GmbH,neutral\n")
    out = _run("import", str(old), *store)
    assert "  kept stance of Jonas Weber (" in out
    assert "supporter (file: neutral; set by a visit or edit on" in out
    assert out.splitlines()[-1].endswith("— nothing changed")

    # 7. relationships by name, one of them an older view of the visited tie, one on_team
    contact_then = (visit_day - dt.timedelta(days=30)).isoformat()
    rels = tmp_path / "relationships.csv"
    rels.write_text(
        "type,from,to,strength,last_contact,weight\n"
        "reports_to,Jonas Weber,Klaus Becker,,,\n"
        "influences,Petra,Klaus Becker,,,0.7\n"
        f"relates_to,Jane Rep,Jonas Weber,0.35,{contact_then},\n"
        "on_team,Jane Rep,Harbour Foods Ltd,,,\n"
    )
    out = _run("import", str(rels), *store)
    assert "  created relationship Jonas Weber reports_to Klaus Becker" in out
    assert "  kept strength of Jane Rep relates_to Jonas Weber: 0.5" in out
    assert "  changed team member Jane Rep (" in out

    # 8. importing files again changes nothing, and says so. By hand: Dynamics 3 people (the
    # account and departments now match by name, so they are not items), the old sheet 1
    # person, the relationships 3 ties + Jane's team membership: 8 unchanged.
    again = _run("import", str(CRM / "dynamics365-contacts.csv"), str(old), str(rels), *store)
    assert again.splitlines()[-1] == (
        "imported 3 file(s): 0 created, 0 changed, 8 unchanged — nothing changed"
    )
    # (HubSpot says "CFO" and Salesforce "Chief Financial Officer" for Petra: two sources that
    # disagree take the later file's title, and the import says so as a change.)

    # 9. re-analysis: Harbour Foods now has its account manager; the visit's tie threads
    harbour = json.loads(_run("analyze", "Harbour", "--json", *store))
    missing = [g["subject"] for g in harbour["gaps"] if g["kind"] == "iron_triangle_incomplete"]
    assert "account_manager" not in missing
    nordwind = json.loads(_run("show", "Nordwind", "--json", *store))
    jonas = next(p for p in nordwind["stakeholders"] if p["name"] == "Jonas Weber")
    assert jonas["best"] == {"member": "Jane Rep", "strength": 0.5,
                             "last_contact": visit_day.isoformat()}  # fmt: skip

    # nothing was lost, and the history says where each write came from
    with open_store(db) as st:
        people = {p.name: p for p in st.list_nodes(NodeKind.STAKEHOLDER)}
        jw = people["Jonas Weber"]
        assert jw.stance.value == "supporter"
        assert jw.department is not None
        assert st.get_node(NodeKind.DEPARTMENT, jw.department).name == "IT"
        assert sorted(r.value for r in jw.roles) == ["decision_maker", "technical_buyer"]
        # Nordwind: 6 from HubSpot + 4 new from Salesforce (Petra and Jonas matched by
        # email); Harbour Foods: 3 from Dynamics
        assert sum(p.account == jw.account for p in people.values()) == 10
        assert len(people) == 13
        tie = next(r for r in st.list_relationships(type=RelType.RELATES_TO)
                   if r.to_id == jw.id)  # fmt: skip
        assert (tie.strength, tie.last_contact) == (0.5, visit_day)
        sources = {c.source for c in st.list_records(RecordKind.CHANGE, jw.account)}
        assert sources == {ChangeSource.IMPORT, ChangeSource.CLI}


def test_dry_run_and_overwrite_flags(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'flags.db'}"
    store = ("--store", db)
    contacts = str(CRM / "hubspot-contacts.csv")
    dry = _run("import", contacts, "--dry-run", *store)
    assert dry.splitlines()[-2:] == [
        "would import 1 file(s): 7 created, 0 changed, 0 unchanged",  # 1 account + 6 people
        "dry run: nothing was written",
    ]
    with open_store(db) as st:
        assert st.list_nodes(NodeKind.STAKEHOLDER) == []
    _run("import", contacts, *store)
    _run("set", "Tobias", "stance=neutral", *store)  # HubSpot says Blocker (opponent)
    kept = _run("import", contacts, *store)
    assert "  kept stance of Tobias Braun (" in kept
    replaced = _run("import", contacts, "--overwrite", *store)
    assert "    stance: neutral -> opponent" in replaced
    with open_store(db) as st:
        [tobias] = [p for p in st.list_nodes(NodeKind.STAKEHOLDER) if p.name == "Tobias Braun"]
        assert tobias.stance.value == "opponent"
