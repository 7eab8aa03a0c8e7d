"""Account versions and the analysis cache of the Neo4j store, kept in the graph (layout 3).

The rule is the Store contract's (graphkam/stores/base.py, `account_versions`); here is how the
graph holds it:

- every `:Account` carries `version`, raised by one in the same transaction as any write to its
  stakeholders or departments, to a relationship with one of them at an end, or to a record
  filed `AT` it (`bump_account_versions.cypher`, one statement per batch);
- one `(:GraphkamVersion {name: 'graphkam', shared})` holds the shared version, raised by a
  write to any other node (account, team member, third party, competitor) or to an edge joining
  only such nodes (`bump_shared_version.cypher`);
- an account's token is `"<version>.<shared>"`, computed in Cypher (`account_versions.cypher`),
  so it changes when either number does and never repeats (both only grow);
- a cached result is `(:CachedResult {key, version, payload})-[:CACHED_FOR]->(:Account)`, one
  per (key, account); `read_cache.cypher` returns it only while its `version` equals the
  account's token, and deleting the account deletes it.

Cached results and versions are graphkam's bookkeeping, not user data: they carry neither the
`Node` nor the `Record` label, so no export, count or cookbook query sees them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from graphkam.model import NodeKind
from graphkam.stores.base import CachedResult
from graphkam.stores.cypher_loader import CypherQueries
from graphkam.stores.neo4j_reads import Tx, run
from graphkam.validation import NodeRef

__all__ = [
    "OWN_KINDS",
    "VersionBumps",
    "read_versions",
    "read_cached",
    "write_cached",
]

#: Node kinds that belong to one account: a write to them changes only that account's token.
OWN_KINDS = frozenset({NodeKind.STAKEHOLDER, NodeKind.DEPARTMENT})


@dataclasses.dataclass
class VersionBumps:
    """The versions one write batch raises: the accounts' own, and whether the shared one."""

    accounts: set[str] = dataclasses.field(default_factory=set)
    shared: bool = False

    def node(self, kind: NodeKind, accounts: Iterable[str | None]) -> None:
        """A write to a node of `kind`; `accounts`: where it was and where it goes (a person
        moving between accounts changes both)."""
        if kind in OWN_KINDS:
            self.accounts.update(a for a in accounts if a)
        else:
            self.shared = True

    def relationship(self, ends: Sequence[NodeRef | None]) -> None:
        """A write to an edge whose ends are `ends` (None: an end no longer stored): the
        accounts of its stakeholder/department ends, else (no such end) the shared version."""
        own = {ref[1] for ref in ends if ref is not None and ref[0] in OWN_KINDS and ref[1]}
        if own:
            self.accounts.update(a for a in own if a)
        else:
            self.shared = True

    def record(self, accounts: Iterable[str | None]) -> None:
        """A write to a record filed under `accounts` (its stored and its new account)."""
        self.accounts.update(a for a in accounts if a)

    def __bool__(self) -> bool:
        return self.shared or bool(self.accounts)


def read_versions(tx: Tx, q: CypherQueries, ids: Sequence[str] | None) -> Mapping[str, str]:
    """{account: token} of the existing accounts among `ids` (every account when None)."""
    if ids is None:
        rows = run(tx, q["all_account_versions"])
    else:
        rows = run(tx, q["account_versions"], ids=list(ids))
    return {str(account): str(token) for account, token in rows}


def read_cached(tx: Tx, q: CypherQueries, key: str, ids: Sequence[str]) -> dict[str, CachedResult]:
    """The fresh results under `key` for `ids` (the query drops stale ones)."""
    rows = run(tx, q["read_cache"], key=key, ids=list(ids))
    return {str(a): CachedResult(str(a), str(v), str(p)) for a, v, p in rows}


def write_cached(tx: Tx, q: CypherQueries, key: str, results: Sequence[CachedResult]) -> None:
    """Replace the results under `key` of the accounts in `results` (the last one per account
    wins; results for accounts that do not exist are dropped)."""
    latest = {r.account: r for r in results}
    rows = [
        {"account": r.account, "version": r.version, "payload": r.payload} for r in latest.values()
    ]
    run(tx, q["write_cache"], key=key, rows=rows)
