"""The embedded SQLite store: one file (or `:memory:`), ACID, WAL, one connection per thread.

Nodes, relationships and records are rows holding the model's JSON in `data`, with the columns
the queries need (kind, account, endpoints, date) beside it. See sqlite_schema.py for the tables
and sqlite_sql.py for the statements.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from graphkam.documents import NODE_SECTIONS, RECORD_SECTIONS, AccountSubgraph
from graphkam.errors import (
    ConflictError,
    GraphkamError,
    InvalidInputError,
    NotFoundError,
    StoreUnavailableError,
)
from graphkam.filenames import create_private_file
from graphkam.model import (
    SYMMETRIC_TYPES,
    Node,
    NodeKind,
    Record,
    RecordKind,
    Relationship,
    RelType,
)
from graphkam.references import Deletion, Holder
from graphkam.stores import sqlite_sql as q
from graphkam.stores.base import CachedResult, Store
from graphkam.stores.codec import parse_node, parse_record
from graphkam.stores.sqlite_reads import SqliteSubgraphs
from graphkam.stores.sqlite_rows import NodeRows, RecordRow, RelRow, node_rows, record_row, rel_row
from graphkam.stores.sqlite_schema import (
    APPLICATION_ID,
    KIND_CLASH,
    SCHEMA_VERSION,
    migrate,
    schema_state,
)
from graphkam.stores.subgraph import build_subgraphs
from graphkam.validation import NodeRef

__all__ = ["SqliteStore", "BUSY_TIMEOUT_MS", "parse_sqlite_url"]

#: How long a writer waits for another writer's lock before StoreUnavailableError.
BUSY_TIMEOUT_MS = 5_000
_MEMORY = ":memory:"
_IN_ACCOUNT = (NodeKind.STAKEHOLDER, NodeKind.DEPARTMENT)
_GROUP_TYPES = (RelType.SUBSIDIARY_OF.value, RelType.PARTNERS_WITH.value)


def parse_sqlite_url(url: str) -> str:
    """The file path of `sqlite:///PATH` (or a bare path); ':memory:' for an in-memory store."""
    for prefix in ("sqlite:///", "sqlite://"):
        if url.startswith(prefix):
            return url[len(prefix) :] or _MEMORY
    return url


class SqliteStore(Store):
    """A Store in one SQLite file; safe to share between threads (one connection each)."""

    def __init__(self, url: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.url = url
        self.busy_timeout_ms = int(busy_timeout_ms)
        self.path = parse_sqlite_url(url)
        self._memory = self.path == _MEMORY
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._conns_lock = threading.Lock()
        self._closed = False
        #: In memory every thread shares one connection, so whole transactions take this lock.
        self._lock: contextlib.AbstractContextManager[Any] = (
            threading.RLock() if self._memory else contextlib.nullcontext()
        )
        self._shared: sqlite3.Connection | None = None
        if not self._memory:
            self._check_path()
        try:
            self.init_schema()
        except BaseException:
            self.close()
            raise

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Close every thread's connection. Idempotent."""
        with self._conns_lock:
            self._closed = True
            conns, self._conns = self._conns, []
        for conn in conns:
            with contextlib.suppress(sqlite3.Error):
                conn.close()

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """All writes in the block land or none do; the outermost block takes the write lock
        at once (BEGIN IMMEDIATE), so a read-compare-write inside it is safe; nested blocks are
        savepoints."""
        return self._public_tx()

    @contextlib.contextmanager
    def _public_tx(self) -> Iterator[None]:
        with self._tx("transaction"):
            yield

    def scrub(self) -> None:
        """Leave no bytes of deleted or overwritten data in the files: checkpoint the WAL into
        the database, VACUUM it (a rebuild without free pages), and truncate the WAL. Call it
        outside any transaction (an erasure does); a no-op in memory."""
        if self._memory:
            return
        with self._guard("scrubbing the store"):
            conn = self._conn()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def init_schema(self) -> None:
        """Create the tables on a new file, upgrade an older one; refuse a foreign file."""
        with self._tx("opening the store"):
            app_id, version, tables = schema_state(self._conn())
            if app_id == 0 and version == 0 and tables == 0:
                migrate(self._conn(), 0)
            elif app_id != APPLICATION_ID:
                raise InvalidInputError(
                    f"'{self.path}' is a SQLite database but not a graphkam store"
                )
            elif version > SCHEMA_VERSION:
                raise InvalidInputError(
                    f"'{self.path}' has schema version {version}, newer than this graphkam "
                    f"supports ({SCHEMA_VERSION}): upgrade graphkam"
                )
            elif version < SCHEMA_VERSION:
                migrate(self._conn(), version)

    @property
    def schema_version(self) -> int:
        """The schema version of the open file."""
        with self._read("reading the schema version") as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    # -- writes ----------------------------------------------------------------------------
    def upsert_nodes(self, nodes: Sequence[Node]) -> None:
        """Insert or replace nodes by id (accounts first, so their people can refer to them)."""
        batch = node_rows(nodes)
        rows = batch.rows
        with self._tx("upsert_nodes") as conn:
            _bump(
                conn,
                accounts=[r[2] for r in rows if r[2]],
                nodes=[r[0] for r in rows if r[2]],
                shared=batch.shared,
            )
            try:
                conn.executemany(q.UPSERT_NODE, rows)
                if batch.members:
                    conn.executemany(q.DELETE_ON_TEAM, [(m,) for m in batch.members])
                    conn.executemany(q.INSERT_ON_TEAM, batch.on_team)
            except sqlite3.IntegrityError as exc:
                refs = [r[2] for r in rows if r[2]] + [a for _, a in batch.on_team]
                raise self._conflict(conn, "upsert_nodes", refs, [r[:2] for r in rows]) from exc

    def upsert_relationships(self, rels: Sequence[Relationship]) -> None:
        """Insert or replace relationships by key; symmetric ones are stored as (type, min, max)."""
        rows = [rel_row(rel) for rel in rels]
        with self._tx("upsert_relationships") as conn:
            _bump(conn, nodes=[e for r in rows for e in r[:2]], edges=[r[:2] for r in rows])
            try:
                conn.executemany(q.UPSERT_RELATIONSHIP, rows)
            except sqlite3.IntegrityError as exc:
                ends = [e for r in rows for e in r[:2]]
                raise self._conflict(conn, "upsert_relationships", ends, []) from exc

    def upsert_records(self, records: Sequence[Record]) -> None:
        """Insert or replace records by (kind, id); each must carry its id and account."""
        rows = [record_row(rec) for rec in records]
        with self._tx("upsert_records") as conn:
            _bump(conn, accounts=[r[2] for r in rows], records=[r[:2] for r in rows])
            try:
                conn.executemany(q.UPSERT_RECORD, rows)
            except sqlite3.IntegrityError as exc:
                accounts = [r[2] for r in rows]
                raise self._conflict(conn, "upsert_records", accounts, []) from exc

    def insert_rows(
        self,
        nodes: NodeRows | None = None,
        rels: Sequence[RelRow] = (),
        records: Sequence[RecordRow] = (),
    ) -> None:
        """Insert rows that must all be new (sqlite_rows.py builds them): plain INSERTs, so a
        row that exists already is never replaced but raises ConflictError naming it. The bulk
        import's write; versions are bumped as by the upserts."""
        with self._tx("insert_rows") as conn:
            try:
                if nodes is not None and nodes.rows:
                    rows = nodes.rows
                    _bump(
                        conn,
                        accounts=[r[2] for r in rows if r[2]],
                        nodes=[r[0] for r in rows if r[2]],
                        shared=nodes.shared,
                    )
                    conn.executemany(q.INSERT_NODE, rows)
                    conn.executemany(q.INSERT_ON_TEAM, nodes.on_team)
                if rels:
                    _bump(conn, nodes=[e for r in rels for e in r[:2]], edges=[r[:2] for r in rels])
                    conn.executemany(q.INSERT_RELATIONSHIP, rels)
                if records:
                    _bump(conn, accounts=sorted({r[2] for r in records}))
                    conn.executemany(q.INSERT_RECORD, records)
            except sqlite3.IntegrityError as exc:
                raise ConflictError(f"insert_rows: {exc}: the rows exist already") from exc

    def node_names(self, ids: Iterable[str]) -> dict[str, str]:
        """The name of each of `ids` that is a stored node (for reports)."""
        with self._read("node_names") as conn:
            rows = conn.execute(
                "SELECT id, name FROM nodes WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(list(ids)),),
            ).fetchall()
        return {i: n for i, n in rows}

    def is_empty(self) -> bool:
        """Whether the store holds no node (so nothing either: every row hangs on a node)."""
        with self._read("is_empty") as conn:
            return conn.execute("SELECT NOT EXISTS (SELECT 1 FROM nodes)").fetchone()[0] == 1

    def _holders(self, ids: set[str]) -> list[Holder]:
        """Every node, relationship and record naming one of `ids` in a REFERENCES field
        (statements built from the table in sqlite_sql.py)."""
        arg = (json.dumps(sorted(ids)),)
        out: list[Holder] = []
        with self._read("delete_node") as conn:
            for kind, data in conn.execute(q.NODES_REFERENCING, arg):
                out.append(parse_node(NodeKind(kind), data))
            for (data,) in conn.execute(q.RELATIONSHIPS_TOUCHING, arg):
                out.append(Relationship.model_validate_json(data))
            for kind, data in conn.execute(q.RECORDS_REFERENCING, arg):
                out.append(parse_record(RecordKind(kind), data))
        return out

    def _remove(self, plan: Deletion) -> None:
        with self._tx("delete_node") as conn:
            ends = [(r.from_id, r.to_id) for r in plan.relationships]
            _bump(
                conn,
                accounts=[r.account for r in plan.records if r.account],
                nodes=[n.id for n in plan.nodes] + [e for pair in ends for e in pair],
                shared=any(n.node_kind not in _IN_ACCOUNT for n in plan.nodes),
                edges=ends,
            )
            conn.executemany(
                "DELETE FROM records WHERE kind = ? AND id = ?",
                [(r.record_kind.value, r.id) for r in plan.records],
            )
            conn.executemany(
                "DELETE FROM relationships WHERE type = ? AND a = ? AND b = ?",
                [r.key for r in plan.relationships],
            )
            # people before their account, though foreign keys would cascade either way
            order = sorted(plan.nodes, key=lambda n: n.node_kind is NodeKind.ACCOUNT)
            conn.executemany("DELETE FROM nodes WHERE id = ?", [(n.id,) for n in order])

    def delete_relationship(self, type: RelType, from_id: str, to_id: str) -> None:
        """Delete one relationship (either direction for symmetric types)."""
        type = RelType(type)
        a, b = (to_id, from_id) if type in SYMMETRIC_TYPES and to_id < from_id else (from_id, to_id)
        with self._tx("delete_relationship") as conn:
            _bump(conn, nodes=[a, b], edges=[(a, b)])
            cur = conn.execute(
                "DELETE FROM relationships WHERE type = ? AND a = ? AND b = ?", (type.value, a, b)
            )
            if cur.rowcount == 0:
                raise NotFoundError("relationship", f"{type.value} {from_id} -> {to_id}")

    def delete_record(self, kind: RecordKind, id: str) -> None:
        kind = RecordKind(kind)
        with self._tx("delete_record") as conn:
            _bump(conn, records=[(kind.value, id)])
            cur = conn.execute("DELETE FROM records WHERE kind = ? AND id = ?", (kind.value, id))
            if cur.rowcount == 0:
                raise NotFoundError(kind.value, id)

    # -- reads -----------------------------------------------------------------------------
    def get_node(self, kind: NodeKind, id: str) -> Node:
        kind = NodeKind(kind)
        with self._read("get_node") as conn:
            row = conn.execute(
                "SELECT data FROM nodes WHERE id = ? AND kind = ?", (id, kind.value)
            ).fetchone()
        if row is None:
            raise NotFoundError(kind.value, id)
        return parse_node(kind, row[0])

    def node_refs(self, ids: Iterable[str]) -> Mapping[str, NodeRef]:
        with self._read("node_refs") as conn:
            rows = conn.execute(
                "SELECT id, kind, account FROM nodes WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(list(ids)),),
            ).fetchall()
        refs: dict[str, NodeRef] = {}
        for ident, kind, account in rows:
            nk = NodeKind(kind)
            refs[ident] = (nk, ident if nk is NodeKind.ACCOUNT else account)
        return refs

    def list_nodes(self, kind: NodeKind, account: str | None = None) -> list[Node]:
        """Nodes of a kind by id; with `account`: its people/departments, its on_team members,
        the third parties and competitors of its subgraph, or the account itself."""
        kind = NodeKind(kind)
        if account is None:
            sql, args = "SELECT data FROM nodes WHERE kind = ? ORDER BY id", (kind.value,)
        elif kind in _IN_ACCOUNT:
            sql = "SELECT data FROM nodes WHERE account = ? AND kind = ? ORDER BY id"
            args = (account, kind.value)
        elif kind is NodeKind.TEAM_MEMBER:
            sql = (
                f"SELECT data FROM nodes WHERE kind = ? AND id IN "
                f"(SELECT member FROM ({q.TEAM_OF_ACCOUNT.replace('?1', '?2')})) ORDER BY id"
            )
            args = (kind.value, json.dumps([account]))
        elif kind is NodeKind.ACCOUNT:
            sql, args = "SELECT data FROM nodes WHERE kind = ? AND id = ?", (kind.value, account)
        else:
            section = NODE_SECTIONS[kind]
            return list(getattr(self.account_subgraph(account), section))
        with self._read("list_nodes") as conn:
            rows = conn.execute(sql, args).fetchall()
        return [parse_node(kind, r[0]) for r in rows]

    def list_relationships(
        self, account: str | None = None, type: RelType | None = None
    ) -> list[Relationship]:
        if account is not None:
            rels = self.account_subgraph(account).relationships
            return [r for r in rels if type is None or r.type == type]
        sql, args = "SELECT data FROM relationships", ()
        if type is not None:
            type = RelType(type)
            sql, args = sql + " WHERE type = ?", (type.value,)
        with self._read("list_relationships") as conn:
            rows = conn.execute(sql + " ORDER BY type, a, b", args).fetchall()
        return [Relationship.model_validate_json(r[0]) for r in rows]

    def relationships_by_keys(
        self, keys: Iterable[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], Relationship]:
        """The stored relationships among `keys` (Relationship.key: type, from, to), by key:
        one indexed query, for the audit proxy's before-states."""
        arg = json.dumps([[a, b, t] for t, a, b in keys])
        with self._read("relationships_by_keys") as conn:
            rows = conn.execute(q.RELATIONSHIPS_BY_KEYS, (arg,)).fetchall()
        return {(t, a, b): Relationship.model_validate_json(d) for t, a, b, d in rows}

    def get_record(self, kind: RecordKind, id: str) -> Record:
        kind = RecordKind(kind)
        with self._read("get_record") as conn:
            row = conn.execute(
                "SELECT data FROM records WHERE kind = ? AND id = ?", (kind.value, id)
            ).fetchone()
        if row is None:
            raise NotFoundError(kind.value, id)
        return parse_record(kind, row[0])

    def list_records(self, kind: RecordKind, account: str | None = None) -> list[Record]:
        """Records of a kind by (date, id), undated ones last."""
        kind = RecordKind(kind)
        sql, args = "SELECT data FROM records WHERE kind = ?", (kind.value,)
        if account is not None:
            sql, args = sql + " AND account = ?", (kind.value, account)
        with self._read("list_records") as conn:
            rows = conn.execute(f"{sql} ORDER BY {q.RECORD_ORDER}", args).fetchall()
        return [parse_record(kind, r[0]) for r in rows]

    def _account_ids(self) -> list[str]:
        with self._read("iter_subgraphs") as conn:
            rows = conn.execute("SELECT id FROM nodes WHERE kind = 'account' ORDER BY id")
            return [r[0] for r in rows]

    def counts(self) -> dict[str, int]:
        """Rows held by account-map section, every section listed (zero when empty)."""
        with self._read("counts") as conn:
            nodes = dict(conn.execute("SELECT kind, count(*) FROM nodes GROUP BY kind").fetchall())
            rels = conn.execute("SELECT count(*) FROM relationships").fetchone()[0]
            recs = dict(conn.execute("SELECT kind, count(*) FROM records GROUP BY kind").fetchall())
        out = {section: int(nodes.get(kind.value, 0)) for kind, section in NODE_SECTIONS.items()}
        out["relationships"] = int(rels)
        out.update({s: int(recs.get(k.value, 0)) for k, s in RECORD_SECTIONS.items()})
        return out

    # -- versions and the analysis cache ----------------------------------------------------
    def account_versions(self, account_ids: Sequence[str] | None = None) -> dict[str, str]:
        """'<shared>.<own>' per account (see sqlite_schema._v3_versions_and_cache)."""
        with self._read("account_versions") as conn:
            if account_ids is None:
                rows = conn.execute(q.ALL_TOKENS).fetchall()
            else:
                rows = conn.execute(q.TOKENS, (json.dumps(list(account_ids)),)).fetchall()
        return {a: str(t) for a, t in rows}

    def read_cache(self, key: str, account_ids: Sequence[str]) -> dict[str, CachedResult]:
        """The fresh results under `key`: the version is compared with the token in SQL."""
        with self._read("read_cache") as conn:
            rows = conn.execute(q.READ_CACHE, (key, json.dumps(list(account_ids)))).fetchall()
        return {a: CachedResult(a, v, p) for a, v, p in rows}

    def write_cache(self, key: str, results: Sequence[CachedResult]) -> None:
        """Keep the results whose version is still current (others could never be read back)."""
        rows = [(key, r.account, r.version, r.payload) for r in results]
        with self._tx("write_cache") as conn:
            conn.executemany(q.WRITE_CACHE, rows)

    def clear_cache(self) -> None:
        with self._tx("clear_cache") as conn:
            conn.execute("DELETE FROM analysis_cache")

    # -- subgraphs -------------------------------------------------------------------------
    def _subgraphs(self, account_ids: list[str]) -> list[AccountSubgraph]:
        """The subgraphs of `account_ids` (in that order) from one set of batch queries."""
        with self._read("account_subgraph") as conn:
            return build_subgraphs(SqliteSubgraphs(conn), account_ids)

    # -- plumbing --------------------------------------------------------------------------
    def _check_path(self) -> None:
        path = Path(self.path)
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise InvalidInputError(
                f"cannot open SQLite store '{self.path}': directory '{parent}' does not exist"
            )
        if path.is_dir():
            raise InvalidInputError(
                f"cannot open SQLite store '{self.path}': it is a directory, not a file"
            )
        create_private_file(path)  # 0600: the store holds personal data

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path,
            isolation_level=None,
            check_same_thread=False,
            timeout=self.busy_timeout_ms / 1000,
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA secure_delete = ON")  # freed pages are zeroed (erasure)
            if not self._memory:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            conn.close()
            raise
        return conn

    def _conn(self) -> sqlite3.Connection:
        """This thread's connection (the shared one in memory), opened on first use."""
        if self._closed:
            raise StoreUnavailableError(f"the SQLite store '{self.path}' is closed")
        if self._memory:
            if self._shared is None:
                self._shared = self._connect()
                with self._conns_lock:
                    self._conns.append(self._shared)
            return self._shared
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._conns_lock:
                self._conns.append(conn)
        return conn

    @contextlib.contextmanager
    def _guard(self, what: str) -> Iterator[None]:
        """Hold the in-memory lock and turn sqlite3 errors into graphkam errors."""
        with self._lock:
            try:
                yield
            except sqlite3.Error as exc:
                raise self._mapped(exc, what) from exc

    @contextlib.contextmanager
    def _tx(self, what: str) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE), or a savepoint inside one."""
        with self._guard(what):
            conn = self._conn()
            depth: int = getattr(self._local, "depth", 0)
            if depth == 0:
                conn.execute("BEGIN IMMEDIATE")
            else:
                conn.execute(f"SAVEPOINT gk{depth}")
            self._local.depth = depth + 1
            try:
                yield conn
            except BaseException:
                self._local.depth = depth
                _rollback(conn, depth)
                raise
            self._local.depth = depth
            try:
                conn.execute("COMMIT" if depth == 0 else f"RELEASE gk{depth}")
            except BaseException:
                _rollback(conn, depth)
                raise

    @contextlib.contextmanager
    def _read(self, what: str) -> Iterator[sqlite3.Connection]:
        """A read snapshot (deferred BEGIN) unless already inside a transaction."""
        with self._guard(what):
            conn = self._conn()
            if getattr(self._local, "depth", 0) or conn.in_transaction:
                yield conn
                return
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")

    def _mapped(self, exc: sqlite3.Error, what: str) -> GraphkamError:
        """The graphkam error for a sqlite3 error raised while doing `what`."""
        msg = str(exc)
        where = f"SQLite store '{self.path}'"
        if isinstance(exc, sqlite3.IntegrityError):
            if KIND_CLASH in msg:
                return ConflictError(f"{what}: a node id is already used by another kind")
            return ConflictError(f"{what}: {msg} in {where}")
        low = msg.lower()
        if "locked" in low or "busy" in low:
            return StoreUnavailableError(f"{where} is locked by another writer ({what}); retry")
        if "not a database" in low or "malformed" in low:
            return InvalidInputError(f"'{self.path}' is not a SQLite database ({msg})")
        if "unable to open" in low or "readonly" in low or "read-only" in low:
            return InvalidInputError(f"cannot open {where} for {what}: {msg}")
        return GraphkamError(f"{what} failed in {where}: {msg}")

    def _conflict(
        self,
        conn: sqlite3.Connection,
        what: str,
        referenced: list[str],
        written: list[tuple[str, str]],
    ) -> ConflictError:
        """A ConflictError naming the missing referenced ids or the ids that change kind."""
        missing = [r[0] for r in conn.execute(q.MISSING_IDS, (json.dumps(referenced),))]
        if missing:
            names = ", ".join(f"'{m}'" for m in sorted(set(missing))[:10])
            return ConflictError(f"{what}: these referenced nodes do not exist: {names}")
        stored = dict(conn.execute(q.KIND_OF_IDS, (json.dumps([w[0] for w in written]),)))
        clash = sorted({i for i, kind in written if stored.get(i, kind) != kind})
        if clash:
            names = ", ".join(f"'{c}' (a {stored[c]})" for c in clash[:10])
            return ConflictError(f"{what}: these ids are already used by another kind: {names}")
        return ConflictError(f"{what}: the write clashes with the stored rows")


def _bump(
    conn: sqlite3.Connection,
    accounts: Sequence[str] = (),
    nodes: Sequence[str] = (),
    records: Sequence[tuple[str, str]] = (),
    shared: bool = False,
    edges: Sequence[tuple[str, str]] = (),
) -> None:
    """Count one write batch in the version tokens (the rule of Store.account_versions), in
    at most two statements whatever the batch's size: the accounts named, holding a person or
    department of `nodes` or a record of `records` (as stored before the write); every account
    when `shared` or when an edge of `edges` joins no person or department."""
    if accounts or nodes or records:
        args = (json.dumps(list(accounts)), json.dumps(list(nodes)), json.dumps(list(records)))
        conn.execute(q.BUMP_ACCOUNTS, args)
    if shared:
        conn.execute(q.BUMP_SHARED, (1,))
    elif edges:
        conn.execute(q.BUMP_SHARED_FOR_EDGES, (json.dumps(list(edges)),))


def _rollback(conn: sqlite3.Connection, depth: int) -> None:
    """Undo the transaction (depth 0) or the savepoint gk<depth>; SQLite may have already."""
    with contextlib.suppress(sqlite3.Error):
        if depth == 0:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        else:
            conn.execute(f"ROLLBACK TO gk{depth}")
            conn.execute(f"RELEASE gk{depth}")
