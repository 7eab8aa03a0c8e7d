"""Business value: tier suggestions, the health index and its alerts (same JSON as the CLI)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from api import resources as res
from api.deps import AccessDep, AccountId, StoreDep
from api.errors import problem_responses
from api.routes.analysis import AsOfQuery
from graphkam.business import (
    AlertReport,
    HealthIndex,
    TierReport,
    health_index,
    scan_alerts,
    suggest_tiers,
)
from graphkam.model import NodeKind

__all__ = ["router"]

router = APIRouter(tags=["business"])


def _visible(store: StoreDep, access: AccessDep):  # type: ignore[no-untyped-def]
    ids = [a.id for a in store.list_nodes(NodeKind.ACCOUNT) if access.can_read(a.id)]
    return store.iter_subgraphs(account_ids=ids)


@router.get("/tiers", response_model=TierReport, responses=problem_responses(401, 422, 503))
def read_tiers(store: StoreDep, access: AccessDep, as_of: AsOfQuery = None) -> TierReport:
    """Suggested tiers of the accounts you can see, mismatches first (`graphkam tier --json`)."""
    return suggest_tiers(_visible(store, access), as_of or dt.date.today())


@router.get("/alerts", response_model=AlertReport, responses=problem_responses(401, 422, 503))
def read_alerts(store: StoreDep, access: AccessDep, as_of: AsOfQuery = None) -> AlertReport:
    """Health drops and key-person events of the accounts you can see (`graphkam alerts`)."""
    return scan_alerts(_visible(store, access), as_of or dt.date.today())


@router.get(
    "/accounts/{account_id}/health",
    response_model=HealthIndex,
    responses=problem_responses(401, 404, 422, 503),
)
def read_health_index(
    account_id: AccountId, store: StoreDep, access: AccessDep, as_of: AsOfQuery = None
) -> HealthIndex:
    """The account's health index with every component behind it."""
    res.read_node(store, access, NodeKind.ACCOUNT, account_id)
    return health_index(store.account_subgraph(account_id), as_of or dt.date.today())
