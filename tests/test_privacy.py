"""Erasure and export of one person: nothing personal survives an erase, anywhere in the store."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkam.cli import app
from graphkam.errors import NotFoundError
from graphkam.history import acting_as, history
from graphkam.io import read_account_map
from graphkam.model import (
    ChangeAction,
    ChangeSource,
    Interaction,
    NodeKind,
    RecordKind,
    Relationship,
    RelType,
    Stakeholder,
    Stance,
)
from graphkam.privacy import ERASED_NAME, erase, export_person
from graphkam.stores import Store, open_store

runner = CliRunner()

#: Personal strings of hx-cio in the shared example plus the ones the tests add.
SECRETS = (
    "Li Na",
    "Prefers written proposals",
    "Tsinghua",
    "MES integration",
    "met at golf",
    "edge secret",
)


def _dump_sqlite(path: Path) -> str:
    """Every row of the SQLite file as SQL text (the logical content of the store)."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path, example_map_path: Path) -> Path:
    """The shared example, then a visit with hx-cio (with notes) and an edited edge note."""
    path = tmp_path / "p.db"
    with open_store(f"sqlite:///{path}") as st:
        with acting_as("importer", ChangeSource.IMPORT):
            st.import_map(read_account_map(example_map_path))
        visit = Interaction(
            id="v-golf",
            account="hx-steel",
            date=dt.date(2026, 5, 1),
            team=["rep-lin"],
            stakeholders=["hx-cio", "hx-cfo"],
            notes="met at golf",
        )
        st.upsert_records([visit])
        st.upsert_relationships(
            [
                Relationship(
                    type=RelType.RIVALS_WITH, from_id="hx-cio", to_id="hx-cfo", notes="edge secret"
                )
            ]
        )
        cio = st.get_node(NodeKind.STAKEHOLDER, "hx-cio")
        st.upsert_nodes([cio.model_copy(update={"stance": Stance.SUPPORTER})])
    return path


def test_erase_leaves_a_tombstone_and_no_personal_data_anywhere(db: Path) -> None:
    before = _dump_sqlite(db)
    assert all(s in before for s in ("Li Na", "met at golf", "edge secret"))
    with open_store(f"sqlite:///{db}") as st:
        counts = st.counts()
        with acting_as("dpo", ChangeSource.CLI):
            summary = erase(st, "hx-cio")
        # One edge note (ours); the example's visit with hx-cio and ours both had notes.
        assert (summary.relationships, summary.interactions) == (1, 2)
        assert summary.changes >= 3  # node create + update, edge create + update, the visit
        person = st.get_node(NodeKind.STAKEHOLDER, "hx-cio")
        assert person == Stakeholder(id="hx-cio", account="hx-steel", name=ERASED_NAME)
        assert st.counts() == counts  # nothing deleted: the graph stays whole
        visit = st.get_record(RecordKind.INTERACTION, "v-golf")
        assert visit.stakeholders == ["hx-cio", "hx-cfo"] and visit.notes is None
        last = history(st, "hx-steel")[-1]
        assert (last.action, last.actor, last.subject_id) == (ChangeAction.ERASE, "dpo", "hx-cio")
        assert last.before is None and last.after == {
            "id": "hx-cio",
            "account": "hx-steel",
            "name": ERASED_NAME,
            "status": "active",
            # the model's defaults, not the person's values:
            "roles": [],
            "stance": "unknown",
            "influence": 0.5,
            "emails": [],
            "external_ids": [],
            "suggested_roles": [],
        }
        others = st.get_node(NodeKind.STAKEHOLDER, "hx-cfo")
        assert others.name == "Chen Gang"  # only the erased person changes
        erase(st, "hx-cio")  # twice is harmless
        with pytest.raises(NotFoundError):
            erase(st, "nobody")
    after = _dump_sqlite(db)
    for secret in SECRETS:
        assert secret not in after, secret
    assert "Chen Gang" in after


