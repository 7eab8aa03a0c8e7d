"""The Neo4j store: the Store contract over Bolt with the official `neo4j` driver.

Every node is `(:Node:<Kind> {id, kind, account, data})`, where `data` is the model's JSON (so
reads return exactly what was written) and the other properties are what queries match on.
Relationships are `[:REL {key, type, a, b, data}]` running a -> b in key order (one generic
type, which Neo4j and ArcadeDB both accept and which keeps one statement per operation);
team places (TeamMember.accounts) are `[:MEMBER_OF]`; records are `(:Record {rkey, kind, id,
account, date, data})`. Every statement is a named file in `graphkam/cypher/`.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, LiteralString, TypeVar
from urllib.parse import unquote, urlsplit

import neo4j
from neo4j import exceptions as nx

from graphkam.documents import NODE_SECTIONS, RECORD_SECTIONS, AccountSubgraph
from graphkam.errors import (
    ConflictError,
    GraphkamError,
    InvalidInputError,
    NotFoundError,
    StoreUnavailableError,
)
from graphkam.model import (
    SYMMETRIC_TYPES,
    Node,
    NodeKind,
    Record,
    RecordKind,
    Relationship,
    RelType,
    TeamMember,
)
from graphkam.references import Deletion, Holder, references_to
from graphkam.settings import get_settings
from graphkam.stores import redact_url
from graphkam.stores import sqlite_sql as sq
from graphkam.stores.base import Store
from graphkam.stores.codec import dump_json, parse_node, parse_record, record_date
from graphkam.stores.cypher_loader import CypherQueries, load_queries
from graphkam.stores.sqlite import _SubgraphBatch
from graphkam.validation import NodeRef

__all__ = ["Neo4jStore", "BoltTarget", "parse_bolt_url", "close_drivers", "BATCH_ROWS"]

#: Rows sent per UNWIND statement.
BATCH_ROWS = 2_000
_IN_ACCOUNT = (NodeKind.STAKEHOLDER, NodeKind.DEPARTMENT)
_RECORD_KINDS = frozenset(k.value for k in RecordKind)
#: Record fields stored as properties of :Record (matched directly by holders_records).
_RECORD_PROPERTIES = frozenset({"account", "competitor"})
T = TypeVar("T")
Tx = neo4j.ManagedTransaction | neo4j.Transaction


@dataclasses.dataclass(frozen=True)
class BoltTarget:
    """Where and as whom to connect: driver URI, database, credentials, and the safe URL."""

    uri: str
    database: str
    user: str | None
    password: str | None
    shown: str


def parse_bolt_url(url: str) -> BoltTarget:
    """Split `bolt://user:pass@host:port/db`; credentials default to GRAPHKAM_NEO4J_USER /
    GRAPHKAM_NEO4J_PASSWORD, the database to `neo4j`."""
    parts = urlsplit(url)
    if not parts.hostname:
        raise InvalidInputError(f"store URL '{redact_url(url)}' names no host")
    try:
        port = parts.port
    except ValueError:
        raise InvalidInputError(f"store URL '{redact_url(url)}' has a bad port") from None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    uri = f"{parts.scheme}://{host}" + (f":{port}" if port else "")
    database = unquote(parts.path.strip("/")) or "neo4j"
    settings = get_settings()
    user = unquote(parts.username) if parts.username else settings.neo4j_user
    password = unquote(parts.password) if parts.password else settings.neo4j_password
    return BoltTarget(uri, database, user, password, redact_url(url))


_drivers: dict[tuple[str, str | None, str | None], neo4j.Driver] = {}
_drivers_lock = threading.Lock()
_schema_done: set[tuple[str, str]] = set()


def _driver(target: BoltTarget) -> neo4j.Driver:
    """The process's one driver for this server and user, connected once on first use.

    Server notifications are switched off where the server can filter them (Bolt 5.2+; Neo4j
    5); older Bolt servers such as ArcadeDB's refuse the filter, so they get a plain driver.
    """
    key = (target.uri, target.user, target.password)
    with _drivers_lock:
        driver = _drivers.get(key)
        if driver is None:
            try:
                driver = _connect(target, notifications_min_severity="OFF")
            except nx.ConfigurationError:
                driver = _connect(target)
            _drivers[key] = driver
        return driver


def _connect(target: BoltTarget, **config: Any) -> neo4j.Driver:
    """A driver that has reached the server once (so bad URLs and passwords fail here)."""
    auth = (target.user, target.password or "") if target.user else None
    try:
        driver = neo4j.GraphDatabase.driver(
            target.uri,
            auth=auth,
            connection_acquisition_timeout=20.0,
            connection_timeout=5.0,
            max_transaction_retry_time=10.0,
            **config,
        )
    except (ValueError, nx.ConfigurationError) as exc:
        raise InvalidInputError(f"bad Neo4j store URL '{target.shown}': {exc}") from None
    try:
        driver.verify_connectivity()
    except BaseException:
        driver.close()
        raise
    return driver


@atexit.register
def close_drivers() -> None:
    """Close every cached driver (at exit, or when a test wants fresh connections)."""
    with _drivers_lock:
        drivers = list(_drivers.values())
        _drivers.clear()
        _schema_done.clear()
    for driver in drivers:
        with contextlib.suppress(Exception):
            driver.close()


class Neo4jStore(Store):
    """A Store in one Neo4j (or other Bolt/Cypher) database; safe to share between threads.

    Outside `transaction()` each call is one managed transaction, retried on transient errors
    (so its work function may run more than once); inside, every call joins one explicit
    transaction that commits or rolls back as a whole.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.target = parse_bolt_url(url)
        self.q: CypherQueries = load_queries()
        self._local = threading.local()
        with self._mapped("connecting"):
            self._driver = _driver(self.target)
        self.init_schema()

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Nothing to release: the driver is shared by the process (see close_drivers)."""

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One explicit transaction for the whole block; nested blocks join the outer one."""
        if getattr(self._local, "tx", None) is not None:
            yield
            return
        with self._mapped("transaction"):
            session = self._driver.session(database=self.target.database)
            try:
                tx = session.begin_transaction()
                self._local.tx = tx
                try:
                    yield
                except BaseException:
                    self._local.tx = None
                    with contextlib.suppress(Exception):
                        tx.rollback()
                    raise
                self._local.tx = None
                tx.commit()
            finally:
                self._local.tx = None
                with contextlib.suppress(Exception):
                    session.close()

    def init_schema(self) -> None:
        """Create the constraints and indexes of schema.cypher if missing (idempotent; once
        per database and process)."""
        done = (self.target.uri, self.target.database)
        if done in _schema_done:
            return
        for statement in self.q.statements("schema"):
            self._schema(statement)
        _schema_done.add(done)

    def delete_everything(self) -> None:
        """Empty the database (used by the tests' fixtures, never by graphkam itself)."""
        self._write("delete_everything", lambda tx: _run(tx, self.q["delete_everything"]))

    # -- writes ----------------------------------------------------------------------------
    def upsert_nodes(self, nodes: Sequence[Node]) -> None:
        """Insert or replace nodes by id; ConflictError if an id changes kind or a referenced
        account is missing."""
        rows = [_node_row(n) for n in nodes]
        members = [n for n in nodes if isinstance(n, TeamMember)]
        refs = [r["account"] for r in rows if r["account"]]
        refs += [a for m in members for a in m.accounts]

        def work(tx: Tx) -> None:
            self._check_refs(tx, "upsert_nodes", refs, [(r["id"], r["kind"]) for r in rows])
            for kind in NodeKind:  # accounts first, so their people can refer to them
                of_kind = [r for r in rows if r["kind"] == kind.value]
                for chunk in _chunks(of_kind):
                    _run(tx, self.q[f"upsert_{kind.value}_nodes"], rows=chunk)
            if members:
                _run(tx, self.q["delete_team_places"], ids=[m.id for m in members])
                places = [{"member": m.id, "account": a} for m in members for a in m.accounts]
                for chunk in _chunks(places):
                    _run(tx, self.q["create_team_places"], rows=chunk)

        if rows:
            self._write("upsert_nodes", work)

    def upsert_relationships(self, rels: Sequence[Relationship]) -> None:
        """Insert or replace relationships by key; ConflictError if an endpoint is missing."""
        rows = []
        for rel in rels:
            type_, a, b = rel.key
            rows.append(
                {
                    "key": _rel_key(type_, a, b),
                    "type": type_,
                    "a": a,
                    "b": b,
                    "data": dump_json(rel),
                }
            )
        ends = [e for r in rows for e in (r["a"], r["b"])]

        def work(tx: Tx) -> None:
            self._check_refs(tx, "upsert_relationships", ends, [])
            for chunk in _chunks(rows):
                _run(tx, self.q["upsert_relationships"], rows=chunk)

        if rows:
            self._write("upsert_relationships", work)

    def upsert_records(self, records: Sequence[Record]) -> None:
        """Insert or replace records by (kind, id); each must carry its id and account."""
        rows = []
        for rec in records:
            kind = rec.record_kind.value
            if rec.id is None or rec.account is None:
                missing = "id" if rec.id is None else "account"
                raise InvalidInputError(f"{kind} record '{rec.id}' has no {missing}")
            rows.append(
                {
                    "rkey": _record_key(kind, rec.id),
                    "kind": kind,
                    "id": rec.id,
                    "account": rec.account,
                    "date": record_date(rec),
                    "competitor": getattr(rec, "competitor", None),
                    "data": dump_json(rec),
                }
            )

        def work(tx: Tx) -> None:
            self._check_refs(tx, "upsert_records", [r["account"] for r in rows], [])
            for chunk in _chunks(rows):
                _run(tx, self.q["upsert_records"], rows=chunk)

        if rows:
            self._write("upsert_records", work)

    def _holders(self, ids: set[str]) -> list[Holder]:
        """Nodes, relationships and records that may refer to one of `ids` (see the holders_*
        statements); which record lookups run follows REFERENCES: a same-account reference is
        looked for among its target's account's records, any other by the id in the JSON."""
        refs = self.node_refs(ids)
        kinds: set[str] = set()
        accounts: set[str] = set()
        naming: set[str] = set()
        needles: set[str] = set()
        for ident, (kind, account) in refs.items():
            for ref in references_to(kind):
                if ref.holder_name not in _RECORD_KINDS or ref.field in _RECORD_PROPERTIES:
                    continue
                if ref.same_account and account is not None:
                    kinds.add(ref.holder_name)
                    accounts.add(account)
                else:
                    naming.add(ref.holder_name)
                    needles.add(json.dumps(ident, ensure_ascii=False))
        wanted = sorted(ids)

        def work(tx: Tx) -> list[Holder]:
            out: list[Holder] = []
            nodes = _run(tx, self.q["holders_nodes"], ids=wanted)
            nodes += _run(tx, self.q["holders_team_places"], ids=wanted)
            out.extend(parse_node(NodeKind(kind), data) for kind, data in nodes)
            for (data,) in _run(tx, self.q["holders_relationships"], ids=wanted):
                out.append(Relationship.model_validate_json(data))
            rows = _run(
                tx,
                self.q["holders_records"],
                ids=wanted,
                kinds=sorted(kinds),
                accounts=sorted(accounts),
            )
            if needles:
                rows += _run(
                    tx,
                    self.q["holders_records_naming"],
                    kinds=sorted(naming),
                    needles=sorted(needles),
                )
            out.extend(parse_record(RecordKind(k), d) for k, d in rows)
            return out

        return self._read_work("delete_node", work)

    def _remove(self, plan: Deletion) -> None:
        rkeys = [_record_key(r.record_kind.value, str(r.id)) for r in plan.records]
        keys = [_rel_key(*r.key) for r in plan.relationships]
        ids = [n.id for n in plan.nodes]

        def work(tx: Tx) -> None:
            for chunk in _chunks(rkeys):
                _run(tx, self.q["delete_records"], rkeys=chunk)
            for chunk in _chunks(keys):
                _run(tx, self.q["delete_relationships"], keys=chunk)
            for chunk in _chunks(ids):
                _run(tx, self.q["delete_nodes"], ids=chunk)

        self._write("delete_node", work)

    def delete_relationship(self, type: RelType, from_id: str, to_id: str) -> None:
        """Delete one relationship (either direction for symmetric types)."""
        type = RelType(type)
        a, b = (to_id, from_id) if type in SYMMETRIC_TYPES and to_id < from_id else (from_id, to_id)
        key = _rel_key(type.value, a, b)
        rows = self._write(
            "delete_relationship", lambda tx: _run(tx, self.q["delete_relationship"], key=key)
        )
        if not rows or rows[0][0] == 0:
            raise NotFoundError("relationship", f"{type.value} {from_id} -> {to_id}")

    def delete_record(self, kind: RecordKind, id: str) -> None:
        kind = RecordKind(kind)
        rkey = _record_key(kind.value, id)
        rows = self._write("delete_record", lambda tx: _run(tx, self.q["delete_record"], rkey=rkey))
        if not rows or rows[0][0] == 0:
            raise NotFoundError(kind.value, id)

    # -- reads -----------------------------------------------------------------------------
    def get_node(self, kind: NodeKind, id: str) -> Node:
        kind = NodeKind(kind)
        rows = self._read("get_node", self.q["get_node"], id=id, kind=kind.value)
        if not rows:
            raise NotFoundError(kind.value, id)
        return parse_node(kind, rows[0][0])

    def node_refs(self, ids: Iterable[str]) -> Mapping[str, NodeRef]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        refs: dict[str, NodeRef] = {}
        for chunk in _chunks(wanted):
            for ident, kind, account in self._read("node_refs", self.q["kind_of_ids"], ids=chunk):
                nk = NodeKind(kind)
                refs[ident] = (nk, ident if nk is NodeKind.ACCOUNT else account)
        return refs

    def list_nodes(self, kind: NodeKind, account: str | None = None) -> list[Node]:
        """Nodes of a kind by id; with `account`: its people/departments, its team members,
        the third parties and competitors of its subgraph, or the account itself."""
        kind = NodeKind(kind)
        if account is None:
            rows = self._read("list_nodes", self.q["list_nodes"], kind=kind.value)
        elif kind in _IN_ACCOUNT:
            rows = self._read(
                "list_nodes", self.q["list_nodes_in_account"], account=account, kind=kind.value
            )
        elif kind is NodeKind.TEAM_MEMBER:
            pairs = self._read("list_nodes", self.q["team_of_accounts"], ids=[account])
            members = sorted({m for _, m in pairs})
            found = self._read("list_nodes", self.q["nodes_by_ids"], ids=members)
            rows = sorted((i, d) for i, k, d in found if k == kind.value)
        elif kind is NodeKind.ACCOUNT:
            rows = self._read("list_nodes", self.q["get_node"], id=account, kind=kind.value)
            return [parse_node(kind, r[0]) for r in rows]
        else:
            return list(getattr(self.account_subgraph(account), NODE_SECTIONS[kind]))
        return [parse_node(kind, r[1]) for r in _by_code_point(rows)]

    def list_relationships(
        self, account: str | None = None, type: RelType | None = None
    ) -> list[Relationship]:
        if account is not None:
            rels = self.account_subgraph(account).relationships
            return [r for r in rels if type is None or r.type == type]
        value = RelType(type).value if type is not None else None
        rows = self._read("list_relationships", self.q["list_relationships"], type=value)
        rows = sorted(rows, key=lambda r: (r[0], r[1], r[2]))
        return [Relationship.model_validate_json(r[3]) for r in rows]

    def get_record(self, kind: RecordKind, id: str) -> Record:
        kind = RecordKind(kind)
        rows = self._read("get_record", self.q["get_record"], rkey=_record_key(kind.value, id))
        if not rows:
            raise NotFoundError(kind.value, id)
        return parse_record(kind, rows[0][0])

    def list_records(self, kind: RecordKind, account: str | None = None) -> list[Record]:
        """Records of a kind by (date, id), undated ones last."""
        kind = RecordKind(kind)
        rows = self._read("list_records", self.q["list_records"], kind=kind.value, account=account)
        rows = sorted(rows, key=lambda r: (r[1] is None, r[1] or "", r[0]))
        return [parse_record(kind, r[2]) for r in rows]

    def _account_ids(self) -> list[str]:
        return sorted(r[0] for r in self._read("iter_subgraphs", self.q["account_ids"]))

    def counts(self) -> dict[str, int]:
        """Rows held by account-map section, every section listed (zero when empty)."""

        def work(tx: Tx) -> tuple[dict[str, int], int, dict[str, int]]:
            nodes = {k: int(n) for k, n in _run(tx, self.q["count_nodes"])}
            rels = int(_run(tx, self.q["count_relationships"])[0][0])
            recs = {k: int(n) for k, n in _run(tx, self.q["count_records"])}
            return nodes, rels, recs

        nodes, rels, recs = self._read_work("counts", work)
        out = {section: nodes.get(kind.value, 0) for kind, section in NODE_SECTIONS.items()}
        out["relationships"] = rels
        out.update({s: recs.get(k.value, 0) for k, s in RECORD_SECTIONS.items()})
        return out

    # -- subgraphs -------------------------------------------------------------------------
    def _subgraphs(self, account_ids: list[str]) -> list[AccountSubgraph]:
        """The subgraphs of `account_ids`, assembled by the same rules as the SQLite store."""

        def work(tx: Tx) -> list[AccountSubgraph]:
            runner: Any = _SubgraphQueries(tx, self.q)
            return _SubgraphBatch(runner, account_ids).build()

        return self._read_work("account_subgraph", work)

    # -- plumbing --------------------------------------------------------------------------
    def _write(self, what: str, work: Callable[[Tx], T]) -> T:
        """Run `work` in the open transaction, else in a managed (retried) write transaction."""
        tx = getattr(self._local, "tx", None)
        with self._mapped(what):
            if tx is not None:
                return work(tx)
            with self._driver.session(database=self.target.database) as session:
                return session.execute_write(work)

    def _read_work(self, what: str, work: Callable[[Tx], T]) -> T:
        """Run `work` in the open transaction (seeing its writes), else a managed read."""
        tx = getattr(self._local, "tx", None)
        with self._mapped(what):
            if tx is not None:
                return work(tx)
            with self._driver.session(database=self.target.database) as session:
                return session.execute_read(work)

    def _read(self, what: str, query: LiteralString, **params: Any) -> list[tuple[Any, ...]]:
        return self._read_work(what, lambda tx: _run(tx, query, **params))

    def _schema(self, statement: LiteralString) -> None:
        """Run one schema statement in its own auto-commit transaction (Neo4j requires it)."""
        with self._mapped("init_schema"):
            with self._driver.session(database=self.target.database) as session:
                session.run(statement).consume()

    def _check_refs(
        self, tx: Tx, what: str, referenced: list[str], written: list[tuple[str, str]]
    ) -> None:
        """ConflictError naming referenced ids that do not exist, or written ids whose stored
        kind differs (what SQLite's foreign keys and kind trigger refuse)."""
        batch_kinds = dict(written)
        wanted = sorted((set(referenced) - set(batch_kinds)) | set(batch_kinds))
        stored: dict[str, str] = {}
        for chunk in _chunks(wanted):
            stored.update((i, k) for i, k, _ in _run(tx, self.q["kind_of_ids"], ids=chunk))
        missing = sorted({r for r in referenced if r not in stored and r not in batch_kinds})
        if missing:
            names = ", ".join(f"'{m}'" for m in missing[:10])
            raise ConflictError(f"{what}: these referenced nodes do not exist: {names}")
        clash = sorted(i for i, kind in written if stored.get(i, kind) != kind)
        if clash:
            names = ", ".join(f"'{c}' (a {stored[c]})" for c in clash[:10])
            raise ConflictError(f"{what}: these ids are already used by another kind: {names}")

    @contextlib.contextmanager
    def _mapped(self, what: str) -> Iterator[None]:
        """Turn driver errors into graphkam errors that name the URL (never the password)."""
        where = f"Neo4j store {self.target.shown}"
        try:
            yield
        except GraphkamError:
            raise
        except nx.AuthError:
            raise StoreUnavailableError(
                f"{where} refused the user name or password "
                "(set them in the URL or GRAPHKAM_NEO4J_USER/_PASSWORD)"
            ) from None
        except (nx.ServiceUnavailable, nx.SessionExpired) as exc:
            raise StoreUnavailableError(f"{where} is unreachable ({what}): {_short(exc)}") from None
        except nx.TransientError as exc:
            raise StoreUnavailableError(f"{where} is busy ({what}); retry: {_short(exc)}") from None
        except nx.ConstraintError as exc:
            raise ConflictError(f"{what}: the write clashes with {where}: {_short(exc)}") from None
        except nx.ClientError as exc:
            if exc.code and "DatabaseNotFound" in exc.code:
                raise InvalidInputError(
                    f"{where} has no database '{self.target.database}'"
                ) from None
            raise GraphkamError(f"{what} failed in {where}: {_short(exc)}") from None
        except (nx.Neo4jError, nx.DriverError, OSError) as exc:
            raise StoreUnavailableError(f"{where} failed ({what}): {_short(exc)}") from None


