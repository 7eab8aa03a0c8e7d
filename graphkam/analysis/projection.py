"""The projection of one account as of a date: the graphs every analysis reuses, built once.

Only what was known on `as_of` enters: the projection is built from `known_on(subgraph,
as_of)` (graphkam/analysis/known.py, the one home of the as-of rule). Left stakeholders stay
in `stakeholders` (for champion_left) but join no graph.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import networkx as nx

from graphkam.analysis.compiled import CompiledAccount, gc_paused
from graphkam.analysis.config import AnalysisConfig, ContactStatus
from graphkam.analysis.known import AccountAsOf, known_on
from graphkam.documents import AccountSubgraph
from graphkam.model import (
    SYMMETRIC_TYPES,
    Account,
    CompetitorProduct,
    DecisionRole,
    Department,
    NodeKind,
    Relationship,
    RelType,
    Stakeholder,
    StakeholderStatus,
    TeamMember,
    ThirdParty,
)

__all__ = ["Tie", "Projection", "project", "SOURCE"]

#: The super-source joined to all our people in the threading graph (never a valid id).
SOURCE = "\x00our-team"

_COLLEAGUE_TYPES = (RelType.REPORTS_TO, RelType.INFLUENCES, RelType.ALLIED_WITH)


@dataclass(frozen=True)
class Tie:
    """A direct relationship between one of our people and a stakeholder, as of the date."""

    member: str
    stakeholder: str
    type: RelType
    strength: float
    effective: float
    contact: date | None
    age_days: int | None
    fresh: bool
    good: bool


@dataclass
class Projection:
    """One account as of a date: its people, our ties to them and the graphs built over them."""

    account: Account
    as_of: date
    config: AnalysisConfig
    stakeholders: dict[str, Stakeholder]
    active: dict[str, Stakeholder]
    team: dict[str, TeamMember]
    on_team: set[str]
    third_parties: dict[str, ThirdParty]
    departments: dict[str, Department]
    #: Our ties to each active stakeholder, best first (effective desc, member id).
    ties: dict[str, list[Tie]]
    #: The nodes of the path graph: our people, active stakeholders, third parties.
    path_nodes: list[str] = field(default_factory=list)
    #: The strongest path edge per node pair (a, b, strength > 0, type), in first-seen order.
    path_edges: list[tuple[str, str, float, RelType]] = field(default_factory=list)
    #: Colleague pairs (reports_to, influences, allied_with) between active stakeholders.
    internal_edges: list[tuple[str, str]] = field(default_factory=list)
    #: Summed sway per arc (a, b): a sways b (influences weight; reports_to: the report sways
    #: the manager), in first-seen order.
    sway: dict[tuple[str, str], float] = field(default_factory=dict)
    holders: dict[DecisionRole, list[str]] = field(default_factory=dict)
    #: competitor_relates_to edges to active stakeholders, known on as_of.
    competitor_edges: list[Relationship] = field(default_factory=list)
    #: Competitor products in use at the account since on or before as_of (or undated).
    competitor_products: list[CompetitorProduct] = field(default_factory=list)
    competitor_names: dict[str, str] = field(default_factory=dict)
    #: The account as known on as_of that the projection was built from.
    known: AccountAsOf | None = None
    #: The Tie each relates_to/knows relationship makes, by `Relationship.key` (for the pages).
    rel_ties: dict[tuple[str, str, str], Tie] = field(default_factory=dict)

    def kind(self, node: str) -> NodeKind:
        """The node kind of a person or third party in the projection."""
        if node in self.stakeholders:
            return NodeKind.STAKEHOLDER
        if node in self.team:
            return NodeKind.TEAM_MEMBER
        return NodeKind.THIRD_PARTY

    def name(self, node: str) -> str:
        """The display name of a node of the projection (its id when unknown)."""
        for table in (self.stakeholders, self.team, self.third_parties, self.departments):
            if node in table:
                return table[node].name
        return node

    def contact_status(self, stakeholder: str) -> ContactStatus:
        """Our reach to a stakeholder: covered (good tie), weak (fresh tie), stale, uncovered."""
        ties = self.ties.get(stakeholder, [])
        if any(t.good for t in ties):
            return ContactStatus.COVERED
        if any(t.fresh for t in ties):
            return ContactStatus.WEAK
        return ContactStatus.STALE if ties else ContactStatus.UNCOVERED

    def best_strength(self, stakeholder: str) -> float | None:
        """The best effective strength of our ties to the stakeholder, None without a tie."""
        ties = self.ties.get(stakeholder)
        return ties[0].effective if ties else None

    @cached_property
    def compiled(self) -> CompiledAccount:
        """The graphs compiled once for the analyses (graphkam.analysis.compiled)."""
        return CompiledAccount(self)

    # -- the NetworkX graphs: the modelling API and the tests' reference, built on demand ------
    def path_costs(self) -> list[tuple[str, str, float, RelType, float]]:
        """`path_edges` with each edge's Dijkstra cost -log(strength)."""
        return [(a, b, s, t, -math.log(s)) for a, b, s, t in self.path_edges]

    @cached_property
    def paths(self) -> nx.Graph:
        """Every edge we can travel (ties, knows, colleagues) with its path `strength` > 0,
        its `type` and its `cost` = -log(strength)."""
        g = nx.Graph()
        g.add_nodes_from(self.path_nodes)
        g.add_edges_from(
            (a, b, {"strength": s, "type": t, "cost": c}) for a, b, s, t, c in self.path_costs()
        )
        return g

    @cached_property
    def threads(self) -> nx.Graph:
        """`paths` restricted to edges of strength >= threading_min_strength, plus SOURCE
        joined to all our people."""
        g = nx.Graph()
        g.add_nodes_from(self.path_nodes)
        threshold = self.config.threading_min_strength
        g.add_edges_from((a, b) for a, b, s, _ in self.path_edges if s >= threshold)
        if self.team:
            g.add_edges_from((SOURCE, m) for m in self.team)
        return g

    @cached_property
    def influence(self) -> nx.DiGraph:
        """u -> v (`weight`) when u sways v, over the active stakeholders."""
        g = nx.DiGraph()
        g.add_nodes_from(self.active)
        g.add_edges_from((a, b, {"weight": w}) for (a, b), w in self.sway.items())
        return g

    @cached_property
    def internal(self) -> nx.Graph:
        """Active stakeholders joined by reports_to, influences and allied_with (brokers)."""
        g = nx.Graph()
        g.add_nodes_from(self.active)
        g.add_edges_from(self.internal_edges)
        return g

    @property
    def decision_chain(self) -> list[str]:
        """Active stakeholders holding at least one decision role, by id."""
        return [sid for sid, s in self.active.items() if s.roles]


