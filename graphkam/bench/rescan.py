"""A rescan costs what changed: the benchmark's one visit before its rescan.

`log_one_visit` records one visit to one account through the audited store (as `graphkam
log-visit` does: the interaction, the refreshed tie and its history), so that exactly one
account's version changes; the runner then rescans (`python -m graphkam.bench.scan --cache
use`), which must analyse that account alone. (The API's cache hit is the API step's "same
request again" phase, graphkam/bench/api_load.py.)
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

__all__ = ["VisitLogged", "log_one_visit"]


class VisitLogged(BaseModel):
    """Who the benchmark's visit was with."""

    account: str
    stakeholder: str
    team_member: str


def log_one_visit(store_url: str, account: str, on: date) -> VisitLogged:
    """Log a visit on `on` to `account`'s first stakeholder by the first member of its team,
    through the audited store (its history included)."""
    from graphkam.model import NodeKind, Purpose
    from graphkam.stores import open_store
    from graphkam.visits import log_visit

    with open_store(store_url) as store:
        person = store.list_nodes(NodeKind.STAKEHOLDER, account)[0].id
        member = store.list_nodes(NodeKind.TEAM_MEMBER, account)[0].id
        log_visit(store, account, [person], [member], Purpose.RELATIONSHIP, date=on, today=on)
    return VisitLogged(account=account, stakeholder=person, team_member=member)
