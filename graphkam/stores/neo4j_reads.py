"""Reading the Neo4j layout back into the model: row parsers and the SubgraphSource."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, LiteralString

import neo4j

from graphkam.history import is_stakeholder_update
from graphkam.model import Account, Change, Node, Record, Relationship
from graphkam.stores import neo4j_graph as g
from graphkam.stores.codec import dump_json, record_date
from graphkam.stores.cypher_loader import CypherQueries

__all__ = [
    "Tx",
    "run",
    "run_collected",
    "read_nodes",
    "read_records",
    "read_rels",
    "Neo4jSubgraphs",
    "record_order",
]

Tx = neo4j.ManagedTransaction | neo4j.Transaction
_REF_EDGES = sorted(set(g.REFERENCE_EDGES.values()))
_MODEL_TYPES = sorted(g.REL_TYPES.values())


def run(tx: Tx, query: LiteralString, **params: Any) -> list[tuple[Any, ...]]:
    """Run one statement and read all its rows (inside the transaction function)."""
    return [tuple(record.values()) for record in tx.run(query, params)]


def run_collected(tx: Tx, query: LiteralString, **params: Any) -> list[list[Any]]:
    """Run a statement that returns its rows collected into one record (`RETURN collect([...])
    AS rows`) and read them. Bolt sends each record as its own message, and the driver's cost
    per message, not per byte, is what a subgraph read of thousands of rows spends most on."""
    record = tx.run(query, params).single(strict=True)
    return list(record[0])


def read_nodes(rows: Sequence[Sequence[Any]]) -> list[Node]:
    """Nodes from (id, labels, props, refs) rows; rows of unknown labels are skipped."""
    out = []
    for row in rows:
        labels, props, refs = row[-3], row[-2], row[-1]
        kind = g.kind_of_labels(labels)
        if kind is not None:
            out.append(g.node_from(kind, props, refs))
    return out


def read_records(rows: Sequence[Sequence[Any]]) -> list[Record]:
    """Records from (..., rkey, props, refs) rows."""
    out = []
    for row in rows:
        rkey, props, refs = row[-3], row[-2], row[-1]
        out.append(g.record_from(rkey.split(":", 1)[0], props, refs))
    return out


def read_rels(rows: Sequence[Sequence[Any]]) -> list[Relationship]:
    """Relationships from (type, from, to, props) rows."""
    return [g.rel_from(t, a, b, props) for t, a, b, props in rows]


class Neo4jSubgraphs:
    """The SubgraphSource of one read transaction (the subgraph_* statements)."""

    def __init__(self, tx: Tx, queries: CypherQueries) -> None:
        self.tx = tx
        self.q = queries

    def accounts(self, ids: Sequence[str]) -> list[Account]:
        return [n for n in self.nodes(ids) if isinstance(n, Account)]

    def members(self, ids: Sequence[str]) -> list[tuple[str, Node]]:
        rows = run_collected(self.tx, self.q["subgraph_members"], ids=list(ids))
        pairs = [(row[0], node) for row in rows for node in read_nodes([row])]
        return sorted(pairs, key=lambda p: p[1].id)

    def team(self, ids: Sequence[str]) -> list[tuple[str, str]]:
        rows = run_collected(self.tx, self.q["subgraph_ties"], ids=list(ids))
        return self.team_places(ids) + [(a, m) for a, m in rows]

    def team_places(self, ids: Sequence[str]) -> list[tuple[str, str]]:
        """(account, member) of team places and on_team edges only (list_nodes' team)."""
        return [(a, m) for a, m in run_collected(self.tx, self.q["subgraph_team"], ids=list(ids))]

    def knows(self, people: Sequence[str]) -> list[tuple[str, str]]:
        rows = run_collected(self.tx, self.q["subgraph_knows"], ids=list(people))
        return [(a, b) for a, b in rows]

    def competitor_reach(self, stakeholders: Sequence[str]) -> list[tuple[str, str]]:
        rows = run_collected(self.tx, self.q["subgraph_competitor_rels"], ids=list(stakeholders))
        return [(c, p) for c, p in rows]

    def records(self, ids: Sequence[str]) -> list[tuple[str, Record]]:
        rows = run_collected(self.tx, self.q["subgraph_records"], ids=list(ids))
        out = []
        for row in rows:
            (rec,) = read_records([row])
            if isinstance(rec, Change) and not is_stakeholder_update(dump_json(rec)):
                continue  # subgraphs carry only the history as-of analyses rewind
            out.append((row[0], rec))
        out.sort(key=lambda p: (p[1].record_kind.value, *record_order(p[1])))
        return out

    def edges(self, nodes: Sequence[str], accounts: Sequence[str]) -> list[Relationship]:
        inside = set(nodes)
        rows = run_collected(self.tx, self.q["subgraph_edges"], ids=list(nodes))
        rows = [r for r in rows if r[2] in inside]
        rows += run_collected(self.tx, self.q["subgraph_group_edges"], ids=list(accounts))
        unique = {r.key: r for r in read_rels(rows)}
        return [unique[k] for k in sorted(unique)]

    def nodes(self, ids: Sequence[str]) -> list[Node]:
        rows = run_collected(self.tx, self.q["nodes_by_ids"], ids=list(ids))
        return read_nodes(rows)


def record_order(rec: Record) -> tuple[bool, str, str]:
    """(undated, date, id): how records sort within a kind, as SQLite sorts them."""
    date = record_date(rec)
    return (date is None, date or "", str(rec.id))
