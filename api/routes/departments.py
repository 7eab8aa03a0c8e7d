"""Departments: list, create, read, update (PATCH with If-Match), delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api import resources as res
from api.deps import AccessDep, IfMatch, StoreDep
from api.errors import problem_responses
from api.pagination import CursorQuery, LimitQuery, paginate
from api.schemas import DepartmentCreate, DepartmentPublic, DepartmentUpdate, Page
from graphkam.model import Department, NodeKind

__all__ = ["router"]

router = APIRouter(prefix="/departments", tags=["departments"])

KIND = NodeKind.DEPARTMENT
DepartmentId = Annotated[str, Path(description="department id", examples=["hx-it"])]


@router.get("", response_model=Page[DepartmentPublic], responses=problem_responses(401, 422, 503))
def read_departments(
    store: StoreDep,
    access: AccessDep,
    account: Annotated[str | None, Query(description="one account", examples=["hx-steel"])] = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[DepartmentPublic]:
    """Departments you can see, by id; filter by account."""
    items = [
        d for d in res.visible_nodes(store, access, KIND, account) if isinstance(d, Department)
    ]
    return paginate(items, lambda d: [d.id], limit, cursor)


@router.post(
    "",
    status_code=201,
    response_model=DepartmentPublic,
    responses=problem_responses(401, 403, 409, 422, 503),
)
def create_department(
    body: DepartmentCreate, store: StoreDep, access: AccessDep, response: Response
) -> Department:
    """Add a department to an account you may edit."""
    node = res.create_node(store, access, KIND, Department.model_validate(body.model_dump()))
    response.headers["ETag"] = res.etag_of(node)
    response.headers["Location"] = res.location("departments", str(node.id))
    return node  # type: ignore[return-value]


@router.get(
    "/{department_id}", response_model=DepartmentPublic, responses=problem_responses(401, 404, 503)
)
def read_department(
    department_id: DepartmentId, store: StoreDep, access: AccessDep, response: Response
) -> Department:
    """One department, with its ETag."""
    node = res.read_node(store, access, KIND, department_id)
    response.headers["ETag"] = res.etag_of(node)
    return node  # type: ignore[return-value]


@router.patch(
    "/{department_id}",
    response_model=DepartmentPublic,
    responses=problem_responses(401, 403, 404, 412, 422, 503),
)
def update_department(
    department_id: DepartmentId,
    body: DepartmentUpdate,
    store: StoreDep,
    access: AccessDep,
    response: Response,
    if_match: IfMatch = None,
) -> Department:
    """Change some fields of a department; 412 if If-Match is stale."""
    node = res.update_node(store, access, KIND, department_id, body, if_match)
    response.headers["ETag"] = res.etag_of(node)
    return node  # type: ignore[return-value]


@router.delete(
    "/{department_id}",
    status_code=204,
    response_class=Response,
    responses=problem_responses(401, 403, 404, 412, 503),
)
def delete_department(
    department_id: DepartmentId, store: StoreDep, access: AccessDep, if_match: IfMatch = None
) -> Response:
    """Delete a department; 412 if If-Match is stale."""
    res.delete_node(store, access, KIND, department_id, if_match)
    return Response(status_code=204)
