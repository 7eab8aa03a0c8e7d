"""API latency: GET /accounts/{id}/analysis from 8 concurrent clients over loopback.

uvicorn serves `api.app.create_app` on 127.0.0.1 at a free port in a thread of this process;
an admin user is made in a scratch users file for the bearer token. Each client (an
`httpx.Client` in its own thread) sends requests one after another, cycling through the
accounts, until the time or the request budget runs out; the server then stops by itself.
"""

from __future__ import annotations

import contextlib
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path

from pydantic import BaseModel

from graphkam.bench.timing import clock, percentile, rate
from graphkam.errors import GraphkamError

__all__ = ["ApiResult", "api_latency", "api_available"]


class ApiResult(BaseModel):
    """Latency of the analysis route under concurrent load (None fields when not measured)."""

    available: bool
    reason: str | None = None
    clients: int = 0
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    requests_per_s: float = 0.0
    p50_ms: float | None = None
    p99_ms: float | None = None


def api_available() -> str | None:
    """None when the API can be served, else why not."""
    try:
        import uvicorn  # noqa: F401

        from api.app import create_app  # noqa: F401
    except ImportError as exc:
        return f"the HTTP API is not installed ({exc.name})"
    return None


def api_latency(
    store_url: str,
    accounts: Sequence[str],
    as_of: date,
    *,
    clients: int = 8,
    seconds: float = 10.0,
    max_requests: int = 2_000,
    tick: Callable[[], None] | None = None,
) -> ApiResult:
    """Load the analysis route for at most `seconds` or `max_requests`, whichever ends first."""
    missing = api_available()
    if missing is not None:
        return ApiResult(available=False, reason=missing)
    import httpx

    with _server(store_url) as (base, token):
        headers = {"Authorization": f"Bearer {token}"}
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
        budget = iter(range(max_requests))
        deadline = [0.0]

        def start_clock() -> None:
            deadline[0] = clock() + seconds

        ready = threading.Barrier(clients + 1, action=start_clock)

        def client(k: int) -> None:
            with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
                ready.wait()
                i = k
                while True:
                    with lock:
                        if clock() >= deadline[0] or next(budget, None) is None:
                            return
                    account = accounts[i % len(accounts)]
                    i += clients
                    t0 = clock()
                    resp = http.get(f"/accounts/{account}/analysis", params={"as_of": str(as_of)})
                    elapsed = clock() - t0
                    with lock:
                        if resp.status_code == 200:
                            latencies.append(elapsed)
                        else:
                            errors[0] += 1
                    if tick is not None:
                        tick()

        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        for t in threads:
            t.start()
        ready.wait()
        t0 = clock()
        for t in threads:
            t.join()
        wall = clock() - t0
    return ApiResult(
        available=True,
        clients=clients,
        requests=len(latencies) + errors[0],
        errors=errors[0],
        seconds=round(wall, 2),
        requests_per_s=round(rate(len(latencies), wall), 1),
        p50_ms=round(percentile(latencies, 50) * 1000, 1) if latencies else None,
        p99_ms=round(percentile(latencies, 99) * 1000, 1) if latencies else None,
    )


@contextlib.contextmanager
def _server(store_url: str) -> Iterator[tuple[str, str]]:
    """uvicorn on 127.0.0.1 at a free port, in a thread; yields (base URL, admin token)."""
    import uvicorn

    from api.app import create_app
    from graphkam.auth import Role, UserStore

    with tempfile.TemporaryDirectory(prefix="graphkam-bench-api-") as tmp:
        users = Path(tmp) / "users.db"
        _, token = UserStore(users).add_user("bench", Role.ADMIN)
        app = create_app(store_url, users_db=users)
        port = _free_port()
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", access_log=False
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            start = clock()
            while not server.started:
                if not thread.is_alive() or clock() - start > 30:
                    raise GraphkamError("the benchmark API server did not start within 30 s")
                threading.Event().wait(0.02)
            yield f"http://127.0.0.1:{port}", token
        finally:
            server.should_exit = True
            thread.join(timeout=30)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
