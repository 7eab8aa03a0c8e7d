"""Browser-facing security: the session cookie, CSRF and Origin checks, 415 for bodies of the
wrong media type, and the headers every answer carries.

Why each rule (see docs/reliability.md for the tests):
- A browser signs in once (POST /login) and then holds only a random session id in an
  `HttpOnly`, `SameSite=Strict` cookie (`Secure` over https, also behind a proxy whose
  `X-Forwarded-Proto` uvicorn was told to trust). SameSite does not stop a page on the same
  *site* (another port, a sibling subdomain), so every state-changing request authenticated by
  the cookie must also carry the session's CSRF token in `X-CSRF-Token` (synchronizer token,
  read from `GET /session` by same-origin script) and an `Origin` that is the server's own or
  listed in GRAPHKAM_ALLOWED_ORIGINS. Bearer-token clients are not affected.
- A body whose Content-Type the route does not declare answers 415 before anything reads it,
  so a "simple" cross-origin request (text/plain, no Content-Type) can never be parsed as JSON.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Iterable

from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem_response
from graphkam.auth import Session
from graphkam.errors import PermissionDeniedError

__all__ = [
    "SESSION_COOKIE",
    "CSRF_HEADER",
    "SAFE_METHODS",
    "CSP",
    "request_origin",
    "origin_allowed",
    "check_cookie_request",
    "secure_cookie",
    "SecurityHeadersMiddleware",
    "MediaTypeMiddleware",
    "body_media_types",
]

#: The cookie POST /login sets: a random session id (never the token).
SESSION_COOKIE = "graphkam_session"
#: The header carrying the session's CSRF token on state-changing cookie requests.
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Content-Security-Policy of every HTML answer: nothing from elsewhere, never framed. The
#: pages are self-contained (inline scripts and styles, data: images), so those stay allowed.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)


def request_origin(request: Request) -> str:
    """The server's own origin as the browser sees it: scheme://host[:port] of the request."""
    return f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}".lower()


def origin_allowed(request: Request, extra: Iterable[str] = ()) -> bool:
    """Whether the request's Origin (or, lacking one, Referer) is our own or listed in `extra`.
    A request with neither is refused: browsers send Origin on every non-GET fetch and form."""
    origin = request.headers.get("origin")
    if origin is None:
        referer = request.headers.get("referer")
        if referer is None:
            return False
        parts = referer.split("/", 3)
        origin = "/".join(parts[:3]) if len(parts) >= 3 else referer
    allowed = {request_origin(request), *(o.rstrip("/").lower() for o in extra)}
    return origin.rstrip("/").lower() in allowed


def check_cookie_request(request: Request, session: Session, extra_origins: Iterable[str]) -> None:
    """PermissionDeniedError unless a state-changing cookie request has an allowed Origin and
    the session's CSRF token (compared in constant time). Safe methods pass."""
    if request.method in SAFE_METHODS:
        return
    if not origin_allowed(request, extra_origins):
        raise PermissionDeniedError(
            "cross-origin request refused: the Origin is not this server's (or none was sent)"
        )
    sent = request.headers.get(CSRF_HEADER, "")
    if not hmac.compare_digest(sent.encode(), session.csrf_token.encode()):
        raise PermissionDeniedError(
            f"send the session's CSRF token (GET /session) in the {CSRF_HEADER} header"
        )


def secure_cookie(request: Request, always: bool) -> bool:
    """Whether the session cookie gets `Secure`: over https (uvicorn rewrites the scheme from a
    trusted proxy's X-Forwarded-Proto) or when GRAPHKAM_COOKIE_SECURE is set."""
    return always or request.url.scheme == "https"


class SecurityHeadersMiddleware:
    """Adds to every answer: `X-Content-Type-Options: nosniff`, `Cache-Control: no-store`
    (answers hold personal data and are per user), `Referrer-Policy: same-origin` (with
    no-referrer browsers send `Origin: null` on our own forms), and on HTML the CSP above plus
    `X-Frame-Options: DENY` for browsers that ignore frame-ancestors."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                if "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
                if headers.get("content-type", "").startswith("text/html"):
                    headers["Content-Security-Policy"] = CSP
                    headers["X-Frame-Options"] = "DENY"
            await send(message)

        await self.app(scope, receive, send_with_headers)


_FORM = "application/x-www-form-urlencoded"
#: Body routes left out of the OpenAPI document (the browser sign-in form).
HIDDEN_BODIES: dict[tuple[str, str], frozenset[str]] = {("POST", "/login"): frozenset({_FORM})}


def body_media_types(api: FastAPI) -> list[tuple[str, re.Pattern[str], frozenset[str]]]:
    """(method, path pattern, accepted media types) of every route that takes a body, read
    from the OpenAPI document (one source of truth for what each route accepts)."""
    out = []
    for path, ops in api.openapi().get("paths", {}).items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method, op in ops.items():
            content = op.get("requestBody", {}).get("content")
            if content:
                out.append((method.upper(), pattern, frozenset(content)))
    for (method, path), types in HIDDEN_BODIES.items():
        out.append((method, re.compile("^" + re.escape(path) + "$"), types))
    return out


class MediaTypeMiddleware:
    """415 for a POST/PUT/PATCH whose Content-Type the route does not accept (a missing
    Content-Type included) — before authentication or parsing, so no body is ever guessed."""

    def __init__(self, app: ASGIApp, api: FastAPI) -> None:
        self.app = app
        self.api = api
        self._table: list[tuple[str, re.Pattern[str], frozenset[str]]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        accepted = self._accepted(scope["method"], scope["path"])
        if accepted is not None:
            ctype = Headers(scope=scope).get("content-type", "").split(";")[0].strip().lower()
            json_like = ctype.startswith("application/") and ctype.endswith("+json")
            if not (ctype in accepted or ("application/json" in accepted and json_like)):
                shown = f"'{ctype}'" if ctype else "no Content-Type"
                detail = f"send the body as {' or '.join(sorted(accepted))}, not {shown}"
                await problem_response(415, detail)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _accepted(self, method: str, path: str) -> frozenset[str] | None:
        if self._table is None:
            self._table = body_media_types(self.api)
        for m, pattern, types in self._table:
            if m == method and pattern.match(path):
                return types
        return None