def project(subgraph: AccountSubgraph, as_of: date, config: AnalysisConfig) -> Projection:
    """Build the projection of `subgraph` as of `as_of` (pure: reads nothing else).

    The subgraph is first narrowed to what was known on `as_of` (`known_on`; a no-op for an
    `AccountAsOf` of that day), so nothing later can enter any graph. The cyclic garbage
    collector is paused meanwhile (`gc_paused`: the projection is allocation-heavy).
    """
    with gc_paused():
        return _project(known_on(subgraph, as_of), as_of, config)


def _project(subgraph: AccountAsOf, as_of: date, config: AnalysisConfig) -> Projection:
    """`project` of a subgraph already known on `as_of`."""
    account = subgraph.account
    stakeholders = {
        s.id: s
        for s in sorted(subgraph.stakeholders, key=lambda s: s.id)
        if s.account == account.id
    }
    active = {k: s for k, s in stakeholders.items() if s.status == StakeholderStatus.ACTIVE}
    team = {m.id: m for m in sorted(subgraph.team, key=lambda m: m.id)}
    third = {t.id: t for t in sorted(subgraph.third_parties, key=lambda t: t.id)}
    departments = {
        d.id: d for d in sorted(subgraph.departments, key=lambda d: d.id) if d.account == account.id
    }
    proj = Projection(
        account=account,
        as_of=as_of,
        config=config,
        stakeholders=stakeholders,
        active=active,
        team=team,
        on_team={m for m, t in team.items() if account.id in t.accounts},
        third_parties=third,
        departments=departments,
        ties={},
        known=subgraph,
    )
    proj.holders = {role: [] for role in DecisionRole}
    for sid, s in active.items():  # one pass; each role's holders stay in id order
        for role in s.roles:
            if sid not in proj.holders[role]:
                proj.holders[role].append(sid)
    _Builder(proj, subgraph).build()
    _add_competitors(proj, subgraph)
    return proj


def _add_competitors(proj: Projection, subgraph: AccountSubgraph) -> None:
    """Competitor ties and products known on `as_of` (competitors never join our graphs)."""
    proj.competitor_names = {c.id: c.name for c in subgraph.competitors}
    proj.competitor_edges = sorted(
        (
            r
            for r in subgraph.relationships
            if r.type is RelType.COMPETITOR_RELATES_TO and r.to_id in proj.active
        ),
        key=lambda r: (r.to_id, r.from_id),
    )
    proj.competitor_products = sorted(
        subgraph.competitor_products,
        key=lambda p: (p.competitor, p.product),
    )


