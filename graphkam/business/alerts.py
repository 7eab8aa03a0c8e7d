"""Alerts: a health index that fell sharply, and key-person events at an account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel

from graphkam.analysis.known import known_on
from graphkam.business.config import AlertConfig, BusinessConfig, HealthComponent, default_config
from graphkam.business.health import HealthIndex, health_index
from graphkam.business.tiering import iter_subgraphs
from graphkam.documents import AccountSubgraph
from graphkam.model import DecisionRole, Stakeholder, StakeholderStatus, Stance
from graphkam.stores.base import Store

__all__ = [
    "AlertKind",
    "ComponentChange",
    "Alert",
    "AlertReport",
    "health_drop",
    "key_person_alerts",
    "stale_map_alert",
    "account_alerts",
    "scan_alerts",
]

#: Component contributions that moved by less than this (index points) are not listed.
_MOVED = 0.05


class AlertKind(StrEnum):
    """What an alert is about."""

    HEALTH_DROP = "health_drop"
    KEY_PERSON_LEFT = "key_person_left"
    DECISION_MAKER_NEGATIVE = "decision_maker_negative"
    NEW_DECISION_MAKER = "new_decision_maker"
    STALE_MAP = "stale_map"


class ComponentChange(BaseModel):
    """How one component's contribution to the index moved (index points)."""

    component: HealthComponent
    before: float
    after: float
    change: float
    detail: str


class Alert(BaseModel):
    """One alert: the account, what changed, when, by how much and which components moved."""

    kind: AlertKind
    account: str
    account_name: str
    date: dt.date | None
    message: str
    subject: str | None = None
    before: float | None = None
    after: float | None = None
    change: float | None = None
    share: float | None = None
    components: list[ComponentChange] = []


class AlertReport(BaseModel):
    """Every alert of a portfolio as of a date: health drops first, largest first."""

    as_of: dt.date
    data: list[Alert]
    count: int


def health_drop(before: HealthIndex, after: HealthIndex, config: AlertConfig) -> Alert | None:
    """An alert when the index fell by at least `drop_share` of its earlier value, else None.

    share = (before − after) / before; the components are listed by how much their
    contribution fell, most first (those that moved under 0.05 points are left out).
    """
    if before.index <= 0:
        return None
    share = (before.index - after.index) / before.index
    if share < config.drop_share:
        return None
    moved = []
    for b in before.components:
        a = after.component(b.component)
        change = a.contribution - b.contribution
        if abs(change) >= _MOVED:
            moved.append(
                ComponentChange(
                    component=b.component,
                    before=b.contribution,
                    after=a.contribution,
                    change=change,
                    detail=a.detail,
                )
            )
    moved.sort(key=lambda c: (c.change, c.component.value))
    causes = ", ".join(c.component.value for c in moved if c.change < 0)
    return Alert(
        kind=AlertKind.HEALTH_DROP,
        account=after.account,
        account_name=after.name,
        date=after.as_of,
        message=(
            f"health fell {share:.0%} from {before.index:.1f} on {before.as_of} "
            f"to {after.index:.1f} on {after.as_of}" + (f"; down: {causes}" if causes else "")
        ),
        before=before.index,
        after=after.index,
        change=after.index - before.index,
        share=share,
        components=moved,
    )


