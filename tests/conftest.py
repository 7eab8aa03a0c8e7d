"""Shared fixtures: the store contract fixture (parametrized over every backend) and options."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graphkam.stores import Store, open_store

#: Backends the `store` fixture runs on. Bolt backends get their URL from the fixture
#: `<name>_store_url` (tests/bolt_servers.py), which hands out an emptied database.
STORE_BACKENDS = ["sqlite", "neo4j", "arcadedb"]

pytest_plugins = ["tests.bolt_servers"]

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_MAP = REPO / "examples" / "account-map.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", help="also run tests marked slow")


_BOLT_FIXTURES = {
    "neo4j_store_url",
    "arcadedb_store_url",
    "neo4j_server_url",
    "arcadedb_server_url",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark tests that need a Bolt server `bolt` (so `-m "not bolt"` can leave them out), and
    skip `slow` tests unless --runslow."""
    skip = pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        uses = set(getattr(item, "fixturenames", ()))
        if uses & _BOLT_FIXTURES or params.get("store_url") in ("neo4j", "arcadedb"):
            item.add_marker(pytest.mark.bolt)
        if "slow" in item.keywords and not config.getoption("--runslow"):
            item.add_marker(skip)


@pytest.fixture(params=STORE_BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty store of each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'graphkam.db'}"
    return str(request.getfixturevalue(f"{request.param}_store_url"))


def sample_store(path: Path) -> str:
    """The URL of a new SQLite store at `path` holding the shipped sample portfolio."""
    from graphkam.sample import load_sample

    url = f"sqlite:///{path}"
    with open_store(url) as store:
        store.import_map(load_sample())
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An open, empty store of each backend."""
    with open_store(store_url) as s:
        yield s


@pytest.fixture
def example_map_path() -> Path:
    """The shared example account map (examples/account-map.yaml)."""
    assert EXAMPLE_MAP.exists(), f"missing {EXAMPLE_MAP}"
    return EXAMPLE_MAP