def test_export_person_gathers_everything_and_hides_notes_by_default(db: Path) -> None:
    with open_store(f"sqlite:///{db}") as st:
        plain = export_person(st, "hx-cio")
        full = export_person(st, "hx-cio", include_personal=True)
    assert plain["stakeholder"]["name"] == "Li Na" and "notes" not in plain["stakeholder"]
    assert full["stakeholder"]["notes"].startswith("Prefers written proposals")
    # The example has 5 edges naming hx-cio: reports_to, influences, rivals_with, relates_to x2.
    assert len(plain["relationships"]) == 5
    assert len(plain["interactions"]) == 2 and plain["interactions"][0]["id"] == "v-golf"  # by date
    assert all("notes" not in v for v in plain["interactions"])
    assert full["interactions"][0]["notes"] == "met at golf"
    assert "met at golf" not in json.dumps(plain) and "edge secret" not in json.dumps(plain)
    assert {h["subject_id"] for h in plain["history"]} >= {"hx-cio", "v-golf"}


def test_cli_erase_and_export_person(db: Path) -> None:
    url = f"sqlite:///{db}"
    out = runner.invoke(app, ["export-person", "hx-cio", "--store", url])
    assert out.exit_code == 0 and json.loads(out.stdout)["stakeholder"]["name"] == "Li Na"
    refused = runner.invoke(app, ["erase", "hx-cio", "--store", url], input="n\n")
    assert refused.exit_code == 1
    done = runner.invoke(app, ["erase", "hx-cio", "--yes", "--json", "--store", url])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["stakeholder"] == "hx-cio"
    again = runner.invoke(app, ["export-person", "hx-cio", "--include-personal", "--store", url])
    assert json.loads(again.stdout)["stakeholder"]["name"] == ERASED_NAME
    assert "Li Na" not in again.stdout
    missing = runner.invoke(app, ["erase", "ghost", "--yes", "--store", url])
    assert missing.exit_code == 1 and "no stakeholder with id 'ghost'" in missing.stderr


def test_erase_on_every_store(store: Store) -> None:
    """Erasure needs no backend code: the same calls on SQLite, Neo4j and ArcadeDB; afterwards
    the store's whole export (notes included) holds nothing of the person."""
    from graphkam.io import Format, generate_account_map
    from graphkam.model import Account

    store.upsert_nodes([Account(id="a", name="A"), Account(id="b", name="B")])
    store.upsert_nodes(
        [
            Stakeholder(
                id="p",
                account="a",
                name="Pat Secret",
                title="CTO",
                emails=["pat@secret.example"],
                phone="+1 555 0100",
                notes="golf on fridays",
            ),
            Stakeholder(id="q", account="b", name="Quinn"),
        ]
    )
    store.upsert_relationships(
        [Relationship(type=RelType.KNOWS, from_id="q", to_id="p", notes="old friends secret")]
    )
    erase(store, "p")
    assert store.get_node(NodeKind.STAKEHOLDER, "p").name == ERASED_NAME
    blob = json.dumps([c.model_dump(mode="json") for c in history(store, "a")])
    blob += json.dumps([c.model_dump(mode="json") for c in history(store, "b")])
    blob += generate_account_map(store.export_map(), Format.JSON)
    for secret in ("Pat Secret", "CTO", "pat@secret", "555 0100", "golf", "old friends"):
        assert secret not in blob, secret
    assert "Quinn" in blob


def test_export_leaves_personal_notes_out_unless_asked(db: Path) -> None:
    url = f"sqlite:///{db}"
    plain = runner.invoke(app, ["export", "--store", url])
    full = runner.invoke(app, ["export", "--include-personal", "--store", url])
    assert plain.exit_code == full.exit_code == 0
    assert "Prefers written proposals" not in plain.stdout
    assert "Prefers written proposals" in full.stdout
    assert "changes:" not in full.stdout  # history stays in the store


# -- erasure that leaves no byte behind ----------------------------------------------------------
#: Personal values given to hx-cio below (the example's name and notes, plus contact details).
PERSONAL = (
    "Li Na",
    "Prefers written proposals",
    "Tsinghua",
    "Chief Quantum Officer",
    "li.na@huaxing.example",
    "+86 138 0000 1234",
    "salesforce:0035g00000LiNa",
    "met at golf",
    "edge secret",
    "cross-account knows secret",
)


