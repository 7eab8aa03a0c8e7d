"""Stakeholders: list, create, read, update (PATCH, If-Match), delete; notes for the team only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api import resources as res
from api.deps import AccessDep, IfMatch, StoreDep
from api.errors import problem_responses
from api.pagination import CursorQuery, LimitQuery, paginate
from api.schemas import Page, StakeholderCreate, StakeholderPublic, StakeholderUpdate
from graphkam import privacy
from graphkam.errors import PermissionDeniedError
from graphkam.model import DecisionRole, NodeKind, Stakeholder, StakeholderStatus, Stance

__all__ = ["router"]

router = APIRouter(prefix="/stakeholders", tags=["stakeholders"])

KIND = NodeKind.STAKEHOLDER
StakeholderId = Annotated[str, Path(description="stakeholder id", examples=["hx-cio"])]


@router.get("", response_model=Page[StakeholderPublic], responses=problem_responses(401, 422, 503))
def read_stakeholders(
    store: StoreDep,
    access: AccessDep,
    account: Annotated[str | None, Query(description="one account", examples=["hx-steel"])] = None,
    role: Annotated[
        DecisionRole | None,
        Query(description="holds this decision role", examples=["decision_maker"]),
    ] = None,
    stance: Annotated[
        Stance | None, Query(description="has this stance", examples=["champion"])
    ] = None,
    status: Annotated[
        StakeholderStatus | None, Query(description="active or left", examples=["active"])
    ] = None,
    owner: Annotated[
        str | None, Query(description="at accounts this team member is on", examples=["rep-lin"])
    ] = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[StakeholderPublic]:
    """Stakeholders you can see, by id; filter by account, role, stance, status and owner."""
    items = [
        s for s in res.visible_nodes(store, access, KIND, account) if isinstance(s, Stakeholder)
    ]
    if role is not None:
        items = [s for s in items if role in s.roles]
    if stance is not None:
        items = [s for s in items if s.stance is stance]
    if status is not None:
        items = [s for s in items if s.status is status]
    if owner is not None:
        mine = res.owner_accounts(store, owner)
        items = [s for s in items if s.account in mine]
    return paginate(items, lambda s: [s.id], limit, cursor, lambda s: res.public_node(s, access))


@router.post(
    "",
    status_code=201,
    response_model=StakeholderPublic,
    responses=problem_responses(401, 403, 409, 422, 503),
)
def create_stakeholder(
    body: StakeholderCreate, store: StoreDep, access: AccessDep, response: Response
) -> Stakeholder:
    """Add a stakeholder to an account you may edit."""
    node = res.create_node(store, access, KIND, Stakeholder.model_validate(body.model_dump()))
    shown = res.public_node(node, access)
    response.headers["ETag"] = res.etag_of(shown)
    response.headers["Location"] = res.location("stakeholders", str(node.id))
    return shown  # type: ignore[return-value]


@router.get(
    "/{stakeholder_id}",
    response_model=StakeholderPublic,
    responses=problem_responses(401, 404, 503),
)
def read_stakeholder(
    stakeholder_id: StakeholderId, store: StoreDep, access: AccessDep, response: Response
) -> Stakeholder:
    """One stakeholder (notes only for the account's team and admins), with its ETag."""
    shown = res.public_node(res.read_node(store, access, KIND, stakeholder_id), access)
    response.headers["ETag"] = res.etag_of(shown)
    return shown  # type: ignore[return-value]


@router.patch(
    "/{stakeholder_id}",
    response_model=StakeholderPublic,
    responses=problem_responses(401, 403, 404, 412, 422, 503),
)
def update_stakeholder(
    stakeholder_id: StakeholderId,
    body: StakeholderUpdate,
    store: StoreDep,
    access: AccessDep,
    response: Response,
    if_match: IfMatch = None,
) -> Stakeholder:
    """Change some fields of a stakeholder; 412 if If-Match is stale."""
    node = res.update_node(store, access, KIND, stakeholder_id, body, if_match)
    shown = res.public_node(node, access)
    response.headers["ETag"] = res.etag_of(shown)
    return shown  # type: ignore[return-value]


@router.delete(
    "/{stakeholder_id}",
    status_code=204,
    response_class=Response,
    responses=problem_responses(401, 403, 404, 412, 503),
)
def delete_stakeholder(
    stakeholder_id: StakeholderId,
    store: StoreDep,
    access: AccessDep,
    if_match: IfMatch = None,
    erase: Annotated[
        bool,
        Query(
            description="instead of deleting, erase the person's personal data everywhere "
            "(right to erasure), keeping an '[erased]' tombstone; admins only",
            examples=[True],
        ),
    ] = False,
) -> Response:
    """Delete a stakeholder and their relationships, or with `erase=true` erase their personal
    data and keep a tombstone; 412 if If-Match is stale."""
    if not erase:
        res.delete_node(store, access, KIND, stakeholder_id, if_match)
        return Response(status_code=204)
    with store.transaction():  # the If-Match check and the erasure are one write
        node = res.read_node(store, access, KIND, stakeholder_id)
        if not access.is_admin:
            raise PermissionDeniedError("only admins may erase a person's data")
        res.check_if_match(if_match, res.etag_of(res.public_node(node, access)))
        privacy.erase(store, stakeholder_id, scrub_files=False)
    privacy.scrub(store)  # after the commit: no old version left in the file or its WAL
    return Response(status_code=204)
