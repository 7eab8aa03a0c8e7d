"""Fixtures of the capture tests: the sample portfolio in SQLite, with mail addresses added."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from graphkam.model import NodeKind
from graphkam.sample import load_sample
from graphkam.stores import open_store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "capture"


def add_sample_emails(url: str) -> None:
    """Give the sample's people the addresses of tests/fixtures/capture/sample-emails.yaml,
    through the audited store (as `graphkam set`/an import would)."""
    emails = yaml.safe_load((FIXTURES / "sample-emails.yaml").read_text(encoding="utf-8"))
    with open_store(url) as store:
        people = []
        for kind, section in (
            (NodeKind.TEAM_MEMBER, "team"),
            (NodeKind.STAKEHOLDER, "stakeholders"),
        ):
            for ident, address in emails[section].items():
                node = store.get_node(kind, ident)
                people.append(node.model_copy(update={"emails": [address]}))
        store.upsert_nodes(people)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the sample portfolio and the fixture addresses (built once)."""
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        store.import_map(load_sample())
    add_sample_emails(url)
    return path


@pytest.fixture
def sample_url(sample_db: Path, tmp_path: Path) -> str:
    """A fresh copy of the sample store for one test."""
    copy = tmp_path / "graphkam.db"
    shutil.copy(sample_db, copy)
    return f"sqlite:///{copy}"
