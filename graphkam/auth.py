"""Users, bearer tokens and who may see which account (the engine side of API access control).

Users live in a small SQLite file of their own (`GRAPHKAM_USERS_DB`, default
`./graphkam-users.db`, created 0600) so access control works whatever the store backend. A
token is shown once when the user is made; only its sha256 is kept, compared with
`hmac.compare_digest`. Tokens expire (default 90 days) and can be revoked. Browsers sign in
once with the token and then hold a session id (also stored only as sha256, in the same file,
so several server processes share sessions); each session has a CSRF token derived from it.

Rules: an admin sees and edits everything; a rep sees and edits the accounts their team member
is on_team of; a coach sees those of their own and of the people they coach
(`TeamMember.coach`), and edits nothing. Free-text notes go only to the account's team
(on_team) and admins (`Access.sees_notes`, the one rule).
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
from graphkam.filenames import create_private_file
from graphkam.model import NodeKind, TeamMember
from graphkam.stores.base import Store

__all__ = [
    "DEFAULT_TOKEN_DAYS",
    "DEFAULT_SESSION_HOURS",
    "AuthSettings",
    "Role",
    "User",
    "Session",
    "UserStore",
    "Access",
    "hash_token",
    "csrf_token_for",
    "access_for",
]

UserName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]

#: How long a new token is valid unless `users add --expires-days` says otherwise.
DEFAULT_TOKEN_DAYS = 90
#: How long a browser session lasts (never past its user's token expiry).
DEFAULT_SESSION_HOURS = 12


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
    """A user of the HTTP API; `member` is the TeamMember they act as (reps and coaches).
    A user whose token has expired or been revoked cannot sign in or call the API."""

    name: UserName
    role: Role
    member: str | None = None
    created: dt.datetime
    expires: dt.datetime | None = None
    revoked: dt.datetime | None = None

    def active(self, now: dt.datetime) -> bool:
        """Whether the token still opens the API at `now` (not revoked, not expired)."""
        return self.revoked is None and (self.expires is None or now < self.expires)


class Session(BaseModel):
    """A browser session: the user, when it ends, and the CSRF token bound to it."""

    user: User
    expires: dt.datetime
    csrf_token: str


def hash_token(token: str) -> str:
    """The stored form of a token or session id: hex sha256 of its UTF-8 bytes."""
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token_for(session_id: str) -> str:
    """The CSRF token bound to a session: HMAC-SHA256(session id, "csrf"). Derived, not stored,
    so the users file holds neither; it can't be computed without the session id."""
    return hmac.new(session_id.encode(), b"graphkam-csrf", hashlib.sha256).hexdigest()


