"""Gap rules about key people: single threading, opponents, departed champions, competitors."""

from __future__ import annotations

from collections.abc import Iterator

from graphkam.analysis.config import GapKind, Severity
from graphkam.analysis.gaprules.base import Finding, GapContext, gap_rule
from graphkam.model import StakeholderStatus, Stance

__all__: list[str] = []


@gap_rule(
    GapKind.SINGLE_THREADED,
    Severity.HIGH,
    subject="stakeholder",
    threshold="single_threaded_max = 1; threading_min_strength = 0.3",
)
def single_threaded(ctx: GapContext) -> Iterator[Finding]:
    """One per active holder of a role in `threading_roles` (decision_maker, economic_buyer)
    whose vertex connectivity from our people, in the threading graph, is <=
    `single_threaded_max` (1): one person's departure, or none, cuts us off. The threading graph
    holds active stakeholders, our people and third parties, joined by ties, `knows`,
    `reports_to`, `influences` and `allied_with` edges whose path strength is >=
    `threading_min_strength` (never `rivals_with`). `people` lists the person and the single
    points of failure."""
    proj = ctx.proj
    spofs = ctx.threading.single_points_of_failure
    for sid, k in ctx.threading.connectivity.items():
        if k <= proj.config.single_threaded_max:
            how = "unreachable" if k == 0 else "reached through a single chain"
            cuts = [p.id for p in spofs if sid in p.cuts_off]
            yield Finding(sid, f"{proj.name(sid)} is {how} (connectivity {k})", [sid, *cuts])


@gap_rule(
    GapKind.OPPONENT_UNCOVERED,
    Severity.HIGH,
    subject="stakeholder",
    threshold="influential_min = 0.7",
)
def opponent_uncovered(ctx: GapContext) -> Iterator[Finding]:
    """An active stakeholder whose stance is in `opponent_stances` (opponent) and whose own
    `influence` >= `influential_min`, with no tie (of any strength or age) to any of our
    people."""
    proj, cfg = ctx.proj, ctx.proj.config
    for sid, person in proj.active.items():
        if (
            person.stance.value in cfg.opponent_stances
            and person.influence >= cfg.influential_min
            and sid not in proj.ties
        ):
            text = f"influential opponent {person.name} has no relationship with our team"
            yield Finding(sid, text, [sid])


@gap_rule(GapKind.CHAMPION_LEFT, Severity.HIGH, subject="stakeholder")
def champion_left(ctx: GapContext) -> Iterator[Finding]:
    """One per stakeholder of the account with stance `champion` and status `left`."""
    for sid, person in ctx.proj.stakeholders.items():
        if person.stance == Stance.CHAMPION and person.status == StakeholderStatus.LEFT:
            yield Finding(sid, f"champion {person.name} has left the account", [sid])


@gap_rule(
    GapKind.COMPETITOR_OWNED_DECISION_MAKER,
    Severity.HIGH,
    subject="stakeholder",
    threshold="competitor_min_strength = 0.5",
)
def competitor_owned_decision_maker(ctx: GapContext) -> Iterator[Finding]:
    """One per decision-chain stakeholder whom a competitor owns: a `competitor_relates_to` tie
    of strength >= `competitor_min_strength` (0.5), stronger than our best effective tie, while
    we have no good tie to them."""
    for person in ctx.owned:
        if person.roles:
            text = (
                f"{person.competitor_name} reaches {person.name} "
                f"({person.competitor_strength:.2f}) and we do not"
            )
            yield Finding(person.id, text, [person.id])
