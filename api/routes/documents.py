"""Whole account maps: bulk import (all or nothing) and export, for admins."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from starlette.exceptions import HTTPException

from api.deps import AccessDep, StoreDep
from api.errors import problem_responses
from graphkam.errors import InvalidInputError, PermissionDeniedError, Problem
from graphkam.io import Format, generate_account_map, load_account_map, locate_problems
from graphkam.stores.base import ImportSummary

__all__ = ["router"]

router = APIRouter(tags=["documents"])

_EXAMPLE_YAML = """accounts:
  - {id: hx-steel, name: Huaxing Steel, tier: S}
stakeholders:
  - {id: hx-ceo, account: hx-steel, name: Wang Jianguo, roles: [decision_maker]}
"""
_YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")


class ExportFormat(StrEnum):
    JSON = "json"
    YAML = "yaml"


def _require_admin(access: Any, what: str) -> None:
    if not access.is_admin:
        raise PermissionDeniedError(f"only an admin may {what}; ask an admin")


@router.post(
    "/import",
    response_model=ImportSummary,
    responses=problem_responses(401, 403, 413, 415, 422, 503),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"type": "object"},
                    "example": {"accounts": [{"id": "hx-steel", "name": "Huaxing Steel"}]},
                },
                "application/yaml": {"schema": {"type": "string"}, "example": _EXAMPLE_YAML},
            },
        }
    },
)
async def create_import(request: Request, store: StoreDep, access: AccessDep) -> ImportSummary:
    """Import an account map (YAML or JSON body) in one transaction: all of it lands, or none.

    Problems name the record and field (and the body line): e.g. `request body, line 12, field
    'relationships[3].to': unknown id 'hx-cxo'`.
    """
    _require_admin(access, "import account maps")
    ctype = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if ctype in _YAML_TYPES:
        fmt = Format.YAML
    elif ctype == "application/json" or ctype.endswith("+json"):
        fmt = Format.JSON
    else:  # api.security.MediaTypeMiddleware answers this first; kept for direct calls
        raise HTTPException(
            415, f"send the account map as application/json or application/yaml, not '{ctype}'"
        )
    raw = await request.body()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            Problem(f"the body is not UTF-8 (bad byte at offset {exc.start})", loc=("body",))
        ) from None
    source = "request body"
    parsed = load_account_map(text, source, fmt)
    try:
        return store.import_map(parsed.doc, source=source)
    except InvalidInputError as exc:
        raise InvalidInputError(locate_problems(exc.problems, source, parsed.smap)) from None


@router.get(
    "/export",
    responses={
        **problem_responses(401, 403, 422, 503),
        200: {
            "description": "the account map",
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "application/yaml": {"schema": {"type": "object"}, "example": _EXAMPLE_YAML},
            },
        },
    },
    response_class=Response,
)
def read_export(
    store: StoreDep,
    access: AccessDep,
    format: Annotated[
        ExportFormat, Query(description="json or yaml", examples=["yaml"])
    ] = ExportFormat.JSON,
) -> Response:
    """Everything in the store as one account map (admins only), notes included."""
    _require_admin(access, "export the whole store")
    text = generate_account_map(store.export_map(), Format(format.value))
    media = "application/json" if format is ExportFormat.JSON else "application/yaml"
    return Response(text, media_type=media)
