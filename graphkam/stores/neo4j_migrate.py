"""Layout versions of the Neo4j store, and the upgrade of an older database in place.

Version 1 (graphkam up to 2026-11) kept each node as `(:Node {id, kind, account, data})`, the
model's JSON in `data`; relationships as `[:REL {type, data}]`; records as unlinked
`(:Record {rkey, kind, data})`. Version 2 is the natural graph of neo4j_graph.py. Version 3
adds account versions (neo4j_versions.py): a `version` on every account and the
`:GraphkamVersion` node. Its number matters as much as its content: graphkam of layout 2 does
not raise versions, so it refuses a version-3 database instead of writing behind the cache.

Each upgrade runs in one transaction, lands whole or not at all, and keeps every field:
1 to 2 reads every node, relationship and record back from its JSON (what version 1 returned
on reads), deletes them and writes them again; 2 to 3 only adds the versions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphkam.errors import InvalidInputError
from graphkam.model import NodeKind, RecordKind, Relationship
from graphkam.stores import neo4j_graph as g
from graphkam.stores.codec import parse_node, parse_record
from graphkam.stores.neo4j_reads import Tx, run

if TYPE_CHECKING:
    from graphkam.stores.neo4j import Neo4jStore

__all__ = ["check_layout", "upgrade_v1", "upgrade_v2"]


def check_layout(store: Neo4jStore, upgrade: bool) -> int | None:
    """Record the current version on a new database; on an older one, upgrade it (with
    `upgrade`) or raise InvalidInputError saying how. Returns the version upgraded from."""
    rows = store._read("schema_version", store.q["schema_version"])
    version = int(rows[0][0]) if rows else None
    if version is None:
        old = store._read("schema_version", store.q["old_layout_probe"])
        version = 1 if old else g.LAYOUT_VERSION
    if version > g.LAYOUT_VERSION:
        raise InvalidInputError(
            f"Neo4j store {store.target.shown} has layout version {version}, newer than this "
            f"graphkam supports ({g.LAYOUT_VERSION}): upgrade graphkam"
        )
    if version == g.LAYOUT_VERSION:
        store._write("init_schema", lambda tx: _set_current(store, tx))
        return None
    if not upgrade:
        raise InvalidInputError(
            f"Neo4j store {store.target.shown} is in graphkam's layout version {version}; "
            f"run `graphkam init-store {store.target.shown}` once to upgrade it in place "
            f"to version {g.LAYOUT_VERSION} (nothing is lost)"
        )
    with store.transaction():
        if version == 1:
            upgrade_v1(store)
        upgrade_v2(store)
    return version


def upgrade_v1(store: Neo4jStore) -> None:
    """Rewrite a version-1 database in the layout of version 2 (and 3: the writes raise
    versions), in one transaction."""
    with store.transaction():
        nodes = [
            parse_node(NodeKind(k), d) for k, d in store._read("upgrade", store.q["old_nodes"])
        ]
        rels = [
            Relationship.model_validate_json(d)
            for (d,) in store._read("upgrade", store.q["old_relationships"])
        ]
        records = [
            parse_record(RecordKind(k), d)
            for k, d in store._read("upgrade", store.q["old_records"])
        ]
        store._write("upgrade", lambda tx: run(tx, store.q["delete_old_records"]))
        store._write("upgrade", lambda tx: run(tx, store.q["delete_old_nodes"]))
        store.upsert_nodes(nodes)
        store.upsert_relationships(rels)
        store.upsert_records(records)


def upgrade_v2(store: Neo4jStore) -> None:
    """Give a version-2 database its account versions and record layout 3."""

    def work(tx: Tx) -> None:
        run(tx, store.q["upgrade_account_versions"])
        _set_current(store, tx)

    store._write("upgrade", work)


def _set_current(store: Neo4jStore, tx: Tx) -> None:
    """Record the current layout version, with the shared version's node in place."""
    run(tx, store.q["init_versions"])
    run(tx, store.q["set_schema_version"], version=g.LAYOUT_VERSION)
