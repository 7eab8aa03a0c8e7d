"""GraphML export through NetworkX, for Gephi and yEd.

Every node carries `kind` (its node kind) and `label` (its name); a third party's own
`kind` is written as `party_kind`; list attributes are joined with ';' (GraphML has no
lists); unset attributes are left out. Edges are the relationships (attribute `type`, and the
`layer` inferred where not given) plus the structure implied by node fields: `on_team` (team
member -> account), `subsidiary_of` (account -> parent) and `member_of` (stakeholder ->
department or account, department -> parent department or account).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

import networkx as nx

from graphkam.documents import AccountMap
from graphkam.io.accountmap import without_personal
from graphkam.model import (
    Account,
    Department,
    NodeKind,
    RelType,
    Stakeholder,
    TeamMember,
    infer_layer,
)

__all__ = ["MEMBER_OF", "to_networkx", "generate_graphml", "write_graphml"]

#: Edge type for belonging (stakeholder or department to its unit); not a relationship type.
MEMBER_OF = "member_of"


def to_networkx(doc: AccountMap, include_personal: bool = True) -> nx.MultiDiGraph:
    """The account map as a MultiDiGraph with GraphML-safe (scalar) attributes."""
    if not include_personal:
        doc = without_personal(doc)
    g = nx.MultiDiGraph()
    kinds: dict[str, NodeKind] = {}
    in_chain: dict[str, bool] = {}
    for node in doc.nodes():
        data = node.model_dump(mode="json", exclude_none=True)
        attrs = {k: _scalar(v) for k, v in data.items() if k != "id" and v != []}
        if "kind" in attrs:  # a third party's organization/person; `kind` is the node kind
            attrs["party_kind"] = attrs.pop("kind")
        g.add_node(node.id, kind=node.node_kind.value, label=node.name, **attrs)
        kinds[node.id] = node.node_kind
        if isinstance(node, Stakeholder):
            in_chain[node.id] = node.in_decision_chain
    for rel in doc.relationships:
        data = rel.model_dump(mode="json", exclude_none=True, by_alias=True)
        attrs = {k: _scalar(v) for k, v in data.items() if k not in ("from", "to")}
        attrs["layer"] = infer_layer(rel, kinds, in_chain).value
        g.add_edge(rel.from_id, rel.to_id, key=rel.type.value, **attrs)
    for node in doc.nodes():
        for target, kind in _structure(node):
            if target in g:
                g.add_edge(node.id, target, key=kind, type=kind, layer="organizational")
    return g


def generate_graphml(doc: AccountMap, include_personal: bool = True) -> str:
    """The account map as GraphML text (UTF-8)."""
    buf = io.BytesIO()
    nx.write_graphml(to_networkx(doc, include_personal), buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def write_graphml(
    doc: AccountMap, path_or_file: str | Path | IO[bytes], include_personal: bool = True
) -> None:
    """Write GraphML to a path or a binary file."""
    nx.write_graphml(to_networkx(doc, include_personal), path_or_file, encoding="utf-8")


def _scalar(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


def _structure(node: object) -> list[tuple[str, str]]:
    """Edges implied by a node's fields: (target id, edge type)."""
    if isinstance(node, TeamMember):
        return [(a, RelType.ON_TEAM.value) for a in node.accounts]
    if isinstance(node, Account) and node.parent:
        return [(node.parent, RelType.SUBSIDIARY_OF.value)]
    if isinstance(node, Stakeholder):
        return [(node.department or node.account, MEMBER_OF)]
    if isinstance(node, Department):
        return [(node.parent or node.account, MEMBER_OF)]
    return []
