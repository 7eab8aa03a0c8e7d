"""Third parties (partners, consultants): list and read for everyone; writes for admins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api import resources as res
from api.deps import AccessDep, IfMatch, StoreDep, admin_only
from api.errors import problem_responses
from api.pagination import CursorQuery, LimitQuery, paginate
from api.schemas import Page, ThirdPartyCreate, ThirdPartyPublic, ThirdPartyUpdate
from graphkam.model import NodeKind, ThirdParty, ThirdPartyKind

__all__ = ["router"]

router = APIRouter(prefix="/third-parties", tags=["third parties"])

KIND = NodeKind.THIRD_PARTY
ThirdPartyId = Annotated[str, Path(description="third party id", examples=["tp-consult"])]


@router.get("", response_model=Page[ThirdPartyPublic], responses=problem_responses(401, 422, 503))
def read_third_parties(
    store: StoreDep,
    access: AccessDep,
    kind: Annotated[
        ThirdPartyKind | None, Query(description="organization or person", examples=["person"])
    ] = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[ThirdPartyPublic]:
    """Third parties, by id; filter by kind."""
    items = [p for p in res.visible_nodes(store, access, KIND, None) if isinstance(p, ThirdParty)]
    if kind is not None:
        items = [p for p in items if p.kind is kind]
    return paginate(items, lambda p: [p.id], limit, cursor)


@router.post(
    "",
    dependencies=[admin_only("add third parties")],
    status_code=201,
    response_model=ThirdPartyPublic,
    responses=problem_responses(401, 403, 409, 422, 503),
)
def create_third_party(
    body: ThirdPartyCreate, store: StoreDep, access: AccessDep, response: Response
) -> ThirdParty:
    """Add a third party (admins only)."""
    node = res.create_node(store, access, KIND, ThirdParty.model_validate(body.model_dump()))
    response.headers["ETag"] = res.etag_of(node)
    response.headers["Location"] = res.location("third-parties", str(node.id))
    return node  # type: ignore[return-value]


@router.get(
    "/{third_party_id}", response_model=ThirdPartyPublic, responses=problem_responses(401, 404, 503)
)
def read_third_party(
    third_party_id: ThirdPartyId, store: StoreDep, access: AccessDep, response: Response
) -> ThirdParty:
    """One third party, with its ETag."""
    node = res.read_node(store, access, KIND, third_party_id)
    response.headers["ETag"] = res.etag_of(node)
    return node  # type: ignore[return-value]


@router.patch(
    "/{third_party_id}",
    dependencies=[admin_only("change third parties")],
    response_model=ThirdPartyPublic,
    responses=problem_responses(401, 403, 404, 412, 422, 503),
)
def update_third_party(
    third_party_id: ThirdPartyId,
    body: ThirdPartyUpdate,
    store: StoreDep,
    access: AccessDep,
    response: Response,
    if_match: IfMatch = None,
) -> ThirdParty:
    """Change some fields of a third party (admins only); 412 if If-Match is stale."""
    node = res.update_node(store, access, KIND, third_party_id, body, if_match)
    response.headers["ETag"] = res.etag_of(node)
    return node  # type: ignore[return-value]


@router.delete(
    "/{third_party_id}",
    dependencies=[admin_only("remove third parties")],
    status_code=204,
    response_class=Response,
    responses=problem_responses(401, 403, 404, 412, 503),
)
def delete_third_party(
    third_party_id: ThirdPartyId, store: StoreDep, access: AccessDep, if_match: IfMatch = None
) -> Response:
    """Remove a third party and its relationships (admins only); 412 if If-Match is stale."""
    res.delete_node(store, access, KIND, third_party_id, if_match)
    return Response(status_code=204)
