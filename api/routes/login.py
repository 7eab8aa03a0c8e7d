"""Browser sign-in: trade a token for a cookie so the HTML pages open in a browser."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from starlette.exceptions import HTTPException

from api.deps import TOKEN_COOKIE
from graphkam.auth import UserStore

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login(
    request: Request,
    token: Annotated[str, Query(min_length=1, max_length=200)],
    next: Annotated[str, Query(pattern=r"^/[^/\\]", max_length=500)] = "/portfolio",
) -> RedirectResponse:
    """Check the token, keep it in an HttpOnly cookie and go on to `next` (a local path)."""
    users: UserStore = request.app.state.users
    if users.authenticate(token) is None:
        raise HTTPException(401, "the token is not valid", {"WWW-Authenticate": "Bearer"})
    response = RedirectResponse(next, status_code=303)
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", max_age=86400)
    return response
