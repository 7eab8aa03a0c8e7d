"""Account analytics, mirroring the CLI (`analyze`, `path`, `what-if`) with the same JSON."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from api import resources as res
from api.deps import AccessDep, AccountId, StoreDep
from api.errors import problem_responses
from api.examples import ANALYTICS_EXAMPLES
from api.schemas import WhatIfRequest
from graphkam.analysis import (
    AccountAnalysis,
    AccountAsOf,
    AnalysisConfig,
    Recommendation,
    WarmPath,
    WhatIf,
    load_known,
    project,
    recommend,
    warm_path,
    what_if,
)
from graphkam.analysis.blockers import Blocker, blocker_movers
from graphkam.analysis.cached import account_analysis_json
from graphkam.analysis.diff import MapDiff, map_diff
from graphkam.errors import InvalidInputError
from graphkam.history import history
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


def _subgraph(
    store: Store, access: AccessDep, account_id: str, as_of: dt.date | None
) -> AccountAsOf:
    """The account as known on `as_of` (default today); 404 for foreign accounts."""
    res.read_node(store, access, NodeKind.ACCOUNT, account_id)
    return load_known(store, account_id, as_of or dt.date.today())


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
) -> Response:
    """The full analysis (same JSON as `graphkam analyze --json`), read from the store's
    cache while the account is unchanged since it was last computed."""
    res.read_node(store, access, NodeKind.ACCOUNT, account_id)  # 404 for foreign accounts
    day = as_of or dt.date.today()
    payload = account_analysis_json(store, account_id, day, analysis_config(half_life))
    return Response(payload, media_type="application/json")  # the model's JSON, as cached


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
    known = _subgraph(store, access, account_id, as_of)
    return warm_path(known, to, known.as_of, analysis_config(half_life))


@router.post(
    "/{account_id}/what-if", response_model=WhatIf, responses=with_example("what_if", _ERRORS)
)
def create_what_if(
    account_id: AccountId,
    body: WhatIfRequest,
    store: StoreDep,
    access: AccessDep,
    as_of: AsOfQuery = None,
    half_life: HalfLifeQuery = None,
) -> WhatIf:
    """What if these people leave (same JSON as `graphkam what-if --json`); changes nothing.

    The date is the body's `as_of` or the `as_of` query (as on every other route); giving two
    different dates is an error."""
    if body.as_of is not None and as_of is not None and body.as_of != as_of:
        raise InvalidInputError(
            f"as_of: the body says {body.as_of} and the query {as_of}; give one date"
        )
    known = _subgraph(store, access, account_id, body.as_of or as_of)
    return what_if(known, body.remove, known.as_of, analysis_config(half_life))


@router.get("/{account_id}/recommendations", response_model=list[Recommendation], responses=_ERRORS)
def read_recommendations(
    account_id: AccountId,
    store: StoreDep,
    access: AccessDep,
    as_of: AsOfQuery = None,
    half_life: HalfLifeQuery = None,
) -> list[Recommendation]:
    """The next relationships to build, best first (the analysis' `recommendations`)."""
    known = _subgraph(store, access, account_id, as_of)
    return recommend(known, known.as_of, analysis_config(half_life))


@router.get("/{account_id}/diff", response_model=MapDiff, responses=_ERRORS)
def read_diff(
    account_id: AccountId,
    since: Annotated[dt.date, Query(description="the earlier date", examples=["2026-06-01"])],
    store: StoreDep,
    access: AccessDep,
    until: Annotated[
        dt.date | None, Query(description="the later date (default today)", examples=["2026-11-15"])
    ] = None,
    half_life: HalfLifeQuery = None,
) -> MapDiff:
    """What changed in the account's map between two dates (same JSON as `graphkam diff --json`)."""
    res.read_node(store, access, NodeKind.ACCOUNT, account_id)  # 404 for foreign accounts
    return map_diff(
        store.account_subgraph(account_id),
        since,
        until or dt.date.today(),
        analysis_config(half_life),
        history(store, account_id),
    )


@router.get("/{account_id}/blockers", response_model=list[Blocker], responses=_ERRORS)
def read_blockers(
    account_id: AccountId,
    store: StoreDep,
    access: AccessDep,
    top: Annotated[int, Query(ge=1, le=50, description="movers per blocker", examples=[5])] = 5,
    as_of: AsOfQuery = None,
    half_life: HalfLifeQuery = None,
) -> list[Blocker]:
    """Who can move each skeptic or opponent (same JSON as `graphkam blockers --json`)."""
    known = _subgraph(store, access, account_id, as_of)
    return blocker_movers(project(known, known.as_of, analysis_config(half_life)), top)
