"""Merge semantics: one implementation for every import format, edits and API updates.

`merge_map(store, doc)` reads what is stored, merges `doc` into it and returns the full
objects to write plus a report; `apply_map` writes them through the (audited) store, so the
history records every change with its source. The rules:

- a field the input does not set (an absent column, an empty cell, a missing YAML key) keeps
  its stored value (pydantic's `model_fields_set` tells what the input set);
- clearing is explicit: `null` in YAML/JSON, a cell `-` or `(clear)` in CSV, or an empty list;
- list fields are merged as sets: `roles`, `emails`, `external_ids`, a team member's
  `accounts` and a competitor's `products` gain the input's values and keep the stored ones;
- a stance last set by a visit or an edit (history source `cli` or `api`) is kept against an
  import, and a relationship whose stored `last_contact` is later than the input's keeps its
  strength and last contact; `overwrite=True` lifts both protections;
- people of a CSV without an id column are matched to stored people of the same account by
  external CRM id, else email, else name (several name matches are an error listing them);
- an `on_team` relationship puts the member on the account's team (`TeamMember.accounts`);
- id-less records get a content-derived id, numbered when a file holds identical ones.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel

from graphkam.documents import NODE_SECTIONS, RECORD_SECTIONS, AccountMap
from graphkam.errors import InvalidInputError, NotFoundError, Problem
from graphkam.identity import match_person
from graphkam.merge_report import FieldChange, ItemReport, KeptField, MergeReport, Outcome
from graphkam.model import (
    Change,
    ChangeSource,
    Node,
    NodeKind,
    Record,
    RecordKind,
    Relationship,
    RelType,
    Stakeholder,
    TeamMember,
)
from graphkam.stores.base import Store
from graphkam.titles import suggest_roles
from graphkam.validation import check_map

__all__ = [
    "Outcome",
    "FieldChange",
    "KeptField",
    "ItemReport",
    "MergeReport",
    "merge_map",
    "apply_map",
    "merge_fields",
    "created_node",
    "item_label",
    "record_label",
    "relationship_label",
    "UNION_FIELDS",
]

#: List fields merged as sets (stored values kept, the input's added).
UNION_FIELDS = frozenset({"roles", "emails", "external_ids", "accounts", "products"})


def merge_map(
    store: Store,
    doc: AccountMap,
    *,
    source: str | None = None,
    overwrite: bool = False,
    derived_ids: Iterable[str] = (),
) -> tuple[AccountMap, MergeReport, list[Problem]]:
    """Merge `doc` into what `store` holds (see module docstring).

    Returns the document to write (only created or changed items, each a full object), the
    report, and problems with `loc` paths into `doc` (nothing may be written when there are
    any).
    """
    merger = _Merger(store, overwrite, source)
    doc = merger.match_people(doc, set(derived_ids))
    doc = merger.number_records(doc)
    _filled, problems = check_map(doc, store.node_refs)
    problems = merger.problems + problems
    if problems:
        return AccountMap(), MergeReport(source=source), problems
    out = merger.merge(doc)
    return out, merger.report, []


def apply_map(
    store: Store,
    doc: AccountMap,
    *,
    source: str | None = None,
    overwrite: bool = False,
    derived_ids: Iterable[str] = (),
) -> MergeReport:
    """Merge `doc` and write the result through `store` in one transaction; InvalidInputError
    (with `loc` paths into `doc`) and nothing written on any problem."""
    with store.transaction():
        out, report, problems = merge_map(
            store, doc, source=source, overwrite=overwrite, derived_ids=derived_ids
        )
        if problems:
            raise InvalidInputError([dataclasses.replace(p, source=source) for p in problems])
        if out.row_count():
            store.import_map(out, source=source)
    return report


def merge_fields(stored: BaseModel, incoming: BaseModel) -> BaseModel:
    """`stored` with the fields `incoming` set: lists in UNION_FIELDS merged (an empty list
    clears), everything else replaced (None clears)."""
    data = stored.model_dump(by_alias=False)
    for name in incoming.model_fields_set:
        value = getattr(incoming, name)
        if name in UNION_FIELDS and value:
            old = data.get(name) or []
            data[name] = list(dict.fromkeys([*old, *_plain(value)]))
        else:
            data[name] = _plain(value)
    return type(stored).model_validate(data)


# -- the merger ---------------------------------------------------------------------------------


class _Merger:
    def __init__(self, store: Store, overwrite: bool, source: str | None) -> None:
        self.store, self.overwrite = store, overwrite
        self.report = MergeReport(source=source)
        self.problems: list[Problem] = []
        self._people: dict[str, list[Stakeholder]] = {}
        self._history: dict[str, list[Change]] = {}
        self._names: dict[str, str] = {}
        #: Ids of the input's nodes that the store holds (one batch lookup; others are new).
        self._stored: set[str] = set()

    # identity ----------------------------------------------------------------------------
    def match_people(self, doc: AccountMap, derived: set[str]) -> AccountMap:
        """Give incoming people the id of the stored person they are (see module doc)."""
        remap: dict[str, str] = {}
        stored_ids = set(self.store.node_refs([s.id for s in doc.stakeholders]))
        people = []
        for i, person in enumerate(doc.stakeholders):
            if person.id not in stored_ids:
                match = self._match(person, person.id in derived, i)
                if match is not None and match != person.id:
                    remap[person.id] = match
                    person = person.model_copy(update={"id": match})
            people.append(person)
        if not remap:
            return doc
        rels = [
            r.model_copy(
                update={
                    "from_id": remap.get(r.from_id, r.from_id),
                    "to_id": remap.get(r.to_id, r.to_id),
                }
            )
            for r in doc.relationships
        ]
        visits = [
            v.model_copy(update={"stakeholders": [remap.get(s, s) for s in v.stakeholders]})
            for v in doc.interactions
        ]
        return doc.model_copy(
            update={"stakeholders": people, "relationships": rels, "interactions": visits}
        )

    def _match(self, person: Stakeholder, by_name: bool, index: int) -> str | None:
        try:
            return match_person(person, self._stakeholders(person.account), by_name)
        except InvalidInputError as exc:
            loc = ("stakeholders", index, "name")
            self.problems.append(
                Problem(exc.problems[0].message, field=f"stakeholders[{index}].name", loc=loc)
            )
            return None

    def _stakeholders(self, account: str) -> list[Stakeholder]:
        if account not in self._people:
            found = self.store.list_nodes(NodeKind.STAKEHOLDER, account)
            self._people[account] = [s for s in found if isinstance(s, Stakeholder)]
        return self._people[account]

    # records -------------------------------------------------------------------------------
    def number_records(self, doc: AccountMap) -> AccountMap:
        """Content ids for id-less records; the n-th identical record of the input gets `-n`,
        so two identical visits in one file stay two visits and a re-import matches them."""
        updates: dict[str, list[Record]] = {}
        for section in RECORD_SECTIONS.values():
            seen: dict[str, int] = {}
            out: list[Record] = []
            for rec in getattr(doc, section):
                if rec.id is None:
                    ident = str(rec.with_id().id)
                    n = seen.get(ident, 0)
                    seen[ident] = n + 1
                    rec = rec.model_copy(update={"id": ident if n == 0 else f"{ident}-{n + 1}"})
                out.append(rec)
            updates[section] = out
        return doc.model_copy(update=updates)

    # merging ----------------------------------------------------------------------------
    def merge(self, doc: AccountMap) -> AccountMap:
        out: dict[str, list[Any]] = {s: [] for s in AccountMap.model_fields}
        self._names = {n.id: n.name for n in doc.nodes()}
        self._stored = set(self.store.node_refs(list(self._names)))
        team_adds = self._team_additions(doc)
        members = {m.id for m in doc.team}
        for kind, section in NODE_SECTIONS.items():
            for node in getattr(doc, section):
                if isinstance(node, TeamMember) and node.id in team_adds:
                    node = _with_accounts(node, team_adds.pop(node.id))
                merged = self._node(kind, section, node)
                if merged is not None:
                    out[section].append(merged)
        for member_id, accounts in team_adds.items():  # on_team rows for stored members
            assert member_id not in members
            try:
                stored = self.store.get_node(NodeKind.TEAM_MEMBER, member_id)
            except NotFoundError:
                continue  # check_map has reported the unknown id
            assert isinstance(stored, TeamMember)
            joined = list(dict.fromkeys([*stored.accounts, *accounts]))
            merged = stored.model_copy(update={"accounts": joined})
            if self._outcome("team", member_id, item_label(stored), stored, merged, []) is not None:
                out["team"].append(merged)
        stored_rels = self._stored_relationships(doc.relationships)
        for rel in doc.relationships:
            if rel.type is RelType.ON_TEAM:
                continue
            merged_rel = self._relationship(rel, stored_rels.get(rel.key))
            if merged_rel is not None:
                out["relationships"].append(merged_rel)
        for rkind, section in RECORD_SECTIONS.items():
            for rec in getattr(doc, section):
                merged_rec = self._record(rkind, section, rec)
                if merged_rec is not None:
                    out[section].append(merged_rec)
        return AccountMap.model_validate(out)

    def _team_additions(self, doc: AccountMap) -> dict[str, list[str]]:
        adds: dict[str, list[str]] = {}
        for rel in doc.relationships:
            if rel.type is RelType.ON_TEAM:
                adds.setdefault(rel.from_id, []).append(rel.to_id)
        return adds

    def _node(self, kind: NodeKind, section: str, node: Node) -> Node | None:
        stored = None
        if node.id in self._stored:
            with contextlib.suppress(NotFoundError):
                stored = self.store.get_node(kind, node.id)
        if stored is None:
            node = created_node(node)
            self._add(section, node.id, item_label(node), Outcome.CREATED, None, node)
            return node
        merged = merge_fields(stored, node)
        kept: list[KeptField] = []
        if isinstance(merged, Stakeholder) and isinstance(stored, Stakeholder):
            merged = self._protect_stance(stored, merged, kept)
            if merged.title != stored.title or (merged.roles and not stored.roles):
                merged = _suggest(merged, keep_given=False)
        return self._outcome(section, node.id, item_label(merged), stored, merged, kept)  # type: ignore[return-value]

    def _protect_stance(
        self, stored: Stakeholder, merged: Stakeholder, kept: list[KeptField]
    ) -> Stakeholder:
        if self.overwrite or merged.stance is stored.stance:
            return merged
        last = self._last_stance_change(stored)
        if last is None or last.source is ChangeSource.IMPORT:
            return merged
        how = "a visit or edit" if last.source is ChangeSource.CLI else "the API"
        kept.append(
            KeptField(
                field="stance",
                stored=stored.stance.value,
                offered=merged.stance.value,
                reason=f"set by {how} on {last.date.date()}; use --overwrite to replace it",
            )
        )
        return merged.model_copy(update={"stance": stored.stance})

    def _last_stance_change(self, person: Stakeholder) -> Change | None:
        if person.account not in self._history:
            found = self.store.list_records(RecordKind.CHANGE, person.account)
            self._history[person.account] = [c for c in found if isinstance(c, Change)]
        hits = [
            c
            for c in self._history[person.account]
            if c.subject_id == person.id and "stance" in c.fields
        ]
        return max(hits, key=lambda c: (c.date, str(c.id)), default=None)

    def _stored_relationships(self, rels: list[Relationship]) -> dict[Any, Relationship]:
        found: dict[Any, Relationship] = {}
        for type_ in sorted({r.type for r in rels if r.type is not RelType.ON_TEAM}):
            found.update({r.key: r for r in self.store.list_relationships(type=type_)})
        return found

    def _relationship(self, rel: Relationship, stored: Relationship | None) -> Relationship | None:
        label = relationship_label(rel, self._name)
        ident = f"{rel.type.value}:{rel.from_id}->{rel.to_id}"
        if stored is None:
            self._add("relationships", ident, label, Outcome.CREATED, None, rel)
            return rel
        merged = merge_fields(stored, rel)
        assert isinstance(merged, Relationship)
        kept: list[KeptField] = []
        newer = stored.last_contact is not None and (
            merged.last_contact is None
            or ("last_contact" in rel.model_fields_set and rel.last_contact is not None
                and rel.last_contact < stored.last_contact)
        )  # fmt: skip
        if newer and not self.overwrite:
            for name in ("strength", "last_contact"):
                if getattr(merged, name) != getattr(stored, name):
                    kept.append(
                        KeptField(
                            field=name,
                            stored=_plain(getattr(stored, name)),
                            offered=_plain(getattr(merged, name)),
                            reason=f"last contact {stored.last_contact} is newer than the file's; "
                            "use --overwrite to replace it",
                        )
                    )
            merged = merged.model_copy(
                update={"strength": stored.strength, "last_contact": stored.last_contact}
            )
        return self._outcome("relationships", ident, label, stored, merged, kept)  # type: ignore[return-value]

    def _record(self, kind: RecordKind, section: str, rec: Record) -> Record | None:
        label = record_label(rec)
        try:
            stored = self.store.get_record(kind, str(rec.id))
        except NotFoundError:
            self._add(section, str(rec.id), label, Outcome.CREATED, None, rec)
            return rec
        merged = merge_fields(stored, rec)
        return self._outcome(section, str(rec.id), label, stored, merged, [])  # type: ignore[return-value]

    def _outcome(
        self,
        section: str,
        ident: str,
        label: str,
        stored: BaseModel,
        merged: BaseModel,
        kept: list[KeptField],
    ) -> BaseModel | None:
        before = stored.model_dump(mode="json", by_alias=True)
        after = merged.model_dump(mode="json", by_alias=True)
        if before == after:
            self._add(section, ident, label, Outcome.UNCHANGED, stored, merged, kept)
            return None
        self._add(section, ident, label, Outcome.CHANGED, stored, merged, kept)
        return merged

    def _add(
        self,
        section: str,
        ident: str,
        label: str,
        outcome: Outcome,
        before: BaseModel | None,
        after: BaseModel,
        kept: list[KeptField] | None = None,
    ) -> None:
        changes = []
        if outcome is Outcome.CHANGED and before is not None:
            old = before.model_dump(mode="json", by_alias=True)
            new = after.model_dump(mode="json", by_alias=True)
            for key in new:
                if old.get(key) != new[key] and key != "notes":
                    change = FieldChange(field=key, before=old.get(key), after=new[key])
                    if key in _REF_FIELDS:
                        change.shown_before = self._shown(change.before)
                        change.shown_after = self._shown(change.after)
                    changes.append(change)
                elif key == "notes" and old.get(key) != new[key]:
                    changes.append(FieldChange(field=key, before="[notes]", after="[notes]"))
        self.report.items.append(
            ItemReport(
                section=section,
                id=ident,
                label=label,
                outcome=outcome,
                changes=changes,
                kept=kept or [],
            )
        )

    def _shown(self, ident: Any) -> str | None:
        return f"{self._name(ident)} ({ident})" if isinstance(ident, str) else None

    def _name(self, ident: str) -> str:
        if ident in self._names:
            return self._names[ident]
        ref = self.store.node_refs([ident]).get(ident)
        if ref is None:
            return ident
        with contextlib.suppress(NotFoundError):
            return self.store.get_node(ref[0], ident).name
        return ident


#: Fields whose value is a node id: reports show the node's name beside it.
_REF_FIELDS = frozenset({"department", "account", "parent", "coach"})


def created_node(node: Node) -> Node:
    """A node as an import creates it: a new stakeholder gets role suggestions from the title."""
    return _suggest(node, keep_given=True) if isinstance(node, Stakeholder) else node


def _suggest(person: Stakeholder, keep_given: bool) -> Stakeholder:
    """Role suggestions from the title for a person without roles (graphkam/titles.py); none
    once the person has roles. Computed only when the title or roles change, so a rejected
    suggestion does not come back on the next import."""
    if person.roles or not person.title:
        return person if not person.suggested_roles else _set(person, suggested_roles=[])
    if keep_given and "suggested_roles" in person.model_fields_set:
        return person
    return _set(person, suggested_roles=suggest_roles(person.title))


def _set(person: Stakeholder, **update: Any) -> Stakeholder:
    fields = set(person.model_fields_set) | set(update)
    return Stakeholder.model_construct(_fields_set=fields, **{**person.__dict__, **update})


def _with_accounts(member: TeamMember, accounts: list[str]) -> TeamMember:
    merged = list(dict.fromkeys([*member.accounts, *accounts]))
    fields = set(member.model_fields_set) | {"accounts"}
    return TeamMember.model_construct(_fields_set=fields, **{**member.__dict__, "accounts": merged})


def record_label(rec: Record) -> str:
    """How reports name a record: its id and date."""
    date = getattr(rec, "date", None)
    return f"{rec.id} ({date})" if date is not None else str(rec.id)


def relationship_label(rel: Relationship, name: Callable[[str], str]) -> str:
    """How reports name a relationship: its ends' names (`name` of an id) and its type."""
    return f"{name(rel.from_id)} {rel.type.value} {name(rel.to_id)}"


def item_label(node: BaseModel) -> str:
    """How reports name a node: Name (id)."""
    name = getattr(node, "name", None)
    ident = getattr(node, "id", "")
    return f"{name} ({ident})" if name else str(ident)


def _plain(value: Any) -> Any:
    """Model values as plain data for model_validate (enums and nested models included)."""
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
