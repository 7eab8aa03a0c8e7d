"""Edit commands through the CLI: add, set, link, unlink, team add; each in the history."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkam.cli import app
from graphkam.model import ChangeSource, NodeKind, RecordKind, RelType, Stakeholder
from graphkam.stores import open_store

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path, example_map_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'edit.db'}"
    assert runner.invoke(app, ["import", str(example_map_path), "--store", url]).exit_code == 0
    return url


def _ok(db: str, *args: str) -> str:
    res = runner.invoke(app, [*args, "--store", db])
    assert res.exit_code == 0, res.output
    return res.stdout


def _err(db: str, *args: str) -> str:
    res = runner.invoke(app, [*args, "--store", db])
    assert res.exit_code == 1 and res.stdout == ""
    return res.stderr.strip()


def _person(db: str, name: str) -> Stakeholder:
    with open_store(db) as st:
        return next(p for p in st.list_nodes(NodeKind.STAKEHOLDER) if p.name == name)  # type: ignore[return-value]


def test_add_stakeholder_suggests_roles_and_set_accepts_them(db: str) -> None:
    out = _ok(db, "add", "stakeholder", "Huaxing Steel", "梁雨桐 Liang Yutong", "--title",
              "采购经理", "--department", "Purchasing", "--stance", "supporter")  # fmt: skip
    assert out.startswith("created 梁雨桐 Liang Yutong (sh-")
    person = _person(db, "梁雨桐 Liang Yutong")
    assert person.roles == [] and [s.role.value for s in person.suggested_roles] == ["procurement"]
    shown = _ok(db, "show", "Huaxing Steel", "--json")
    assert '"suggested_roles"' in shown and '"procurement"' in shown
    out = _ok(db, "set", "雨桐", "accept=procurement", "influence=0.7")
    assert "  roles: — -> procurement" in out and "  influence: 0.5 -> 0.7" in out
    person = _person(db, "梁雨桐 Liang Yutong")
    assert [r.value for r in person.roles] == ["procurement"] and person.suggested_roles == []
    assert _err(db, "add", "stakeholder", "hx-steel", "梁雨桐 Liang Yutong").startswith(
        "error: invalid input: field 'name': '梁雨桐 Liang Yutong' is already a stakeholder"
    )


def test_set_roles_and_clear_and_errors(db: str) -> None:
    _ok(db, "set", "Chen Gang", "roles+=procurement", "title=-")
    chen = _person(db, "Chen Gang")
    assert [r.value for r in chen.roles] == ["economic_buyer", "procurement"]
    assert chen.title is None
    _ok(db, "set", "Chen", "roles-=economic_buyer")
    assert [r.value for r in _person(db, "Chen Gang").roles] == ["procurement"]
    assert _err(db, "set", "Chen", "stance=happy") == (
        "error: invalid input: field 'stance': 'happy' is not one of champion, supporter, "
        "neutral, skeptic, opponent or unknown"
    )
    assert _err(db, "set", "Chen", "colour=red").startswith("error: invalid input: cannot set")
    assert _err(db, "set", "Chen", "reject=gatekeeper").startswith(
        "error: invalid input: reject: 'gatekeeper' is not a suggested role of Chen Gang"
    )


def test_link_and_unlink_by_name(db: str) -> None:
    out = _ok(db, "link", "Chen Gang", "influences", "Li Na", "--weight", "0.4")
    assert out == "linked Chen Gang influences Li Na\n"
    out = _ok(db, "link", "He Min", "relates_to", "Chen", "--strength", "0.6",
              "--last-contact", "2026-11-20")  # fmt: skip
    assert out == "linked He Min relates_to Chen Gang\n"
    out = _ok(db, "link", "He Min", "relates_to", "Chen", "--strength", "0.7")
    assert out == "updated He Min relates_to Chen Gang\n  strength: 0.6 -> 0.7\n"
    with open_store(db) as st:
        [tie] = [r for r in st.list_relationships(type=RelType.RELATES_TO)
                 if (r.from_id, r.to_id) == ("sol-he", "hx-cfo")]  # fmt: skip
        assert (tie.strength, str(tie.last_contact)) == (0.7, "2026-11-20")
    assert _ok(db, "unlink", "Chen Gang", "influences", "Li Na") == (
        "unlinked Chen Gang influences Li Na\n"
    )
    assert _err(db, "unlink", "Chen Gang", "influences", "Li Na").startswith("error: not found")
    assert _err(db, "link", "Li Na", "reports_to", "Bright Consulting").startswith(
        "error: invalid input: "
    )


def test_team_add_and_history(db: str) -> None:
    out = _ok(db, "team", "add", "Zhou Yan", "Huaxing Steel")
    assert out.startswith("updated Zhou Yan (mgr-zhou) on 华星钢铁 Huaxing Steel\n  accounts:")
    out = _ok(db, "team", "add", "Sun Wei", "hx-steel", "--role", "delivery_manager")
    assert out.startswith("created Sun Wei (tm-")
    assert _err(db, "team", "add", "Nobody Known", "hx-steel").startswith("error: not found")
    with open_store(db) as st:
        team = {m.name for m in st.list_nodes(NodeKind.TEAM_MEMBER, "hx-steel")}
        assert {"Zhou Yan", "Sun Wei"} <= team
        changes = st.list_records(RecordKind.CHANGE, "hx-steel")
        edits = [c for c in changes if c.subject_kind == "team_member"]
        assert {c.source for c in edits} == {ChangeSource.IMPORT, ChangeSource.CLI}


@pytest.mark.parametrize("command", [["add", "stakeholder"], ["set"], ["link"], ["unlink"],
                                     ["team", "add"]])  # fmt: skip
def test_help(command: list[str]) -> None:
    for flag in ("-h", "--help"):
        res = runner.invoke(app, [*command, flag])
        assert res.exit_code == 0 and "--store" in res.stdout


def test_brief_and_coalitions_take_names(db: str) -> None:
    brief = _ok(db, "brief", "Huaxing Steel", "--meet", "王建国,Chen", "--json")
    assert '"hx-ceo"' in brief and '"hx-cfo"' in brief
    assert "coalitions in 华星钢铁 Huaxing Steel" in _ok(db, "coalitions", "hx-steel")
    assert _err(db, "brief", "Huaxing").startswith(
        "error: invalid input: field 'account': 'Huaxing' could be any of 2 accounts"
    )
