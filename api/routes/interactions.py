"""Interactions (visit records, 每访必记): list, create, read, update, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api import resources as res
from api.deps import AccessDep, IfMatch, StoreDep
from api.errors import problem_responses
from api.pagination import CursorQuery, LimitQuery, paginate
from api.schemas import InteractionCreate, InteractionPublic, InteractionUpdate, Page
from graphkam.model import Interaction, Purpose

__all__ = ["router"]

router = APIRouter(prefix="/interactions", tags=["interactions"])

InteractionId = Annotated[
    str, Path(description="interaction id", examples=["interaction-1a2b3c4d5e"])
]


@router.get("", response_model=Page[InteractionPublic], responses=problem_responses(401, 422, 503))
def read_interactions(
    store: StoreDep,
    access: AccessDep,
    account: Annotated[str | None, Query(description="one account", examples=["hx-steel"])] = None,
    purpose: Annotated[
        Purpose | None, Query(description="this purpose", examples=["solution"])
    ] = None,
    stakeholder: Annotated[
        str | None, Query(description="met this stakeholder", examples=["hx-cio"])
    ] = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[InteractionPublic]:
    """Visit records you can see, by (date, id); filter by account, purpose and stakeholder."""
    items = res.visible_interactions(store, access, account)
    if purpose is not None:
        items = [i for i in items if i.purpose is purpose]
    if stakeholder is not None:
        items = [i for i in items if stakeholder in i.stakeholders]
    return paginate(items, lambda i: [i.date.isoformat(), str(i.id)], limit, cursor)


@router.post(
    "",
    status_code=201,
    response_model=InteractionPublic,
    responses=problem_responses(401, 403, 409, 422, 503),
)
def create_interaction(
    body: InteractionCreate, store: StoreDep, access: AccessDep, response: Response
) -> Interaction:
    """Record a visit; the id is derived from its content when not given."""
    rec = res.public_interaction(
        res.create_interaction(store, access, Interaction.model_validate(body.model_dump())), access
    )
    response.headers["ETag"] = res.etag_of(rec)
    response.headers["Location"] = res.location("interactions", str(rec.id))
    return rec


@router.get(
    "/{interaction_id}",
    response_model=InteractionPublic,
    responses=problem_responses(401, 404, 503),
)
def read_interaction(
    interaction_id: InteractionId, store: StoreDep, access: AccessDep, response: Response
) -> Interaction:
    """One visit record, with its ETag."""
    rec = res.public_interaction(res.read_interaction(store, access, interaction_id), access)
    response.headers["ETag"] = res.etag_of(rec)
    return rec


@router.patch(
    "/{interaction_id}",
    response_model=InteractionPublic,
    responses=problem_responses(401, 403, 404, 412, 422, 503),
)
def update_interaction(
    interaction_id: InteractionId,
    body: InteractionUpdate,
    store: StoreDep,
    access: AccessDep,
    response: Response,
    if_match: IfMatch = None,
) -> Interaction:
    """Change some fields of a visit record; 412 if If-Match is stale."""
    rec = res.public_interaction(
        res.update_interaction(store, access, interaction_id, body, if_match), access
    )
    response.headers["ETag"] = res.etag_of(rec)
    return rec


@router.delete(
    "/{interaction_id}",
    status_code=204,
    response_class=Response,
    responses=problem_responses(401, 403, 404, 412, 503),
)
def delete_interaction(
    interaction_id: InteractionId, store: StoreDep, access: AccessDep, if_match: IfMatch = None
) -> Response:
    """Delete a visit record; 412 if If-Match is stale."""
    res.delete_interaction(store, access, interaction_id, if_match)
    return Response(status_code=204)
