"""The one declaration of references: which fields point at other nodes, and what a delete does.

Every field of the model that holds another node's id is one `Reference` in `REFERENCES`: the
kind holding it, the field, the node kinds it may point at, whether it is a list, whether the
target must belong to the holder's own account, and what deleting the target does
(`OnDelete`). Validation (graphkam/validation.py), both stores' deletes (`plan_deletion`),
privacy erasure and the API's ownership checks read this table instead of keeping copies.

`references_markdown()` renders the table for docs/references.md (a test keeps it current).
Relationship ends are listed too; `ENDPOINT_RULES` narrows their kinds by type.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from graphkam.model import (
    ENDPOINT_RULES,
    Account,
    Change,
    CompetitorProduct,
    Complaint,
    Department,
    Interaction,
    Node,
    NodeKind,
    NpsAnswer,
    Order,
    Record,
    RecordKind,
    Relationship,
    Stakeholder,
    TeamMember,
)

__all__ = [
    "OnDelete",
    "Reference",
    "REFERENCES",
    "RELATIONSHIP_HOLDER",
    "Holder",
    "HolderKey",
    "Deletion",
    "holder_kind",
    "holder_key",
    "references_of",
    "references_to",
    "referenced_ids",
    "refers_to",
    "payload_refers_to",
    "plan_deletion",
    "references_markdown",
]

#: The holder name of relationship ends (nodes and records use their kind's value).
RELATIONSHIP_HOLDER = "relationship"
#: Anything that can hold a reference.
Holder = Node | Record | Relationship
#: Identity of a holder: ("node", id), ("record:<kind>", id) or ("relationship", "type|a|b").
HolderKey = tuple[str, str]


class OnDelete(StrEnum):
    """What deleting the target of a reference does to the holder."""

    #: Unset the field; the holder stays.
    CLEAR = "clear"
    #: Delete the holder too (and, in turn, whatever refers to it).
    CASCADE = "cascade"
    #: Take the id out of the list; the holder stays, even with an empty list.
    DROP_FROM_LIST = "drop from list"
    #: Take the id out of the list; delete the holder when the list becomes empty.
    DROP_WHEN_EMPTY = "drop from list; delete when empty"


@dataclasses.dataclass(frozen=True)
class Reference:
    """One field of `holder` that holds the id of a node of one of `targets`."""

    holder: type[BaseModel]
    field: str
    targets: frozenset[NodeKind]
    on_delete: OnDelete
    many: bool = False
    #: The target must belong to the holder's account (a department of the same account).
    same_account: bool = False
    #: The field name in documents and JSON (relationship ends are `from`/`to`).
    alias: str | None = None

    @property
    def holder_name(self) -> str:
        """`stakeholder`, `interaction`, ..., or `relationship`."""
        return _HOLDER_NAMES[self.holder]

    @property
    def name(self) -> str:
        """The field as documents spell it."""
        return self.alias or self.field

    def ids(self, obj: Any) -> list[str]:
        """The ids this field of `obj` holds (none when unset)."""
        value = getattr(obj, self.field)
        if value is None:
            return []
        return list(value) if self.many else [value]

    def without(self, obj: Any, gone: set[str]) -> Any | None:
        """`obj` after the nodes `gone` were deleted, as far as this field is concerned:
        the same object if the field names none of them, an updated copy, or None when the
        holder itself must go (CASCADE, or DROP_WHEN_EMPTY leaving an empty list)."""
        held = self.ids(obj)
        if not gone.intersection(held):
            return obj
        if self.on_delete is OnDelete.CASCADE:
            return None
        if self.on_delete is OnDelete.CLEAR:
            return obj.model_copy(update={self.field: None})
        kept = [i for i in held if i not in gone]
        if not kept and self.on_delete is OnDelete.DROP_WHEN_EMPTY:
            return None
        return obj.model_copy(update={self.field: kept})


_S, _T, _A, _D, _C = (
    NodeKind.STAKEHOLDER,
    NodeKind.TEAM_MEMBER,
    NodeKind.ACCOUNT,
    NodeKind.DEPARTMENT,
    NodeKind.COMPETITOR,
)
_ANY_END = frozenset(k for ends in ENDPOINT_RULES.values() for side in ends for k in side)

#: Every reference of the model, holder by holder (the order of docs/references.md).
REFERENCES: tuple[Reference, ...] = (
    Reference(Account, "parent", frozenset({_A}), OnDelete.CLEAR),
    Reference(Department, "account", frozenset({_A}), OnDelete.CASCADE),
    Reference(Department, "parent", frozenset({_D}), OnDelete.CLEAR, same_account=True),
    Reference(Stakeholder, "account", frozenset({_A}), OnDelete.CASCADE),
    Reference(Stakeholder, "department", frozenset({_D}), OnDelete.CLEAR, same_account=True),
    Reference(TeamMember, "accounts", frozenset({_A}), OnDelete.DROP_FROM_LIST, many=True),
    Reference(TeamMember, "coach", frozenset({_T}), OnDelete.CLEAR),
    Reference(Relationship, "from_id", _ANY_END, OnDelete.CASCADE, alias="from"),
    Reference(Relationship, "to_id", _ANY_END, OnDelete.CASCADE, alias="to"),
    Reference(Interaction, "account", frozenset({_A}), OnDelete.CASCADE),
    Reference(
        Interaction,
        "stakeholders",
        frozenset({_S}),
        OnDelete.DROP_WHEN_EMPTY,
        many=True,
        same_account=True,
    ),
    Reference(Interaction, "team", frozenset({_T}), OnDelete.DROP_WHEN_EMPTY, many=True),
    Reference(Order, "account", frozenset({_A}), OnDelete.CASCADE),
    Reference(NpsAnswer, "account", frozenset({_A}), OnDelete.CASCADE),
    Reference(NpsAnswer, "respondent", frozenset({_S}), OnDelete.CLEAR, same_account=True),
    Reference(Complaint, "account", frozenset({_A}), OnDelete.CASCADE),
    Reference(CompetitorProduct, "account", frozenset({_A}), OnDelete.CASCADE),
    Reference(CompetitorProduct, "competitor", frozenset({_C}), OnDelete.CASCADE),
    Reference(Change, "account", frozenset({_A}), OnDelete.CASCADE),
)

_HOLDER_NAMES: dict[type[BaseModel], str] = {
    Account: NodeKind.ACCOUNT.value,
    Department: NodeKind.DEPARTMENT.value,
    Stakeholder: NodeKind.STAKEHOLDER.value,
    TeamMember: NodeKind.TEAM_MEMBER.value,
    Relationship: RELATIONSHIP_HOLDER,
    Interaction: RecordKind.INTERACTION.value,
    Order: RecordKind.ORDER.value,
    NpsAnswer: RecordKind.NPS.value,
    Complaint: RecordKind.COMPLAINT.value,
    CompetitorProduct: RecordKind.COMPETITOR_PRODUCT.value,
    Change: RecordKind.CHANGE.value,
}


def holder_kind(obj: Holder) -> NodeKind | RecordKind | None:
    """The node or record kind of `obj`; None for a relationship."""
    if isinstance(obj, Relationship):
        return None
    kind: NodeKind | RecordKind = getattr(obj, "node_kind", None) or obj.record_kind  # type: ignore[union-attr]
    return kind


def holder_key(obj: Holder) -> HolderKey:
    """A key naming `obj` among every node, record and relationship of a store."""
    if isinstance(obj, Relationship):
        return (RELATIONSHIP_HOLDER, "|".join(obj.key))
    if hasattr(obj, "node_kind"):
        return ("node", obj.id)
    return (f"record:{obj.record_kind.value}", str(obj.id))  # type: ignore[union-attr]


def references_of(holder: type[BaseModel] | BaseModel) -> tuple[Reference, ...]:
    """The references a holder class (or instance) carries, in table order."""
    cls = holder if isinstance(holder, type) else type(holder)
    return _BY_HOLDER.get(cls, ())


def references_to(kind: NodeKind) -> tuple[Reference, ...]:
    """The references that may point at a node of `kind`, in table order."""
    return _BY_TARGET[NodeKind(kind)]


def referenced_ids(obj: BaseModel) -> Iterator[tuple[Reference, str]]:
    """(reference, id) for every id `obj` refers to."""
    for ref in references_of(obj):
        for ident in ref.ids(obj):
            yield ref, ident


def refers_to(obj: BaseModel, kind: NodeKind, ident: str) -> bool:
    """Whether `obj` names node `ident` of `kind` in one of its declared references."""
    return any(kind in ref.targets and ident in ref.ids(obj) for ref in references_of(obj))


def payload_refers_to(
    holder_name: str, payload: dict[str, Any] | None, kind: NodeKind, ident: str
) -> bool:
    """Whether a document-shaped `payload` of `holder_name` (a change's before or after, keys
    as documents spell them) names node `ident` of `kind` in one of its declared references."""
    if not payload:
        return False
    for ref in references_to(kind):
        if ref.holder_name != holder_name:
            continue
        value = payload.get(ref.name)
        if value == ident or (ref.many and isinstance(value, list) and ident in value):
            return True
    return False


_BY_HOLDER: dict[type[BaseModel], tuple[Reference, ...]] = {
    cls: tuple(r for r in REFERENCES if r.holder is cls) for cls in _HOLDER_NAMES
}
_BY_TARGET: dict[NodeKind, tuple[Reference, ...]] = {
    k: tuple(r for r in REFERENCES if k in r.targets) for k in NodeKind
}


@dataclasses.dataclass
class Deletion:
    """What deleting some nodes does to a store: every holder that goes, and the new state of
    every holder that stays but changes (each listed once, deletions winning)."""

    nodes: list[Node] = dataclasses.field(default_factory=list)
    records: list[Record] = dataclasses.field(default_factory=list)
    relationships: list[Relationship] = dataclasses.field(default_factory=list)
    updated_nodes: list[Node] = dataclasses.field(default_factory=list)
    updated_records: list[Record] = dataclasses.field(default_factory=list)
    #: The stored state of each updated holder, by `holder_key` (for the history).
    before: dict[HolderKey, Holder] = dataclasses.field(default_factory=dict)


#: Looks up holders that may refer to any of the given node ids (a superset is fine: the
#: planner checks every candidate against the table).
FindHolders = Callable[[set[str]], Iterable[Holder]]


def plan_deletion(start: Node, find_holders: FindHolders) -> Deletion:
    """Everything deleting `start` takes with it or changes, following `REFERENCES` to the end.

    Works level by level: the holders of the nodes deleted so far are looked up in one call,
    each is passed through its references (`Reference.without`), and nodes that must go join
    the next level. A holder changed by several deletions is changed once, cumulatively.
    """
    gone_nodes: dict[str, Node] = {start.id: start}
    gone: dict[HolderKey, Holder] = {holder_key(start): start}
    current: dict[HolderKey, Holder] = {}
    stored: dict[HolderKey, Holder] = {}
    level = {start.id}
    while level:
        next_level: set[str] = set()
        for candidate in find_holders(level):
            key = holder_key(candidate)
            if key in gone:
                continue
            stored.setdefault(key, candidate)
            obj: Any = current.get(key, candidate)
            for ref in references_of(obj):
                obj = ref.without(obj, set(gone_nodes))
                if obj is None:
                    break
            if obj is None:
                gone[key] = candidate
                current.pop(key, None)
                if key[0] == "node":
                    gone_nodes[candidate.id] = candidate  # type: ignore[union-attr,assignment]
                    next_level.add(candidate.id)  # type: ignore[union-attr]
            elif obj is not candidate or key in current:
                current[key] = obj
        level = next_level
    plan = Deletion()
    for key, obj in gone.items():
        _bucket(plan, key, obj, deleted=True)
    for key, obj in current.items():
        if key not in gone:
            _bucket(plan, key, obj, deleted=False)
            plan.before[key] = stored[key]
    return plan


def _bucket(plan: Deletion, key: HolderKey, obj: Holder, deleted: bool) -> None:
    if key[0] == RELATIONSHIP_HOLDER:
        if deleted:
            plan.relationships.append(obj)  # type: ignore[arg-type]
    elif key[0] == "node":
        (plan.nodes if deleted else plan.updated_nodes).append(obj)  # type: ignore[arg-type]
    else:
        (plan.records if deleted else plan.updated_records).append(obj)  # type: ignore[arg-type]


def references_markdown() -> str:
    """The reference table as Markdown (docs/references.md holds this between markers)."""
    lines = [
        "| kind | field | points at | list | same account | deleting the target |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for ref in REFERENCES:
        targets = ", ".join(sorted(k.value for k in ref.targets))
        if ref.holder is Relationship:
            targets = "the kinds `ENDPOINT_RULES` allows for its type"
        lines.append(
            f"| {ref.holder_name} | `{ref.name}` | {targets} | {'yes' if ref.many else ''} "
            f"| {'yes' if ref.same_account else ''} | {ref.on_delete.value} |"
        )
    return "\n".join(lines) + "\n"
