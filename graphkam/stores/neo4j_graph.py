"""How graphkam's model maps onto a natural Neo4j property graph (layout version 3).

- A node is `(:Node:<Label> {id, ...fields})`: `Node` holds the one id namespace, `<Label>` its
  kind (`LABELS`). A record is `(:Record:<Label> {rkey, id, ...fields})`, `rkey` being
  `<kind>:<id>` (records of different kinds may share an id).
- Fields are native properties: numbers, strings, lists of strings, dates as `Date`, the
  history's time as `DateTime`; an unset field is absent. Only nested values
  (`suggested_roles`, a change's `before`/`after`) are JSON strings.
- Every reference field (graphkam/references.py) is an edge instead of a property
  (`REFERENCE_EDGES`): `(stakeholder)-[:WORKS_AT]->(account)`, `(visit)-[:WITH]->(person)`,
  list positions kept as `{position}`.
- A stakeholder also carries a display label for its stance (`STANCE_LABELS`), rewritten on
  every write, for style sheets; graphkam itself reads the `stance` property.
- A model relationship is a typed edge named in UPPER_SNAKE_CASE (`REL_TYPES`) with its
  fields as properties; a symmetric one is stored once, in the direction it was written.
- Version 3 adds graphkam's bookkeeping beside the model (graphkam/stores/neo4j_versions.py):
  an account's `version` property (`ACCOUNT_VERSION`, left out of the model on reads), one
  `:GraphkamVersion` node, and `:CachedResult` nodes; none of them is user data.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from enum import Enum
from typing import Any

from pydantic import BaseModel

from graphkam.model import (
    NODE_TYPES,
    RECORD_TYPES,
    Node,
    NodeKind,
    Record,
    RecordKind,
    Relationship,
    RelType,
    Stance,
)
from graphkam.references import REFERENCES, RELATIONSHIP_HOLDER, Reference, references_of

__all__ = [
    "LAYOUT_VERSION",
    "ACCOUNT_VERSION",
    "LABELS",
    "RECORD_LABELS",
    "KIND_OF_LABEL",
    "STANCE_LABELS",
    "REL_TYPES",
    "TYPE_OF_REL",
    "REFERENCE_EDGES",
    "JSON_FIELDS",
    "node_props",
    "record_props",
    "rel_props",
    "links",
    "node_from",
    "record_from",
    "rel_from",
    "record_key",
    "kind_of_labels",
]

#: The layout this module writes (stored on the `:GraphkamSchema` node).
LAYOUT_VERSION = 3
#: The `:Account` property holding its version (graphkam's, not a model field).
ACCOUNT_VERSION = "version"

LABELS: dict[NodeKind, str] = {
    NodeKind.ACCOUNT: "Account",
    NodeKind.STAKEHOLDER: "Stakeholder",
    NodeKind.TEAM_MEMBER: "TeamMember",
    NodeKind.DEPARTMENT: "Department",
    NodeKind.THIRD_PARTY: "ThirdParty",
    NodeKind.COMPETITOR: "Competitor",
}
RECORD_LABELS: dict[RecordKind, str] = {
    RecordKind.INTERACTION: "Interaction",
    RecordKind.ORDER: "Order",
    RecordKind.NPS: "NpsAnswer",
    RecordKind.COMPLAINT: "Complaint",
    RecordKind.COMPETITOR_PRODUCT: "CompetitorProduct",
    RecordKind.CHANGE: "Change",
}
#: The display label of each stance (for style sheets such as docs/graphkam.grass).
STANCE_LABELS: dict[Stance, str] = {
    Stance.CHAMPION: "Champion",
    Stance.SUPPORTER: "Supporter",
    Stance.NEUTRAL: "Neutral",
    Stance.SKEPTIC: "Skeptic",
    Stance.OPPONENT: "Opponent",
    Stance.UNKNOWN: "StanceUnknown",
}
KIND_OF_LABEL: dict[str, NodeKind] = {v: k for k, v in LABELS.items()}
REL_TYPES: dict[RelType, str] = {t: t.value.upper() for t in RelType}
TYPE_OF_REL: dict[str, RelType] = {v: k for k, v in REL_TYPES.items()}

#: The edge type standing for each reference field (relationship ends are the edge itself).
REFERENCE_EDGES: dict[Reference, str] = {
    ref: edge
    for ref in REFERENCES
    if ref.holder_name != RELATIONSHIP_HOLDER
    for edge in [
        {
            ("account", "parent"): "IN_GROUP",
            ("department", "account"): "PART_OF",
            ("department", "parent"): "SUBUNIT_OF",
            ("stakeholder", "account"): "WORKS_AT",
            ("stakeholder", "department"): "IN_DEPARTMENT",
            ("team_member", "accounts"): "SERVES",
            ("team_member", "coach"): "COACHED_BY",
            ("interaction", "stakeholders"): "WITH",
            ("interaction", "team"): "BY",
            ("nps", "respondent"): "FROM",
            ("competitor_product", "competitor"): "OF",
        }.get((ref.holder_name, ref.field), "AT")
    ]
}
#: Fields stored as JSON text because their values are nested.
JSON_FIELDS = frozenset({"suggested_roles", "before", "after"})
_REF_FIELDS: dict[type[BaseModel], frozenset[str]] = {}


def record_key(kind: RecordKind | str, id: str) -> str:
    """The `rkey` of a record: `<kind>:<id>` (kinds hold no colon, so it is unambiguous)."""
    return f"{RecordKind(kind).value}:{id}"


def _ref_fields(cls: type[BaseModel]) -> frozenset[str]:
    fields = _REF_FIELDS.get(cls)
    if fields is None:
        fields = frozenset(r.field for r in references_of(cls))
        _REF_FIELDS[cls] = fields
    return fields


def _props(model: BaseModel) -> dict[str, Any]:
    """The model's fields as Neo4j values, reference fields and unset fields left out."""
    skip = _ref_fields(type(model))
    out: dict[str, Any] = {}
    for name in type(model).model_fields:
        if name in skip:
            continue
        value = getattr(model, name)
        if value is None:
            continue
        if name in JSON_FIELDS:
            value = json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))
        elif isinstance(value, list):
            value = [v.value if isinstance(v, Enum) else v for v in value]
        elif isinstance(value, Enum):
            value = value.value
        out[name] = value
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def node_props(node: Node) -> dict[str, Any]:
    return _props(node)