class _SubgraphQueries:
    """Runs the SQLite store's subgraph statements as their Cypher twins, so both stores build
    subgraphs with one piece of code (`_SubgraphBatch`) and give identical answers."""

    _NAMES = {
        sq.SG_ACCOUNTS: "subgraph_accounts",
        sq.SG_MEMBERS: "subgraph_members",
        sq.SG_TEAM: "subgraph_team",
        sq.SG_KNOWS: "subgraph_knows",
        sq.SG_COMPETITOR_RELS: "subgraph_competitor_rels",
        sq.SG_RECORDS: "subgraph_records",
        sq.SG_EDGES: "subgraph_edges",
        sq.NODES_BY_IDS: "nodes_by_ids",
    }

    def __init__(self, tx: Tx, queries: CypherQueries) -> None:
        self.tx = tx
        self.q = queries

    def execute(self, sql: str, args: tuple[str, ...]) -> _Rows:
        name = self._NAMES[sql]
        params: dict[str, Any] = {"ids": json.loads(args[0])}
        if len(args) > 1:
            params["accounts"] = json.loads(args[1])
        rows = _run(self.tx, self.q[name], **params)
        if name == "subgraph_edges":
            rows = sorted(set(rows), key=lambda r: (r[0], r[1], r[2]))
        elif name == "subgraph_members":
            rows = sorted(rows, key=lambda r: r[2])
        return _Rows(rows)