def key_person_alerts(
    subgraph: AccountSubgraph, as_of: dt.date, config: AlertConfig
) -> list[Alert]:
    """Decision makers or champions who left, negative decision makers, new decision makers.

    Status and stance are as known on `as_of` (`known_on`: rewound from the history); the
    date given is the last interaction with the person on or before `as_of`. A decision maker
    is "new" when our first contact with them falls in the `new_decision_maker_days` before
    `as_of`: the earliest of their interactions and, for each tie of ours, its `since` or else
    its `last_contact`. A tie with neither date is older than anything we know, so a person we
    already had a tie with is never new.
    """
    subgraph = known_on(subgraph, as_of)
    account = subgraph.account
    people = [s for s in subgraph.stakeholders if s.account == account.id]
    met: dict[str, list[dt.date]] = {}
    for i in subgraph.interactions:
        if i.date <= as_of:
            for sid in i.stakeholders:
                met.setdefault(sid, []).append(i.date)
    team = {t.id for t in subgraph.team}
    since: dict[str, list[dt.date]] = {}
    for rel in subgraph.relationships:
        if rel.from_id in team:
            start = rel.since or rel.last_contact or dt.date.min
            since.setdefault(rel.to_id, []).append(start)
    alerts = []
    for s in people:
        dm = DecisionRole.DECISION_MAKER in s.roles
        champion = s.stance == Stance.CHAMPION
        last = max(met.get(s.id, []), default=None)
        what = _key_role(s)
        if s.status == StakeholderStatus.LEFT and (dm or champion):
            when = f"; last met {last}" if last else ""
            alerts.append(
                _person_alert(
                    AlertKind.KEY_PERSON_LEFT, subgraph, s, last, f"{what} {s.name} left{when}"
                )
            )
        elif s.status == StakeholderStatus.ACTIVE and dm:
            if s.stance in (Stance.SKEPTIC, Stance.OPPONENT):
                alerts.append(
                    _person_alert(
                        AlertKind.DECISION_MAKER_NEGATIVE,
                        subgraph,
                        s,
                        last,
                        f"decision maker {s.name} is {s.stance.value}",
                    )
                )
            first = min([*met.get(s.id, []), *since.get(s.id, [])], default=None)
            window = as_of - dt.timedelta(days=config.new_decision_maker_days)
            if first is not None and window < first <= as_of:
                alerts.append(
                    _person_alert(
                        AlertKind.NEW_DECISION_MAKER,
                        subgraph,
                        s,
                        first,
                        f"new decision maker {s.name}: first contact {first}",
                    )
                )
    return alerts


def stale_map_alert(subgraph: AccountSubgraph, as_of: dt.date, config: AlertConfig) -> Alert | None:
    """An alert when the account's tier has a limit N in `stale_map_days` and, in the N days up
    to `as_of`, nobody visited (no interaction, no tie `last_contact`) and the map did not change
    (no recorded stakeholder update, no relationship whose `since` falls in them).

    The alert's date is the last touch (visit or change) on or before `as_of`, None if never.
    """
    known = known_on(subgraph, as_of)
    limit = config.stale_map_days.get(known.account.tier)
    if limit is None:
        return None
    touches = [i.date for i in known.interactions]
    touches += [r.last_contact for r in known.relationships if r.last_contact is not None]
    touches += [r.since for r in known.relationships if r.since is not None]
    touches += [c.date.date() for c in known.changes]
    last = max(touches, default=None)
    if last is not None and (as_of - last).days < limit:
        return None
    since = f"since {last} ({(as_of - last).days} days)" if last else "ever"
    return Alert(
        kind=AlertKind.STALE_MAP,
        account=known.account.id,
        account_name=known.account.name,
        date=last,
        message=f"tier {known.account.tier.value} account: no visit and no map change {since}; "
        f"the limit is {limit} days",
        subject=known.account.id,
    )


def account_alerts(
    subgraph: AccountSubgraph, as_of: dt.date, config: BusinessConfig | None = None
) -> list[Alert]:
    """The health-drop alert (index now vs `window_days` earlier), key-person alerts and the
    stale-map alert."""
    cfg = config or default_config()
    start = as_of - dt.timedelta(days=cfg.alerts.window_days)
    drop = health_drop(
        health_index(subgraph, start, cfg), health_index(subgraph, as_of, cfg), cfg.alerts
    )
    stale = stale_map_alert(subgraph, as_of, cfg.alerts)
    return (
        ([drop] if drop else [])
        + key_person_alerts(subgraph, as_of, cfg.alerts)
        + ([stale] if stale else [])
    )


def scan_alerts(
    source: Store | Iterable[AccountSubgraph],
    as_of: dt.date,
    config: BusinessConfig | None = None,
) -> AlertReport:
    """Every account's alerts: health drops (largest share first), then key-person events."""
    cfg = config or default_config()
    alerts = [a for sg in iter_subgraphs(source) for a in account_alerts(sg, as_of, cfg)]
    kinds = list(AlertKind)
    alerts.sort(key=lambda a: (kinds.index(a.kind), -(a.share or 0.0), a.account, a.subject or ""))
    return AlertReport(as_of=as_of, data=alerts, count=len(alerts))


def _key_role(s: Stakeholder) -> str:
    if DecisionRole.DECISION_MAKER in s.roles and s.stance == Stance.CHAMPION:
        return "decision maker and champion"
    if DecisionRole.DECISION_MAKER in s.roles:
        return "decision maker"
    return "champion"


def _person_alert(
    kind: AlertKind, sg: AccountSubgraph, s: Stakeholder, when: dt.date | None, message: str
) -> Alert:
    return Alert(
        kind=kind,
        account=sg.account.id,
        account_name=sg.account.name,
        date=when,
        message=message,
        subject=s.id,
    )
