"""Pytest plugin: real Bolt servers for the store tests (Neo4j 5 Community and ArcadeDB).

Each server runs in its own process on a free loopback port, once per session; the fixtures
`neo4j_store_url` and `arcadedb_store_url` hand every test an emptied database. Neo4j comes
from the launcher in tests/neo4j_server (built by its build.sh at install time); ArcadeDB from
the `arcadedb-embedded` wheel, started by this module run as a script. With
GRAPHKAM_TEST_NEO4J_URI set, that server is used instead of starting Neo4j. A server that is
missing or does not start fails the tests that need it (never a skip); deselect them with
`-m "not bolt"` when you mean to.

Run as `python -m tests.bolt_servers arcadedb ROOT BOLT_PORT HTTP_PORT PASSWORD` to start the
ArcadeDB server alone (it stops when stdin closes).
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

__all__ = [
    "BoltProcess",
    "NEO4J_PASSWORD",
    "ARCADEDB_PASSWORD",
    "ARCADEDB_DATABASE",
    "start_neo4j",
    "start_arcadedb",
    "free_port",
    "empty_database",
]

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NEO4J_DIR = HERE / "neo4j_server"
NEO4J_PASSWORD = "graphkam-test"
ARCADEDB_PASSWORD = "graphkam-test"
ARCADEDB_DATABASE = "graphkam"
#: How long a server may take to print its ready line (2 slow cores, cold JVM).
START_TIMEOUT_S = float(os.environ.get("GRAPHKAM_TEST_BOLT_START_TIMEOUT", "180"))
READY = "READY"


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class BoltProcess:
    """A server process that prints a line containing READY once it accepts Bolt connections.

    Stopped by closing its stdin (then SIGTERM, then SIGKILL); `kill()` stops it at once, as a
    crash would.
    """

    def __init__(
        self, name: str, cmd: list[str], url: str, cwd: Path, env: dict[str, str] | None = None
    ) -> None:
        self.name = name
        self.url = url
        self.cmd = cmd
        self.cwd = cwd
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip())
            self._queue.put(line)
        self._queue.put(None)

    def wait_ready(self, timeout: float = START_TIMEOUT_S) -> float:
        """Seconds until the ready line; RuntimeError with the process output otherwise."""
        start = time.monotonic()
        deadline = start + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                raise RuntimeError(f"{self.name} not ready after {timeout:.0f}s{self._tail()}")
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                self.proc.wait(timeout=10)
                raise RuntimeError(
                    f"{self.name} exited with code {self.proc.returncode} before it was ready"
                    f"{self._tail()}"
                )
            if READY in line:
                return time.monotonic() - start

    def _tail(self) -> str:
        return "; command: " + " ".join(self.cmd) + "; output:\n" + "\n".join(self.lines[-40:])

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the server to stop (stdin closed), then terminate, then kill."""
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                assert self.proc.stdin is not None
                self.proc.stdin.close()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.kill()
        self._close_pipes()

    def kill(self) -> None:
        """Stop the server at once (SIGKILL), like a crash."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)
        self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError, ValueError):
                    pipe.close()


def neo4j_classpath() -> str | None:
    """The launcher's classpath, or None when tests/neo4j_server/build.sh has not run."""
    jar = NEO4J_DIR / "target" / "neo4j-test-server.jar"
    lib = NEO4J_DIR / "target" / "lib"
    if not jar.exists() or not any(lib.glob("neo4j-kernel-*.jar")):
        return None
    return f"{jar}{os.pathsep}{lib}/*"


def start_neo4j(data_dir: Path, password: str | None = NEO4J_PASSWORD) -> BoltProcess:
    """Start the Neo4j launcher on a free port with its database in `data_dir` (not waited for).

    With `password`, auth is on and the user `neo4j` has it; the URL carries it.
    """
    classpath = neo4j_classpath()
    if classpath is None:
        raise FileNotFoundError(
            f"the Neo4j test server is not built: run {NEO4J_DIR / 'build.sh'} (needs Maven once)"
        )
    java = shutil.which("java") or "java"
    port = free_port()
    cmd = [
        java,
        "-Xmx1g",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-cp",
        classpath,
        "graphkam.testserver.Main",
        str(data_dir),
        str(port),
    ]
    creds = ""
    if password is not None:
        cmd.append(password)
        creds = f"neo4j:{password}@"
    data_dir.mkdir(parents=True, exist_ok=True)
    return BoltProcess("Neo4j test server", cmd, f"bolt://{creds}127.0.0.1:{port}", data_dir)


