"""API load: GET /accounts/{id}/analysis of a 200-person account against the real server.

The bench starts `python -m graphkam serve --workers N` (N = the cores unless told) as a child
process on a free loopback port, over the bench store, with an admin token from a scratch users
file, and waits until every worker has started and /healthz answers. The account is one
synthetic account of `stakeholders` people (`graphkam.synthetic.single_account`, imported into
the store here; importing it again merges nothing new).

Three phases, each timed on its own (wall clock of the bench, latency per request):
- **1 client** and **8 clients** (each an `httpx.Client` on its own keep-alive connection in
  its own thread) send requests one after another until `seconds` or `max_requests` run out,
  in four alternating slices (1, 8, 1, 8, ...) so that both see the same machine. Every
  request asks for a distinct half-life (90 days plus i millionths of a day: the scores move
  in about their eighth digit), so no two requests share a cached result: these phases
  measure the analysis, cached or not. The figure that matters is the throughput ratio,
  8 clients / 1 client (both measured in this run: machine noise cancels).
- **repeat**: one client asks for the same analysis (no half-life given) `repeats` times; the
  first answer may compute it, the others are what a cache hit costs (or, without a cache, the
  analysis again).

The server's CPU time per request (user + system of every server process, from /proc, Linux)
is reported beside the wall-clock figures: unlike them, other load on a shared machine barely
changes it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel

from graphkam.bench.api_server import ApiServer, api_server
from graphkam.bench.timing import clock, percentile, rate
from graphkam.synthetic import SYNTHETIC_SEED, single_account

__all__ = [
    "ApiPhase",
    "ApiResult",
    "api_latency",
    "api_available",
    "api_targets",
    "API_TARGETS",
    "DEFAULT_HALF_LIFE",
]

#: The half-life of the phases' distinct requests starts here (the analysis default, in days).
DEFAULT_HALF_LIFE = 90.0


class ApiPhase(BaseModel):
    """One load phase: `clients` clients sending requests back to back."""

    clients: int
    requests: int
    errors: int
    seconds: float
    requests_per_s: float
    p50_ms: float | None = None
    p99_ms: float | None = None
    #: CPU ms of every server process per answered request (None where /proc is missing).
    server_cpu_ms_per_request: float | None = None
    #: The busiest server process's share of that CPU: 1/workers when the kernel spread the
    #: clients' connections evenly, 1.0 when one worker served them all.
    busiest_process_cpu_share: float | None = None


class ApiResult(BaseModel):
    """The analysis route under load (None fields when not measured). The top-level figures
    (`clients` .. `p99_ms`) are the 8-client phase's."""

    available: bool
    reason: str | None = None
    workers: int = 0
    stakeholders: int = 0
    clients: int = 0
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    requests_per_s: float = 0.0
    p50_ms: float | None = None
    p99_ms: float | None = None
    one_client: ApiPhase | None = None
    many_clients: ApiPhase | None = None
    #: many_clients.requests_per_s / one_client.requests_per_s (target >= 1.7 on 2 cores).
    throughput_ratio: float | None = None
    #: The same request again: p50 and p99 ms of `repeats` - 1 answers after the first.
    repeat: ApiPhase | None = None


#: The issue's API targets (2 cores): name -> text (the bench's target table).
API_TARGETS = {
    "api_ratio": "API: throughput at 8 clients >= 1.7x one client's",
    "api_p99": "API: 200-person analysis p99 < 300 ms at 8 clients",
    "api_repeat": "API: the same analysis again (cache hit) < 20 ms",
}


