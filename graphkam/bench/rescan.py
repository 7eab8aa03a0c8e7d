"""A rescan costs what changed: one visit, then a portfolio rescan; and the API's cache hit.

`log_one_visit` records one visit to one account through the audited store (as `graphkam
visit` does: the interaction, the refreshed tie and its history), so that exactly one account's
version changes; the runner then rescans (`python -m graphkam.bench.scan --cache use`), which
must analyse that account alone.

`api_cache_hit` asks the HTTP API for the same account's analysis several times in a row
(in process, through the ASGI app: no network or server threads in the figure): the first
request computes and caches the analysis, the later ones read it back.
"""

from __future__ import annotations

import tempfile
import warnings
from datetime import date
from pathlib import Path

from pydantic import BaseModel

from graphkam.bench.timing import clock, percentile

__all__ = ["VisitLogged", "ApiCacheHit", "log_one_visit", "api_cache_hit"]


class VisitLogged(BaseModel):
    """Who the benchmark's visit was with."""

    account: str
    stakeholder: str
    team_member: str


class ApiCacheHit(BaseModel):
    """GET /accounts/{id}/analysis: the first (computed) and the repeated (cached) answers."""

    available: bool
    reason: str | None = None
    account: str | None = None
    stakeholders: int = 0
    runs: int = 0
    first_ms: float | None = None
    hit_p50_ms: float | None = None
    hit_p99_ms: float | None = None


def log_one_visit(store_url: str, account: str, on: date) -> VisitLogged:
    """Log a visit on `on` to `account`'s first stakeholder by the first member of its team,
    through the audited store (its history included)."""
    from graphkam.model import NodeKind, Purpose
    from graphkam.stores import open_store
    from graphkam.visits import log_visit

    with open_store(store_url) as store:
        person = store.list_nodes(NodeKind.STAKEHOLDER, account)[0].id
        member = store.list_nodes(NodeKind.TEAM_MEMBER, account)[0].id
        log_visit(store, account, [person], [member], Purpose.RELATIONSHIP, date=on, today=on)
    return VisitLogged(account=account, stakeholder=person, team_member=member)


def api_cache_hit(
    store_url: str, account: str, stakeholders: int, as_of: date, runs: int = 20
) -> ApiCacheHit:
    """The analysis route asked `runs + 1` times for one account (see the module docstring)."""
    from graphkam.bench.api_load import api_available

    missing = api_available()
    if missing is not None:
        return ApiCacheHit(available=False, reason=missing)
    with warnings.catch_warnings():
        # starlette asks for httpx2 over httpx; the project pins httpx, which still works.
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from api.app import create_app
    from graphkam.auth import Role, UserStore

    with tempfile.TemporaryDirectory(prefix="graphkam-bench-cache-") as tmp:
        users = Path(tmp) / "users.db"
        _, token = UserStore(users).add_user("bench", Role.ADMIN)
        app = create_app(store_url, users_db=users)
        times: list[float] = []
        with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as http:
            for _ in range(runs + 1):
                t0 = clock()
                resp = http.get(f"/accounts/{account}/analysis", params={"as_of": str(as_of)})
                times.append(clock() - t0)
                if resp.status_code != 200:
                    return ApiCacheHit(
                        available=False, reason=f"the analysis route answered {resp.status_code}"
                    )
    hits = times[1:]
    return ApiCacheHit(
        available=True,
        account=account,
        stakeholders=stakeholders,
        runs=len(hits),
        first_ms=round(times[0] * 1000, 1),
        hit_p50_ms=round(percentile(hits, 50) * 1000, 2),
        hit_p99_ms=round(percentile(hits, 99) * 1000, 2),
    )
