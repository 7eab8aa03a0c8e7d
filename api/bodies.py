"""A check on request bodies before any parser sees them: numbers too long to read (over
graphkam.limits.MAX_DIGITS digits) and non-finite numbers (NaN, Infinity, 1e999) answer 422
naming the field (JSON) or the line (YAML), instead of a parser's 400/500 or a silent null."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ErrorItem, problem_response
from graphkam.limits import MAX_DIGITS, bad_number_path, huge_number_line

__all__ = ["NumberGuardMiddleware"]


class NumberGuardMiddleware:
    """Buffers JSON and YAML bodies of POST/PUT/PATCH (the guard outside caps their size),
    refuses bad numbers with 422, and hands the same bytes on otherwise."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        ctype = Headers(scope=scope).get("content-type", "").split(";")[0].strip().lower()
        is_json = ctype == "application/json" or ctype.endswith("+json")
        is_yaml = ctype.endswith("yaml")
        if not (is_json or is_yaml):
            await self.app(scope, receive, send)
            return
        chunks, more = [], True
        try:
            while more:
                message = await receive()
                if message["type"] != "http.request":
                    break
                chunks.append(message.get("body", b""))
                more = message.get("more_body", False)
        except HTTPException as exc:  # the guard's body limit (413)
            detail = exc.detail if isinstance(exc.detail, str) else None
            await problem_response(exc.status_code, detail)(scope, receive, send)
            return
        body = b"".join(chunks)
        problem = _problem(body.decode("utf-8", "replace"), is_json)
        if problem is not None:
            await problem_response(422, "the body holds a number graphkam can't read", [problem])(
                scope, receive, send
            )
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _problem(text: str, is_json: bool) -> ErrorItem | None:
    if is_json:
        found = bad_number_path(text)
        if found is not None:
            path, why = found
            return ErrorItem(loc=["body", *path], message=why)
        return None
    line = huge_number_line(text)
    if line is not None:
        return ErrorItem(
            loc=["body"], message=f"a number with more than {MAX_DIGITS} digits", line=line
        )
    return None  # YAML's .inf/.nan: the model refuses non-finite numbers, naming field and line
