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
from graphkam.analysis.influence import Support, SupportContribution
from graphkam.analysis.report import analyze_account
from graphkam.analysis.threading import SinglePointOfFailure
from graphkam.documents import AccountSubgraph
from graphkam.errors import NotFoundError
from graphkam.model import DecisionRole, StakeholderStatus, Stance

__all__ = [
    "CoverageChange",
    "ConnectivityChange",
    "SupportShift",
    "WhatIf",
    "what_if",
    "support_shifts",
    "remove_people",
]


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


class SupportShift(BaseModel):
    """How one decision-chain person moved net support: their weight in the index (their share
    of the chain's influence) before and after, times their stance value (stance / 2)."""

    id: str
    name: str
    stance: Stance
    weight_before: float
    weight_after: float
    effect: float


class WhatIf(BaseModel):
    """The differences the removal makes (empty lists when it changes nothing).

    `new_single_points_of_failure`: people whose departure would cut us off from someone they
    did not cut us off from before. `support_shifts` explain the net-support change: net support
    is the weighted mean of stance values, so index_after − index_before = Σ (weight_after −
    weight_before) × stance/2 over the people of either chain; each shift is one term, largest
    first, and `support_reason` says it in words.
    """

    account: str
    as_of: date
    removed: list[str]
    coverage: list[CoverageChange]
    connectivity: list[ConnectivityChange]
    single_threaded_before: bool
    single_threaded_after: bool
    support_before: float
    support_after: float
    support_shifts: list[SupportShift]
    support_reason: str
    new_single_points_of_failure: list[SinglePointOfFailure]
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
    shifts = support_shifts(before.support, after.support, cfg.decimals)
    cut_before = {p.id: set(p.cuts_off) for p in before.threading.single_points_of_failure}
    new_spofs = [
        p
        for p in after.threading.single_points_of_failure
        if not set(p.cuts_off) <= cut_before.get(p.id, set())
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
        support_shifts=shifts,
        support_reason=_support_reason(
            before.support.index, after.support.index, shifts, set(remove)
        ),
        new_single_points_of_failure=new_spofs,
        new_gaps=[g for g in after.gaps if (g.kind, g.subject) not in keys_before],
        closed_gaps=[g for g in before.gaps if (g.kind, g.subject) not in keys_after],
    )


def support_shifts(before: Support, after: Support, digits: int = 6) -> list[SupportShift]:
    """Each person's term of the net-support change, largest |effect| first (ties by id).

    weight = score / sum of the chain's scores (0 for someone not in the chain);
    effect = (weight_after − weight_before) × stance / 2. The effects sum to the change of the
    index (before rounding and the [−1, 1] clamp)."""

    def weights(s: Support) -> dict[str, SupportContribution]:
        return {c.id: c for c in s.contributions}

    def share(c: SupportContribution | None, total: float) -> float:
        return c.score / total if c is not None and total > 0 else 0.0

    b, a = weights(before), weights(after)
    tb = sum(c.score for c in before.contributions)
    ta = sum(c.score for c in after.contributions)
    out = []
    for pid in sorted(set(b) | set(a)):
        cb, ca = b.get(pid), a.get(pid)
        person = cb or ca
        assert person is not None
        wb, wa = share(cb, tb), share(ca, ta)
        effect = (wa - wb) * (person.stance.score or 0) / 2
        if abs(effect) < 10**-digits and abs(wa - wb) < 10**-digits:
            continue
        out.append(
            SupportShift(
                id=pid,
                name=person.name,
                stance=person.stance,
                weight_before=round(wb, digits) + 0.0,
                weight_after=round(wa, digits) + 0.0,
                effect=round(effect, digits) + 0.0,
            )
        )
    return sorted(out, key=lambda s: (-abs(s.effect), s.id))


def _support_reason(
    before: float, after: float, shifts: list[SupportShift], removed: set[str]
) -> str:
    """The net-support change in words: the three largest terms, and the weight of the people
    with stance value 0 (neutral, unknown), who dilute the mean without a term of their own."""
    if not shifts:
        return f"net support stays {before:+.2f}"
    parts = []
    for s in [s for s in shifts if s.effect != 0][:3]:
        if s.id in removed:
            how = f"leaves (weight {s.weight_before:.2f})"
        elif s.weight_after == 0:
            how = f"no longer sways the decision makers (weight {s.weight_before:.2f})"
        else:
            how = f"weight {s.weight_before:.2f} -> {s.weight_after:.2f}"
        parts.append(f"{s.id} ({s.stance.value}) {how}: {s.effect:+.2f}")
    zero = [s for s in shifts if s.stance.score in (0, None)]
    if zero:
        wb, wa = sum(s.weight_before for s in zero), sum(s.weight_after for s in zero)
        names = ", ".join(s.id for s in zero)
        parts.append(f"neutral or unknown people ({names}) weigh {wb:.2f} -> {wa:.2f}")
    return (
        f"net support {before:+.2f} -> {after:+.2f} (the influence-weighted mean stance): "
        + "; ".join(parts)
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
