"""Cross-record checks of an account map: unique ids, endpoints that exist and have the right kinds.

Pydantic checks each record on its own; this module checks the records against each other and
against what a store already holds. Problems carry a `loc` path such as
("relationships", 3, "to") that readers turn into a file line or row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pydantic import BaseModel

from graphkam.documents import NODE_SECTIONS, RECORD_SECTIONS, AccountMap
from graphkam.errors import Problem
from graphkam.limits import id_problem
from graphkam.model import (
    ENDPOINT_RULES,
    SAME_ACCOUNT_TYPES,
    Interaction,
    NodeKind,
    Record,
    Relationship,
    RelType,
)
from graphkam.references import referenced_ids, references_of

__all__ = ["NodeRef", "check_map", "Lookup"]

#: Sections of nodes that belong to one account for good.
_PLACED = (NODE_SECTIONS[NodeKind.STAKEHOLDER], NODE_SECTIONS[NodeKind.DEPARTMENT])
#: (kind, account) of a node id; account is None for nodes outside any account.
NodeRef = tuple[NodeKind, str | None]
#: Looks stored nodes up by id: returns the refs of those it knows.
Lookup = Callable[[set[str]], Mapping[str, NodeRef]]


def _no_store(ids: set[str]) -> Mapping[str, NodeRef]:
    return {}


def check_map(doc: AccountMap, lookup: Lookup = _no_store) -> tuple[AccountMap, list[Problem]]:
    """Check `doc` against itself and a store; return it with derived fields filled, and problems.

    Filled in: each interaction's `account` (from its stakeholders) and every record's `id`.
    """
    checker = _Checker()
    for kind, section in NODE_SECTIONS.items():
        for i, node in enumerate(getattr(doc, section)):
            if node.id in checker.known:
                checker.problem(f"duplicate id '{node.id}'", section, i, "id")
            if (bad := id_problem(node.id)) is not None:  # new ids only: stored ones stay readable
                checker.problem(bad, section, i, "id")
            checker.known[node.id] = (kind, getattr(node, "account", None))
    for section in RECORD_SECTIONS.values():
        for i, rec in enumerate(getattr(doc, section)):
            if rec.id is not None and (bad := id_problem(str(rec.id))) is not None:
                checker.problem(bad, section, i, "id")
    placed = {n.id: section for section in _PLACED for n in getattr(doc, section)}
    wanted = (_referenced_ids(doc) - set(checker.known)) | set(placed)
    stored = dict(lookup(wanted)) if wanted else {}
    checker.known = {**stored, **checker.known}
    checker.check_moves(doc, stored)
    checker.check_nodes(doc)
    checker.check_relationships(doc)
    filled = checker.check_records(doc)
    return filled, checker.problems


class _Checker:
    """Collects problems while checking references against the known nodes."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.known: dict[str, NodeRef] = {}

    def problem(self, message: str, *loc: str | int) -> None:
        self.problems.append(Problem(message, field=_dotted(loc), loc=tuple(loc)))

    def need(self, ident: str | None, kinds: set[NodeKind], *loc: str | int) -> NodeRef | None:
        """The ref of `ident` if it exists with one of `kinds`, else None and a problem."""
        if ident is None:
            return None
        ref = self.known.get(ident)
        if ref is None:
            self.problem(f"unknown id '{ident}'", *loc)
            return None
        if ref[0] not in kinds:
            names = " or ".join(sorted(k.value for k in kinds))
            self.problem(f"'{ident}' is a {ref[0].value}, expected {names}", *loc)
            return None
        return ref

    def check_moves(self, doc: AccountMap, stored: Mapping[str, NodeRef]) -> None:
        """A stakeholder or department stays at its account: moving one would strand its
        relationships, visits and sub-departments (graphkam/references.py, same account)."""
        for section in _PLACED:
            for i, node in enumerate(getattr(doc, section)):
                ref = stored.get(node.id)
                if ref is not None and ref[1] is not None and ref[1] != node.account:
                    self.problem(
                        f"'{node.id}' is at account '{ref[1]}' and cannot move to "
                        f"'{node.account}': delete it there and import it anew",
                        section,
                        i,
                        "account",
                    )

    def check_nodes(self, doc: AccountMap) -> None:
        for section in NODE_SECTIONS.values():
            for i, node in enumerate(getattr(doc, section)):
                self.check_references(node, section, i)

    def check_references(
        self, obj: BaseModel, section: str, i: int, skip: tuple[str, ...] = ()
    ) -> None:
        """Check every reference `obj` holds (graphkam/references.py): the target exists, has
        an allowed kind and, where the table says so, belongs to `obj`'s account."""
        account = getattr(obj, "account", None)
        for ref in references_of(obj):
            if ref.holder is Relationship or ref.field in skip:
                continue  # relationship ends are checked by type, against ENDPOINT_RULES
            for j, ident in enumerate(ref.ids(obj)):
                loc = (section, i, ref.name, j) if ref.many else (section, i, ref.name)
                got = self.need(ident, set(ref.targets), *loc)
                if got is not None and ref.same_account and account and got[1] != account:
                    self.problem(f"'{ident}' belongs to account '{got[1]}', not '{account}'", *loc)

    def check_relationships(self, doc: AccountMap) -> None:
        seen: set[tuple[str, str, str]] = set()
        for i, rel in enumerate(doc.relationships):
            froms, tos = ENDPOINT_RULES[rel.type]
            a = self.need(rel.from_id, set(froms), "relationships", i, "from")
            b = self.need(rel.to_id, set(tos), "relationships", i, "to")
            if rel.from_id == rel.to_id:
                self.problem(
                    "a relationship cannot join a node to itself", "relationships", i, "to"
                )
            if rel.key in seen:
                self.problem(f"duplicate {rel.type.value} relationship", "relationships", i, "to")
            seen.add(rel.key)
            if a and b and rel.type in SAME_ACCOUNT_TYPES and a[1] != b[1]:
                self.problem(
                    f"{rel.type.value} joins people of different accounts "
                    f"('{rel.from_id}' of '{a[1]}', '{rel.to_id}' of '{b[1]}')",
                    "relationships",
                    i,
                    "to",
                )
            if rel.weight is not None and rel.type is not RelType.INFLUENCES:
                self.problem("only influences takes a weight", "relationships", i, "weight")

    def check_records(self, doc: AccountMap) -> AccountMap:
        updates: dict[str, list[Record]] = {}
        for section in RECORD_SECTIONS.values():
            filled: list[Record] = []
            for i, rec in enumerate(getattr(doc, section)):
                skip: tuple[str, ...] = ()
                if isinstance(rec, Interaction):
                    given = rec.account is not None
                    rec = self._interaction_account(rec, i)
                    skip = () if given else ("account",)  # derived from known stakeholders
                elif rec.account is None:
                    self.problem("account is required", section, i, "account")
                self.check_references(rec, section, i, skip)
                filled.append(rec.with_id())
            updates[section] = filled
        return doc.model_copy(update=updates)

    def _interaction_account(self, rec: Interaction, i: int) -> Interaction:
        accounts = {self.known[s][1] for s in rec.stakeholders if s in self.known}
        if rec.account is not None:
            accounts.add(rec.account)
        if len(accounts) > 1:
            self.problem(
                "an interaction's stakeholders belong to several accounts",
                "interactions",
                i,
                "stakeholders",
            )
        elif rec.account is None and accounts:
            return rec.model_copy(update={"account": accounts.pop()})
        return rec


def _referenced_ids(doc: AccountMap) -> set[str]:
    """Every id the document refers to, by the reference table."""
    holders: list[BaseModel] = [*doc.nodes(), *doc.relationships, *doc.records()]
    return {ident for obj in holders for _, ident in referenced_ids(obj)}


def _dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
