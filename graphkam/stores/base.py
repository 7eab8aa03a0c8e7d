"""The `Store` contract every backend implements (SQLite, Neo4j).

A store holds nodes (keyed by id, one namespace for all kinds), relationships (keyed by
`Relationship.key`) and dated records (keyed by kind and id). Writes happen inside
`transaction()`, which nests; a failure anywhere inside the outermost block leaves the store
as it was.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import TracebackType

from pydantic import BaseModel

from graphkam.documents import NODE_SECTIONS, RECORD_SECTIONS, AccountMap, AccountSubgraph
from graphkam.errors import InvalidInputError
from graphkam.model import Node, NodeKind, Record, RecordKind, Relationship, RelType
from graphkam.references import Deletion, Holder, plan_deletion
from graphkam.validation import NodeRef, check_map

__all__ = ["Store", "ImportSummary", "CachedResult"]


class ImportSummary(BaseModel):
    """What an import wrote, by section."""

    source: str | None = None
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclasses.dataclass(frozen=True, slots=True)
class CachedResult:
    """One account's derived result under a cache key: the account version it was computed
    from (`Store.account_versions`) and its JSON payload."""

    account: str
    version: str
    payload: str


class Store:
    """Base class: documents the contract; backends override every method that raises.

    Methods that read take no `as_of`: a store returns what it holds now; analyses filter by date.
    """

    url: str = ""

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Release connections. Idempotent."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """A block whose writes all land or none do. Nested blocks join the outer one."""
        raise NotImplementedError

    def init_schema(self) -> None:
        """Create tables/constraints/indexes if missing. Idempotent; called on open."""
        raise NotImplementedError

    # -- writes ----------------------------------------------------------------------------
    def upsert_nodes(self, nodes: Sequence[Node]) -> None:
        """Insert or replace nodes by id. Callers validate references first (see import_map)."""
        raise NotImplementedError

    def upsert_relationships(self, rels: Sequence[Relationship]) -> None:
        """Insert or replace relationships by key (type, from, to; symmetric types unordered)."""
        raise NotImplementedError

    def upsert_records(self, records: Sequence[Record]) -> None:
        """Insert or replace records by (kind, id); each record must have its id and account."""
        raise NotImplementedError

    def delete_node(self, kind: NodeKind, id: str) -> None:
        """Delete a node and follow graphkam/references.py for everything pointing at it:
        relationships and an account's people, departments and records go with it, other
        holders are updated (a field cleared, the id dropped from a list, a visit left with
        nobody on one side deleted). NotFoundError if absent. Returns nothing; see
        `plan_delete` for what it will do."""
        kind = NodeKind(kind)
        with self.transaction():
            self._apply_deletion(self.plan_delete(kind, id))

    def plan_delete(self, kind: NodeKind, id: str) -> Deletion:
        """What `delete_node(kind, id)` deletes and updates (reads only). NotFoundError if
        there is no such node."""
        node = self.get_node(NodeKind(kind), id)
        return plan_deletion(node, self._holders)

    def _holders(self, ids: set[str]) -> Iterable[Holder]:
        """Nodes, relationships and records that may refer to any of `ids` by a field of
        REFERENCES (a superset is fine: plan_deletion checks each against the table)."""
        raise NotImplementedError

    def _apply_deletion(self, plan: Deletion) -> None:
        """Write a plan inside the open transaction: the updated holders first (so nothing
        refers to what goes), then the removals."""
        if plan.updated_nodes:
            self.upsert_nodes(plan.updated_nodes)
        if plan.updated_records:
            self.upsert_records(plan.updated_records)
        self._remove(plan)

    def _remove(self, plan: Deletion) -> None:
        """Delete the plan's records, relationships and nodes."""
        raise NotImplementedError

    def delete_relationship(self, type: RelType, from_id: str, to_id: str) -> None:
        """Delete one relationship. NotFoundError if absent."""
        raise NotImplementedError

    def delete_record(self, kind: RecordKind, id: str) -> None:
        """Delete one record. NotFoundError if absent."""
        raise NotImplementedError

    # -- reads -----------------------------------------------------------------------------
    def get_node(self, kind: NodeKind, id: str) -> Node:
        """The node of that kind and id; NotFoundError if there is none."""
        raise NotImplementedError

    def node_refs(self, ids: Iterable[str]) -> Mapping[str, NodeRef]:
        """(kind, account) for each of `ids` that exists; unknown ids are left out."""
        raise NotImplementedError

    def list_nodes(self, kind: NodeKind, account: str | None = None) -> list[Node]:
        """Nodes of a kind sorted by id; with `account`, only that account's (for team
        members: those on its team)."""
        raise NotImplementedError

    def list_relationships(
        self, account: str | None = None, type: RelType | None = None
    ) -> list[Relationship]:
        """Relationships sorted by key; with `account`, those in its subgraph."""
        raise NotImplementedError

    def get_record(self, kind: RecordKind, id: str) -> Record:
        raise NotImplementedError

    def list_records(self, kind: RecordKind, account: str | None = None) -> list[Record]:
        """Records of a kind sorted by (date, id); with `account`, only that account's."""
        raise NotImplementedError

    def account_subgraph(self, account_id: str) -> AccountSubgraph:
        """One account's whole subgraph (see AccountSubgraph), every list sorted as in list_*.
        NotFoundError if the account does not exist."""
        return self._subgraphs([account_id])[0]

    def iter_subgraphs(
        self, batch_size: int = 200, account_ids: Sequence[str] | None = None
    ) -> Iterator[AccountSubgraph]:
        """Every account's subgraph (or those of `account_ids`) in id order, fetched
        `batch_size` accounts at a time so memory stays bounded by the batch."""
        if batch_size < 1:
            raise InvalidInputError(f"batch_size must be at least 1, not {batch_size}")
        ids = self._account_ids() if account_ids is None else sorted(set(account_ids))
        for start in range(0, len(ids), batch_size):
            yield from self._subgraphs(ids[start : start + batch_size])

    def _subgraphs(self, account_ids: list[str]) -> list[AccountSubgraph]:
        """The subgraphs of `account_ids`, in that order, from one batch of queries."""
        raise NotImplementedError

    def _account_ids(self) -> list[str]:
        """Every account id, sorted."""
        raise NotImplementedError

    def counts(self) -> dict[str, int]:
        """Rows held, by section name of the account map (accounts, stakeholders, ...)."""
        raise NotImplementedError

    # -- versions and the analysis cache ----------------------------------------------------
    def account_versions(self, account_ids: Sequence[str] | None = None) -> dict[str, str]:
        """Each existing account's version token (all accounts when `account_ids` is None;
        unknown ids are left out). A token changes with every write that can change what the
        account's analyses see, by one rule: a write to a stakeholder or department, to a
        relationship with one of them at an end, or to a record filed under the account,
        changes that account's token; a write to any other node (accounts, team members, third
        parties, competitors) or to a relationship joining only such nodes changes every
        account's token (they are shared: a parent account, a team member or a third party
        shows in many accounts' analyses). Deletes count as writes. Tokens are opaque strings;
        compare them for equality only."""
        raise NotImplementedError

    def read_cache(self, key: str, account_ids: Sequence[str]) -> dict[str, CachedResult]:
        """The results cached under `key` for those of `account_ids` whose cached version is
        still the account's current one (the store compares, so a stale result is never
        returned); accounts without a fresh entry are left out."""
        raise NotImplementedError

    def write_cache(self, key: str, results: Sequence[CachedResult]) -> None:
        """Keep derived results under `key`, replacing older ones. Cached results are not user
        data: writing them records no history and changes no version; deleting an account
        deletes its cached results."""
        raise NotImplementedError

    def clear_cache(self) -> None:
        """Drop every cached result (never anything a user stored)."""
        raise NotImplementedError

    # -- documents (shared by every backend) ------------------------------------------------
    def import_map(self, doc: AccountMap, source: str | None = None) -> ImportSummary:
        """Validate `doc` against itself and the store, then write it all in one transaction.

        Raises InvalidInputError listing every problem (with `loc` paths) and writes nothing.
        """
        filled, problems = check_map(doc, self.node_refs)
        if problems:
            raise InvalidInputError([dataclasses.replace(p, source=source) for p in problems])
        with self.transaction():
            self.upsert_nodes(list(filled.nodes()))
            self.upsert_relationships(filled.relationships)
            self.upsert_records(list(filled.records()))
        counts = {s: len(getattr(filled, s)) for s in AccountMap.model_fields}
        return ImportSummary(source=source, counts={k: v for k, v in counts.items() if v})

    def export_map(self) -> AccountMap:
        """Everything in the store as one account map, in a stable order."""
        data: dict[str, list[object]] = {}
        for kind, section in NODE_SECTIONS.items():
            data[section] = list(self.list_nodes(kind))
        data["relationships"] = list(self.list_relationships())
        for rkind, section in RECORD_SECTIONS.items():
            data[section] = list(self.list_records(rkind))
        return AccountMap.model_validate(data)
