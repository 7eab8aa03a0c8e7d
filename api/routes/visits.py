"""The rep's visit loop: the pre-visit brief, logging a visit, and the committee's coalitions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, status
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from api import resources as res
from api.deps import AccessDep, AccountId, StoreDep
from api.errors import problem_responses
from api.routes.analysis import AsOfQuery, HalfLifeQuery, analysis_config
from graphkam.analysis import analyze_account
from graphkam.analysis.coalitions import CoalitionReport, find_coalitions
from graphkam.analysis.known import known_on
from graphkam.briefing import Brief, BriefFormat, build_brief, render_brief
from graphkam.business import health_index
from graphkam.errors import PermissionDeniedError
from graphkam.model import NodeKind, Purpose, Stance
from graphkam.visits import VisitResult, log_visit

__all__ = ["router", "VisitCreate"]

router = APIRouter(prefix="/accounts", tags=["visits"])
_ERRORS = problem_responses(401, 404, 422, 503)


class VisitCreate(BaseModel):
    """A visit to log: their people met, ours present, purpose, notes, stance changes."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        json_schema_extra={
            "examples": [
                {
                    "with": ["hx-cio"],
                    "by": ["rep-lin"],
                    "purpose": "solution",
                    "notes": "Walked through the pilot plan.",
                    "stances": {"hx-cio": "champion"},
                    "date": "2026-11-14",
                }
            ]
        },
    )

    with_ids: list[str] = Field(alias="with", min_length=1, max_length=100)
    by: list[str] = Field(min_length=1, max_length=100)
    purpose: Purpose
    notes: str | None = Field(default=None, max_length=10_000)
    stances: dict[str, Stance] = Field(default_factory=dict)
    date: dt.date | None = None


def _account(store: StoreDep, access: AccessDep, account_id: str):  # type: ignore[no-untyped-def]
    res.read_node(store, access, NodeKind.ACCOUNT, account_id)  # 404 for foreign accounts
    return store.account_subgraph(account_id)


@router.get(
    "/{account_id}/brief",
    response_model=Brief,
    responses={
        **_ERRORS,
        200: {"content": {"application/json": {}, "text/html": {}, "text/markdown": {}}},
    },
)
def read_brief(
    account_id: AccountId,
    store: StoreDep,
    access: AccessDep,
    purpose: Annotated[
        Purpose, Query(description="the visit's purpose", examples=["signing"])
    ] = Purpose.RELATIONSHIP,
    meet: Annotated[
        list[str] | None, Query(description="stakeholders you will meet", examples=[["hx-cio"]])
    ] = None,
    format: Annotated[
        BriefFormat | None, Query(description="html or md instead of JSON", examples=["html"])
    ] = None,
    as_of: AsOfQuery = None,
    half_life: HalfLifeQuery = None,
) -> Brief | Response:
    """The pre-visit brief (personal notes only for the account's team and admins)."""
    day = as_of or dt.date.today()
    subgraph = known_on(_account(store, access, account_id), day)
    brief = build_brief(
        subgraph,
        day,
        purpose,
        meet,
        may_see_notes=access.sees_notes(account_id),
        health=health_index(subgraph, day).index,
        config=analysis_config(half_life),
    )
    if format is BriefFormat.HTML:
        return HTMLResponse(render_brief(brief, format))
    if format is not None:
        return Response(render_brief(brief, format), media_type="text/markdown; charset=utf-8")
    return brief


@router.post(
    "/{account_id}/visits",
    response_model=VisitResult,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404, 422, 503),
)
def create_visit(
    account_id: AccountId, body: VisitCreate, store: StoreDep, access: AccessDep
) -> VisitResult:
    """Log a visit in one step: the interaction, refreshed ties and stance changes."""
    res.read_node(store, access, NodeKind.ACCOUNT, account_id)
    if not access.can_write(account_id):
        raise PermissionDeniedError(f"you may not log visits to account '{account_id}'")
    return log_visit(
        store,
        account_id,
        body.with_ids,
        body.by,
        body.purpose,
        notes=body.notes,
        stances=body.stances,
        date=body.date,
    )


@router.get("/{account_id}/coalitions", response_model=CoalitionReport, responses=_ERRORS)
def read_coalitions(
    account_id: AccountId,
    store: StoreDep,
    access: AccessDep,
    k: Annotated[
        int | None, Query(ge=1, le=50, description="number of coalitions", examples=[2])
    ] = None,
    as_of: AsOfQuery = None,
    half_life: HalfLifeQuery = None,
) -> CoalitionReport:
    """The committee's factions (same JSON as `graphkam coalitions --json`)."""
    subgraph = known_on(_account(store, access, account_id), as_of or dt.date.today())
    analysis = analyze_account(
        subgraph, subgraph.as_of, analysis_config(half_life), brokers=False,
        recommendations=False,
    )  # fmt: skip
    return find_coalitions(subgraph, k, influence={i.id: i.score for i in analysis.influence})
