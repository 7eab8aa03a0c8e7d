"""Users, bearer tokens and who may see which account (the engine side of API access control).

Users live in a small SQLite file of their own (`GRAPHKAM_USERS_DB`, default
`./graphkam-users.db`) so access control works whatever the store backend. A token is shown
once when the user is made; only its sha256 is kept, compared with `hmac.compare_digest`.

Rules: an admin sees and edits everything; a rep sees and edits the accounts their team member
is on_team of; a coach sees those of their own and of the people they coach
(`TeamMember.coach`), and edits nothing. Personal stakeholder notes go only to the account's
team (on_team) and admins.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints
from pydantic_settings import BaseSettings, SettingsConfigDict

from graphkam.errors import ConflictError, InvalidInputError, NotFoundError, StoreUnavailableError
from graphkam.model import NodeKind, TeamMember
from graphkam.stores.base import Store

__all__ = [
    "AuthSettings",
    "Role",
    "User",
    "UserStore",
    "Access",
    "hash_token",
    "access_for",
]

UserName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class AuthSettings(BaseSettings):
    """Where the users file lives: GRAPHKAM_USERS_DB (default ./graphkam-users.db)."""

    model_config = SettingsConfigDict(env_prefix="GRAPHKAM_", extra="ignore")

    users_db: Path = Field(default=Path("graphkam-users.db"), description="users SQLite file")


class Role(StrEnum):
    """What a user may do: rep (own accounts), coach (read coached accounts), admin (all)."""

    REP = "rep"
    COACH = "coach"
    ADMIN = "admin"


class User(BaseModel):
    """A user of the HTTP API; `member` is the TeamMember they act as (reps and coaches)."""

    name: UserName
    role: Role
    member: str | None = None
    created: dt.datetime


def hash_token(token: str) -> str:
    """The stored form of a token: hex sha256 of its UTF-8 bytes."""
    return hashlib.sha256(token.encode()).hexdigest()


_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    member TEXT,
    token_sha256 TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL
)
"""


class UserStore:
    """The users file: add, list and authenticate users. Opens a connection per call."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else AuthSettings().users_db
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            conn = sqlite3.connect(self.path, timeout=10)
        except sqlite3.Error as exc:
            raise StoreUnavailableError(f"cannot open users file '{self.path}': {exc}") from exc
        try:
            with conn:
                if not self._ready:
                    conn.execute(_SCHEMA)
                    self._ready = True
                yield conn
        except sqlite3.OperationalError as exc:
            raise StoreUnavailableError(f"users file '{self.path}': {exc}") from exc
        finally:
            conn.close()

    def add_user(self, name: str, role: Role, member: str | None = None) -> tuple[User, str]:
        """Create a user and return it with its token (shown once; only the hash is kept)."""
        if role is not Role.ADMIN and member is None:
            raise InvalidInputError(f"user '{name}': a {role.value} needs --member TEAM_MEMBER_ID")
        user = User(name=name, role=role, member=member, created=dt.datetime.now(dt.UTC))
        token = secrets.token_urlsafe(32)
        with self._connect() as conn:
            try:
                conn.execute(
                    "INSERT INTO users (name, role, member, token_sha256, created)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (user.name, role.value, member, hash_token(token), user.created.isoformat()),
                )
            except sqlite3.IntegrityError:
                raise ConflictError(f"user '{user.name}' already exists") from None
        return user, token

    def list_users(self) -> list[User]:
        """Every user, sorted by name (no tokens: only their hashes are stored)."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT name, role, member, created FROM users ORDER BY name"
            ).fetchall()
        return [_row_user(r) for r in rows]

    def authenticate(self, token: str) -> User | None:
        """The user holding `token`, or None; compares hashes in constant time."""
        digest = hash_token(token)
        with self._connect() as conn:
            row = conn.execute(
                "SELECT name, role, member, created, token_sha256 FROM users"
                " WHERE token_sha256 = ?",
                (digest,),
            ).fetchone()
        if row is None or not hmac.compare_digest(row[4], digest):
            return None
        return _row_user(row[:4])


def _row_user(row: tuple[str, str, str | None, str]) -> User:
    return User(name=row[0], role=Role(row[1]), member=row[2], created=row[3])


@dataclass(frozen=True)
class Access:
    """What one user may see and edit, resolved against the store for one request.

    `readable`/`writable`/`team` are account-id sets; None means every account (admins).
    `team` is where the user's member is on_team: where personal notes are shown.
    """

    user: User
    readable: frozenset[str] | None
    writable: frozenset[str] | None
    team: frozenset[str] | None

    @property
    def is_admin(self) -> bool:
        return self.user.role is Role.ADMIN

    def can_read(self, account: str) -> bool:
        return self.readable is None or account in self.readable

    def can_write(self, account: str) -> bool:
        return self.writable is None or account in self.writable

    def sees_notes(self, account: str) -> bool:
        return self.team is None or account in self.team


def access_for(user: User, store: Store) -> Access:
    """Resolve a user's account sets from the team members in `store` (see module rules)."""
    if user.role is Role.ADMIN:
        return Access(user, None, None, None)
    own: frozenset[str] = frozenset()
    if user.member is not None:
        try:
            me = store.get_node(NodeKind.TEAM_MEMBER, user.member)
        except NotFoundError:
            me = None
        if isinstance(me, TeamMember):
            own = frozenset(me.accounts)
    if user.role is Role.REP:
        return Access(user, own, own, own)
    coached: set[str] = set(own)
    for node in store.list_nodes(NodeKind.TEAM_MEMBER):
        if isinstance(node, TeamMember) and node.coach == user.member:
            coached.update(node.accounts)
    return Access(user, frozenset(coached), frozenset(), own)
