"""The Neo4j store's connection, transactions and bookkeeping: what every Neo4jStore call runs
on (graphkam/stores/neo4j.py holds the model's reads and writes).

Outside `transaction()` each call is one managed transaction, retried on transient errors (so
its work function may run more than once); inside, every call joins one explicit transaction
that commits or rolls back as a whole. Account versions and the analysis cache
(graphkam/stores/neo4j_versions.py) are served here, and `_bump` is how every write raises them.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, LiteralString, TypeVar

from graphkam.errors import ConflictError
from graphkam.stores import neo4j_graph as g
from graphkam.stores.base import CachedResult, Store
from graphkam.stores.cypher_loader import CypherQueries, load_queries
from graphkam.stores.neo4j_bolt import driver_for, mapped_errors, parse_bolt_url, schema_done
from graphkam.stores.neo4j_reads import Tx, run
from graphkam.stores.neo4j_versions import (
    OWN_KINDS,
    VersionBumps,
    read_cached,
    read_versions,
    write_cached,
)
from graphkam.validation import NodeRef

__all__ = ["Neo4jBase", "BATCH_ROWS", "chunks"]

#: Rows sent per UNWIND statement.
BATCH_ROWS = 5_000
T = TypeVar("T")


class Neo4jBase(Store):
    """A connection to one Neo4j (or other Bolt/Cypher) database; safe to share between
    threads. Opening a database in an older layout raises InvalidInputError naming
    `graphkam init-store`, unless `upgrade` is set."""

    def __init__(self, url: str, upgrade: bool = False) -> None:
        self.url = url
        self.target = parse_bolt_url(url)
        self.q: CypherQueries = load_queries()
        self._local = threading.local()
        #: The layout version this open upgraded from (None when none was needed).
        self.upgraded_from: int | None = None
        with mapped_errors(self.target, "connecting"):
            self._driver = driver_for(self.target)
            agent = self._driver.get_server_info().agent or ""
        #: Stance display labels need a server that relabels nodes in place: Neo4j does;
        #: ArcadeDB (agent "Neo4j/5.26.0 compatible (ArcadeDB ...)") re-creates a relabelled
        #: vertex, which its unique index then refuses.
        self.display_labels = agent.startswith("Neo4j/") and "compatible" not in agent
        self._upgrade = upgrade
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
        with mapped_errors(self.target, "transaction"):
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
        """Create the constraints of schema.cypher if missing and check the layout version
        (once per database and process); upgrade an older layout if opened with `upgrade`."""
        done = (self.target.uri, self.target.database)
        if done in schema_done and not self._upgrade:
            return
        for statement in self.q.statements("schema"):
            with mapped_errors(self.target, "init_schema"):
                with self._driver.session(database=self.target.database) as session:
                    session.run(statement).consume()
        from graphkam.stores.neo4j_migrate import check_layout

        found = check_layout(self, upgrade=self._upgrade)
        if found is not None:
            self.upgraded_from = found
        schema_done.add(done)

    @property
    def schema_version(self) -> int:
        """The layout version recorded in the database."""
        rows = self._read("schema_version", self.q["schema_version"])
        return int(rows[0][0]) if rows else g.LAYOUT_VERSION

    def delete_everything(self) -> None:
        """Empty the database (used by the tests' fixtures, never by graphkam itself)."""
        self._write("delete_everything", lambda tx: run(tx, self.q["delete_everything"]))

    # -- versions and the analysis cache (graphkam/stores/neo4j_versions.py) --------------
    def account_versions(self, account_ids: Sequence[str] | None = None) -> dict[str, str]:
        if account_ids is None:
            return dict(
                self._read_work("account_versions", lambda tx: read_versions(tx, self.q, None))
            )
        wanted = sorted(set(account_ids))

        def work(tx: Tx) -> dict[str, str]:
            out: dict[str, str] = {}
            for chunk in chunks(wanted):
                out.update(read_versions(tx, self.q, chunk))
            return out

        return self._read_work("account_versions", work)

    def read_cache(self, key: str, account_ids: Sequence[str]) -> dict[str, CachedResult]:
        wanted = sorted(set(account_ids))

        def work(tx: Tx) -> dict[str, CachedResult]:
            out: dict[str, CachedResult] = {}
            for chunk in chunks(wanted):
                out.update(read_cached(tx, self.q, key, chunk))
            return out

        return self._read_work("read_cache", work)

    def write_cache(self, key: str, results: Sequence[CachedResult]) -> None:
        if not results:
            return

        def work(tx: Tx) -> None:
            for chunk in chunks(results):
                write_cached(tx, self.q, key, chunk)

        self._write("write_cache", work)

    def clear_cache(self) -> None:
        self._write("clear_cache", lambda tx: run(tx, self.q["clear_cache"]))

    # -- plumbing --------------------------------------------------------------------------
    def _write(self, what: str, work: Callable[[Tx], T]) -> T:
        """Run `work` in the open transaction, else in a managed (retried) write transaction."""
        tx = getattr(self._local, "tx", None)
        with mapped_errors(self.target, what):
            if tx is not None:
                return work(tx)
            with self._driver.session(database=self.target.database) as session:
                return session.execute_write(work)

    def _read_work(self, what: str, work: Callable[[Tx], T]) -> T:
        """Run `work` in the open transaction (seeing its writes), else a managed read."""
        tx = getattr(self._local, "tx", None)
        with mapped_errors(self.target, what):
            if tx is not None:
                return work(tx)
            with self._driver.session(database=self.target.database) as session:
                return session.execute_read(work)

    def _read(self, what: str, query: LiteralString, **params: Any) -> list[tuple[Any, ...]]:
        return self._read_work(what, lambda tx: run(tx, query, **params))

    def _mapped(self, what: str) -> contextlib.AbstractContextManager[None]:
        """Driver errors raised inside the block as graphkam errors naming this store."""
        return mapped_errors(self.target, what)

    def _check_refs(
        self, tx: Tx, what: str, referenced: list[str], written: list[tuple[str, str]]
    ) -> dict[str, NodeRef]:
        """ConflictError naming referenced ids that do not exist, or written ids whose stored
        kind differs (what SQLite's foreign keys and kind trigger refuse); else the stored
        (kind, account) of every id named, as they were before this write."""
        batch_kinds = dict(written)
        stored = self._stored_refs(tx, sorted(set(referenced) | set(batch_kinds)))
        missing = sorted({r for r in referenced if r not in stored and r not in batch_kinds})
        if missing:
            names = ", ".join(f"'{m}'" for m in missing[:10])
            raise ConflictError(f"{what}: these referenced nodes do not exist: {names}")
        clash = sorted(i for i, kind in written if i in stored and stored[i][0].value != kind)
        if clash:
            names = ", ".join(f"'{c}' (a {stored[c][0].value})" for c in clash[:10])
            raise ConflictError(f"{what}: these ids are already used by another kind: {names}")
        return stored

    def _stored_refs(self, tx: Tx, ids: Sequence[str]) -> dict[str, NodeRef]:
        """(kind, account) of the stored nodes among `ids` (nodes of no kind label left out);
        the account is a stakeholder's or department's own, None for other kinds."""
        stored: dict[str, NodeRef] = {}
        for chunk in chunks(sorted(set(ids))):
            for ident, labels, account in run(tx, self.q["kind_of_ids"], ids=chunk):
                kind = g.kind_of_labels(labels)
                if kind is not None:
                    stored[ident] = (kind, account if kind in OWN_KINDS else None)
        return stored

    def _bump(self, tx: Tx, bumps: VersionBumps) -> None:
        """Raise the versions `bumps` names: the shared one once, the accounts' in batches."""
        if bumps.shared:
            run(tx, self.q["bump_shared_version"])
        for chunk in chunks(sorted(bumps.accounts)):
            run(tx, self.q["bump_account_versions"], ids=chunk)


def chunks(rows: Sequence[T]) -> Iterator[list[T]]:
    """`rows` in lists of at most BATCH_ROWS (one UNWIND statement each)."""
    for start in range(0, len(rows), BATCH_ROWS):
        yield list(rows[start : start + BATCH_ROWS])
