"""The SQLite store's side of the subgraph reads (graphkam/stores/subgraph.py): one read
transaction's batch queries (sqlite_sql.py), each kind's rows validated in one call."""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from graphkam.history import is_stakeholder_update
from graphkam.model import (
    NODE_TYPES,
    RECORD_TYPES,
    Account,
    Node,
    NodeKind,
    Record,
    RecordKind,
    Relationship,
)
from graphkam.stores import sqlite_sql as q
from graphkam.stores.codec import parse_many, parse_node

__all__ = ["SqliteSubgraphs"]


class SqliteSubgraphs:
    """The SubgraphSource of one read transaction (statements in sqlite_sql.py)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _rows(self, sql: str, *ids: Sequence[str]) -> list[Any]:
        return self.conn.execute(sql, tuple(json.dumps(list(i)) for i in ids)).fetchall()

    def accounts(self, ids: Sequence[str]) -> list[Account]:
        return [Account.model_validate_json(d) for _, d in self._rows(q.SG_ACCOUNTS, ids)]

    def members(self, ids: Sequence[str]) -> list[tuple[str, Node]]:
        rows = self._rows(q.SG_MEMBERS, ids)
        by_kind: dict[str, list[int]] = {}
        for i, row in enumerate(rows):
            by_kind.setdefault(row[1], []).append(i)
        nodes: list[Node | None] = [None] * len(rows)
        for kind, where in by_kind.items():
            parsed = parse_many(NODE_TYPES[NodeKind(kind)], [rows[i][3] for i in where])
            for i, node in zip(where, parsed, strict=True):
                nodes[i] = node  # type: ignore[assignment]
        return [(row[0], node) for row, node in zip(rows, nodes, strict=True)]  # type: ignore[misc]

    def team(self, ids: Sequence[str]) -> list[tuple[str, str]]:
        return [(a, m) for a, m in self._rows(q.SG_TEAM, ids)]

    def knows(self, people: Sequence[str]) -> list[tuple[str, str]]:
        return [(a, b) for a, b in self._rows(q.SG_KNOWS, people)]

    def competitor_reach(self, stakeholders: Sequence[str]) -> list[tuple[str, str]]:
        return [(c, p) for c, p in self._rows(q.SG_COMPETITOR_RELS, stakeholders)]

    def records(self, ids: Sequence[str]) -> list[tuple[str, Record]]:
        """Rows come sorted by kind: each kind's run is validated in one call."""
        out: list[tuple[str, Record]] = []
        for kind, group in itertools.groupby(self._rows(q.SG_RECORDS, ids), key=lambda r: r[1]):
            rk = RecordKind(kind)
            rows = list(group)
            if rk is RecordKind.CHANGE:  # subgraphs carry only the history as-of analyses rewind
                rows = [r for r in rows if is_stakeholder_update(r[2])]
            parsed = parse_many(RECORD_TYPES[rk], [r[2] for r in rows])
            out.extend((r[0], rec) for r, rec in zip(rows, parsed, strict=True))  # type: ignore[misc]
        return out

    def edges(self, nodes: Sequence[str], accounts: Sequence[str]) -> list[Relationship]:
        rows = self._rows(q.SG_EDGES, nodes, accounts)
        return parse_many(Relationship, [r[3] for r in rows])

    def nodes(self, ids: Sequence[str]) -> list[Node]:
        rows = self._rows(q.NODES_BY_IDS, ids)
        if len(rows) < 8:
            return [parse_node(NodeKind(k), d) for _, k, d in rows]
        out: list[Node] = []
        for kind in {r[1] for r in rows}:
            datas = [d for _, k, d in rows if k == kind]
            out.extend(parse_many(NODE_TYPES[NodeKind(kind)], datas))  # type: ignore[arg-type]
        return out
