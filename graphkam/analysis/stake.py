"""What is at stake in an account: its value, the share its gaps put at risk, the next action.

value: the account's `revenue` (business facts), else the customer lifetime value of its orders
known on the date (graphkam.business.rfm, the tiering's CLV), else `tier_values[tier]`.
at_risk = 1 − Π over the gaps of (1 − loss_share[severity]) (high 0.30, medium 0.10, low 0.03:
the chance each gap, alone, costs the account), so no gap gives 0 and more or worse gaps
approach 1. at_stake = value × at_risk: the expected value at risk the portfolio ranks by.
"""

from __future__ import annotations

from pydantic import BaseModel

from graphkam.analysis.config import GapKind, Severity
from graphkam.analysis.gaps import Gap
from graphkam.analysis.projection import Projection
from graphkam.analysis.recommendations import Recommendation
from graphkam.model import TeamRole, Tier

__all__ = [
    "Stake",
    "NextAction",
    "TIER_VALUES",
    "LOSS_SHARE",
    "account_stake",
    "next_action",
    "account_manager",
]

#: The value assumed for an account without revenue or orders, by tier.
TIER_VALUES: dict[Tier, float] = {
    Tier.S: 1_000_000,
    Tier.A: 300_000,
    Tier.B: 100_000,
    Tier.C: 30_000,
}
#: The chance one gap of that severity, alone, costs the account.
LOSS_SHARE: dict[Severity, float] = {Severity.HIGH: 0.3, Severity.MEDIUM: 0.1, Severity.LOW: 0.03}

#: What to do about a gap no recommended relationship closes ({subject}: the gap's subject).
_GAP_ACTIONS: dict[GapKind, str] = {
    GapKind.ROLE_MISSING: "identify the {subject}",
    GapKind.STANCE_UNKNOWN: "assess the stance of {subject}",
    GapKind.ROLE_UNCOVERED: "meet the {subject}",
    GapKind.WEAK_COVERAGE: "strengthen the ties to the {subject}",
    GapKind.STALE_RELATIONSHIP: "visit the {subject}",
    GapKind.SINGLE_THREADED: "add a second thread to {subject}",
    GapKind.OPPONENT_UNCOVERED: "open a line to {subject}",
    GapKind.NO_EXECUTIVE_RELATIONSHIP: "have our executive meet {subject}",
    GapKind.IRON_TRIANGLE_INCOMPLETE: "staff the {subject}",
    GapKind.CHAMPION_LEFT: "find a new champion to replace {subject}",
    GapKind.DEPARTMENT_WHITESPACE: "make a first contact in {subject}",
    GapKind.COMPETITOR_OWNED_DECISION_MAKER: "win back {subject} from the competitor",
}


class Stake(BaseModel):
    """An account's value, where it comes from, the share at risk and the value at stake."""

    value: float
    value_source: str
    at_risk: float
    at_stake: float


class NextAction(BaseModel):
    """The one next action on an account and who on our side owns it."""

    text: str
    owner: str | None
    owner_name: str | None


def account_stake(proj: Projection, gaps: list[Gap]) -> Stake:
    """The account's stake as of the projection's date (see the module docstring)."""
    from graphkam.business.config import default_config
    from graphkam.business.rfm import customer_lifetime_value

    account = proj.account
    digits = proj.config.decimals
    if account.revenue:
        value, source = float(account.revenue), "revenue"
    else:
        orders = proj.known.orders if proj.known is not None else []
        cfg = default_config().tiering
        clv = customer_lifetime_value(orders, proj.as_of, cfg.window_days, cfg.clv).value
        if clv > 0:
            value, source = clv, "clv"
        else:
            value, source = TIER_VALUES[account.tier], "tier"
    keep = 1.0
    for g in gaps:
        keep *= 1.0 - LOSS_SHARE[g.severity]
    risk = 1.0 - keep
    return Stake(
        value=round(value, 2) + 0.0,
        value_source=source,
        at_risk=round(risk, digits) + 0.0,
        at_stake=round(value * risk, 2) + 0.0,
    )


def next_action(
    proj: Projection, gaps: list[Gap], recommendations: list[Recommendation]
) -> NextAction | None:
    """The top recommendation when it closes a gap (its owner owns it); else what to do about
    the worst gap, owned by the account manager on the account's team; None when healthy."""
    for rec in recommendations[:1]:
        if rec.closes:
            verb = {"build": "build a relationship with", "strengthen": "strengthen the tie to",
                    "add_thread": "add a second thread to"}.get(rec.action, rec.action)  # fmt: skip
            return NextAction(
                text=f"{verb} {rec.target_name} ({rec.target}): {rec.reasons[0]}",
                owner=rec.owner,
                owner_name=rec.owner_name,
            )
    if not gaps:
        return None
    top = gaps[0]
    subject = top.subject.replace("_", " ")
    if top.subject in proj.stakeholders or top.subject in proj.departments:
        subject = f"{proj.name(top.subject)} ({top.subject})"
    owner = account_manager(proj)
    return NextAction(
        text=_GAP_ACTIONS[top.kind].format(subject=subject),
        owner=owner,
        owner_name=None if owner is None else proj.name(owner),
    )


def account_manager(proj: Projection) -> str | None:
    """The account's owner on our side: the first account manager on its team (by id)."""
    for m in sorted(proj.on_team):
        if proj.team[m].team_role is TeamRole.ACCOUNT_MANAGER:
            return m
    return None
