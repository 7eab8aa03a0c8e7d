"""Stores: the `Store` contract and its backends, chosen by URL."""

from __future__ import annotations

from graphkam.errors import InvalidInputError
from graphkam.stores.base import ImportSummary, Store

__all__ = ["Store", "ImportSummary", "open_store", "redact_url"]

_NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def open_store(url: str, audit: bool = True, upgrade: bool = False) -> Store:
    """Open the store at `url`: `sqlite:///PATH` (or a bare path) or a neo4j/bolt URL.

    With `audit` (the default) every write leaves history (graphkam/stores/audited.py);
    `audit=False` opens the bare backend, for benchmarks and copies. With `upgrade`, a store
    in an older layout is upgraded in place (`graphkam init-store`); without, opening one
    raises InvalidInputError saying so.
    """
    store = _open_backend(url, upgrade)
    if not audit:
        return store
    from graphkam.stores.audited import AuditedStore

    return AuditedStore(store)


def _open_backend(url: str, upgrade: bool = False) -> Store:
    if url.startswith(_NEO4J_SCHEMES):
        from graphkam.stores.neo4j import Neo4jStore

        return Neo4jStore(url, upgrade=upgrade)
    if url.startswith("sqlite://") or "://" not in url:
        from graphkam.stores.sqlite import SqliteStore

        return SqliteStore(url)
    scheme = url.split("://", 1)[0]
    raise InvalidInputError(
        f"unknown store URL scheme '{scheme}://': use sqlite:///PATH, neo4j:// or bolt://"
    )


def redact_url(url: str) -> str:
    """The URL with any password replaced by ***, for messages."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in creds else f"{scheme}://{user}@{host}"
