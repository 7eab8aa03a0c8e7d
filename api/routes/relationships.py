"""Relationships (edges), addressed by type and ends: list, create, read, update, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api import resources as res
from api.deps import AccessDep, IfMatch, StoreDep
from api.errors import problem_responses
from api.pagination import CursorQuery, LimitQuery, paginate
from api.schemas import Page, RelationshipCreate, RelationshipPublic, RelationshipUpdate
from graphkam.model import Relationship, RelType

__all__ = ["router"]

router = APIRouter(prefix="/relationships", tags=["relationships"])

TypePath = Annotated[RelType, Path(description="relationship type", examples=["relates_to"])]
FromPath = Annotated[str, Path(description="id at the start", examples=["rep-lin"])]
ToPath = Annotated[str, Path(description="id at the end", examples=["hx-cio"])]
ONE = "/{type}/{from_id}/{to_id}"


def _location(rel: Relationship) -> str:
    return res.location("relationships", rel.type.value, rel.from_id, rel.to_id)


@router.get("", response_model=Page[RelationshipPublic], responses=problem_responses(401, 422, 503))
def read_relationships(
    store: StoreDep,
    access: AccessDep,
    account: Annotated[
        str | None, Query(description="in this account's subgraph", examples=["hx-steel"])
    ] = None,
    type: Annotated[
        RelType | None, Query(description="of this type", examples=["influences"])
    ] = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[RelationshipPublic]:
    """Relationships you can see, by (type, from, to); filter by account and type."""
    items = res.visible_relationships(store, access, account, type)
    return paginate(items, lambda r: list(r.key), limit, cursor)


@router.post(
    "",
    status_code=201,
    response_model=RelationshipPublic,
    responses=problem_responses(401, 403, 409, 422, 503),
)
def create_relationship(
    body: RelationshipCreate, store: StoreDep, access: AccessDep, response: Response
) -> Relationship:
    """Add a relationship between nodes you can see, in accounts you may edit."""
    rel = Relationship.model_validate(body.model_dump(by_alias=True))
    rel = res.create_relationship(store, access, rel)
    rel = res.public_relationship(rel, access, res.relationship_accounts(store, rel))
    response.headers["ETag"] = res.etag_of(rel)
    response.headers["Location"] = _location(rel)
    return rel


@router.get(ONE, response_model=RelationshipPublic, responses=problem_responses(401, 404, 422, 503))
def read_relationship(
    type: TypePath,
    from_id: FromPath,
    to_id: ToPath,
    store: StoreDep,
    access: AccessDep,
    response: Response,
) -> Relationship:
    """One relationship (symmetric types match either order), with its ETag."""
    rel = res.read_relationship(store, access, type, from_id, to_id)
    rel = res.public_relationship(rel, access, res.relationship_accounts(store, rel))
    response.headers["ETag"] = res.etag_of(rel)
    return rel


@router.patch(
    ONE,
    response_model=RelationshipPublic,
    responses=problem_responses(401, 403, 404, 412, 422, 503),
)
def update_relationship(
    type: TypePath,
    from_id: FromPath,
    to_id: ToPath,
    body: RelationshipUpdate,
    store: StoreDep,
    access: AccessDep,
    response: Response,
    if_match: IfMatch = None,
) -> Relationship:
    """Change strength, weight, last contact, layer, since or notes; 412 if If-Match is stale."""
    rel = res.update_relationship(store, access, (type, from_id, to_id), body, if_match)
    rel = res.public_relationship(rel, access, res.relationship_accounts(store, rel))
    response.headers["ETag"] = res.etag_of(rel)
    return rel


@router.delete(
    ONE,
    status_code=204,
    response_class=Response,
    responses=problem_responses(401, 403, 404, 412, 422, 503),
)
def delete_relationship(
    type: TypePath,
    from_id: FromPath,
    to_id: ToPath,
    store: StoreDep,
    access: AccessDep,
    if_match: IfMatch = None,
) -> Response:
    """Delete a relationship; 412 if If-Match is stale."""
    res.delete_relationship(store, access, (type, from_id, to_id), if_match)
    return Response(status_code=204)