class _Builder:
    """Fills a projection's ties and graphs from the subgraph's relationships."""

    def __init__(self, proj: Projection, subgraph: AccountSubgraph) -> None:
        self.p = proj
        self.sub = subgraph
        self.met = self._latest_meetings()
        #: The strongest path edge per node pair, in first-seen order: (a, b) -> (strength, type).
        self.paths: dict[tuple[str, str], tuple[str, str, float, RelType]] = {}
        self.internal: list[tuple[str, str]] = []
        #: Summed sway per (a, b), in first-seen order.
        self.sway: dict[tuple[str, str], float] = {}

    def build(self) -> None:
        """Collect every graph's edges in plain lists and dicts (the compiled graphs are built
        from them, the NetworkX graphs only on demand)."""
        p = self.p
        nodes = [*p.team, *p.active, *p.third_parties]
        self.path_nodes = set(nodes)
        ties: dict[tuple[str, str], Tie] = {}
        active, colleague = p.active, self._colleague
        for rel in sorted(self.sub.relationships, key=_sort_key):
            a, b = rel.from_id, rel.to_id
            if rel.type in _COLLEAGUE_TYPES:
                if a in active and b in active and a != b:
                    colleague(rel.type, a, b, rel.weight)
            elif rel.type in (RelType.RELATES_TO, RelType.KNOWS):
                tie = self._tie(rel)
                if tie is not None:
                    p.rel_ties[rel.key] = tie
                    key = (tie.member, tie.stakeholder)
                    if key not in ties or tie.effective > ties[key].effective:
                        ties[key] = tie
                elif rel.type == RelType.KNOWS:
                    self._knows(rel)
        by_person: dict[str, list[Tie]] = defaultdict(list)
        for tie in ties.values():
            by_person[tie.stakeholder].append(tie)
            self._edge(tie.member, tie.stakeholder, tie.effective, tie.type)
        p.ties = {
            sid: sorted(lst, key=lambda t: (-t.effective, t.member))
            for sid, lst in sorted(by_person.items())
        }
        p.path_nodes = nodes
        p.path_edges = list(self.paths.values())
        p.internal_edges = self.internal
        p.sway = self.sway

    # -- pieces ------------------------------------------------------------------------------
    def _latest_meetings(self) -> dict[tuple[str, str], date]:
        """The latest interaction on or before as_of for each (member, stakeholder) pair."""
        met: dict[tuple[str, str], date] = {}
        for rec in self.sub.interactions:
            if rec.date > self.p.as_of:
                continue
            for m in rec.team:
                for s in rec.stakeholders:
                    if met.get((m, s), date.min) < rec.date:
                        met[(m, s)] = rec.date
        return met

    def _tie(self, rel: Relationship) -> Tie | None:
        """A tie if `rel` joins one of our people to an active stakeholder, else None."""
        p = self.p
        a, b = rel.from_id, rel.to_id
        if a in p.team and b in p.active:
            member, sid = a, b
        elif b in p.team and a in p.active:
            member, sid = b, a
        else:
            return None
        strength = rel.strength if rel.strength is not None else p.config.default_strength
        contact = self._contact(rel.last_contact, self.met.get((member, sid)))
        effective, age, fresh = self._decay(strength, contact)
        good = fresh and effective >= p.config.weak_below
        return Tie(member, sid, rel.type, strength, effective, contact, age, fresh, good)

    def _contact(self, last: date | None, met: date | None) -> date | None:
        known = [d for d in (last, met) if d is not None and d <= self.p.as_of]
        return max(known) if known else None

    def _decay(self, strength: float, contact: date | None) -> tuple[float, int | None, bool]:
        """(effective strength, age in days or None, fresh?) of a strength last refreshed then."""
        cfg = self.p.config
        if contact is None:
            return strength * cfg.decay(cfg.unknown_contact_age_days), None, False
        age = (self.p.as_of - contact).days
        return strength * cfg.decay(age), age, age <= cfg.stale_after_days

    def _knows(self, rel: Relationship) -> None:
        """A knows edge not between our people and a stakeholder (third parties involved)."""
        p = self.p
        a, b = rel.from_id, rel.to_id
        if a not in self.path_nodes or b not in self.path_nodes or a == b:
            return
        strength = rel.strength if rel.strength is not None else p.config.default_strength
        if a in p.team or b in p.team:
            strength, _, _ = self._decay(strength, self._contact(rel.last_contact, None))
        self._edge(a, b, strength, rel.type)

    def _colleague(self, type: RelType, a: str, b: str, weight: float | None) -> None:
        """A colleague tie between two active stakeholders: internal edge, path edge (reports_to
        and allied_with at their configured strengths, influences at its weight) and sway
        (reports_to: the report sways the manager; influences: its weight)."""
        cfg = self.p.config
        self.internal.append((a, b))
        if type == RelType.REPORTS_TO:
            strength, sway = cfg.reports_to_strength, cfg.reports_to_influence
        elif type == RelType.ALLIED_WITH:
            strength, sway = cfg.allied_strength, 0.0
        else:
            strength = sway = weight if weight is not None else cfg.default_influence_weight
        self._edge(a, b, strength, type)
        if sway > 0:
            self.sway[(a, b)] = self.sway.get((a, b), 0.0) + sway

    def _edge(self, a: str, b: str, strength: float, type: RelType) -> None:
        """Keep the strongest path edge between two nodes (the first one seen on a tie)."""
        if strength <= 0:
            return
        pair = (a, b) if a <= b else (b, a)
        known = self.paths.get(pair)
        if known is not None and known[2] >= strength:
            return
        self.paths[pair] = (a, b, strength, type)


def _sort_key(rel: Relationship) -> tuple[str, str, str]:
    """`Relationship.key` without its property overhead (RelType compares as its value)."""
    a, b = rel.from_id, rel.to_id
    if b < a and rel.type in SYMMETRIC_TYPES:
        a, b = b, a
    return (rel.type, a, b)
