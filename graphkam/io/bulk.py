"""Bulk import: a JSON account map into an empty SQLite store, streamed in chunks.

Into a store that holds nothing, the merge (graphkam/editing.py) creates every item of the
file: no stored value to keep, no person to match, no stance or tie to protect. So the rows,
the history and the report are known without reading anything back, and this path writes
them directly, chunk by chunk inside the import's one transaction:

- the file is read a block at a time (graphkam/io/json_stream.py) and each chunk of a section
  validated in one pydantic call, then checked against itself and what earlier chunks wrote
  (`check_map`, the same checks as the merge path); a chunk that does not check waits for the
  next chunk of its section (forward references inside a section);
- new stakeholders get their role suggestions (`created_node`), as the merge gives them;
- rows go in with plain INSERTs (`SqliteStore.insert_rows`): a row that exists is never
  replaced, so a duplicate across chunks fails instead of overwriting;
- each row's JSON is serialised once: the `create` changes of the history are built from that
  text (`CreationLog`), one per subject and account as the audit proxy files them.

At the first thing this path does not handle exactly like the merge path (a YAML or CSV file,
a store that is not empty or not SQLite, bad JSON, a validation problem, a reference to a later
chunk, a duplicate, an id-less record, `on_team` relationships, history in the file), it rolls
back what it wrote (a savepoint) and returns None: the caller then runs the merge path, which
reports problems with their file, line and field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from graphkam.documents import NODE_SECTIONS, RECORD_SECTIONS, AccountMap
from graphkam.editing import created_node, item_label, record_label, relationship_label
from graphkam.errors import ConflictError
from graphkam.history import CreationLog, import_source
from graphkam.io.accountmap import check_size
from graphkam.io.json_stream import NotStreamable, iter_sections
from graphkam.io.locate import Format, format_for_path
from graphkam.merge_report import ItemReport, MergeReport, Outcome
from graphkam.model import RecordKind, RelType
from graphkam.stores.audited import AuditedStore, node_accounts, rel_accounts, rel_subject, unwrap
from graphkam.stores.base import Store
from graphkam.stores.sqlite import SqliteStore
from graphkam.stores.sqlite_rows import RecordRow, node_rows, record_row, rel_row
from graphkam.validation import check_map

__all__ = ["bulk_import", "CHUNK_ITEMS"]

#: Items validated, checked and written together.
CHUNK_ITEMS = 5_000

_RECORD_SECTIONS = frozenset(RECORD_SECTIONS.values())
_CHANGES = RECORD_SECTIONS[RecordKind.CHANGE]


_ITEMS = TypeAdapter(list[ItemReport])
_CREATED = Outcome.CREATED.value


class _Fallback(Exception):
    """Leave this file to the merge path."""


#: A progress line every this many items written (a large file takes minutes).
PROGRESS_EVERY = 100_000


def bulk_import(
    store: Store,
    path: str | Path,
    source: str,
    progress: Callable[[str], None] | None = None,
    every: int = PROGRESS_EVERY,
) -> MergeReport | None:
    """Import the file at `path` by the bulk path, or return None (having written nothing)
    when the merge path must do it (see module docstring). Call it inside a transaction.
    `progress` gets a line each time another `every` items are written."""
    base = unwrap(store)
    if not isinstance(base, SqliteStore) or format_for_path(path) is not Format.JSON:
        return None
    try:
        size = Path(path).stat().st_size
    except OSError:
        return None  # the merge path's reader says what is wrong with the path
    check_size(size, source)
    if not base.is_empty():
        return None
    try:
        with store.transaction():
            bulk = _Bulk(base, isinstance(store, AuditedStore), source)
            bulk.progress, bulk.every = progress, every
            return bulk.run(path)
    except (_Fallback, NotStreamable):
        return None


class _Bulk:
    def __init__(self, store: SqliteStore, audited: bool, source: str) -> None:
        self.store = store
        self.report = MergeReport(source=source)
        self.source = source
        self.progress: Callable[[str], None] | None = None
        self.every = PROGRESS_EVERY
        self.written = 0
        self.log: CreationLog | None = None
        if audited:
            with import_source() as actor:  # as AuditedStore.import_map marks its writes
                self.log = CreationLog(actor, dt.datetime.now(dt.UTC))

    def run(self, path: str | Path) -> MergeReport:
        """Each chunk is checked and written in turn; a chunk that does not check (it may refer
        to items later in its section, as a coach to a colleague listed after) waits and is
        checked again with the next chunk of its section; the merge path takes over if the
        section ends with problems left."""
        waiting: tuple[str, AccountMap] | None = None
        for section, items in iter_sections(path, CHUNK_ITEMS):
            if section not in AccountMap.model_fields or section == _CHANGES:
                raise _Fallback  # an unknown key, or history (refused with its line there)
            if not items:
                continue
            try:
                doc = AccountMap.model_validate({section: items})
            except ValidationError:
                raise _Fallback from None
            if waiting is not None:
                if waiting[0] != section:
                    raise _Fallback
                earlier = getattr(waiting[1], section)
                doc = doc.model_copy(update={section: earlier + getattr(doc, section)})
                waiting = None
            if not self._chunk(doc, section):
                waiting = (section, doc)
            else:
                self._count(len(getattr(doc, section)))
        if waiting is not None:
            raise _Fallback
        return self.report

    def _count(self, items: int) -> None:
        """Count written items; a progress line each time another `every` are written."""
        before, self.written = self.written, self.written + items
        if self.progress is not None and before // self.every != self.written // self.every:
            self.progress(f"{self.source}: {self.written:,} items written")

    def _chunk(self, doc: AccountMap, section: str) -> bool:
        """Check and write one chunk; False (nothing written) when it does not check."""
        if section == "relationships" and any(r.type is RelType.ON_TEAM for r in doc.relationships):
            raise _Fallback  # puts members on teams: a merge of stored team members
        if section in _RECORD_SECTIONS and any(r.id is None for r in getattr(doc, section)):
            raise _Fallback  # content ids are numbered across the whole file
        filled, problems = check_map(doc, self.store.node_refs)
        if problems:
            return False
        try:
            if section in NODE_SECTIONS.values():
                self._nodes(filled, section)
            elif section == "relationships":
                self._relationships(filled)
            else:
                self._records(filled, section)
        except ConflictError:
            raise _Fallback from None  # a duplicate of an earlier chunk
        return True

    def _nodes(self, doc: AccountMap, section: str) -> None:
        nodes = [created_node(n) for n in getattr(doc, section)]
        batch = node_rows(nodes)
        history: list[RecordRow] = []
        if self.log is not None:
            data = {row[0]: row[4] for row in batch.rows}
            for node in nodes:
                for account in sorted(set(node_accounts(node))):
                    history.append(
                        self._change(account, node.node_kind.value, node.id, data[node.id])
                    )
        self.store.insert_rows(nodes=batch, records=history)
        self._created(section, [(n.id, item_label(n)) for n in nodes])

    def _relationships(self, doc: AccountMap) -> None:
        rels = doc.relationships
        rows = [rel_row(r) for r in rels]
        ends = {e for r in rels for e in (r.from_id, r.to_id)}
        history: list[RecordRow] = []
        if self.log is not None:
            refs = self.store.node_refs(ends)
            for rel, row in zip(rels, rows, strict=True):
                for account in rel_accounts(rel, refs):
                    history.append(self._change(account, "relationship", rel_subject(rel), row[3]))
        self.store.insert_rows(rels=rows, records=history)
        names = self.store.node_names(ends)
        label = names.get
        self._created(
            "relationships",
            [(rel_subject(r), relationship_label(r, lambda i: label(i, i))) for r in rels],
        )

    def _records(self, doc: AccountMap, section: str) -> None:
        recs = list(getattr(doc, section))
        rows = [record_row(r) for r in recs]
        history = []
        if self.log is not None:
            history = [self._change(row[2], row[0], row[1], row[4]) for row in rows]
        self.store.insert_rows(records=rows + history)
        self._created(section, [(str(r.id), record_label(r)) for r in recs])

    def _change(self, account: str, kind: str, ident: str, data: str) -> RecordRow:
        """The history row of creating one subject, filed under `account` (its `date` column
        as `record_date` writes a Change's)."""
        assert self.log is not None
        change_id, text = self.log.entry(account, kind, ident, data)
        return (RecordKind.CHANGE.value, change_id, account, self.log.date.isoformat(), text)

    def _created(self, section: str, items: list[tuple[str, str]]) -> None:
        listed = items[: self.report.room]
        self.report.items.extend(
            _ITEMS.validate_python(
                [
                    {"section": section, "id": i, "label": label, "outcome": _CREATED}
                    for i, label in listed
                ]
            )
        )
        self.report.add_omitted(section, Outcome.CREATED, len(items) - len(listed))
