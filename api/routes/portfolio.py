"""The portfolio scan for coaches: every visible account's gaps, ranked by risk."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import AccessDep, OwnerQuery, StoreDep, TierQuery
from api.errors import problem_responses
from api.routes.analysis import AsOfQuery, HalfLifeQuery, analysis_config, with_example
from graphkam.analysis import GapKind, PortfolioEntry, rank_portfolio, scan_portfolio

__all__ = ["router"]

router = APIRouter(prefix="/portfolio", tags=["portfolio"])


@router.get(
    "/risks",
    response_model=list[PortfolioEntry],
    responses=with_example("portfolio", problem_responses(401, 404, 422, 503)),
)
def read_risks(
    store: StoreDep,
    access: AccessDep,
    tier: TierQuery = None,
    owner: OwnerQuery = None,
    coach: Annotated[
        str | None,
        Query(description="only accounts of the people this member coaches", examples=["mgr-sun"]),
    ] = None,
    gap: Annotated[
        list[GapKind] | None,
        Query(
            description="only accounts with a gap of one of these kinds",
            examples=[["single_threaded"]],
        ),
    ] = None,
    as_of: AsOfQuery = None,
    half_life: HalfLifeQuery = None,
) -> list[PortfolioEntry]:
    """Accounts you can see, most at stake first (same JSON as `graphkam portfolio --json`);
    entries of accounts unchanged since the last scan come from the store's cache."""
    entries = scan_portfolio(
        store,
        as_of or dt.date.today(),
        analysis_config(half_life),
        tiers=tier,
        owner=owner,
        coach=coach,
        gap=gap,
    )
    return rank_portfolio(e for e in entries if access.can_read(e.account))