def api_targets(api: ApiResult) -> list[tuple[str, str, bool | None]]:
    """(name, measured, met) of each of `API_TARGETS` (met None when not measured)."""
    if not api.available or api.one_client is None or api.repeat is None:
        return [(name, api.reason or "not measured", None) for name in API_TARGETS]
    one = api.one_client
    ratio = api.throughput_ratio
    return [
        (
            "api_ratio",
            f"{ratio:.2f}x ({api.requests_per_s:.1f} / {one.requests_per_s:.1f} req/s, "
            f"{api.workers} workers)"
            if ratio is not None
            else "no answer",
            ratio >= 1.7 if ratio is not None else None,
        ),
        (
            "api_p99",
            f"{api.p99_ms:.1f} ms (p50 {api.p50_ms:.1f})" if api.p99_ms is not None else "-",
            api.p99_ms < 300 if api.p99_ms is not None else None,
        ),
        (
            "api_repeat",
            f"{api.repeat.p50_ms:.1f} ms p50" if api.repeat.p50_ms is not None else "-",
            api.repeat.p50_ms < 20 if api.repeat.p50_ms is not None else None,
        ),
    ]


def api_available() -> str | None:
    """None when the API can be served, else why not."""
    try:
        import uvicorn  # noqa: F401

        from api.app import create_served_app  # noqa: F401
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
    workers: int | None = None,
    stakeholders: int = 200,
    repeats: int = 30,
    rounds: int = 4,
    seed: int = SYNTHETIC_SEED,
) -> ApiResult:
    """Load the analysis route: 1 client and `clients` clients, each for at most `seconds` or
    `max_requests` requests in all (in `rounds` alternating slices), then `repeats` identical
    requests. `accounts` (the portfolio's)
    are not requested: every phase asks for the one `stakeholders`-person account, so the
    figures do not depend on the portfolio's size."""
    del accounts  # kept for the runner's call; see the docstring
    missing = api_available()
    if missing is not None:
        return ApiResult(available=False, reason=missing)
    account = _ensure_account(store_url, stakeholders, seed)
    count = workers or os.cpu_count() or 1
    with api_server(store_url, count) as server:
        load = _Load(server, account, as_of, tick)
        load.run(clients, 2 * clients, _plain)  # warm every worker up, untimed
        one, many = load.phases((1, clients), seconds, max_requests, rounds)
        repeat = load.repeat(repeats)
    return ApiResult(
        available=True,
        workers=count,
        stakeholders=stakeholders,
        clients=many.clients,
        requests=many.requests,
        errors=many.errors,
        seconds=many.seconds,
        requests_per_s=many.requests_per_s,
        p50_ms=many.p50_ms,
        p99_ms=many.p99_ms,
        one_client=one,
        many_clients=many,
        throughput_ratio=(
            round(many.requests_per_s / one.requests_per_s, 2) if one.requests_per_s else None
        ),
        repeat=repeat,
    )


def _ensure_account(store_url: str, stakeholders: int, seed: int) -> str:
    """Import the synthetic account of `stakeholders` people (a merge if it is there)."""
    from graphkam.stores import open_store

    doc = single_account(stakeholders, seed)
    with open_store(store_url, audit=False) as store:
        store.import_map(doc)
    return doc.accounts[0].id


