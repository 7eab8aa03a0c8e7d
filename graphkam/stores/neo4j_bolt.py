"""Bolt plumbing for the Neo4j store: URLs, one cached driver per server, error mapping."""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import os
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

import neo4j
from neo4j import exceptions as nx

from graphkam.errors import (
    ConflictError,
    GraphkamError,
    InvalidInputError,
    StoreUnavailableError,
)
from graphkam.settings import get_settings
from graphkam.stores import redact_url

__all__ = [
    "BoltTarget",
    "parse_bolt_url",
    "driver_for",
    "close_drivers",
    "mapped_errors",
    "schema_done",
]


@dataclasses.dataclass(frozen=True)
class BoltTarget:
    """Where and as whom to connect: driver URI, database, credentials, and the safe URL."""

    uri: str
    database: str
    user: str | None
    password: str | None
    shown: str


def parse_bolt_url(url: str) -> BoltTarget:
    """Split `bolt://user:pass@host:port/db`; credentials default to GRAPHKAM_NEO4J_USER /
    GRAPHKAM_NEO4J_PASSWORD, the database to `neo4j`."""
    parts = urlsplit(url)
    if not parts.hostname:
        raise InvalidInputError(f"store URL '{redact_url(url)}' names no host")
    try:
        port = parts.port
    except ValueError:
        raise InvalidInputError(f"store URL '{redact_url(url)}' has a bad port") from None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    uri = f"{parts.scheme}://{host}" + (f":{port}" if port else "")
    database = unquote(parts.path.strip("/")) or "neo4j"
    settings = get_settings()
    user = unquote(parts.username) if parts.username else settings.neo4j_user
    password = unquote(parts.password) if parts.password else settings.neo4j_password
    return BoltTarget(uri, database, user, password, redact_url(url))


_drivers: dict[tuple[str, str | None, str | None], neo4j.Driver] = {}
_drivers_lock = threading.Lock()
schema_done: set[tuple[str, str]] = set()


def driver_for(target: BoltTarget) -> neo4j.Driver:
    """The process's one driver for this server and user, connected once on first use.

    Server notifications are switched off where the server can filter them (Bolt 5.2+; Neo4j
    5); older Bolt servers such as ArcadeDB's refuse the filter, so they get a plain driver.
    """
    key = (target.uri, target.user, target.password)
    with _drivers_lock:
        driver = _drivers.get(key)
        if driver is None:
            try:
                driver = _connect(target, notifications_min_severity="OFF")
            except nx.ConfigurationError:
                driver = _connect(target)
            _drivers[key] = driver
        return driver


def _connect(target: BoltTarget, **config: Any) -> neo4j.Driver:
    """A driver that has reached the server once (so bad URLs and passwords fail here)."""
    auth = (target.user, target.password or "") if target.user else None
    try:
        driver = neo4j.GraphDatabase.driver(
            target.uri,
            auth=auth,
            connection_acquisition_timeout=20.0,
            connection_timeout=5.0,
            max_transaction_retry_time=10.0,
            **config,
        )
    except (ValueError, nx.ConfigurationError) as exc:
        raise InvalidInputError(f"bad Neo4j store URL '{target.shown}': {exc}") from None
    try:
        driver.verify_connectivity()
    except BaseException:
        driver.close()
        raise
    return driver


def _forget_drivers_in_child() -> None:
    """After fork: forget (never close) the parent's drivers, so a child process opens its
    own connections instead of writing on the parent's sockets (a scan's forked workers did,
    and Neo4j saw two transactions interleaved on one connection)."""
    global _drivers_lock
    _drivers.clear()
    schema_done.clear()
    _drivers_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_drivers_in_child)


@atexit.register
def close_drivers() -> None:
    """Close every cached driver (at exit, or when a test wants fresh connections)."""
    with _drivers_lock:
        drivers = list(_drivers.values())
        _drivers.clear()
        schema_done.clear()
    for driver in drivers:
        with contextlib.suppress(Exception):
            driver.close()


@contextlib.contextmanager
def mapped_errors(target: BoltTarget, what: str) -> Iterator[None]:
    """Turn driver errors into graphkam errors that name the URL (never the password)."""
    where = f"Neo4j store {target.shown}"
    try:
        yield
    except GraphkamError:
        raise
    except nx.AuthError:
        raise StoreUnavailableError(
            f"{where} refused the user name or password "
            "(set them in the URL or GRAPHKAM_NEO4J_USER/_PASSWORD)"
        ) from None
    except (nx.ServiceUnavailable, nx.SessionExpired) as exc:
        raise StoreUnavailableError(f"{where} is unreachable ({what}): {_short(exc)}") from None
    except nx.TransientError as exc:
        raise StoreUnavailableError(f"{where} is busy ({what}); retry: {_short(exc)}") from None
    except nx.ConstraintError as exc:
        raise ConflictError(f"{what}: the write clashes with {where}: {_short(exc)}") from None
    except nx.ClientError as exc:
        if exc.code and "DatabaseNotFound" in exc.code:
            raise InvalidInputError(f"{where} has no database '{target.database}'") from None
        raise GraphkamError(f"{what} failed in {where}: {_short(exc)}") from None
    except (nx.Neo4jError, nx.DriverError, OSError) as exc:
        raise StoreUnavailableError(f"{where} failed ({what}): {_short(exc)}") from None


def _short(exc: BaseException) -> str:
    """A driver error's message on one line (its args: the GQL fields warn on access)."""
    text = str(exc.args[0]) if exc.args else type(exc).__name__
    if isinstance(exc, nx.Neo4jError) and exc.code:
        text = f"{exc.code}: {text}"
    return " ".join(text.split())[:300] or type(exc).__name__