def start_arcadedb(root: Path) -> BoltProcess:
    """Start ArcadeDB (this module as a script) on free ports, database ARCADEDB_DATABASE."""
    port, http_port = free_port(), free_port()
    root.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "tests.bolt_servers",
        "arcadedb",
        str(root),
        str(port),
        str(http_port),
        ARCADEDB_PASSWORD,
    ]
    url = f"bolt://root:{ARCADEDB_PASSWORD}@127.0.0.1:{port}/{ARCADEDB_DATABASE}"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    return BoltProcess("ArcadeDB test server", cmd, url, root, env)


def empty_database(url: str) -> None:
    """Delete every node and relationship of the database at `url` (schema stays)."""
    from graphkam.stores.neo4j import Neo4jStore

    Neo4jStore(url).delete_everything()


def _unavailable(what: str, exc: BaseException) -> None:
    """Fail (never skip): a Bolt server could not be had."""
    message = f"{what}: {exc} (make install-test builds the Neo4j launcher)"
    pytest.fail(message, pytrace=False)


def _running(name: str, start: Callable[[], BoltProcess]) -> Iterator[str]:
    """Start a server, yield its URL until the session ends, then stop it (fail if it can't)."""
    try:
        server = start()
        server.wait_ready()
    except (OSError, RuntimeError) as exc:
        _unavailable(f"{name} test server unavailable", exc)
        raise
    try:
        yield server.url
    finally:
        _close_drivers()
        server.stop()


@pytest.fixture(scope="session")
def neo4j_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a session-wide Neo4j 5 (GRAPHKAM_TEST_NEO4J_URI if set, else our launcher)."""
    given = os.environ.get("GRAPHKAM_TEST_NEO4J_URI")
    if given:
        yield given
        return
    yield from _running("Neo4j", lambda: start_neo4j(tmp_path_factory.mktemp("neo4j")))


@pytest.fixture(scope="session")
def arcadedb_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a session-wide ArcadeDB server with its Bolt plugin on."""
    yield from _running("ArcadeDB", lambda: start_arcadedb(tmp_path_factory.mktemp("arcadedb")))


@pytest.fixture
def neo4j_store_url(neo4j_server_url: str) -> str:
    """A Neo4j URL whose database has just been emptied."""
    empty_database(neo4j_server_url)
    return neo4j_server_url


@pytest.fixture
def arcadedb_store_url(arcadedb_server_url: str) -> str:
    """An ArcadeDB URL whose database has just been emptied."""
    empty_database(arcadedb_server_url)
    return arcadedb_server_url


def _close_drivers() -> None:
    from graphkam.stores.neo4j import close_drivers

    close_drivers()


def _serve_arcadedb(root: str, port: int, http_port: int, password: str) -> None:
    """Run ArcadeDB with the Bolt plugin until stdin closes (the child of start_arcadedb)."""
    from arcadedb_embedded.server import ArcadeDBServer

    server = ArcadeDBServer(
        root,
        root_password=password,
        config={
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": port,
            "http_port": http_port,
            "host": "127.0.0.1",
        },
        jvm_kwargs={"heap_size": "1g"},
    )
    server.start()
    try:
        server.create_database(ARCADEDB_DATABASE)
        print(f"ARCADEDB {READY} bolt://127.0.0.1:{port}", flush=True)
        sys.stdin.read()
    finally:
        server.stop()


if __name__ == "__main__":
    if len(sys.argv) != 6 or sys.argv[1] != "arcadedb":
        sys.exit("usage: python -m tests.bolt_servers arcadedb ROOT BOLT_PORT HTTP_PORT PASSWORD")
    _serve_arcadedb(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
