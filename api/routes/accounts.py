"""Accounts: list, create, read, update (PATCH with If-Match), delete."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api import resources as res
from api.deps import AccessDep, AccountId, IfMatch, OwnerQuery, StoreDep, TierQuery, admin_only
from api.errors import problem_responses
from api.pagination import CursorQuery, LimitQuery, paginate
from api.schemas import AccountCreate, AccountPublic, AccountUpdate, Page
from graphkam.model import Account, NodeKind

__all__ = ["router"]

router = APIRouter(prefix="/accounts", tags=["accounts"])

KIND = NodeKind.ACCOUNT


@router.get("", response_model=Page[AccountPublic], responses=problem_responses(401, 422, 503))
def read_accounts(
    store: StoreDep,
    access: AccessDep,
    tier: TierQuery = None,
    owner: OwnerQuery = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[AccountPublic]:
    """Accounts you can see, by id; filter by tier and owner."""
    items = [n for n in res.visible_nodes(store, access, KIND, None) if isinstance(n, Account)]
    if tier:
        items = [a for a in items if a.tier in tier]
    if owner is not None:
        mine = res.owner_accounts(store, owner)
        items = [a for a in items if a.id in mine]
    return paginate(items, lambda a: [a.id], limit, cursor)


@router.post(
    "",
    dependencies=[admin_only("create accounts")],
    status_code=201,
    response_model=AccountPublic,
    responses=problem_responses(401, 403, 409, 422, 503),
)
def create_account(
    body: AccountCreate, store: StoreDep, access: AccessDep, response: Response
) -> Account:
    """Create an account (admins only)."""
    node = res.create_node(store, access, KIND, Account.model_validate(body.model_dump()))
    response.headers["ETag"] = res.etag_of(node)
    response.headers["Location"] = res.location("accounts", str(node.id))
    return node  # type: ignore[return-value]


@router.get(
    "/{account_id}", response_model=AccountPublic, responses=problem_responses(401, 404, 503)
)
def read_account(
    account_id: AccountId, store: StoreDep, access: AccessDep, response: Response
) -> Account:
    """One account; its ETag header is the version to send back as If-Match."""
    node = res.read_node(store, access, KIND, account_id)
    response.headers["ETag"] = res.etag_of(node)
    return node  # type: ignore[return-value]


@router.patch(
    "/{account_id}",
    response_model=AccountPublic,
    responses=problem_responses(401, 403, 404, 412, 422, 503),
)
def update_account(
    account_id: AccountId,
    body: AccountUpdate,
    store: StoreDep,
    access: AccessDep,
    response: Response,
    if_match: IfMatch = None,
) -> Account:
    """Change some fields of an account; 412 if If-Match is stale."""
    node = res.update_node(store, access, KIND, account_id, body, if_match)
    response.headers["ETag"] = res.etag_of(node)
    return node  # type: ignore[return-value]


@router.delete(
    "/{account_id}",
    dependencies=[admin_only("delete accounts")],
    status_code=204,
    response_class=Response,
    responses=problem_responses(401, 403, 404, 412, 503),
)
def delete_account(
    account_id: AccountId, store: StoreDep, access: AccessDep, if_match: IfMatch = None
) -> Response:
    """Delete an account with its whole subgraph (admins only); 412 if If-Match is stale."""
    res.delete_node(store, access, KIND, account_id, if_match)
    return Response(status_code=204)