@dataclass
class _Load:
    """Clients against one server, asking for one account's analysis."""

    server: ApiServer
    account: str
    as_of: date
    tick: Callable[[], None] | None
    sent: int = 0

    def phases(
        self, counts: Sequence[int], seconds: float, max_requests: int, rounds: int
    ) -> list[ApiPhase]:
        """A phase per client count in `counts`, each of at most `seconds` and `max_requests`
        in all, taken in `rounds` alternating slices (1, 8, 1, 8, ...) so that every phase sees
        the same machine; every request asks for a distinct half-life."""
        rounds = max(1, min(rounds, max_requests))
        tally = {clients: _Tally() for clients in counts}
        for r in range(rounds):
            budget = max_requests // rounds + (r < max_requests % rounds)
            for clients in counts:
                start = self.sent

                def half_life(i: int, start: int = start) -> float:
                    return DEFAULT_HALF_LIFE + (start + i + 1) * 1e-6

                cpu0 = self.server.cpu_seconds()
                latencies, errors, wall = self.run(clients, budget, half_life, seconds / rounds)
                tally[clients].add(latencies, errors, wall, cpu0, self.server.cpu_seconds())
                self.sent += len(latencies) + errors
        return [tally[clients].phase(clients) for clients in counts]

    def repeat(self, repeats: int) -> ApiPhase:
        """One client, the same request `repeats` times; the first answer is not counted."""
        self.run(1, 1, _plain)
        tally = _Tally()
        cpu0 = self.server.cpu_seconds()
        latencies, errors, wall = self.run(1, max(1, repeats - 1), _plain)
        tally.add(latencies, errors, wall, cpu0, self.server.cpu_seconds())
        return tally.phase(1)

    def run(
        self,
        clients: int,
        max_requests: int,
        half_life: Callable[[int], float | None],
        seconds: float | None = None,
    ) -> tuple[list[float], int, float]:
        """(latencies of the 200 answers, count of the others, wall seconds) of `clients`
        threads sending request i with `half_life(i)` (None: the plain request, no half-life)
        until the budget or the time is out."""
        import httpx

        headers = {"Authorization": f"Bearer {self.server.token}"}
        path = f"/accounts/{self.account}/analysis"
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
        budget = iter(range(max_requests))
        deadline = [0.0]

        def start_clock() -> None:
            deadline[0] = clock() + seconds if seconds is not None else float("inf")

        ready = threading.Barrier(clients + 1, action=start_clock)

        def client() -> None:
            with httpx.Client(base_url=self.server.base, headers=headers, timeout=120) as http:
                ready.wait()
                while True:
                    with lock:
                        i = next(budget, None)
                        if i is None or clock() >= deadline[0]:
                            return
                    params = {"as_of": str(self.as_of)}
                    days = half_life(i)
                    if days is not None:
                        params["half_life"] = repr(days)
                    t0 = clock()
                    resp = http.get(path, params=params)
                    elapsed = clock() - t0
                    with lock:
                        if resp.status_code == 200:
                            latencies.append(elapsed)
                        else:
                            errors[0] += 1
                    if self.tick is not None:
                        self.tick()

        threads = [threading.Thread(target=client) for _ in range(clients)]
        for t in threads:
            t.start()
        ready.wait()
        t0 = clock()
        for t in threads:
            t.join()
        return latencies, errors[0], clock() - t0


def _plain(i: int) -> float | None:
    """The plain request: no half-life in the query (the analysis default)."""
    return None


@dataclass
class _Tally:
    """What one phase's slices measured, summed: latencies, errors, wall time and the server's
    CPU seconds by process (None once any reading was missing)."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    wall: float = 0.0
    cpu: dict[int, float] | None = field(default_factory=dict)

    def add(
        self,
        latencies: list[float],
        errors: int,
        wall: float,
        cpu0: dict[int, float] | None,
        cpu1: dict[int, float] | None,
    ) -> None:
        self.latencies += latencies
        self.errors += errors
        self.wall += wall
        if self.cpu is None or cpu0 is None or cpu1 is None:
            self.cpu = None
            return
        for pid, seconds in cpu1.items():
            self.cpu[pid] = self.cpu.get(pid, 0.0) + seconds - cpu0.get(pid, 0.0)

    def phase(self, clients: int) -> ApiPhase:
        answered, latencies = len(self.latencies), self.latencies
        cpu = share = None
        total = sum(self.cpu.values()) if self.cpu else 0.0
        if self.cpu and answered and total > 0:
            cpu, share = total * 1000 / answered, max(self.cpu.values()) / total
        return ApiPhase(
            clients=clients,
            requests=answered + self.errors,
            errors=self.errors,
            seconds=round(self.wall, 2),
            requests_per_s=round(rate(answered, self.wall), 1),
            p50_ms=round(percentile(latencies, 50) * 1000, 1) if latencies else None,
            p99_ms=round(percentile(latencies, 99) * 1000, 1) if latencies else None,
            server_cpu_ms_per_request=round(cpu, 1) if cpu is not None else None,
            busiest_process_cpu_share=round(share, 2) if share is not None else None,
        )
