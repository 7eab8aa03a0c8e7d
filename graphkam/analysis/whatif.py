"""What-if: people leave (ours or theirs); what happens to coverage, threading, support and gaps.

A stakeholder who leaves is marked `left` (so a departing champion raises champion_left); one of
our people or a third party who leaves is removed with every relationship they had.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel

from graphkam.analysis.config import AnalysisConfig, CoverageStatus
from graphkam.analysis.gaps import Gap
from graphkam.analysis.report import analyze_account
from graphkam.documents import AccountSubgraph
from graphkam.errors import NotFoundError
from graphkam.model import DecisionRole, StakeholderStatus

__all__ = ["CoverageChange", "ConnectivityChange", "WhatIf", "what_if", "remove_people"]


class CoverageChange(BaseModel):
    """A decision role whose status changed."""

    role: DecisionRole
    before: CoverageStatus
    after: CoverageStatus


class ConnectivityChange(BaseModel):
    """A decision maker or economic buyer whose connectivity changed."""

    id: str
    before: int
    after: int


class WhatIf(BaseModel):
    """The differences the removal makes (empty lists when it changes nothing)."""

    account: str
    as_of: date
    removed: list[str]
    coverage: list[CoverageChange]
    connectivity: list[ConnectivityChange]
    single_threaded_before: bool
    single_threaded_after: bool
    support_before: float
    support_after: float
    new_gaps: list[Gap]
    closed_gaps: list[Gap]


def what_if(
    subgraph: AccountSubgraph,
    remove: Sequence[str],
    as_of: date,
    config: AnalysisConfig | None = None,
) -> WhatIf:
    """Compare the account's analysis with and without the people in `remove`.

    Raises NotFoundError naming the first id that is not a person of the account's subgraph.
    """
    cfg = config or AnalysisConfig()
    after_graph = remove_people(subgraph, remove)
    before = analyze_account(subgraph, as_of, cfg, brokers=False, recommendations=False)
    after = analyze_account(after_graph, as_of, cfg, brokers=False, recommendations=False)
    cov_before = {c.role: c.status for c in before.coverage}
    coverage = [
        CoverageChange(role=c.role, before=cov_before[c.role], after=c.status)
        for c in after.coverage
        if cov_before[c.role] != c.status
    ]
    k_after = after.threading.connectivity
    connectivity = [
        ConnectivityChange(id=sid, before=k, after=k_after.get(sid, 0))
        for sid, k in before.threading.connectivity.items()
        if k_after.get(sid, 0) != k
    ]
    keys_before = {(g.kind, g.subject) for g in before.gaps}
    keys_after = {(g.kind, g.subject) for g in after.gaps}
    return WhatIf(
        account=subgraph.id,
        as_of=as_of,
        removed=sorted(set(remove)),
        coverage=coverage,
        connectivity=connectivity,
        single_threaded_before=before.threading.single_threaded,
        single_threaded_after=after.threading.single_threaded,
        support_before=before.support.index,
        support_after=after.support.index,
        new_gaps=[g for g in after.gaps if (g.kind, g.subject) not in keys_before],
        closed_gaps=[g for g in before.gaps if (g.kind, g.subject) not in keys_after],
    )


def remove_people(subgraph: AccountSubgraph, remove: Sequence[str]) -> AccountSubgraph:
    """The subgraph with those stakeholders marked left and those team members / third
    parties dropped along with their relationships."""
    ids = set(remove)
    known = {s.id for s in subgraph.stakeholders if s.account == subgraph.id}
    known |= {m.id for m in subgraph.team} | {t.id for t in subgraph.third_parties}
    for pid in sorted(remove):
        if pid not in known:
            raise NotFoundError("person", pid)
    gone = ids - {s.id for s in subgraph.stakeholders}
    stakeholders = [
        s.model_copy(update={"status": StakeholderStatus.LEFT}) if s.id in ids else s
        for s in subgraph.stakeholders
    ]
    return subgraph.model_copy(
        update={
            "stakeholders": stakeholders,
            "team": [m for m in subgraph.team if m.id not in gone],
            "third_parties": [t for t in subgraph.third_parties if t.id not in gone],
            "relationships": [
                r for r in subgraph.relationships if r.from_id not in gone and r.to_id not in gone
            ],
            "interactions": [
                i.model_copy(update={"team": [m for m in i.team if m not in gone]})
                for i in subgraph.interactions
            ],
        }
    )
