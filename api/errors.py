"""RFC 9457 problem+json errors: one handler per error family, a body-size guard, a last resort.

graphkam errors map to HTTP here and nowhere else: not found 404, invalid input 422, conflict
409, stale version 412, permission 403, store unavailable 503. Validation errors list
`{loc, message}` and never echo the input (it may hold personal notes); unexpected errors answer
a bare 500 and are logged without their message or local values.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphkam.errors import (
    ConflictError,
    GraphkamError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    StoreUnavailableError,
)

__all__ = [
    "PROBLEM_JSON",
    "ErrorItem",
    "Problem",
    "StaleVersionError",
    "problem_response",
    "problem_responses",
    "install_error_handlers",
    "GuardMiddleware",
]

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("graphkam.api")

#: What a 503 says: never the store's host, port or driver message (those go to the log).
_UNAVAILABLE = "the store is unavailable right now; retry in a few seconds"

_TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Invalid input",
    500: "Internal server error",
    503: "Service unavailable",
}


class ErrorItem(BaseModel):
    """One invalid field: where (a path into the request) and what is wrong."""

    loc: list[str | int]
    message: str
    line: int | None = Field(default=None, description="line of an imported document")


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "about:blank",
                    "title": "Not found",
                    "status": 404,
                    "detail": "no stakeholder with id 'hx-cxo'",
                }
            ]
        }
    )

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: list[ErrorItem] | None = Field(default=None, description="for 422: each problem")


class StaleVersionError(ConflictError):
    """The object changed since you read it: re-read it and apply your change again."""


def problem_response(
    status: int,
    detail: str | None = None,
    errors: Sequence[ErrorItem] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A problem+json response with the standard title for `status`."""
    body = Problem(
        title=_TITLES.get(status, "Error"),
        status=status,
        detail=detail,
        errors=list(errors) if errors is not None else None,
    )
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def problem_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries documenting problem+json answers for `codes`."""
    return {
        code: {"model": Problem, "description": _TITLES.get(code, "Error")}
        for code in sorted(codes)
    }


def _pydantic_items(errors: Sequence[Any], prefix: tuple[str | int, ...] = ()) -> list[ErrorItem]:
    """{loc, message} from pydantic error dicts; the `input` and `ctx` values are dropped."""
    items = []
    for err in errors:
        loc = [p for p in (*prefix, *err.get("loc", ())) if isinstance(p, str | int)]
        items.append(ErrorItem(loc=loc, message=str(err.get("msg", "invalid value"))))
    return items


def _graphkam_status(exc: GraphkamError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, InvalidInputError):
        return 422
    if isinstance(exc, StaleVersionError):
        return 412
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, PermissionDeniedError):
        return 403
    if isinstance(exc, StoreUnavailableError):
        return 503
    return 400


async def _on_graphkam(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, GraphkamError)
    status = _graphkam_status(exc)
    if isinstance(exc, StoreUnavailableError):
        reset = getattr(request.app.state, "reset_store", None)
        if reset is not None:
            reset()
        log.warning("store unavailable: %s", exc.message)  # where and why: for the operator
        return problem_response(503, _UNAVAILABLE, headers={"Retry-After": "5"})
    if isinstance(exc, InvalidInputError):
        items = [
            ErrorItem(
                loc=list(p.loc) or ([p.field] if p.field else []), message=p.message, line=p.line
            )
            for p in exc.problems
        ]
        return problem_response(422, exc.message, items)
    return problem_response(status, exc.message)


async def _on_request_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    items = _pydantic_items(exc.errors())
    return problem_response(422, "the request is not valid; see errors", items)


async def _on_pydantic(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ValidationError)
    items = _pydantic_items(exc.errors(include_input=False, include_context=False), ("body",))
    return problem_response(422, "the request is not valid; see errors", items)


async def _on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else None
    if exc.status_code == 401 and _wants_html(request):
        from api.signin import signin_page  # the sign-in form, for a browser that has no session

        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return HTMLResponse(signin_page(here, detail), status_code=401, headers=exc.headers)
    return problem_response(exc.status_code, detail, headers=exc.headers)


def _wants_html(request: Request) -> bool:
    """Whether the client is a browser asking for a page (Accept lists text/html first-class)."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and request.method in ("GET", "HEAD")


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    return problem_response(500, "an unexpected error happened; it has been logged")


def install_error_handlers(app: FastAPI) -> None:
    """Register the problem+json handlers on `app` (one per error family)."""
    app.add_exception_handler(GraphkamError, _on_graphkam)
    app.add_exception_handler(RequestValidationError, _on_request_validation)
    app.add_exception_handler(ValidationError, _on_pydantic)
    app.add_exception_handler(HTTPException, _on_http)
    app.add_exception_handler(Exception, _on_unexpected)


class _BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the limit of {limit} bytes")


class GuardMiddleware:
    """Outermost ASGI layer: refuses bodies over `max_bytes` (413) and swallows any exception
    that escaped, logging only its type and stack frames (never its message or values)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await problem_response(413, _BodyTooLarge(self.max_bytes).detail)(scope, receive, send)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except Exception as exc:  # the last resort: no traceback text reaches anyone
            frames = "".join(traceback.format_tb(exc.__traceback__))
            log.error(
                "unhandled %s on %s %s\n%s",
                type(exc).__name__,
                scope.get("method"),
                scope.get("path"),
                frames,
            )
            if not started:
                response = problem_response(500, "an unexpected error happened; it was logged")
                await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
