"""The FastAPI application: `create_app(store_url)` wires routers, errors, auth and the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from starlette.types import ASGIApp

from api.bodies import NumberGuardMiddleware
from api.deps import StoreDep, StoreHolder
from api.errors import PROBLEM_JSON, GuardMiddleware, install_error_handlers, problem_responses
from api.routes import (
    accounts,
    departments,
    documents,
    interactions,
    relationships,
    stakeholders,
    team_members,
    third_parties,
)
from api.schemas import Health
from api.security import MediaTypeMiddleware, SecurityHeadersMiddleware
from graphkam.auth import AuthSettings, UserStore
from graphkam.settings import Settings

__all__ = ["create_app", "create_served_app", "GraphkamAPI"]

ROUTERS = [
    accounts.router,
    stakeholders.router,
    departments.router,
    team_members.router,
    third_parties.router,
    relationships.router,
    interactions.router,
    documents.router,
]


class GraphkamAPI(FastAPI):
    """FastAPI wrapped, outermost first, in: the security headers (on every answer, the
    guard's too), the guard (body limit, last-resort 500), the 415 media-type check and the
    check for numbers too long or not finite (422)."""

    max_upload_bytes: int = 20 * 1024 * 1024

    def build_middleware_stack(self) -> ASGIApp:
        inner = MediaTypeMiddleware(NumberGuardMiddleware(super().build_middleware_stack()), self)
        return SecurityHeadersMiddleware(GuardMiddleware(inner, self.max_upload_bytes))


def create_served_app() -> GraphkamAPI:
    """The app of one `graphkam serve` worker (store and users file from the environment),
    with the garbage collector tuned for a long-lived heap: what exists at start-up is frozen
    out of collection and young-generation collections run ten times less often."""
    import gc

    app = create_app()
    gc.collect()
    gc.freeze()
    gc.set_threshold(7_000, 10, 10)
    return app


def create_app(
    store_url: str | None = None,
    users_db: str | Path | None = None,
    settings: Settings | None = None,
) -> GraphkamAPI:
    """The API over the store at `store_url` (default GRAPHKAM_STORE), users in `users_db`
    (default GRAPHKAM_USERS_DB). The store opens on first use and reopens after an outage."""
    settings = settings or Settings()
    app = GraphkamAPI(
        docs_url=None,  # served from the package below (no CDN); ReDoc is not shipped
        redoc_url=None,
        title="graphkam",
        version="0.1.0",
        summary="Stakeholder relationship graph engine for key-account management.",
        description=(
            "Authenticate with `Authorization: Bearer TOKEN` (tokens come from "
            "`graphkam users add`); browsers sign in at `/login` and send the session's "
            "`X-CSRF-Token` on writes. Errors are RFC 9457 `application/problem+json`. "
            "Every object has an `ETag`; send it back as `If-Match` on PATCH and DELETE."
        ),
    )
    app.max_upload_bytes = settings.max_upload_bytes
    holder = StoreHolder(store_url or settings.store)
    app.state.settings = settings
    app.state.store_holder = holder
    app.state.reset_store = holder.reset
    app.state.users = UserStore(users_db if users_db is not None else AuthSettings().users_db)
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    _add_analysis_routers(app)
    app.add_api_route(
        "/healthz",
        _health,
        methods=["GET"],
        response_model=Health,
        responses=problem_responses(503),
        tags=["health"],
        name="read_health",
    )
    if settings.docs:
        _add_offline_docs(app)
    app.router.add_event_handler("shutdown", holder.close)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _health(store: StoreDep) -> Health:
    """Liveness: 200 when the store answers, 503 problem+json when it does not."""
    store.counts()
    return Health(status="ok", store="ok")


def _add_analysis_routers(app: FastAPI) -> None:
    """Analytics, visit-loop, business and page routes."""
    from api.routes import analysis, business, capture, history, login, pages, portfolio, visits

    for module in (analysis, portfolio, visits, business, pages, login, history, capture):
        app.include_router(module.router)


def _add_offline_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from the swagger-ui-bundle package's files: works offline."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from starlette.staticfiles import StaticFiles
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs/assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")

    def read_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="graphkam API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
        )

    app.add_api_route("/docs", read_docs, methods=["GET"], include_in_schema=False)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, with error answers typed as application/problem+json."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
    )
    problem = {"schema": {"$ref": "#/components/schemas/Problem"}}
    for path in schema.get("paths", {}).values():
        for op in path.values():
            if "requestBody" in op:  # any body can be unreadable (400) or too large (413)
                for code, title in (("400", "Bad request"), ("413", "Content too large")):
                    op["responses"].setdefault(
                        code, {"description": title, "content": {PROBLEM_JSON: problem}}
                    )
            for code, resp in op.get("responses", {}).items():
                content = resp.get("content", {})
                for media in ("application/json", "text/html"):  # errors are always problems
                    if code[0] in "45" and media in content:
                        content[PROBLEM_JSON] = content.pop(media)
                if code == "422":  # our handler answers 422 as a problem, never FastAPI's shape
                    resp["content"] = {PROBLEM_JSON: problem}
    app.openapi_schema = schema
    return schema
