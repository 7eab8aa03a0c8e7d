"""Account subgraphs assembled by one set of rules from any backend's `SubgraphSource`.

A backend answers eight set-based questions about a batch of accounts (`SubgraphSource`); the
rules of the AccountSubgraph docstring are applied here, once, so every store returns the same
subgraph. The number of queries is fixed (it does not grow with the accounts' size).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

from graphkam.documents import RECORD_SECTIONS, AccountSubgraph
from graphkam.errors import NotFoundError
from graphkam.model import (
    Account,
    CompetitorProduct,
    Node,
    NodeKind,
    Record,
    Relationship,
    RelType,
)

__all__ = ["SubgraphSource", "build_subgraphs"]

_GROUP_TYPES = (RelType.SUBSIDIARY_OF, RelType.PARTNERS_WITH)


class SubgraphSource(Protocol):
    """What a backend answers for one batch; every argument is a list of ids."""

    def accounts(self, ids: Sequence[str]) -> list[Account]:
        """The accounts among `ids` (any order)."""
        ...

    def members(self, ids: Sequence[str]) -> list[tuple[str, Node]]:
        """(account, node) for the stakeholders and departments of the accounts, by node id."""
        ...

    def team(self, ids: Sequence[str]) -> list[tuple[str, str]]:
        """(account, team member id): its team places, on_team edges and relates_to ties."""
        ...

    def knows(self, people: Sequence[str]) -> list[tuple[str, str]]:
        """(a, b) of the knows edges touching any of `people`."""
        ...

    def competitor_reach(self, stakeholders: Sequence[str]) -> list[tuple[str, str]]:
        """(competitor, stakeholder) of competitor_relates_to edges to `stakeholders`."""
        ...

    def records(self, ids: Sequence[str]) -> list[tuple[str, Record]]:
        """(account, record) of the accounts' records, by kind then (date, id), undated
        last; history only as far as as-of analyses need it (stakeholder updates)."""
        ...

    def edges(self, nodes: Sequence[str], accounts: Sequence[str]) -> list[Relationship]:
        """Relationships with both ends among `nodes`, plus subsidiary_of / partners_with
        touching `accounts`, once each, sorted by key."""
        ...

    def nodes(self, ids: Sequence[str]) -> list[Node]:
        """The nodes among `ids` (any order)."""
        ...


def build_subgraphs(source: SubgraphSource, ids: list[str]) -> list[AccountSubgraph]:
    """The subgraphs of the accounts `ids`, in that order; NotFoundError for a missing one."""
    return _Batch(source, ids).build()


class _Batch:
    def __init__(self, source: SubgraphSource, ids: list[str]) -> None:
        self.source = source
        self.ids = ids
        self.parsed: dict[str, Node] = {}

    def build(self) -> list[AccountSubgraph]:
        src, ids = self.source, self.ids
        for account in src.accounts(ids):
            self.parsed[account.id] = account
        for ident in ids:
            if not self._is(ident, NodeKind.ACCOUNT):
                raise NotFoundError(NodeKind.ACCOUNT.value, ident)
        parents = {a: self.parsed[a].parent for a in ids}  # type: ignore[union-attr]
        self._fetch({p for p in parents.values() if p})

        members: dict[str, dict[NodeKind, list[str]]] = {a: defaultdict(list) for a in ids}
        for account, node in src.members(ids):
            self.parsed[node.id] = node
            members[account][node.node_kind].append(node.id)
        people_of = {a: set(members[a][NodeKind.STAKEHOLDER]) for a in ids}
        stakeholder_account = {s: a for a in ids for s in people_of[a]}

        team_pairs = src.team(ids)
        self._fetch({m for _, m in team_pairs})
        team: dict[str, set[str]] = defaultdict(set)
        for account, member in team_pairs:
            if self._is(member, NodeKind.TEAM_MEMBER):
                team[account].add(member)

        reach: dict[str, set[str]] = defaultdict(set)  # person -> accounts of the batch
        for account in ids:
            for person in people_of[account] | team[account]:
                reach[person].add(account)
        knows = src.knows(sorted(reach))
        self._fetch({e for edge in knows for e in edge})
        third: dict[str, set[str]] = defaultdict(set)
        for a, b in knows:
            for person, other in ((a, b), (b, a)):
                if person in reach and self._is(other, NodeKind.THIRD_PARTY):
                    for account in reach[person]:
                        third[account].add(other)

        competitors: dict[str, set[str]] = defaultdict(set)
        for comp, person in src.competitor_reach(sorted(stakeholder_account)):
            competitors[stakeholder_account[person]].add(comp)
        records: dict[str, dict[str, list[Record]]] = {a: defaultdict(list) for a in ids}
        for account, rec in src.records(ids):
            records[account][RECORD_SECTIONS[rec.record_kind]].append(rec)
            if isinstance(rec, CompetitorProduct):
                competitors[account].add(rec.competitor)
        self._fetch({c for cs in competitors.values() for c in cs})
        for account in ids:
            competitors[account] = {
                c for c in competitors[account] if self._is(c, NodeKind.COMPETITOR)
            }

        holders: dict[str, set[str]] = defaultdict(set)  # node -> accounts whose set holds it
        for account in ids:
            nodes = {account, *people_of[account], *members[account][NodeKind.DEPARTMENT]}
            if parents[account]:
                nodes.add(parents[account])  # type: ignore[arg-type]
            nodes |= team[account] | third[account] | competitors[account]
            for n in nodes:
                holders[n].add(account)
        rels: dict[str, list[Relationship]] = defaultdict(list)
        batch_accounts = set(ids)
        for rel in src.edges(sorted(holders), ids):
            a, b = rel.key[1], rel.key[2]
            owners = holders.get(a, set()) & holders.get(b, set())
            if rel.type in _GROUP_TYPES:
                owners = owners | ({a, b} & batch_accounts)
            for account in owners:
                rels[account].append(rel)

        out = []
        for account in ids:
            parent = parents[account]
            heads = [account] + ([parent] if parent and parent in self.parsed else [])
            out.append(
                AccountSubgraph(
                    accounts=[self.parsed[i] for i in heads],
                    stakeholders=[self.parsed[i] for i in members[account][NodeKind.STAKEHOLDER]],
                    departments=[self.parsed[i] for i in members[account][NodeKind.DEPARTMENT]],
                    team=[self.parsed[i] for i in sorted(team[account])],
                    third_parties=[self.parsed[i] for i in sorted(third[account])],
                    competitors=[self.parsed[i] for i in sorted(competitors[account])],
                    relationships=rels[account],
                    **records[account],
                )
            )
        return out

    def _fetch(self, ids: set[str]) -> None:
        """Fetch the nodes of `ids` not fetched yet (one query)."""
        wanted = sorted(i for i in ids if i not in self.parsed)
        if wanted:
            for node in self.source.nodes(wanted):
                self.parsed[node.id] = node

    def _is(self, ident: str, kind: NodeKind) -> bool:
        node = self.parsed.get(ident)
        return node is not None and node.node_kind is kind