def _store_bytes(db: Path) -> bytes:
    """The store file and whatever WAL / journal files sit beside it, concatenated."""
    files = [db, *db.parent.glob(db.name + "-*")]
    return b"".join(f.read_bytes() for f in files if f.is_file())


@pytest.fixture
def rich_db(db: Path) -> Path:
    """`db` plus contact details on hx-cio and a knows edge from a person of another account,
    many versions of each (every old version lands in the WAL and in free pages)."""
    from graphkam.documents import AccountMap

    with open_store(f"sqlite:///{db}") as st:
        st.import_map(
            AccountMap.model_validate(
                {
                    "accounts": [{"id": "ac-other", "name": "Other Co"}],
                    "stakeholders": [{"id": "ot-boss", "account": "ac-other", "name": "Bo"}],
                    "relationships": [
                        {
                            "type": "knows",
                            "from": "ot-boss",
                            "to": "hx-cio",
                            "notes": "cross-account knows secret",
                        }
                    ],
                }
            )
        )
        for n in range(5):
            cio = st.get_node(NodeKind.STAKEHOLDER, "hx-cio")
            st.upsert_nodes(
                [
                    cio.model_copy(
                        update={
                            "title": "Chief Quantum Officer",
                            "emails": ["li.na@huaxing.example"],
                            "phone": "+86 138 0000 1234",
                            "external_ids": ["salesforce:0035g00000LiNa"],
                            "influence": 0.5 + n / 100,
                        }
                    )
                ]
            )
    return db


def test_after_erasure_no_byte_of_the_person_is_in_the_file_wal_or_exports(
    rich_db: Path, tmp_path: Path
) -> None:
    url = f"sqlite:///{rich_db}"
    raw = _store_bytes(rich_db)
    assert all(s.encode() in raw for s in PERSONAL)  # the grep finds them before
    done = runner.invoke(app, ["erase", "hx-cio", "--yes", "--store", url])
    assert done.exit_code == 0, done.output
    raw = _store_bytes(rich_db)
    found = [s for s in PERSONAL if s.encode() in raw]
    assert found == [], found
    assert b"Chen Gang" in raw  # the grep still finds the people who were not erased
    exports = [
        runner.invoke(app, ["export", "--include-personal", "--store", url]),
        runner.invoke(app, ["export", "--format", "json", "--store", url]),
        runner.invoke(app, ["export-person", "hx-cio", "--include-personal", "--store", url]),
    ]
    for out in exports:
        assert out.exit_code == 0, out.output
        leaked = [s for s in PERSONAL if s in out.stdout]
        assert leaked == [], leaked
    with open_store(url) as st:
        knows = next(r for r in st.list_relationships() if r.from_id == "ot-boss")
        assert knows.to_id == "hx-cio" and knows.notes is None  # the edge stays, its notes go


def test_erasure_through_the_api_leaves_no_byte_either(rich_db: Path, tmp_path: Path) -> None:
    from api.app import create_app
    from graphkam.auth import Role, UserStore
    from tests.api.conftest import TestClient

    _, token = UserStore(tmp_path / "u.db").add_user("dpo", Role.ADMIN)
    app_ = create_app(f"sqlite:///{rich_db}", users_db=tmp_path / "u.db")
    with TestClient(app_) as client:
        r = client.delete(
            "/stakeholders/hx-cio?erase=true", headers={"Authorization": f"Bearer {token}"}
        )
        assert r.status_code == 204, r.text
        raw = _store_bytes(rich_db)
        found = [s for s in PERSONAL if s.encode() in raw]
        assert found == [], found


def test_store_and_wal_are_private_files(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    with open_store(f"sqlite:///{db}") as st:
        st.counts()
        files = [db, *tmp_path.glob("new.db-*")]
        assert len(files) >= 2  # the WAL exists while the store is open
        for f in files:
            assert f.stat().st_mode & 0o777 == 0o600, f