def record_props(rec: Record) -> dict[str, Any]:
    props = _props(rec)
    props["rkey"] = record_key(rec.record_kind, str(rec.id))
    return props


def rel_props(rel: Relationship) -> dict[str, Any]:
    """A relationship's properties (its type and ends are the edge itself)."""
    props = _props(rel)
    for end in ("type", "from_id", "to_id"):
        props.pop(end, None)
    return props


def links(holder: BaseModel, key: str) -> dict[str, list[dict[str, Any]]]:
    """Edge rows by edge type for `holder`'s reference fields: {holder, target, position}."""
    out: dict[str, list[dict[str, Any]]] = {}
    for ref in references_of(holder):
        edge = REFERENCE_EDGES.get(ref)
        if edge is None:
            continue
        for position, target in enumerate(ref.ids(holder)):
            row = {"holder": key, "target": target, "position": position}
            out.setdefault(edge, []).append(row)
    return out


def _native(props: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in props.items():
        if hasattr(value, "to_native"):
            value = value.to_native()
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            # graphkam writes only UTC times; ArcadeDB's Bolt listener hands them back without
            # their zone (Neo4j keeps it).
            value = value.replace(tzinfo=dt.UTC)
        elif name in JSON_FIELDS and isinstance(value, str):
            value = json.loads(value)
        out[name] = value
    return out


def _with_refs(
    cls: type[BaseModel], props: Mapping[str, Any], refs: list[Any] | None
) -> dict[str, Any]:
    """Props plus the reference fields rebuilt from [edge type, target, position] triples."""
    data = _native(props)
    if not refs:
        return data
    fields = {REFERENCE_EDGES[r]: r for r in references_of(cls) if r in REFERENCE_EDGES}
    lists: dict[str, list[tuple[int, str]]] = {}
    for edge, target, position in refs:
        ref = fields.get(edge)
        if ref is None or target is None:
            continue
        if ref.many:
            lists.setdefault(ref.field, []).append((int(position or 0), target))
        else:
            data[ref.field] = target
    for field, items in lists.items():
        data[field] = [t for _, t in sorted(items)]
    return data


def node_from(label_or_kind: NodeKind | str, props: Mapping[str, Any], refs: list[Any]) -> Node:
    """A node from its properties and its reference edges."""
    kind = label_or_kind if isinstance(label_or_kind, NodeKind) else KIND_OF_LABEL[label_or_kind]
    cls = NODE_TYPES[kind]
    if kind is NodeKind.ACCOUNT and ACCOUNT_VERSION in props:
        props = {k: v for k, v in props.items() if k != ACCOUNT_VERSION}
    return cls.model_validate(_with_refs(cls, props, refs))  # type: ignore[return-value]


def record_from(kind: RecordKind | str, props: Mapping[str, Any], refs: list[Any]) -> Record:
    cls = RECORD_TYPES[RecordKind(kind)]
    data = _with_refs(cls, props, refs)
    data.pop("rkey", None)
    return cls.model_validate(data)  # type: ignore[return-value]


def rel_from(type_: str, a: str, b: str, props: Mapping[str, Any]) -> Relationship:
    data = _native(props)
    data.update({"type": TYPE_OF_REL[type_].value, "from": a, "to": b})
    return Relationship.model_validate(data)


def kind_of_labels(labels: list[str] | frozenset[str]) -> NodeKind | None:
    """The node kind among a node's labels (None if it has no kind label)."""
    for label in labels:
        kind = KIND_OF_LABEL.get(label)
        if kind is not None:
            return kind
    return None
