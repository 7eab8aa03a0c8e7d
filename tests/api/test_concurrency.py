"""Concurrent writers against a real uvicorn server on a loopback port: If-Match turns a lost
update into 412, and read-modify-write loops that retry on 412 never lose an increment."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from tests.api.conftest import Api, build_api

THREADS = 4


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Api]]:
    """The API served by uvicorn in a thread on a free loopback port."""
    api = build_api(tmp_path_factory.mktemp("served"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(api.client.app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}", api
    srv.should_exit = True
    thread.join(timeout=10)


def test_racing_writers_with_the_same_etag_one_wins_the_rest_get_412(
    server: tuple[str, Api],
) -> None:
    base, api = server
    h = api.headers("rep")
    with httpx.Client(base_url=base, headers=h) as c:
        etag = c.get("/stakeholders/hx-cfo").headers["etag"]
    barrier = threading.Barrier(THREADS)
    answers: dict[int, int] = {}

    def write(i: int) -> None:
        with httpx.Client(base_url=base, headers=h, timeout=30) as c:
            barrier.wait()
            r = c.patch(
                "/stakeholders/hx-cfo", headers={"If-Match": etag}, json={"title": f"CFO {i}"}
            )
            answers[i] = r.status_code

    threads = [threading.Thread(target=write, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [i for i, code in answers.items() if code == 200]
    assert len(winners) == 1, answers
    assert sorted(answers.values()) == [200] + [412] * (THREADS - 1)
    with httpx.Client(base_url=base, headers=h) as c:
        assert c.get("/stakeholders/hx-cfo").json()["title"] == f"CFO {winners[0]}"


def test_read_modify_write_loops_lose_no_update(server: tuple[str, Api]) -> None:
    """4 threads x 5 increments of the account's revenue, each retrying on 412: 20 in the end."""
    base, api = server
    h = api.headers("rep")
    with httpx.Client(base_url=base, headers=h) as c:
        r = c.patch("/accounts/hx-steel", json={"revenue": 0})
        assert r.status_code == 200
    stale = [0]

    def increment(times: int) -> None:
        with httpx.Client(base_url=base, headers=h, timeout=30) as c:
            done = 0
            while done < times:
                r = c.get("/accounts/hx-steel")
                value = r.json()["revenue"]
                w = c.patch(
                    "/accounts/hx-steel",
                    headers={"If-Match": r.headers["etag"]},
                    json={"revenue": value + 1},
                )
                if w.status_code == 200:
                    done += 1
                else:
                    assert w.status_code in (412, 503), w.text
                    stale[0] += 1

    threads = [threading.Thread(target=increment, args=(5,)) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with httpx.Client(base_url=base, headers=h) as c:
        assert c.get("/accounts/hx-steel").json()["revenue"] == THREADS * 5


def test_without_if_match_the_last_writer_wins(server: tuple[str, Api]) -> None:
    """If-Match is optional: a write without it is applied (documented in docs/api.md)."""
    base, api = server
    with httpx.Client(base_url=base, headers=api.headers("rep")) as c:
        assert c.patch("/departments/hx-it", json={"name": "IT One"}).status_code == 200
        assert c.patch("/departments/hx-it", json={"name": "IT Two"}).status_code == 200
        assert c.get("/departments/hx-it").json()["name"] == "IT Two"