_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    member TEXT,
    token_sha256 TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    expires TEXT,
    revoked TEXT
)""",
    """CREATE TABLE IF NOT EXISTS sessions (
    id_sha256 TEXT PRIMARY KEY,
    user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    created TEXT NOT NULL,
    expires TEXT NOT NULL
)""",
)
_USER_COLUMNS = "name, role, member, created, expires, revoked"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UserStore:
    """The users file: users, their tokens and browser sessions. Opens a connection per call,
    so several server processes can share one file."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else AuthSettings().users_db
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            create_private_file(self.path)
            conn = sqlite3.connect(self.path, timeout=10)
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailableError(f"cannot open users file '{self.path}': {exc}") from exc
        try:
            with conn:
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA secure_delete = ON")
                if not self._ready:
                    _migrate(conn)
                    self._ready = True
                yield conn
        except sqlite3.OperationalError as exc:
            raise StoreUnavailableError(f"users file '{self.path}': {exc}") from exc
        finally:
            conn.close()

    def add_user(
        self,
        name: str,
        role: Role,
        member: str | None = None,
        expires_days: float | None = DEFAULT_TOKEN_DAYS,
    ) -> tuple[User, str]:
        """Create a user and return it with its token (shown once; only the hash is kept).
        The token stops working after `expires_days` (None: never)."""
        if role is not Role.ADMIN and member is None:
            raise InvalidInputError(f"user '{name}': a {role.value} needs --member TEAM_MEMBER_ID")
        if expires_days is not None and not 0 < expires_days <= 3660:
            raise InvalidInputError("--expires-days: give a number of days from 1 to 3660")
        now = _now()
        expires = now + dt.timedelta(days=expires_days) if expires_days is not None else None
        user = User(name=name, role=role, member=member, created=now, expires=expires)
        token = secrets.token_urlsafe(32)
        with self._connect() as conn:
            try:
                conn.execute(
                    "INSERT INTO users (name, role, member, token_sha256, created, expires)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        user.name,
                        role.value,
                        member,
                        hash_token(token),
                        now.isoformat(),
                        expires.isoformat() if expires else None,
                    ),
                )
            except sqlite3.IntegrityError:
                raise ConflictError(f"user '{user.name}' already exists") from None
        return user, token

    def list_users(self) -> list[User]:
        """Every user, sorted by name (no tokens: only their hashes are stored)."""
        with self._connect() as conn:
            rows = conn.execute(f"SELECT {_USER_COLUMNS} FROM users ORDER BY name").fetchall()
        return [_row_user(r) for r in rows]

    def revoke_user(self, name: str) -> User:
        """Revoke a user's token and end all their sessions at once (NotFoundError if none)."""
        with self._connect() as conn:
            found = conn.execute(
                "UPDATE users SET revoked = COALESCE(revoked, ?) WHERE name = ?",
                (_now().isoformat(), name),
            ).rowcount
            if not found:
                raise NotFoundError("user", name)
            conn.execute("DELETE FROM sessions WHERE user = ?", (name,))
            row = conn.execute(
                f"SELECT {_USER_COLUMNS} FROM users WHERE name = ?", (name,)
            ).fetchone()
        return _row_user(row)

    def authenticate(self, token: str) -> User | None:
        """The active user holding `token`, or None; compares hashes in constant time."""
        digest = hash_token(token)
        with self._connect() as conn:
            row = conn.execute(
                f"SELECT {_USER_COLUMNS}, token_sha256 FROM users WHERE token_sha256 = ?",
                (digest,),
            ).fetchone()
        if row is None or not hmac.compare_digest(row[-1], digest):
            return None
        user = _row_user(row[:-1])
        return user if user.active(_now()) else None

    def start_session(self, user: User, hours: float = DEFAULT_SESSION_HOURS) -> str:
        """A new session id for `user` (returned once; only its sha256 is stored). It ends
        after `hours`, at the user's token expiry, on logout or on revoke, whichever is first."""
        now = _now()
        ends = now + dt.timedelta(hours=hours)
        if user.expires is not None:
            ends = min(ends, user.expires)
        session_id = secrets.token_urlsafe(32)
        with self._connect() as conn:
            conn.execute("DELETE FROM sessions WHERE expires <= ?", (now.isoformat(),))
            conn.execute(
                "INSERT INTO sessions (id_sha256, user, created, expires) VALUES (?, ?, ?, ?)",
                (hash_token(session_id), user.name, now.isoformat(), ends.isoformat()),
            )
        return session_id

    def session(self, session_id: str) -> Session | None:
        """The live session with this id (its user still active), or None."""
        with self._connect() as conn:
            row = conn.execute(
                f"SELECT s.expires, {', '.join('u.' + c for c in _USER_COLUMNS.split(', '))}"
                " FROM sessions s JOIN users u ON u.name = s.user WHERE s.id_sha256 = ?",
                (hash_token(session_id),),
            ).fetchone()
        if row is None:
            return None
        now, user = _now(), _row_user(row[1:])
        expires = dt.datetime.fromisoformat(row[0])
        if now >= expires or not user.active(now):
            return None
        return Session(user=user, expires=expires, csrf_token=csrf_token_for(session_id))

    def end_session(self, session_id: str) -> None:
        """Forget a session (logout); a no-op for an unknown id."""
        with self._connect() as conn:
            conn.execute("DELETE FROM sessions WHERE id_sha256 = ?", (hash_token(session_id),))


def _migrate(conn: sqlite3.Connection) -> None:
    """Create the tables; add the expiry and revoke columns to a users file made before them."""
    for statement in _SCHEMA:
        conn.execute(statement)
    have = {r[1] for r in conn.execute("PRAGMA table_info(users)")}
    for column in ("expires", "revoked"):
        if column not in have:
            conn.execute(f"ALTER TABLE users ADD COLUMN {column} TEXT")


def _row_user(row: tuple[str | None, ...]) -> User:
    name, role, member, created, expires, revoked = row
    return User(
        name=str(name),
        role=Role(str(role)),
        member=member,
        created=dt.datetime.fromisoformat(str(created)),
        expires=dt.datetime.fromisoformat(expires) if expires else None,
        revoked=dt.datetime.fromisoformat(revoked) if revoked else None,
    )


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

    def sees_notes(self, *accounts: str) -> bool:
        """The one notes rule: free-text notes about people (on stakeholders, relationships,
        visits) go to admins and to the team of every account involved — with no account
        involved, to admins only. API lists, pages, the brief and history all ask here."""
        if self.team is None:
            return True
        return bool(accounts) and all(a in self.team for a in accounts)


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
