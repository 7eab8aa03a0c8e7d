"""The SQLite store's schema: tables, indexes and the migrations that upgrade older files.

A graphkam file is marked by `PRAGMA application_id` (APPLICATION_ID) and carries its schema
version in `PRAGMA user_version`. MIGRATIONS[i] upgrades a file from version i to i + 1, so a
fresh file runs them all and an older one runs only the ones it lacks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

__all__ = [
    "APPLICATION_ID",
    "KIND_CLASH",
    "SCHEMA_VERSION",
    "MIGRATIONS",
    "migrate",
    "schema_state",
]

#: 'GKAM' as a big-endian 32-bit integer: tells a graphkam file from any other SQLite file.
APPLICATION_ID = 0x474B414D
#: The message of the trigger that stops an upsert from changing a node's kind.
KIND_CLASH = "graphkam: node id already used by another kind"


def _run(conn: sqlite3.Connection, *statements: str) -> None:
    """Run DDL statements one by one (executescript would commit the caller's transaction)."""
    for statement in statements:
        conn.execute(statement)


def _v1_base_tables(conn: sqlite3.Connection) -> None:
    """Version 1: nodes, relationships and records; team membership lived only in node JSON.

    Relationships are keyed (a, b, type) without a rowid: two b-trees per edge, and both
    endpoints indexed first for the foreign-key cascades and the subgraph queries.
    """
    _run(
        conn,
        """CREATE TABLE nodes (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            account TEXT REFERENCES nodes(id) ON DELETE CASCADE,
            name TEXT,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX nodes_account ON nodes(account, kind, id)",
        "CREATE INDEX nodes_kind ON nodes(kind, id)",
        f"""CREATE TRIGGER nodes_keep_kind BEFORE UPDATE OF kind ON nodes
            WHEN old.kind <> new.kind
            BEGIN SELECT RAISE(ABORT, '{KIND_CLASH}'); END""",
        """CREATE TABLE relationships (
            type TEXT NOT NULL,
            a TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            b TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            data TEXT NOT NULL,
            PRIMARY KEY (a, b, type)
        ) WITHOUT ROWID""",
        "CREATE INDEX relationships_b ON relationships(b, type, a)",
        """CREATE TABLE records (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            account TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            date TEXT,
            data TEXT NOT NULL,
            PRIMARY KEY (kind, id)
        )""",
        "CREATE INDEX records_account ON records(account, kind, date, id)",
    )


def _v2_on_team(conn: sqlite3.Connection) -> None:
    """Version 2: `on_team(member, account)`, derived from TeamMember.accounts and backfilled."""
    _run(
        conn,
        """CREATE TABLE on_team (
            member TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            account TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            PRIMARY KEY (member, account)
        ) WITHOUT ROWID""",
        "CREATE INDEX on_team_account ON on_team(account, member)",
        """INSERT OR IGNORE INTO on_team(member, account)
            SELECT n.id, j.value FROM nodes n, json_each(n.data, '$.accounts') j
            WHERE n.kind = 'team_member'
              AND EXISTS (SELECT 1 FROM nodes a WHERE a.id = j.value AND a.kind = 'account')""",
    )


def _v3_versions_and_cache(conn: sqlite3.Connection) -> None:
    """Version 3: account version tokens and the analysis cache.

    `store_version` holds one shared counter (bumped by writes every account sees: accounts,
    team members, third parties, competitors and the edges joining only them);
    `account_versions` one counter per account (bumped by writes to its people, departments,
    their edges and its records), a missing row counting as 0. An account's token is
    '<shared>.<own>' (sqlite_sql.TOKEN_OF). Both only grow, and roll back with the writes they
    count. `analysis_cache` keeps derived results under (key, account); its rows go with
    their account (foreign-key cascade) and are never user data.
    """
    _run(
        conn,
        """CREATE TABLE store_version (
            id INTEGER PRIMARY KEY CHECK (id = 0),
            version INTEGER NOT NULL
        )""",
        "INSERT INTO store_version(id, version) VALUES (0, 1)",
        """CREATE TABLE account_versions (
            account TEXT PRIMARY KEY REFERENCES nodes(id) ON DELETE CASCADE,
            version INTEGER NOT NULL
        ) WITHOUT ROWID""",
        """CREATE TABLE analysis_cache (
            key TEXT NOT NULL,
            account TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            version TEXT NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (key, account)
        ) WITHOUT ROWID""",
        "CREATE INDEX analysis_cache_account ON analysis_cache(account)",
    )


#: MIGRATIONS[i] takes a file from schema version i to i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_base_tables,
    _v2_on_team,
    _v3_versions_and_cache,
]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_state(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """(application_id, user_version, number of tables) of the open file."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    return int(app_id), int(version), int(tables)


def migrate(conn: sqlite3.Connection, start: int, target: int = SCHEMA_VERSION) -> None:
    """Run migrations `start`..`target`-1 and stamp the file; the caller holds a transaction."""
    for version in range(start, target):
        MIGRATIONS[version](conn)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {int(target)}")
