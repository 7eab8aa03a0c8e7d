"""Audit history of an account: who changed what and when (same access rules as the account)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api import resources as res
from api.deps import AccessDep, StoreDep
from api.errors import problem_responses
from api.visibility import public_change
from graphkam.history import history
from graphkam.model import Change, NodeKind

__all__ = ["router"]

router = APIRouter(prefix="/accounts", tags=["history"])


@router.get(
    "/{account_id}/history",
    response_model=list[Change],
    responses=problem_responses(401, 404, 503),
)
def read_history(
    account_id: Annotated[str, Path(description="account id", examples=["hx-steel"])],
    store: StoreDep,
    access: AccessDep,
    stakeholder: Annotated[
        str | None,
        Query(description="only the changes about this stakeholder", examples=["hx-cio"]),
    ] = None,
) -> list[Change]:
    """The account's changes, oldest first: when, who, through which door, before and after
    (free-text notes appear only as a mark that they changed)."""
    res.read_node(store, access, NodeKind.ACCOUNT, account_id)
    return [public_change(c, access) for c in history(store, account_id, stakeholder)]
