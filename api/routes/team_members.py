"""Team members (our people): list and read for everyone; create, update, delete for admins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api import resources as res
from api.deps import AccessDep, IfMatch, StoreDep, admin_only
from api.errors import problem_responses
from api.pagination import CursorQuery, LimitQuery, paginate
from api.schemas import Page, TeamMemberCreate, TeamMemberPublic, TeamMemberUpdate
from graphkam.model import NodeKind, TeamMember, TeamRole

__all__ = ["router"]

router = APIRouter(prefix="/team-members", tags=["team members"])

KIND = NodeKind.TEAM_MEMBER
MemberId = Annotated[str, Path(description="team member id", examples=["rep-lin"])]


@router.get("", response_model=Page[TeamMemberPublic], responses=problem_responses(401, 422, 503))
def read_team_members(
    store: StoreDep,
    access: AccessDep,
    account: Annotated[
        str | None, Query(description="on this account's team", examples=["hx-steel"])
    ] = None,
    role: Annotated[
        TeamRole | None, Query(description="this team role", examples=["account_manager"])
    ] = None,
    coach: Annotated[
        str | None, Query(description="coached by this team member", examples=["mgr-zhou"])
    ] = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[TeamMemberPublic]:
    """Our people, by id; filter by account (on_team), team role and coach."""
    items = [
        m for m in res.visible_nodes(store, access, KIND, account) if isinstance(m, TeamMember)
    ]
    if role is not None:
        items = [m for m in items if m.team_role is role]
    if coach is not None:
        items = [m for m in items if m.coach == coach]
    return paginate(items, lambda m: [m.id], limit, cursor)


@router.post(
    "",
    dependencies=[admin_only("add team members")],
    status_code=201,
    response_model=TeamMemberPublic,
    responses=problem_responses(401, 403, 409, 422, 503),
)
def create_team_member(
    body: TeamMemberCreate, store: StoreDep, access: AccessDep, response: Response
) -> TeamMember:
    """Add one of our people (admins only: team membership grants access to accounts)."""
    node = res.public_node(
        res.create_node(store, access, KIND, TeamMember.model_validate(body.model_dump())), access
    )
    response.headers["ETag"] = res.etag_of(node)
    response.headers["Location"] = res.location("team-members", str(node.id))
    return node  # type: ignore[return-value]


@router.get(
    "/{member_id}", response_model=TeamMemberPublic, responses=problem_responses(401, 404, 503)
)
def read_team_member(
    member_id: MemberId, store: StoreDep, access: AccessDep, response: Response
) -> TeamMember:
    """One of our people, with its ETag."""
    node = res.public_node(res.read_node(store, access, KIND, member_id), access)
    response.headers["ETag"] = res.etag_of(node)
    return node  # type: ignore[return-value]


@router.patch(
    "/{member_id}",
    dependencies=[admin_only("change team members")],
    response_model=TeamMemberPublic,
    responses=problem_responses(401, 403, 404, 412, 422, 503),
)
def update_team_member(
    member_id: MemberId,
    body: TeamMemberUpdate,
    store: StoreDep,
    access: AccessDep,
    response: Response,
    if_match: IfMatch = None,
) -> TeamMember:
    """Change some fields of a team member (admins only); 412 if If-Match is stale."""
    node = res.public_node(res.update_node(store, access, KIND, member_id, body, if_match), access)
    response.headers["ETag"] = res.etag_of(node)
    return node  # type: ignore[return-value]


@router.delete(
    "/{member_id}",
    dependencies=[admin_only("remove team members")],
    status_code=204,
    response_class=Response,
    responses=problem_responses(401, 403, 404, 412, 503),
)
def delete_team_member(
    member_id: MemberId, store: StoreDep, access: AccessDep, if_match: IfMatch = None
) -> Response:
    """Remove one of our people (admins only); 412 if If-Match is stale."""
    res.delete_node(store, access, KIND, member_id, if_match)
    return Response(status_code=204)
