"""The rows the SQLite store writes for models: one place that turns a node, relationship or
record into its table row (the upserts and the bulk insert of an import share it)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from graphkam.errors import InvalidInputError
from graphkam.model import SYMMETRIC_TYPES, Node, NodeKind, Record, Relationship, TeamMember
from graphkam.stores.codec import dump_json, record_date

__all__ = ["NodeRow", "RelRow", "RecordRow", "NodeRows", "node_rows", "rel_row", "record_row"]

#: (id, kind, account, name, data): `account` only for people and departments.
NodeRow = tuple[str, str, str | None, str, str]
#: (a, b, type, data), symmetric types stored with a < b (Relationship.key).
RelRow = tuple[str, str, str, str]
#: (kind, id, account, date, data).
RecordRow = tuple[str, str, str, str | None, str]

_IN_ACCOUNT = (NodeKind.STAKEHOLDER, NodeKind.DEPARTMENT)


@dataclasses.dataclass
class NodeRows:
    """A batch of node rows, accounts first (so their people can refer to them)."""

    rows: list[NodeRow] = dataclasses.field(default_factory=list)
    #: (member, account) of every team member in the batch.
    on_team: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    members: list[str] = dataclasses.field(default_factory=list)
    #: Whether a node of a shared kind is in the batch (it changes every account's token).
    shared: bool = False


def node_rows(nodes: Iterable[Node]) -> NodeRows:
    out = NodeRows()
    later: list[NodeRow] = []
    for node in nodes:
        kind = node.node_kind
        in_account = kind in _IN_ACCOUNT
        out.shared = out.shared or not in_account
        account = node.account if in_account else None  # type: ignore[union-attr]
        row = (node.id, kind.value, account, node.name, dump_json(node))
        (out.rows if kind is NodeKind.ACCOUNT else later).append(row)
        if isinstance(node, TeamMember):
            out.members.append(node.id)
            out.on_team.extend((node.id, a) for a in node.accounts)
    out.rows.extend(later)
    return out


def rel_row(rel: Relationship) -> RelRow:
    a, b = rel.from_id, rel.to_id
    if b < a and rel.type in SYMMETRIC_TYPES:  # Relationship.key, inlined for speed
        a, b = b, a
    return (a, b, rel.type.value, dump_json(rel))


def record_row(rec: Record) -> RecordRow:
    """The row of a record, which must carry its id and account."""
    kind = rec.record_kind.value
    if rec.id is None or rec.account is None:
        missing = "id" if rec.id is None else "account"
        raise InvalidInputError(f"{kind} record '{rec.id}' has no {missing}")
    return (kind, str(rec.id), rec.account, record_date(rec), dump_json(rec))