class _Rows(list[tuple[Any, ...]]):
    """Query rows with the one cursor method _SubgraphBatch calls."""

    def fetchall(self) -> list[tuple[Any, ...]]:
        return list(self)


def _run(tx: Tx, query: LiteralString, **params: Any) -> list[tuple[Any, ...]]:
    """Run one statement and read all its rows (inside the transaction function)."""
    return [tuple(record.values()) for record in tx.run(query, params)]


def _chunks(rows: Sequence[T]) -> Iterator[list[T]]:
    for start in range(0, len(rows), BATCH_ROWS):
        yield list(rows[start : start + BATCH_ROWS])


def _node_row(node: Node) -> dict[str, Any]:
    kind = node.node_kind
    return {
        "id": node.id,
        "kind": kind.value,
        "account": node.account if kind in _IN_ACCOUNT else None,
        "name": node.name,
        "parent": getattr(node, "parent", None),
        "department": getattr(node, "department", None),
        "coach": getattr(node, "coach", None),
        "data": dump_json(node),
    }


def _rel_key(type_: str, a: str, b: str) -> str:
    """One string for Relationship.key (JSON, so no id can forge another key)."""
    return json.dumps([type_, a, b], ensure_ascii=False)


def _record_key(kind: str, id: str) -> str:
    return json.dumps([kind, id], ensure_ascii=False)


def _by_code_point(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows sorted by their first column in code-point order (as SQLite and Python sort)."""
    return sorted(rows, key=lambda r: r[0])


def _short(exc: BaseException) -> str:
    """A driver error's message on one line (its args: the GQL fields warn on access)."""
    text = str(exc.args[0]) if exc.args else type(exc).__name__
    if isinstance(exc, nx.Neo4jError) and exc.code:
        text = f"{exc.code}: {text}"
    return " ".join(text.split())[:300] or type(exc).__name__
