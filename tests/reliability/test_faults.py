"""Faults: the Neo4j server dies under the running API (SIGKILL, mid-import) and comes back.

A private Neo4j 5 (the launcher of tests/neo4j_server) listens on a fixed loopback port so that
it can be restarted at the same address on the same files. While it is down every request
answers 503 problem+json with Retry-After; after the restart the API recovers by itself (no
restart of the app); and an import that was running when the server died is all there or not
there at all, its history with it.
"""

from __future__ import annotations

import shutil
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

from api.app import create_app
from graphkam.auth import Role, UserStore
from graphkam.io import read_account_map
from graphkam.model import RecordKind
from graphkam.stores import open_store
from tests.bolt_servers import NEO4J_PASSWORD, BoltProcess, free_port, neo4j_classpath
from tests.conftest import EXAMPLE_MAP

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's httpx2 hint (see tests/api/conftest.py)
    from fastapi.testclient import TestClient

#: People in the import that the server dies under (big enough to take a while).
PEOPLE = 400


def _neo4j(data: Path, port: int) -> BoltProcess:
    """The Neo4j launcher on `port` with its database in `data` (as tests/bolt_servers.py)."""
    classpath = neo4j_classpath()
    assert classpath is not None, "the Neo4j test server is not built: tests/neo4j_server/build.sh"
    cmd = [
        shutil.which("java") or "java",
        "-Xmx1g",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-cp",
        classpath,
        "graphkam.testserver.Main",
        str(data),
        str(port),
        NEO4J_PASSWORD,
    ]
    data.mkdir(parents=True, exist_ok=True)
    return BoltProcess(
        "Neo4j fault server", cmd, f"bolt://neo4j:{NEO4J_PASSWORD}@127.0.0.1:{port}", data
    )


def _big_import(n: int) -> str:
    """A YAML map adding `n` people to hx-steel."""
    rows = "".join(
        f"  - {{id: f-{i}, account: hx-steel, name: Person {i}, title: Engineer}}\n"
        for i in range(n)
    )
    return "stakeholders:\n" + rows


def _poll(client: TestClient, url: str, headers: dict[str, str], want: int, seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        r = client.get(url, headers=headers)
        if r.status_code == want or time.monotonic() > deadline:
            return r
        time.sleep(0.5)


def test_api_answers_503_while_neo4j_is_down_and_recovers_by_itself(tmp_path: Path) -> None:
    port = free_port()
    data = tmp_path / "neo4j"
    server = _neo4j(data, port)
    restarted: BoltProcess | None = None
    try:
        server.wait_ready()
        url = server.url
        with open_store(url) as st:
            st.import_map(read_account_map(EXAMPLE_MAP))
            base_people = st.counts()["stakeholders"]
        users = UserStore(tmp_path / "users.db")
        token = users.add_user("root", Role.ADMIN)[1]
        h = {"Authorization": f"Bearer {token}"}
        app = create_app(url, users_db=tmp_path / "users.db")
        with TestClient(app, raise_server_exceptions=False) as client:
            assert client.get("/accounts", headers=h).status_code == 200

            # the server dies in the middle of a large import
            answer: dict[str, Any] = {}

            def run_import() -> None:
                answer["r"] = client.post(
                    "/import",
                    content=_big_import(PEOPLE),
                    headers={**h, "content-type": "application/yaml"},
                )

            worker = threading.Thread(target=run_import)
            worker.start()
            time.sleep(0.3)
            server.kill()
            worker.join(timeout=120)
            assert not worker.is_alive()
            assert answer["r"].status_code in (200, 201, 503), answer["r"].text

            for path in ("/accounts", "/stakeholders/hx-cio", "/healthz"):
                r = client.get(path, headers=h)
                assert r.status_code == 503, (path, r.status_code, r.text)
                assert r.headers["content-type"] == "application/problem+json"
                assert r.headers["retry-after"] == "5"
            down = client.post(
                "/stakeholders",
                json={"id": "during-outage", "account": "hx-steel", "name": "Nobody"},
                headers=h,
            )
            assert down.status_code == 503

            restarted = _neo4j(data, port)
            restarted.wait_ready()
            r = _poll(client, "/accounts", h, 200, 60)
            assert r.status_code == 200, r.text
            assert client.get("/healthz").json() == {"status": "ok", "store": "ok"}
            assert client.get("/stakeholders/during-outage", headers=h).status_code == 404
            made = client.post(
                "/stakeholders",
                json={"id": "after-outage", "account": "hx-steel", "name": "Back"},
                headers=h,
            )
            assert made.status_code == 201, made.text

        with open_store(url) as st:
            people = st.counts()["stakeholders"]
            imported = people - base_people - 1  # minus after-outage
            assert imported in (0, PEOPLE), f"half an import: {imported} of {PEOPLE}"
            if answer["r"].status_code == 503:
                assert imported == 0
            created = {
                c.subject_id
                for c in st.list_records(RecordKind.CHANGE, "hx-steel")
                if c.subject_id.startswith("f-")
            }
            assert len(created) == imported  # history landed with the data, or neither did
    finally:
        server.kill()
        if restarted is not None:
            restarted.stop()


@pytest.fixture(autouse=True)
def _needs_java() -> None:
    assert shutil.which("java"), "java is needed for the Neo4j test server"
