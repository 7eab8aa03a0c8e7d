"""graphkam.auth (users file, tokens, access sets), `graphkam users` / `serve` through typer's
CliRunner, and the last-resort 500 handler."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.app import create_app
from graphkam.auth import Role, UserStore, access_for, hash_token
from graphkam.cli import app as cli_app
from graphkam.errors import ConflictError, InvalidInputError
from graphkam.io import read_account_map
from graphkam.stores import open_store
from tests.api.conftest import EXAMPLE_MAP, TestClient

runner = CliRunner()


def test_tokens_are_stored_only_as_sha256(tmp_path: Path) -> None:
    users = UserStore(tmp_path / "u.db")
    user, token = users.add_user("root", Role.ADMIN)
    assert hash_token(token) == hashlib.sha256(token.encode()).hexdigest()
    assert token.encode() not in (tmp_path / "u.db").read_bytes()
    assert hash_token(token).encode() in (tmp_path / "u.db").read_bytes()
    assert users.authenticate(token) == user
    assert users.authenticate(token + "x") is None
    assert users.authenticate("") is None


def test_user_names_are_unique_and_reps_need_a_member(tmp_path: Path) -> None:
    users = UserStore(tmp_path / "u.db")
    users.add_user("lin", Role.REP, "rep-lin")
    with pytest.raises(ConflictError, match="user 'lin' already exists"):
        users.add_user("lin", Role.ADMIN)
    with pytest.raises(InvalidInputError, match="a coach needs --member"):
        users.add_user("zhou", Role.COACH)
    assert [u.name for u in users.list_users()] == ["lin"]


def test_access_sets_follow_team_and_coaching(tmp_path: Path) -> None:
    """From the example file: rep-lin is on hx-steel and coached by mgr-zhou (on no account)."""
    users = UserStore(tmp_path / "u.db")
    rep, _ = users.add_user("lin", Role.REP, "rep-lin")
    coach, _ = users.add_user("zhou", Role.COACH, "mgr-zhou")
    admin, _ = users.add_user("root", Role.ADMIN)
    with open_store(f"sqlite:///{tmp_path / 'g.db'}") as store:
        store.import_map(read_account_map(EXAMPLE_MAP))
        a = access_for(rep, store)
        assert (a.readable, a.writable, a.team) == ({"hx-steel"},) * 3
        c = access_for(coach, store)
        assert (c.readable, c.writable, c.team) == ({"hx-steel"}, frozenset(), frozenset())
        assert c.can_read("hx-steel") and not c.can_write("hx-steel")
        assert not c.sees_notes("hx-steel")
        z = access_for(admin, store)
        assert z.can_write("anything") and z.sees_notes("anything")


def test_users_cli_prints_the_token_once(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path / 'g.db'}"
    with open_store(store) as s:
        s.import_map(read_account_map(EXAMPLE_MAP))
    db = str(tmp_path / "u.db")
    r = runner.invoke(
        cli_app,
        [
            "users",
            "add",
            "lin",
            "--role",
            "rep",
            "--member",
            "rep-lin",
            "--store",
            store,
            "--users-db",
            db,
        ],
    )
    assert r.exit_code == 0, r.output
    token = r.stdout.strip()
    assert UserStore(db).authenticate(token) is not None
    r = runner.invoke(
        cli_app,
        [
            "users",
            "add",
            "x",
            "--role",
            "rep",
            "--member",
            "nobody",
            "--store",
            store,
            "--users-db",
            db,
        ],
    )
    assert r.exit_code == 1
    assert "no team member with id 'nobody'" in r.stderr
    r = runner.invoke(cli_app, ["users", "list", "--json", "--users-db", db])
    assert r.exit_code == 0
    listed = json.loads(r.stdout)
    assert [(u["name"], u["role"], u["member"]) for u in listed] == [("lin", "rep", "rep-lin")]
    assert token not in r.stdout
    assert listed[0]["revoked"] is None
    created = dt.datetime.fromisoformat(listed[0]["created"])
    expires = dt.datetime.fromisoformat(listed[0]["expires"])
    assert expires - created == dt.timedelta(days=90)  # the default token lifetime
    r = runner.invoke(cli_app, ["users", "revoke", "lin", "--users-db", db])
    assert r.exit_code == 0, r.output
    assert UserStore(db).authenticate(token) is None
    r = runner.invoke(cli_app, ["users", "revoke", "ghost", "--users-db", db])
    assert r.exit_code == 1 and "ghost" in r.stderr and "Traceback" not in r.output


def test_an_expired_token_opens_nothing(tmp_path: Path) -> None:
    users = UserStore(tmp_path / "u.db")
    user, token = users.add_user("old", Role.ADMIN, expires_days=1)
    assert users.authenticate(token) is not None
    with sqlite3.connect(tmp_path / "u.db") as conn:  # a day later, as stored
        past = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)).isoformat()
        conn.execute("UPDATE users SET expires = ? WHERE name = 'old'", (past,))
    assert users.authenticate(token) is None


def test_the_users_file_is_private(tmp_path: Path) -> None:
    users = UserStore(tmp_path / "u.db")
    users.add_user("a", Role.ADMIN)
    assert (tmp_path / "u.db").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    "args",
    [["serve", "-h"], ["users", "-h"], ["users", "add", "--help"], ["users", "revoke", "-h"]],
)
def test_help(args: list[str]) -> None:
    r = runner.invoke(cli_app, args)
    assert r.exit_code == 0 and "Usage:" in r.stdout


def test_a_bug_answers_a_bare_500_and_logs_no_message(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'g.db'}", users_db=tmp_path / "u.db")

    secret = "SECRET personal note text"

    def broken() -> None:
        raise RuntimeError(secret)

    app.add_api_route("/broken", broken)
    with caplog.at_level(logging.ERROR, logger="graphkam.api"):
        with TestClient(app, raise_server_exceptions=False) as client:
            r = client.get("/broken")
    assert r.status_code == 500
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["title"] == "Internal server error"
    assert "SECRET" not in r.text
    assert "RuntimeError" in caplog.text and "SECRET" not in caplog.text
