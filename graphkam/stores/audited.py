"""An auditing Store proxy: every write leaves `Change` records in the same transaction.

`AuditedStore(inner)` delegates every Store method to `inner`. Each write opens
`inner.transaction()`, reads the before-state of what it touches (batched), performs the write
and appends one Change per subject and account, so a change and its history land together or
not at all. An update that changes nothing writes no Change.

History lives as records of kind `change` filed under an account, so it needs an account to
hang on: team members file under each account they serve; relationships under the accounts of
their ends; third parties and competitors (and edges joining only such nodes) have no account
and are not audited. Deleting an account deletes its history with it (records cascade).
Exports and counts leave the `changes` section out (history is not part of the account map);
subgraphs keep it, for as-of analyses (graphkam/analysis/asof.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from graphkam.documents import NODE_SECTIONS, RECORD_SECTIONS, AccountMap, AccountSubgraph
from graphkam.errors import InvalidInputError, NotFoundError, PermissionDeniedError, Problem
from graphkam.history import (
    RELATIONSHIP_SUBJECT,
    Actor,
    ChangeAction,
    current_actor,
    import_source,
    new_change,
)
from graphkam.model import (
    Change,
    Node,
    NodeKind,
    Record,
    RecordKind,
    Relationship,
    RelType,
    TeamMember,
)
from graphkam.references import Deletion, holder_key
from graphkam.stores.base import CachedResult, ImportSummary, Store
from graphkam.validation import NodeRef

__all__ = ["AuditedStore", "unwrap", "node_accounts", "rel_accounts", "rel_subject"]

#: Up to this many subjects, before-states are read one by one; above it, by account.
_ONE_BY_ONE = 32
_IN_ACCOUNT = (NodeKind.STAKEHOLDER, NodeKind.DEPARTMENT)

RelKey = tuple[str, str, str]


def unwrap(store: Store) -> Store:
    """The store under any audit proxy (for writes that keep their own history, e.g. erase)."""
    while isinstance(store, AuditedStore):
        store = store.inner
    return store


class AuditedStore(Store):
    """A Store that records who changed what (see module docstring)."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.url = inner.url

    def __getattr__(self, name: str) -> Any:
        """Backend extras (path, schema_version, ...) come from the inner store."""
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self.inner.close()

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        return self.inner.transaction()

    def init_schema(self) -> None:
        self.inner.init_schema()

    # -- writes ----------------------------------------------------------------------------
    def upsert_nodes(self, nodes: Sequence[Node]) -> None:
        """Upsert `nodes` and record create/update changes for them."""
        nodes = list(nodes)
        if not nodes:
            return
        actor, now = current_actor(), _now()
        with self.inner.transaction():
            before = self._nodes_before([n.id for n in nodes])
            self.inner.upsert_nodes(nodes)
            changes: list[Change] = []
            for node in nodes:
                old = before.get(node.id)
                before[node.id] = node
                changes += _node_changes(actor, now, old, node)
            self._append(changes)

    def upsert_relationships(self, rels: Sequence[Relationship]) -> None:
        """Upsert `rels` and record create/update changes for those that touch an account."""
        rels = list(rels)
        if not rels:
            return
        actor, now = current_actor(), _now()
        with self.inner.transaction():
            refs = self.inner.node_refs({e for r in rels for e in (r.from_id, r.to_id)})
            before = self._rels_before(rels, refs)
            self.inner.upsert_relationships(rels)
            changes: list[Change] = []
            for rel in rels:
                old = before.get(rel.key)
                before[rel.key] = rel
                changes += _rel_changes(actor, now, refs, old, rel)
            self._append(changes)

    def upsert_records(self, records: Sequence[Record]) -> None:
        """Upsert `records` and record their changes; history itself is written only by
        graphkam (PermissionDeniedError for Change records)."""
        records = list(records)
        if not records:
            return
        forged = [r for r in records if r.record_kind is RecordKind.CHANGE]
        if forged:
            raise PermissionDeniedError(
                f"change '{forged[0].id}' is audit history, which graphkam writes itself: it "
                "cannot be imported or written through an audited store"
            )
        actor, now = current_actor(), _now()
        with self.inner.transaction():
            before = self._records_before(records)
            self.inner.upsert_records(records)
            changes: list[Change] = []
            for rec in records:
                key = (rec.record_kind.value, str(rec.id))
                old = before.get(key)
                before[key] = rec
                if rec.account is not None:
                    changes += _changes(actor, now, [rec.account], old, rec, key[0], key[1])
            self._append(changes)

    def delete_node(self, kind: NodeKind, id: str) -> None:
        """Delete a node and record it, with everything the delete took or changed
        (graphkam/references.py), under the accounts that still exist afterwards (a deleted
        account's history goes with it)."""
        kind = NodeKind(kind)
        actor, now = current_actor(), _now()
        with self.inner.transaction():
            plan = self.inner.plan_delete(kind, id)
            ends = {e for r in plan.relationships for e in (r.from_id, r.to_id)}
            refs = self.inner.node_refs(ends)
            self.inner.delete_node(kind, id)
            self._append(self._deletion_changes(actor, now, plan, refs))

    def _deletion_changes(
        self, actor: Actor, now: dt.datetime, plan: Deletion, refs: Mapping[str, NodeRef]
    ) -> list[Change]:
        holders: list[BaseModel] = [*plan.nodes, *plan.updated_nodes, *plan.records]
        holders += plan.updated_records
        named = {a for h in holders for a in _holder_accounts(h)} | {
            ref[1] for ref in refs.values() if ref[1] is not None
        }
        live = set(self.inner.node_refs(named))
        changes: list[Change] = []
        for node in plan.nodes:
            accounts = [a for a in node_accounts(node) if a in live]
            changes += _changes(actor, now, accounts, node, None, node.node_kind.value, node.id)
        for node in plan.updated_nodes:
            old = plan.before[holder_key(node)]
            accounts = sorted(a for a in {*node_accounts(old), *node_accounts(node)} if a in live)  # type: ignore[arg-type]
            changes += _changes(actor, now, accounts, old, node, node.node_kind.value, node.id)
        for rec in plan.records:
            if rec.record_kind is not RecordKind.CHANGE and rec.account in live:
                changes += _changes(
                    actor, now, [rec.account], rec, None, rec.record_kind.value, str(rec.id)
                )
        for rec in plan.updated_records:
            if rec.account in live:
                old_rec = plan.before[holder_key(rec)]
                changes += _changes(
                    actor, now, [rec.account], old_rec, rec, rec.record_kind.value, str(rec.id)
                )
        live_refs = {k: v for k, v in refs.items() if v[1] in live}
        for rel in plan.relationships:
            changes += _rel_changes(actor, now, live_refs, rel, None)
        return changes

    def plan_delete(self, kind: NodeKind, id: str) -> Deletion:
        return self.inner.plan_delete(kind, id)

    def delete_relationship(self, type: RelType, from_id: str, to_id: str) -> None:
        """Delete one relationship and record it under the accounts of its ends."""
        type = RelType(type)
        probe = Relationship(type=type, from_id=from_id, to_id=to_id)
        actor, now = current_actor(), _now()
        with self.inner.transaction():
            refs = self.inner.node_refs([from_id, to_id])
            old = self._rels_before([probe], refs).get(probe.key)
            self.inner.delete_relationship(type, from_id, to_id)
            self._append(_rel_changes(actor, now, refs, old or probe, None))

    def delete_record(self, kind: RecordKind, id: str) -> None:
        """Delete one record and record it; history itself is append-only here."""
        kind = RecordKind(kind)
        if kind is RecordKind.CHANGE:
            raise PermissionDeniedError(
                f"change '{id}' is audit history: it cannot be deleted through an audited store"
            )
        actor, now = current_actor(), _now()
        with self.inner.transaction():
            old = self.inner.get_record(kind, id)
            self.inner.delete_record(kind, id)
            if old.account is not None:
                self._append(_changes(actor, now, [old.account], old, None, kind.value, id))

    def import_map(self, doc: AccountMap, source: str | None = None) -> ImportSummary:
        """Import as the base store does, with the writes marked as coming from an import;
        a document carrying history (`changes`) is refused."""
        if doc.changes:
            raise InvalidInputError(
                Problem(
                    "history is written by graphkam itself and cannot be imported",
                    source=source,
                    loc=("changes", 0),
                    field="changes[0]",
                )
            )
        with import_source():
            return super().import_map(doc, source)

    # -- reads (history out of exports and counts) --------------------------------------
    def get_node(self, kind: NodeKind, id: str) -> Node:
        return self.inner.get_node(kind, id)

    def node_refs(self, ids: Iterable[str]) -> Mapping[str, NodeRef]:
        return self.inner.node_refs(ids)

    def list_nodes(self, kind: NodeKind, account: str | None = None) -> list[Node]:
        return self.inner.list_nodes(kind, account)

    def list_relationships(
        self, account: str | None = None, type: RelType | None = None
    ) -> list[Relationship]:
        return self.inner.list_relationships(account, type)

    def get_record(self, kind: RecordKind, id: str) -> Record:
        return self.inner.get_record(kind, id)

    def list_records(self, kind: RecordKind, account: str | None = None) -> list[Record]:
        return self.inner.list_records(kind, account)

    def account_subgraph(self, account_id: str) -> AccountSubgraph:
        """The subgraph with its history: as-of analyses rewind stakeholders with it."""
        return self.inner.account_subgraph(account_id)

    def iter_subgraphs(
        self, batch_size: int = 200, account_ids: Sequence[str] | None = None
    ) -> Iterator[AccountSubgraph]:
        return self.inner.iter_subgraphs(batch_size, account_ids)

    # -- versions and the analysis cache: derived data, never audited ----------------------
    def account_versions(self, account_ids: Sequence[str] | None = None) -> dict[str, str]:
        return self.inner.account_versions(account_ids)

    def read_cache(self, key: str, account_ids: Sequence[str]) -> dict[str, CachedResult]:
        return self.inner.read_cache(key, account_ids)

    def write_cache(self, key: str, results: Sequence[CachedResult]) -> None:
        self.inner.write_cache(key, results)

    def clear_cache(self) -> None:
        self.inner.clear_cache()

    def counts(self) -> dict[str, int]:
        out = dict(self.inner.counts())
        out.pop(RECORD_SECTIONS[RecordKind.CHANGE], None)
        return out

    def export_map(self) -> AccountMap:
        """Everything in the store except its history, as one account map."""
        data: dict[str, list[object]] = {}
        for kind, section in NODE_SECTIONS.items():
            data[section] = list(self.inner.list_nodes(kind))
        data["relationships"] = list(self.inner.list_relationships())
        for rkind, section in RECORD_SECTIONS.items():
            if rkind is not RecordKind.CHANGE:
                data[section] = list(self.inner.list_records(rkind))
        return AccountMap.model_validate(data)

    # -- before-states ---------------------------------------------------------------------
    def _nodes_before(self, ids: list[str]) -> dict[str, Node]:
        """The stored nodes among `ids` (read one by one when few, by kind/account when many)."""
        refs = self.inner.node_refs(ids)
        found: dict[str, Node] = {}
        if len(refs) <= _ONE_BY_ONE:
            for ident, (kind, _account) in refs.items():
                with contextlib.suppress(NotFoundError):
                    found[ident] = self.inner.get_node(kind, ident)
            return found
        groups: set[tuple[NodeKind, str | None]] = set()
        for kind, account in refs.values():
            groups.add((kind, account if kind in _IN_ACCOUNT else None))
        for kind, account in sorted(groups, key=lambda g: (g[0].value, g[1] or "")):
            for node in self.inner.list_nodes(kind, account):
                if node.id in refs:
                    found[node.id] = node
        return found

    def _rels_before(
        self, rels: list[Relationship], refs: Mapping[str, NodeRef]
    ) -> dict[RelKey, Relationship]:
        """The stored relationships among `rels`, read from the subgraphs of their accounts
        (relationships joining no account: from all relationships of their type)."""
        keys = {r.key for r in rels}
        by_keys = getattr(self.inner, "relationships_by_keys", None)
        if callable(by_keys):  # a backend that reads them by key (SqliteStore)
            found_by_key: dict[RelKey, Relationship] = by_keys(keys)
            return found_by_key
        accounts: set[str] = set()
        loose: set[RelType] = set()
        for rel in rels:
            ends = rel_accounts(rel, refs)
            accounts.update(ends)
            if not ends:
                loose.add(rel.type)
        found: dict[RelKey, Relationship] = {}
        if accounts:
            for sub in self.inner.iter_subgraphs(account_ids=sorted(accounts)):
                found.update({r.key: r for r in sub.relationships if r.key in keys})
        for type_ in sorted(loose):
            found.update(
                {r.key: r for r in self.inner.list_relationships(type=type_) if r.key in keys}
            )
        return found

    def _records_before(self, records: list[Record]) -> dict[tuple[str, str], Record]:
        """The stored records among `records` (one by one when few, by kind/account when many)."""
        keys = {(r.record_kind.value, str(r.id)) for r in records}
        found: dict[tuple[str, str], Record] = {}
        if len(keys) <= _ONE_BY_ONE:
            for kind, ident in sorted(keys):
                with contextlib.suppress(NotFoundError):
                    found[(kind, ident)] = self.inner.get_record(RecordKind(kind), ident)
            return found
        groups = {(r.record_kind, r.account) for r in records}
        known = self.inner.node_refs({a for _, a in groups if a is not None})
        for kind, account in sorted(groups, key=lambda g: (g[0].value, g[1] or "")):
            if account is None or account not in known:
                continue
            for rec in self.inner.list_records(kind, account):
                key = (kind.value, str(rec.id))
                if key in keys:
                    found[key] = rec
        return found

    def _append(self, changes: list[Change]) -> None:
        if changes:
            self.inner.upsert_records(changes)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _holder_accounts(obj: BaseModel) -> list[str]:
    """The accounts a node's or record's history is filed under."""
    if hasattr(obj, "record_kind"):
        account = getattr(obj, "account", None)
        return [account] if account else []
    return node_accounts(obj)  # type: ignore[arg-type]


