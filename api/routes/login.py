"""Browser sign-in: a form POSTs the token once; the browser then holds only a session cookie.

`GET /login` shows the form, `POST /login` (form body `token`, `next`) starts a session,
`GET /session` tells same-origin script who is signed in and the CSRF token to send on writes,
`POST /logout` ends the session. The token never appears in a URL, so no log can hold it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from api.deps import SettingsDep
from api.security import (
    SESSION_COOKIE,
    check_cookie_request,
    origin_allowed,
    secure_cookie,
)
from api.signin import safe_next, signin_page
from graphkam.auth import Role, Session, UserStore
from graphkam.errors import PermissionDeniedError

__all__ = ["router", "SessionPublic"]

router = APIRouter(tags=["sign-in"])
_FORM = "application/x-www-form-urlencoded"
_FORM_BODY = {"requestBody": {"required": True, "content": {_FORM: {"schema": {"type": "object"}}}}}


class SessionPublic(BaseModel):
    """Who is signed in, until when, and the CSRF token to send as X-CSRF-Token on writes."""

    user: str
    role: Role
    member: str | None
    expires: dt.datetime
    csrf_token: str


def _users(request: Request) -> UserStore:
    users: UserStore = request.app.state.users
    return users


def current_session(request: Request) -> Session:
    """The browser session of the cookie; 401 without a live one."""
    session_id = request.cookies.get(SESSION_COOKIE)
    session = _users(request).session(session_id) if session_id else None
    if session is None:
        raise HTTPException(401, "not signed in: sign in at /login", {"WWW-Authenticate": "Bearer"})
    return session


SessionDep = Annotated[Session, Depends(current_session)]


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def read_signin_page(
    next: Annotated[str | None, Query(max_length=500)] = None,
) -> HTMLResponse:
    """The sign-in form (the token is typed or pasted, then POSTed)."""
    return HTMLResponse(signin_page(next))


@router.post("/login", include_in_schema=False, openapi_extra=_FORM_BODY)
async def create_session(request: Request, settings: SettingsDep) -> Response:
    """Check the token from the form body, start a session and go on to `next` (a local path).
    A bad token shows the form again with 401; the token is never echoed or logged."""
    if request.headers.get("origin") is not None and not origin_allowed(
        request, settings.allowed_origins
    ):
        raise PermissionDeniedError("sign-in from another site refused")
    form = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=10)
    token = (form.get("token") or [""])[0].strip()
    next_path = safe_next((form.get("next") or [None])[0])
    users = _users(request)
    user = users.authenticate(token) if 0 < len(token) <= 200 else None
    if user is None:
        page = signin_page(next_path, "That token is not valid (or it expired or was revoked).")
        return HTMLResponse(page, status_code=401)
    session_id = users.start_session(user, settings.session_hours)
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=int(settings.session_hours * 3600),
        path="/",
        httponly=True,
        samesite="strict",
        secure=secure_cookie(request, settings.cookie_secure),
    )
    return response


@router.get("/session", response_model=SessionPublic, include_in_schema=False)
def read_session(session: SessionDep) -> SessionPublic:
    """The signed-in browser session (same-origin script reads its CSRF token here)."""
    return SessionPublic(
        user=session.user.name,
        role=session.user.role,
        member=session.user.member,
        expires=session.expires,
        csrf_token=session.csrf_token,
    )


@router.post("/logout", status_code=204, include_in_schema=False)
def delete_session(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    """End the session now (CSRF token and Origin required, like every cookie write)."""
    check_cookie_request(request, session, settings.allowed_origins)
    session_id = request.cookies.get(SESSION_COOKIE, "")
    _users(request).end_session(session_id)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response
