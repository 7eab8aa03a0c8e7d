"""Each account's current health index and alert messages, for the portfolio views."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel

from graphkam.business.alerts import scan_alerts
from graphkam.business.health import health_index
from graphkam.stores.base import Store

__all__ = ["HealthSignals", "health_signals"]


class HealthSignals(BaseModel):
    """Health index by account id, and the messages of each account's alerts."""

    index: dict[str, float]
    alerts: dict[str, list[str]]


def health_signals(store: Store, account_ids: Sequence[str], as_of: dt.date) -> HealthSignals:
    """The index and alerts of `account_ids` as of `as_of` (accounts without alerts: none)."""
    index = {
        sg.id: round(health_index(sg, as_of).index, 1)
        for sg in store.iter_subgraphs(account_ids=account_ids)
    }
    alerts: dict[str, list[str]] = {}
    for alert in scan_alerts(store.iter_subgraphs(account_ids=account_ids), as_of).data:
        alerts.setdefault(alert.account, []).append(alert.message)
    return HealthSignals(index=index, alerts=alerts)
