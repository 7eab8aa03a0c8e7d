"""Account analytics, mirroring the CLI (`analyze`, `path`, `what-if`) with the same JSON."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api import resources as res
from api.deps import AccessDep, AccountId, StoreDep
from api.errors import problem_responses
from api.examples import ANALYTICS_EXAMPLES
from api.schemas import WhatIfRequest
from graphkam.analysis import (
    AccountAnalysis,
    AnalysisConfig,
    Recommendation,
    WarmPath,
    WhatIf,
    analyze_account,
    recommend,
    warm_path,
    what_if,
)
from graphkam.documents import AccountSubgraph
from graphkam.limits import EARLIEST_AS_OF, LATEST_AS_OF
from graphkam.model import NodeKind
from graphkam.stores.base import Store

__all__ = ["router", "AsOfQuery", "HalfLifeQuery", "analysis_config", "EXAMPLES", "with_example"]

router = APIRouter(prefix="/accounts", tags=["analysis"])

AsOfQuery = Annotated[
    dt.date | None,
    Query(
        ge=EARLIEST_AS_OF,
        le=LATEST_AS_OF,
        description="analyse as known on this date (default today)",
        examples=["2026-11-15"],
    ),
]
HalfLifeQuery = Annotated[
    float | None,
    Query(gt=0, le=36500, description="strength half-life in days (default 90)", examples=[90]),
]
_ERRORS = problem_responses(401, 404, 422, 503)

#: Response examples: real answers for the shared example account map as of 2026-11-15.
EXAMPLES: dict[str, Any] = ANALYTICS_EXAMPLES


def with_example(name: str, codes: dict[int | str, dict[str, Any]]) -> dict[int | str, Any]:
    """`codes` plus a 200 answer whose example is EXAMPLES[name]."""
    ok = {
        "description": "Successful Response",
        "content": {"application/json": {"example": EXAMPLES[name]}},
    }
    return {200: ok, **codes}


def analysis_config(half_life: float | None) -> AnalysisConfig:
    """The analysis thresholds, with the half-life from the query or the settings."""
    return AnalysisConfig.from_settings(half_life)


def _subgraph(store: Store, access: AccessDep, account_id: str) -> AccountSubgraph:
    res.read_node(store, access, NodeKind.ACCOUNT, account_id)  # 404 for foreign accounts
    return store.account_subgraph(account_id)


@router.get(
    "/{account_id}/analysis",
    response_model=AccountAnalysis,
    responses=with_example("analysis", _ERRORS),
)
def read_analysis(
    account_id: AccountId,
    store: StoreDep,
    access: AccessDep,
    as_of: AsOfQuery = None,
    half_life: HalfLifeQuery = None,
) -> AccountAnalysis:
    """The full analysis (same JSON as `graphkam analyze --json`)."""
    subgraph = _subgraph(store, access, account_id)
    return analyze_account(subgraph, as_of or dt.date.today(), analysis_config(half_life))


@router.get("/{account_id}/path", response_model=WarmPath, responses=with_example("path", _ERRORS))
def read_path(
    account_id: AccountId,
    to: Annotated[
        str, Query(min_length=1, description="stakeholder to reach", examples=["hx-ceo"])
    ],
    store: StoreDep,
    access: AccessDep,
    as_of: AsOfQuery = None,
    half_life: HalfLifeQuery = None,
) -> WarmPath:
    """The warm introduction path to a stakeholder (same JSON as `graphkam path --json`)."""
    subgraph = _subgraph(store, access, account_id)
    return warm_path(subgraph, to, as_of or dt.date.today(), analysis_config(half_life))


@router.post(
    "/{account_id}/what-if", response_model=WhatIf, responses=with_example("what_if", _ERRORS)
)
def create_what_if(
    account_id: AccountId,
    body: WhatIfRequest,
    store: StoreDep,
    access: AccessDep,
    half_life: HalfLifeQuery = None,
) -> WhatIf:
    """What if these people leave (same JSON as `graphkam what-if --json`); changes nothing."""
    subgraph = _subgraph(store, access, account_id)
    day = body.as_of or dt.date.today()
    return what_if(subgraph, body.remove, day, analysis_config(half_life))


@router.get("/{account_id}/recommendations", response_model=list[Recommendation], responses=_ERRORS)
def read_recommendations(
    account_id: AccountId,
    store: StoreDep,
    access: AccessDep,
    as_of: AsOfQuery = None,
    half_life: HalfLifeQuery = None,
) -> list[Recommendation]:
    """The next relationships to build, best first (the analysis' `recommendations`)."""
    subgraph = _subgraph(store, access, account_id)
    return recommend(subgraph, as_of or dt.date.today(), analysis_config(half_life))
