"""Audit history: Change records written by the audited store, queries and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkam.cli import app
from graphkam.documents import AccountMap
from graphkam.errors import NotFoundError, PermissionDeniedError
from graphkam.history import NOTES_MARK, acting_as, history, stance_timeline
from graphkam.model import (
    Account,
    Change,
    ChangeAction,
    ChangeSource,
    Interaction,
    NodeKind,
    RecordKind,
    Relationship,
    RelType,
    Stakeholder,
    Stance,
    TeamMember,
    TeamRole,
)
from graphkam.stores import Store, open_store
from graphkam.stores.audited import AuditedStore, unwrap

runner = CliRunner()


def _base() -> AccountMap:
    """One account, two people and one of ours: the smallest map every test starts from."""
    return AccountMap(
        accounts=[Account(id="acme", name="Acme")],
        team=[
            TeamMember(id="rep", name="Rep", team_role=TeamRole.ACCOUNT_MANAGER, accounts=["acme"])
        ],
        stakeholders=[
            Stakeholder(id="ann", account="acme", name="Ann", stance=Stance.NEUTRAL, notes="n1"),
            Stakeholder(id="bob", account="acme", name="Bob"),
        ],
        relationships=[Relationship(type=RelType.REPORTS_TO, from_id="bob", to_id="ann")],
    )


@pytest.fixture
def audited(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'h.db'}") as st:
        with acting_as("setup", ChangeSource.CLI):
            st.import_map(_base())
        yield st


def _changes(st: Store) -> list[Change]:
    return history(st, "acme")


def test_open_store_audits_by_default_and_not_when_asked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    with open_store(url) as st, open_store(url, audit=False) as bare:
        assert isinstance(st, AuditedStore)
        assert not isinstance(bare, AuditedStore)
        assert unwrap(st).url == bare.url == url
        assert st.schema_version == bare.schema_version  # backend extras pass through


def test_change_dates_round_trip_and_sort_in_every_store(store: Store) -> None:
    """A datetime with microseconds survives each backend, and (date, id) order holds."""
    store = unwrap(store)
    store.upsert_nodes([Account(id="acme", name="Acme")])
    t0 = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    t1 = dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC)
    mk = {
        "account": "acme",
        "actor": "a",
        "source": ChangeSource.API,
        "action": ChangeAction.CREATE,
        "subject_kind": "account",
        "subject_id": "acme",
        "after": {"id": "acme", "nested": {"list": [1, "二"]}},
    }
    later, earlier = Change(id="c-1", date=t1, **mk), Change(id="c-2", date=t0, **mk)
    store.upsert_records([later, earlier])
    got = store.list_records(RecordKind.CHANGE, "acme")
    assert [c.id for c in got] == ["c-2", "c-1"]
    assert got[1] == later and got[1].date == t1 and got[1].date.tzinfo is not None
    assert store.get_record(RecordKind.CHANGE, "c-2") == earlier


def test_import_writes_one_create_per_subject_and_account(audited: Store) -> None:
    changes = _changes(audited)
    # _base(): account, team member (filed under acme), 2 stakeholders, 1 relationship = 5.
    assert [(c.action, c.subject_kind, c.subject_id) for c in changes] == [
        (ChangeAction.CREATE, "account", "acme"),
        (ChangeAction.CREATE, "team_member", "rep"),
        (ChangeAction.CREATE, "stakeholder", "ann"),
        (ChangeAction.CREATE, "stakeholder", "bob"),
        (ChangeAction.CREATE, "relationship", "reports_to:bob->ann"),
    ]
    assert {(c.actor, c.source) for c in changes} == {("setup", ChangeSource.IMPORT)}
    ann = changes[2]
    assert ann.before is None and ann.after is not None
    assert ann.after["notes"] == NOTES_MARK  # history never holds the notes themselves
    assert ann.after["name"] == "Ann"


def test_update_records_before_after_and_fields_and_noop_writes_nothing(audited: Store) -> None:
    ann = audited.get_node(NodeKind.STAKEHOLDER, "ann")
    with acting_as("alice", ChangeSource.API):
        audited.upsert_nodes([ann.model_copy(update={"stance": Stance.CHAMPION, "notes": "n2"})])
    last = _changes(audited)[-1]
    assert (last.action, last.actor, last.source) == (
        ChangeAction.UPDATE,
        "alice",
        ChangeSource.API,
    )
    assert last.fields == ["notes", "stance"]
    assert last.before["stance"] == "neutral" and last.after["stance"] == "champion"
    assert last.before["notes"] == last.after["notes"] == NOTES_MARK
    n = len(_changes(audited))
    audited.upsert_nodes([audited.get_node(NodeKind.STAKEHOLDER, "ann")])  # same again
    audited.upsert_relationships(audited.list_relationships("acme"))
    assert len(_changes(audited)) == n


def test_deletes_are_recorded_and_history_is_append_only(audited: Store) -> None:
    visit = Interaction(
        id="v1", account="acme", date=dt.date(2026, 3, 1), team=["rep"], stakeholders=["ann"]
    )
    audited.upsert_records([visit])
    audited.delete_record(RecordKind.INTERACTION, "v1")
    audited.delete_relationship(RelType.REPORTS_TO, "bob", "ann")
    audited.delete_node(NodeKind.STAKEHOLDER, "bob")
    tail = [(c.action, c.subject_kind, c.subject_id) for c in _changes(audited)[-4:]]
    assert tail == [
        (ChangeAction.CREATE, "interaction", "v1"),
        (ChangeAction.DELETE, "interaction", "v1"),
        (ChangeAction.DELETE, "relationship", "reports_to:bob->ann"),
        (ChangeAction.DELETE, "stakeholder", "bob"),
    ]
    assert _changes(audited)[-1].before["name"] == "Bob" and _changes(audited)[-1].after is None
    first = _changes(audited)[0].id
    with pytest.raises(PermissionDeniedError, match=first):
        audited.delete_record(RecordKind.CHANGE, first)


def test_a_failed_write_leaves_no_history(audited: Store) -> None:
    n = len(_changes(audited))
    with pytest.raises(RuntimeError):
        with audited.transaction():
            audited.upsert_nodes([Stakeholder(id="cy", account="acme", name="Cy")])
            raise RuntimeError("boom")
    assert len(_changes(audited)) == n
    with pytest.raises(NotFoundError):
        audited.get_node(NodeKind.STAKEHOLDER, "cy")


def test_reads_hide_history(audited: Store) -> None:
    assert "changes" not in audited.counts()
    assert audited.export_map().changes == []
    assert unwrap(audited).counts()["changes"] == 5
    # subgraphs carry only stakeholder updates (what as-of analyses rewind): none yet
    assert audited.account_subgraph("acme").changes == []
    ann = audited.get_node(NodeKind.STAKEHOLDER, "ann")
    audited.upsert_nodes([ann.model_copy(update={"stance": Stance.OPPONENT})])
    [update] = audited.account_subgraph("acme").changes
    assert (update.action, update.subject_id, update.fields) == (
        ChangeAction.UPDATE,
        "ann",
        ["stance"],
    )


def test_stance_timeline_and_stakeholder_filter(audited: Store) -> None:
    ann = audited.get_node(NodeKind.STAKEHOLDER, "ann")
    for actor, stance in (("alice", Stance.SUPPORTER), ("bob", Stance.CHAMPION)):
        with acting_as(actor, ChangeSource.API):
            ann = ann.model_copy(update={"stance": stance})
            audited.upsert_nodes([ann])
    with acting_as("carol", ChangeSource.CLI):
        audited.upsert_nodes([ann.model_copy(update={"title": "CTO"})])  # stance unchanged
    timeline = stance_timeline(audited, "ann")
    assert [(s, who) for _, s, who in timeline] == [
        (Stance.NEUTRAL, "setup"),
        (Stance.SUPPORTER, "alice"),
        (Stance.CHAMPION, "bob"),
    ]
    assert all(t.tzinfo is not None for t, _, _ in timeline)
    about_bob = history(audited, "acme", stakeholder="bob")
    assert [c.subject_id for c in about_bob] == ["bob", "reports_to:bob->ann"]
    with pytest.raises(NotFoundError):
        history(audited, "nope")


def test_cli_history_json_and_table(tmp_path: Path, example_map_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    assert runner.invoke(app, ["import", str(example_map_path), "--store", db]).exit_code == 0
    out = runner.invoke(
        app, ["history", "hx-steel", "--stakeholder", "hx-cio", "--json", "--store", db]
    )
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)
    assert rows[0]["subject_id"] == "hx-cio" and rows[0]["source"] == "import"
    # hx-cio: its node, 3 edges naming it in the example (reports_to, influences, rivals_with),
    # plus any relationships/interactions naming it: each is about hx-cio.
    assert all(
        r["subject_id"] == "hx-cio" or "hx-cio" in json.dumps([r["before"], r["after"]])
        for r in rows
    )
    assert "Prefers written" not in out.stdout
    table = runner.invoke(app, ["history", "hx-steel", "--store", db])
    assert table.exit_code == 0 and "import" in table.stdout
    missing = runner.invoke(app, ["history", "nope", "--store", db])
    assert missing.exit_code == 1 and "no account with id 'nope'" in missing.stderr


def test_history_cannot_be_forged_through_an_audited_store(audited: Store) -> None:
    from graphkam.errors import InvalidInputError

    fake = _changes(audited)[0].model_copy(update={"id": "chg-fake", "actor": "mallory"})
    with pytest.raises(PermissionDeniedError, match="chg-fake"):
        audited.upsert_records([fake])
    with pytest.raises(InvalidInputError, match="history is written by graphkam itself"):
        audited.import_map(AccountMap(changes=[fake]), source="forged.yaml")
    assert "mallory" not in {c.actor for c in _changes(audited)}


def test_as_of_analyses_see_the_history_through_an_audited_store(audited: Store) -> None:
    """An update made today is rewound for an analysis as of yesterday (analysis/asof.py)."""
    from graphkam.analysis.asof import rewind

    ann = audited.get_node(NodeKind.STAKEHOLDER, "ann")
    audited.upsert_nodes([ann.model_copy(update={"stance": Stance.OPPONENT})])
    yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    then = {
        s.id: s.stance for s in rewind(audited.account_subgraph("acme"), yesterday).stakeholders
    }
    assert then["ann"] is Stance.NEUTRAL
    today = dt.datetime.now(dt.UTC).date()
    now = {s.id: s.stance for s in rewind(audited.account_subgraph("acme"), today).stakeholders}
    assert now["ann"] is Stance.OPPONENT
