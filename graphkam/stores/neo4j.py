"""The Neo4j store: the Store contract over Bolt, as a natural property graph.

Nodes carry a kind label beside the common `Node` label, fields are native properties, and
references and relationships are typed edges (graphkam/stores/neo4j_graph.py has the layout;
docs/neo4j.md shows it). Every statement is a named file in `graphkam/cypher/`; writes are
`UNWIND` batches grouped by label or edge type. Every write raises the account versions it
affects in its own transaction (graphkam/stores/neo4j_versions.py), which is what lets the
analysis cache there never be stale. The layout version lives on a `:GraphkamSchema` node; a
database in an older layout is upgraded by `graphkam init-store` (neo4j_migrate.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from graphkam.documents import NODE_SECTIONS, RECORD_SECTIONS, AccountSubgraph
from graphkam.errors import InvalidInputError, NotFoundError
from graphkam.model import (
    SYMMETRIC_TYPES,
    Node,
    NodeKind,
    Record,
    RecordKind,
    Relationship,
    RelType,
    Stakeholder,
    Stance,
)
from graphkam.references import Deletion, Holder
from graphkam.stores import neo4j_graph as g
from graphkam.stores.neo4j_base import Neo4jBase, chunks
from graphkam.stores.neo4j_bolt import BoltTarget, close_drivers, parse_bolt_url
from graphkam.stores.neo4j_reads import (
    Neo4jSubgraphs,
    Tx,
    read_nodes,
    read_records,
    read_rels,
    record_order,
    run,
)
from graphkam.stores.neo4j_versions import OWN_KINDS, VersionBumps
from graphkam.stores.subgraph import build_subgraphs
from graphkam.validation import NodeRef

__all__ = ["Neo4jStore", "BoltTarget", "parse_bolt_url", "close_drivers"]

_IN_ACCOUNT = (NodeKind.STAKEHOLDER, NodeKind.DEPARTMENT)
_MODEL_TYPES = sorted(g.REL_TYPES.values())


class Neo4jStore(Neo4jBase):
    """A Store in one Neo4j (or other Bolt/Cypher) database; safe to share between threads.

    Connection, transactions and the version bookkeeping come from Neo4jBase (neo4j_base.py);
    here are the model's writes and reads.
    """

    # -- writes ----------------------------------------------------------------------------
    def upsert_nodes(self, nodes: Sequence[Node]) -> None:
        """Insert or replace nodes by id with their reference edges; ConflictError if an id
        changes kind or a referenced node is missing."""
        if not nodes:
            return
        latest = {n.id: n for n in nodes}
        by_kind: dict[NodeKind, list[dict[str, Any]]] = defaultdict(list)
        links: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for node in latest.values():
            by_kind[node.node_kind].append({"id": node.id, "props": g.node_props(node)})
            for edge, rows in g.links(node, node.id).items():
                links[edge].extend(rows)
        stances: dict[Stance, list[str]] = defaultdict(list)
        for node in latest.values():
            if isinstance(node, Stakeholder) and self.display_labels:
                stances[node.stance].append(node.id)
        written = [(n.id, n.node_kind.value) for n in latest.values()]
        targets = [r["target"] for rows in links.values() for r in rows]
        ids = list(latest)

        def work(tx: Tx) -> None:
            stored = self._check_refs(tx, "upsert_nodes", targets, written)
            bumps = VersionBumps()
            for node in latest.values():
                before = stored.get(node.id, (node.node_kind, None))[1]
                bumps.node(node.node_kind, [before, _own_account(node)])
            for kind in NodeKind:  # accounts first, so their people can refer to them
                for chunk in chunks(by_kind.get(kind, [])):
                    run(tx, self.q[f"upsert_{kind.value}_nodes"], rows=chunk)
            for stance, people in stances.items():
                for chunk in chunks(people):
                    run(tx, self.q[f"label_stance_{stance.value}"], ids=chunk)
            for chunk in chunks(ids):
                run(tx, self.q["unlink_nodes"], ids=chunk)
            self._link(tx, links)
            self._bump(tx, bumps)

        self._write("upsert_nodes", work)

    def upsert_relationships(self, rels: Sequence[Relationship]) -> None:
        """Insert or replace relationships by key as typed edges; ConflictError if an end is
        missing. A symmetric relationship is one edge, in the direction last written."""
        if not rels:
            return
        latest = {r.key: r for r in rels}
        by_type: dict[RelType, list[dict[str, Any]]] = defaultdict(list)
        for rel in latest.values():
            row = {"a": rel.from_id, "b": rel.to_id, "props": g.rel_props(rel)}
            by_type[rel.type].append(row)
        ends = [e for r in latest.values() for e in (r.from_id, r.to_id)]

        def work(tx: Tx) -> None:
            stored = self._check_refs(tx, "upsert_relationships", ends, [])
            bumps = VersionBumps()
            for rel in latest.values():
                bumps.relationship([stored.get(rel.from_id), stored.get(rel.to_id)])
            for type_, rows in by_type.items():
                for chunk in chunks(rows):
                    run(tx, self.q[f"upsert_{type_.value}_relationships"], rows=chunk)
            self._bump(tx, bumps)

        self._write("upsert_relationships", work)

    def upsert_records(self, records: Sequence[Record]) -> None:
        """Insert or replace records by (kind, id), linked to what they name; each must carry
        its id and account."""
        if not records:
            return
        by_kind: dict[RecordKind, list[dict[str, Any]]] = defaultdict(list)
        links: dict[str, list[dict[str, Any]]] = defaultdict(list)
        latest: dict[str, Record] = {}
        for rec in records:
            if rec.id is None or rec.account is None:
                missing = "id" if rec.id is None else "account"
                raise InvalidInputError(
                    f"{rec.record_kind.value} record '{rec.id}' has no {missing}"
                )
            latest[g.record_key(rec.record_kind, rec.id)] = rec
        for rkey, rec in latest.items():
            by_kind[rec.record_kind].append({"rkey": rkey, "props": g.record_props(rec)})
            for edge, rows in g.links(rec, rkey).items():
                links[edge].extend(rows)
        targets = [r["target"] for rows in links.values() for r in rows]
        rkeys = list(latest)

        def work(tx: Tx) -> None:
            self._check_refs(tx, "upsert_records", targets, [])
            bumps = VersionBumps()
            bumps.record(r.account for r in latest.values())
            for chunk in chunks(rkeys):  # where they were filed before (a record may move)
                bumps.record(a for (a,) in run(tx, self.q["record_accounts"], rkeys=chunk))
            for kind, rows in by_kind.items():
                for chunk in chunks(rows):
                    run(tx, self.q[f"upsert_{kind.value}_records"], rows=chunk)
            for chunk in chunks(rkeys):
                run(tx, self.q["unlink_records"], rkeys=chunk)
            self._link(tx, links)
            self._bump(tx, bumps)

        self._write("upsert_records", work)

    def _link(self, tx: Tx, links: Mapping[str, list[dict[str, Any]]]) -> None:
        for edge in sorted(links):
            for chunk in chunks(links[edge]):
                run(tx, self.q[f"link_{edge.lower()}"], rows=chunk)

    def delete_relationship(self, type: RelType, from_id: str, to_id: str) -> None:
        """Delete one relationship (either direction for symmetric types)."""
        type = RelType(type)
        name = "delete_symmetric_relationship" if type in SYMMETRIC_TYPES else "delete_relationship"

        def work(tx: Tx) -> int:
            rows = run(tx, self.q[name], type=g.REL_TYPES[type], a=from_id, b=to_id)
            deleted = int(rows[0][0]) if rows else 0
            if deleted:
                stored = self._stored_refs(tx, [from_id, to_id])
                bumps = VersionBumps()
                bumps.relationship([stored.get(from_id), stored.get(to_id)])
                self._bump(tx, bumps)
            return deleted

        if not self._write("delete_relationship", work):
            raise NotFoundError("relationship", f"{type.value} {from_id} -> {to_id}")

    def delete_record(self, kind: RecordKind, id: str) -> None:
        kind = RecordKind(kind)
        rkey = g.record_key(kind, id)

        def work(tx: Tx) -> bool:
            rows = run(tx, self.q["delete_record"], rkey=rkey)
            bumps = VersionBumps()
            bumps.record(a for (a,) in rows)
            self._bump(tx, bumps)
            return bool(rows)

        if not self._write("delete_record", work):
            raise NotFoundError(kind.value, id)

    def _holders(self, ids: set[str]) -> list[Holder]:
        """Whatever has an edge to one of `ids`: reference edges, model relationships and
        records (the edges are the references, so no field needs searching)."""
        wanted = sorted(ids)
        edges = sorted(set(g.REFERENCE_EDGES.values()))

        def work(tx: Tx) -> list[Holder]:
            out: list[Holder] = []
            out += read_nodes(run(tx, self.q["holders_nodes"], ids=wanted, edges=edges))
            out += read_rels(
                run(tx, self.q["holders_relationships"], ids=wanted, types=_MODEL_TYPES)
            )
            out += read_records(run(tx, self.q["holders_records"], ids=wanted))
            return out

        return self._read_work("delete_node", work)

    def _remove(self, plan: Deletion) -> None:
        """Delete the plan's records and nodes (DETACH DELETE takes the edges with them) and
        a deleted account's cached results; raise the versions of everything they touched."""
        rkeys = [g.record_key(r.record_kind, str(r.id)) for r in plan.records]
        ids = [n.id for n in plan.nodes]
        accounts = [n.id for n in plan.nodes if n.node_kind is NodeKind.ACCOUNT]
        bumps = VersionBumps()
        bumps.record(r.account for r in plan.records)
        for node in plan.nodes:
            bumps.node(node.node_kind, [_own_account(node)])
        ends = sorted({e for r in plan.relationships for e in (r.from_id, r.to_id)})

        def work(tx: Tx) -> None:
            stored = self._stored_refs(tx, ends)
            for rel in plan.relationships:
                bumps.relationship([stored.get(rel.from_id), stored.get(rel.to_id)])
            for chunk in chunks(rkeys):
                run(tx, self.q["delete_records"], rkeys=chunk)
            for chunk in chunks(accounts):
                run(tx, self.q["delete_cached_results"], ids=chunk)
            for chunk in chunks(ids):
                run(tx, self.q["delete_nodes"], ids=chunk)
            self._bump(tx, bumps)

        self._write("delete_node", work)

    # -- reads -----------------------------------------------------------------------------
    def get_node(self, kind: NodeKind, id: str) -> Node:
        kind = NodeKind(kind)
        rows = self._read("get_node", self.q["get_node"], id=id, edges=_REF_EDGES)
        found = read_nodes(rows)
        if not found or found[0].node_kind is not kind:
            raise NotFoundError(kind.value, id)
        return found[0]

    def node_refs(self, ids: Iterable[str]) -> Mapping[str, NodeRef]:
        wanted = sorted(set(ids))
        refs: dict[str, NodeRef] = {}
        for chunk in chunks(wanted):
            for ident, labels, account in self._read("node_refs", self.q["kind_of_ids"], ids=chunk):
                kind = g.kind_of_labels(labels)
                if kind is not None:
                    refs[ident] = (kind, ident if kind is NodeKind.ACCOUNT else account)
        return refs

    def list_nodes(self, kind: NodeKind, account: str | None = None) -> list[Node]:
        """Nodes of a kind by id; with `account`: its people/departments, its team members,
        the third parties and competitors of its subgraph, or the account itself."""
        kind = NodeKind(kind)
        label = g.LABELS[kind]
        if account is None:
            rows = self._read("list_nodes", self.q["list_nodes"], label=label, edges=_REF_EDGES)
        elif kind in _IN_ACCOUNT:
            rows = self._read(
                "list_nodes",
                self.q["list_nodes_in_account"],
                account=account,
                label=label,
                edges=_REF_EDGES,
            )
        elif kind is NodeKind.TEAM_MEMBER:

            def work(tx: Tx) -> list[Node]:
                source = Neo4jSubgraphs(tx, self.q)
                return source.nodes(sorted({m for _, m in source.team_places([account])}))

            nodes = [n for n in self._read_work("list_nodes", work) if n.node_kind is kind]
            return sorted(nodes, key=lambda n: n.id)
        elif kind is NodeKind.ACCOUNT:
            try:
                return [self.get_node(kind, account)]
            except NotFoundError:
                return []
        else:
            return list(getattr(self.account_subgraph(account), NODE_SECTIONS[kind]))
        return sorted(read_nodes(rows), key=lambda n: n.id)

    def list_relationships(
        self, account: str | None = None, type: RelType | None = None
    ) -> list[Relationship]:
        if account is not None:
            rels = self.account_subgraph(account).relationships
            return [r for r in rels if type is None or r.type == type]
        types = [g.REL_TYPES[RelType(type)]] if type is not None else _MODEL_TYPES
        rows = self._read("list_relationships", self.q["list_relationships"], types=types)
        return sorted(read_rels(rows), key=lambda r: r.key)

    def get_record(self, kind: RecordKind, id: str) -> Record:
        kind = RecordKind(kind)
        rows = self._read("get_record", self.q["get_record"], rkey=g.record_key(kind, id))
        if not rows:
            raise NotFoundError(kind.value, id)
        return read_records(rows)[0]

    def list_records(self, kind: RecordKind, account: str | None = None) -> list[Record]:
        """Records of a kind by (date, id), undated ones last."""
        kind = RecordKind(kind)
        label = g.RECORD_LABELS[kind]
        if account is None:
            rows = self._read("list_records", self.q["list_records"], label=label)
        else:
            rows = self._read(
                "list_records", self.q["list_records_of_account"], label=label, account=account
            )
        return sorted(read_records(rows), key=record_order)

    def _account_ids(self) -> list[str]:
        return sorted(r[0] for r in self._read("iter_subgraphs", self.q["account_ids"]))

    def counts(self) -> dict[str, int]:
        """Rows held by account-map section, every section listed (zero when empty)."""

        def work(tx: Tx) -> tuple[list[Any], int, list[Any]]:
            nodes = run(tx, self.q["count_nodes"])
            rels = int(run(tx, self.q["count_relationships"], types=_MODEL_TYPES)[0][0])
            recs = run(tx, self.q["count_records"])
            return nodes, rels, recs

        nodes, rels, recs = self._read_work("counts", work)
        by_kind: dict[NodeKind, int] = defaultdict(int)
        for labels, n in nodes:
            kind = g.kind_of_labels(labels)
            if kind is not None:
                by_kind[kind] += int(n)
        by_record: dict[str, int] = defaultdict(int)
        for labels, n in recs:
            for label in labels:
                by_record[label] += int(n)
        out = {section: by_kind.get(kind, 0) for kind, section in NODE_SECTIONS.items()}
        out["relationships"] = rels
        out.update({s: by_record.get(g.RECORD_LABELS[k], 0) for k, s in RECORD_SECTIONS.items()})
        return out

    # -- subgraphs -------------------------------------------------------------------------
    def _subgraphs(self, account_ids: list[str]) -> list[AccountSubgraph]:
        """The subgraphs of `account_ids` from one read transaction of fixed size."""
        return self._read_work(
            "account_subgraph",
            lambda tx: build_subgraphs(Neo4jSubgraphs(tx, self.q), account_ids),
        )


_REF_EDGES = sorted(set(g.REFERENCE_EDGES.values()))


def _own_account(node: Node) -> str | None:
    """The account a stakeholder or department belongs to (None for other kinds)."""
    return getattr(node, "account", None) if node.node_kind in OWN_KINDS else None
