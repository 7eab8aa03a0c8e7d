"""Cross-record checks of an account map: unique ids, endpoints that exist and have the right kinds.

Pydantic checks each record on its own; this module checks the records against each other and
against what a store already holds. Problems carry a `loc` path such as
("relationships", 3, "to") that readers turn into a file line or row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from graphkam.documents import NODE_SECTIONS, RECORD_SECTIONS, AccountMap
from graphkam.errors import Problem
from graphkam.limits import id_problem
from graphkam.model import (
    ENDPOINT_RULES,
    SAME_ACCOUNT_TYPES,
    CompetitorProduct,
    Interaction,
    NodeKind,
    NpsAnswer,
    Record,
    RelType,
)

__all__ = ["NodeRef", "check_map", "Lookup"]

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
    wanted = _referenced_ids(doc) - set(checker.known)
    if wanted:
        checker.known = {**dict(lookup(wanted)), **checker.known}
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

    def check_nodes(self, doc: AccountMap) -> None:
        acct, dept = {NodeKind.ACCOUNT}, {NodeKind.DEPARTMENT}
        for i, a in enumerate(doc.accounts):
            self.need(a.parent, acct, "accounts", i, "parent")
        for i, m in enumerate(doc.team):
            for j, ident in enumerate(m.accounts):
                self.need(ident, acct, "team", i, "accounts", j)
            self.need(m.coach, {NodeKind.TEAM_MEMBER}, "team", i, "coach")
        for i, d in enumerate(doc.departments):
            self.need(d.account, acct, "departments", i, "account")
            self._same_account(d.parent, d.account, dept, "departments", i, "parent")
        for i, s in enumerate(doc.stakeholders):
            self.need(s.account, acct, "stakeholders", i, "account")
            self._same_account(s.department, s.account, dept, "stakeholders", i, "department")

    def _same_account(
        self, ident: str | None, account: str, kinds: set[NodeKind], *loc: str | int
    ) -> None:
        ref = self.need(ident, kinds, *loc)
        if ref is not None and ref[1] != account:
            self.problem(f"'{ident}' belongs to account '{ref[1]}', not '{account}'", *loc)

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
        people, ours, acct = {NodeKind.STAKEHOLDER}, {NodeKind.TEAM_MEMBER}, {NodeKind.ACCOUNT}
        updates: dict[str, list[Record]] = {}
        for section in RECORD_SECTIONS.values():
            filled: list[Record] = []
            for i, rec in enumerate(getattr(doc, section)):
                if isinstance(rec, Interaction):
                    rec = self._interaction_account(rec, i)
                    for j, t in enumerate(rec.team):
                        self.need(t, ours, section, i, "team", j)
                    for j, s in enumerate(rec.stakeholders):
                        self.need(s, people, section, i, "stakeholders", j)
                elif rec.account is None:
                    self.problem("account is required", section, i, "account")
                else:
                    self.need(rec.account, acct, section, i, "account")
                if isinstance(rec, NpsAnswer):
                    self.need(rec.respondent, people, section, i, "respondent")
                if isinstance(rec, CompetitorProduct):
                    self.need(rec.competitor, {NodeKind.COMPETITOR}, section, i, "competitor")
                filled.append(rec.with_id())
            updates[section] = filled
        return doc.model_copy(update=updates)

    def _interaction_account(self, rec: Interaction, i: int) -> Interaction:
        accounts = {self.known[s][1] for s in rec.stakeholders if s in self.known}
        if rec.account is not None:
            self.need(rec.account, {NodeKind.ACCOUNT}, "interactions", i, "account")
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
    ids: set[str] = set()
    for a in doc.accounts:
        ids.update(filter(None, [a.parent]))
    for m in doc.team:
        ids.update(m.accounts)
        ids.update(filter(None, [m.coach]))
    for d in doc.departments:
        ids.update(filter(None, [d.account, d.parent]))
    for s in doc.stakeholders:
        ids.update(filter(None, [s.account, s.department]))
    for r in doc.relationships:
        ids.update((r.from_id, r.to_id))
    for rec in doc.records():
        ids.update(filter(None, [rec.account]))
        ids.update(getattr(rec, "team", []))
        ids.update(getattr(rec, "stakeholders", []))
        ids.update(
            filter(None, [getattr(rec, "respondent", None), getattr(rec, "competitor", None)])
        )
    return ids


def _dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
