"""Request dependencies: the store (reopened after an outage), the current user and their access."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import Depends, Header, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from api.security import SESSION_COOKIE, check_cookie_request
from graphkam.auth import Access, User, UserStore, access_for
from graphkam.errors import PermissionDeniedError
from graphkam.history import ChangeSource, set_actor
from graphkam.model import Tier
from graphkam.settings import Settings
from graphkam.stores import Store, open_store

__all__ = [
    "StoreHolder",
    "get_store",
    "get_current_user",
    "get_acting_user",
    "get_access",
    "get_settings",
    "admin_only",
    "StoreDep",
    "CurrentUser",
    "AccessDep",
    "SettingsDep",
    "IfMatch",
    "AccountId",
    "TierQuery",
    "OwnerQuery",
]


class StoreHolder:
    """Opens the store on first use and forgets it after an outage, so the API recovers."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._store: Store | None = None
        self._lock = threading.Lock()

    def get(self) -> Store:
        """The open store; opens it now if it is not (StoreUnavailableError if it can't)."""
        with self._lock:
            if self._store is None:
                self._store = open_store(self.url)
            return self._store

    def reset(self) -> None:
        """Drop (and close) the current store so the next request opens a fresh one."""
        with self._lock:
            store, self._store = self._store, None
        if store is not None:
            try:
                store.close()
            except Exception:  # a dead connection may fail to close; it is dropped either way
                pass

    def close(self) -> None:
        self.reset()


#: The cookie /login sets so that a browser can open the HTML pages.
TOKEN_COOKIE = "graphkam_token"

_bearer = HTTPBearer(auto_error=False, description="a token from `graphkam users add`")


def get_store(request: Request) -> Store:
    """The application's store."""
    holder: StoreHolder = request.app.state.store_holder
    return holder.get()


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    """The user of the bearer token, or of the browser session cookie; 401 without either.

    A cookie request that changes something must also pass the CSRF and Origin checks
    (api.security); a bearer request needs neither (a browser never adds that header itself).
    """
    challenge = {"WWW-Authenticate": "Bearer"}
    users: UserStore = request.app.state.users
    if credentials is not None and credentials.scheme.lower() == "bearer":
        user = users.authenticate(credentials.credentials)
        if user is None:
            raise HTTPException(
                401, "the bearer token is not valid (or expired, or revoked)", challenge
            )
        return user
    session_id = request.cookies.get(SESSION_COOKIE)
    if session_id is None:
        raise HTTPException(401, "send a bearer token: Authorization: Bearer TOKEN", challenge)
    session = users.session(session_id)
    if session is None:
        raise HTTPException(401, "the session has ended: sign in again at /login", challenge)
    settings: Settings = request.app.state.settings
    check_cookie_request(request, session, settings.allowed_origins)
    request.state.csrf_token = session.csrf_token  # pages put it in <meta name="csrf-token">
    return session.user


async def get_acting_user(user: Annotated[User, Depends(get_current_user)]) -> User:
    """The current user, named as the actor (source `api`) of the request's audited writes.

    Async on purpose: it runs in the request's own task, whose context the sync route
    functions then inherit in the thread pool, so the actor reaches the store's audit proxy.
    """
    set_actor(user.name, ChangeSource.API)
    return user


StoreDep = Annotated[Store, Depends(get_store)]
CurrentUser = Annotated[User, Depends(get_acting_user)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_access(user: CurrentUser, store: StoreDep) -> Access:
    """What the current user may read and edit (resolved from the store's team members)."""
    return access_for(user, store)


AccessDep = Annotated[Access, Depends(get_access)]


def admin_only(what: str) -> Any:
    """A route dependency: 403 for anyone but an admin, before the body is validated (so a
    rep learns nothing from 422s about a write they may not make at all)."""

    def require_admin(access: AccessDep) -> None:
        if not access.is_admin:
            raise PermissionDeniedError(f"only an admin may {what}; ask an admin")

    return Depends(require_admin)


IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="the ETag you read; the write fails with 412 if the object changed since",
        examples=['"3f1c0a9e5b7d4e21a8c6f0b2d9e47a15"'],
    ),
]

AccountId = Annotated[str, Path(description="account id", examples=["hx-steel"])]
TierQuery = Annotated[list[Tier] | None, Query(description="only these tiers", examples=[["S"]])]
OwnerQuery = Annotated[
    str | None, Query(description="only accounts this team member is on", examples=["rep-lin"])
]