def node_accounts(node: Node | None) -> list[str]:
    """The accounts a node's history is filed under."""
    if node is None:
        return []
    if isinstance(node, TeamMember):
        return list(node.accounts)
    if node.node_kind is NodeKind.ACCOUNT:
        return [node.id]
    account = getattr(node, "account", None)
    return [account] if isinstance(account, str) else []


def rel_accounts(rel: Relationship, refs: Mapping[str, NodeRef]) -> list[str]:
    """The accounts of a relationship's ends (an account end counts as its own)."""
    out = []
    for end in (rel.from_id, rel.to_id):
        ref = refs.get(end)
        if ref is not None and ref[1] is not None and ref[1] not in out:
            out.append(ref[1])
    return out


def _node_changes(actor: Actor, now: dt.datetime, old: Node | None, new: Node) -> list[Change]:
    accounts = sorted(set(node_accounts(old)) | set(node_accounts(new)))
    return _changes(actor, now, accounts, old, new, new.node_kind.value, new.id)


def _rel_changes(
    actor: Actor,
    now: dt.datetime,
    refs: Mapping[str, NodeRef],
    old: Relationship | None,
    new: Relationship | None,
) -> list[Change]:
    rel = new or old
    assert rel is not None
    subject = rel_subject(rel)
    accounts = rel_accounts(rel, refs)
    return _changes(actor, now, accounts, old, new, RELATIONSHIP_SUBJECT, subject)


def rel_subject(rel: Relationship) -> str:
    """A relationship's `subject_id` in the history (and its id in import reports)."""
    return f"{rel.type.value}:{rel.from_id}->{rel.to_id}"


def _changes(
    actor: Actor,
    now: dt.datetime,
    accounts: list[str],
    old: BaseModel | None,
    new: BaseModel | None,
    subject_kind: str,
    subject_id: str,
) -> list[Change]:
    """One Change per account for old -> new; none when nothing differs."""
    if not accounts:
        return []
    before = old.model_dump(mode="json", by_alias=True, exclude_none=True) if old else None
    after = new.model_dump(mode="json", by_alias=True, exclude_none=True) if new else None
    if before is not None and after is not None:
        if before == after:
            return []
        action = ChangeAction.UPDATE
    else:
        action = ChangeAction.CREATE if old is None else ChangeAction.DELETE
    return [
        new_change(
            account=account,
            date=now,
            actor=actor,
            action=action,
            subject_kind=subject_kind,
            subject_id=subject_id,
            before=before,
            after=after,
        )
        for account in dict.fromkeys(accounts)
    ]
