"""Fixtures of the API tests: a temp SQLite store with the shared example plus a bank account,
users of every role made through graphkam.auth, and a module-scoped TestClient."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from api.app import create_app
from graphkam.auth import Role, UserStore
from graphkam.documents import AccountMap
from graphkam.io import read_account_map
from graphkam.stores import open_store

with warnings.catch_warnings():
    # starlette asks for httpx2 over httpx; the project pins httpx, which still works.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

EXAMPLE_MAP = Path(__file__).resolve().parents[2] / "examples" / "account-map.yaml"

#: A second account nobody on the example's team is on: "foreign" for rep-lin and mgr-zhou.
BANK = {
    "accounts": [{"id": "ac-bank", "name": "Eastern Bank", "tier": "A", "industry": "banking"}],
    "team": [
        {"id": "rep-wu", "name": "Wu Fang", "team_role": "account_manager", "accounts": ["ac-bank"]}
    ],
    "departments": [{"id": "bk-it", "account": "ac-bank", "name": "IT"}],
    "stakeholders": [
        {
            "id": "bk-ceo",
            "account": "ac-bank",
            "name": "Zhao Lei",
            "roles": ["decision_maker"],
            "stance": "neutral",
            "influence": 0.9,
            "notes": "BANKSECRET personal note",
        },
        {
            "id": "bk-cto",
            "account": "ac-bank",
            "name": "Qian Yu",
            "department": "bk-it",
            "roles": ["technical_buyer"],
            "stance": "supporter",
            "influence": 0.6,
        },
    ],
    "relationships": [
        {"type": "reports_to", "from": "bk-cto", "to": "bk-ceo"},
        {
            "type": "relates_to",
            "from": "rep-wu",
            "to": "bk-cto",
            "strength": 0.7,
            "last_contact": "2026-10-01",
        },
    ],
    "interactions": [
        {
            "date": "2026-10-01",
            "team": ["rep-wu"],
            "stakeholders": ["bk-cto"],
            "purpose": "research",
            "notes": "first meeting",
        },
    ],
}

AS_OF = "2026-11-15"


@dataclass
class Api:
    """A running API over its own store, with a token per role."""

    client: TestClient
    store_url: str
    tokens: dict[str, str]
    ids: Iterator[int]

    def headers(self, who: str | None) -> dict[str, str]:
        return {} if who is None else {"Authorization": f"Bearer {self.tokens[who]}"}

    def fresh(self, prefix: str) -> str:
        """A new unique id."""
        return f"{prefix}-{next(self.ids)}"

    def admin(self, method: str, url: str, **kw: Any) -> Any:
        """A request as admin that must succeed; its JSON (or None)."""
        r = self.client.request(method, url, headers=self.headers("admin"), **kw)
        assert r.status_code < 300, (method, url, r.status_code, r.text)
        return r.json() if r.content else None


def build_api(tmp: Path, **settings: Any) -> Api:
    """Load the example and the bank account into a new store and make one user per role."""
    url = f"sqlite:///{tmp / 'graphkam.db'}"
    with open_store(url) as store:
        store.import_map(read_account_map(EXAMPLE_MAP))
        store.import_map(AccountMap.model_validate(BANK))
    users = UserStore(tmp / "users.db")
    tokens = {
        "admin": users.add_user("root", Role.ADMIN)[1],
        "rep": users.add_user("lin", Role.REP, "rep-lin")[1],
        "coach": users.add_user("zhou", Role.COACH, "mgr-zhou")[1],
        "bank_rep": users.add_user("wu", Role.REP, "rep-wu")[1],
    }
    app = create_app(url, users_db=tmp / "users.db", **settings)
    client = TestClient(app, raise_server_exceptions=False)
    return Api(client, url, tokens, itertools.count(1))


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One API per test module (module-scoped TestClient)."""
    built = build_api(tmp_path_factory.mktemp("api"))
    with built.client:
        yield built
