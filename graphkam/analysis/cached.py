"""Analyses cached per account version: a rescan costs what changed.

An analysis result is kept in the store (`Store.write_cache`) under a key and the account's
version token (`Store.account_versions`), and read back (`Store.read_cache`) only while the
account's version is unchanged; the store compares, so a stale result never comes back.

The key names everything the result depends on besides the account's data:

    NAME|as_of=DATE|config=H(config)|graphkam=VERSION|schema=H(result JSON schema)

so a different analysis, date, threshold, graphkam release or result layout is a different key
(H: the first 16 hex digits of SHA-256). The account's data (history included: an as-of answer
comes from the changes recorded under the account, and every write that records one changes
the token) is what the version covers.

Order matters for freshness: `compute_fresh` reads the versions *before* the subgraphs. A
write landing in between then changes the token after it was read, so the result goes in
under the old token and is never returned (a miss, never a stale hit).
"""

from __future__ import annotations

import enum
import functools
import hashlib
import json
import logging
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel

from graphkam.analysis.config import AnalysisConfig
from graphkam.documents import AccountSubgraph

if TYPE_CHECKING:
    from graphkam.analysis.report import AccountAnalysis
    from graphkam.stores.base import CachedResult, Store

__all__ = [
    "CachedAnalysis",
    "CacheMode",
    "analysis_key",
    "read_fresh",
    "compute_fresh",
    "cached_account",
    "cached_account_json",
    "account_analysis",
    "account_analysis_json",
]

M = TypeVar("M", bound=BaseModel)
_log = logging.getLogger(__name__)

#: Accounts per `read_cache` call when reading a whole portfolio's cached results.
READ_CHUNK = 500


class CachedAnalysis(enum.StrEnum):
    """The analyses whose results are cached (the first part of the key)."""

    #: `graphkam.analysis.portfolio.portfolio_entry` (the portfolio scan's row).
    PORTFOLIO_ENTRY = "portfolio-entry"
    #: `graphkam.analysis.report.analyze_account` (`graphkam analyze`, the API's analysis).
    ACCOUNT_ANALYSIS = "account-analysis"


class CacheMode(enum.StrEnum):
    """How a scan uses the cache: `use` fresh results and keep new ones; `refresh`: analyse
    every account again and keep the results (a forced cold scan); `off`: neither read nor
    write."""

    USE = "use"
    REFRESH = "refresh"
    OFF = "off"

    @property
    def reads(self) -> bool:
        return self is CacheMode.USE

    @property
    def writes(self) -> bool:
        return self is not CacheMode.OFF


def analysis_key(
    name: CachedAnalysis, as_of: date, config: AnalysisConfig, schema: type[BaseModel]
) -> str:
    """The cache key of one analysis (see the module docstring for its parts)."""
    from graphkam import __version__

    cfg = _digest(json.dumps(_canonical(config.model_dump(mode="python")), sort_keys=True))
    return (
        f"{CachedAnalysis(name).value}|as_of={as_of.isoformat()}|config={cfg}"
        f"|graphkam={__version__}|schema={_schema_digest(schema)}"
    )


def read_fresh(store: Store, key: str, account_ids: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(account, payload) of every account in `account_ids` with a fresh result under `key`,
    read `READ_CHUNK` accounts at a time (memory bounded by a chunk)."""
    for start in range(0, len(account_ids), READ_CHUNK):
        chunk = account_ids[start : start + READ_CHUNK]
        hits = store.read_cache(key, chunk)
        for account in chunk:
            hit = hits.get(account)
            if hit is not None:
                yield account, hit.payload


def compute_fresh(
    store: Store,
    account_ids: Sequence[str],
    compute: Callable[[AccountSubgraph], BaseModel],
    key: str | None,
) -> list[tuple[str, str]]:
    """Analyse `account_ids` from the store: (account, JSON payload) in id order.

    With a `key`, the results are written to the cache under the versions read *before* the
    subgraphs (see the module docstring). An account deleted meanwhile is left out.
    """
    from graphkam.stores.base import CachedResult

    ids = sorted(set(account_ids))
    versions = store.account_versions(ids) if key is not None else {}
    ids = [i for i in ids if i in versions] if key is not None else ids
    out = [
        (sg.id, compute(sg).model_dump_json())
        for sg in store.iter_subgraphs(batch_size=max(1, len(ids)), account_ids=ids)
    ]
    if key is not None and out:
        _keep(store, key, [CachedResult(a, versions[a], p) for a, p in out])
    return out


def cached_account(
    store: Store,
    account_id: str,
    key: str,
    model: type[M],
    compute: Callable[[AccountSubgraph], M],
    mode: CacheMode = CacheMode.USE,
) -> M:
    """One account's result under `key`: the cached one when fresh, else computed (from the
    subgraph read after its version) and, unless `mode` is off, kept."""
    hit = _fresh_payload(store, key, account_id, mode)
    if hit is not None:
        return model.model_validate_json(hit)
    return _compute_and_keep(store, account_id, key, compute, mode)[0]


def cached_account_json(
    store: Store,
    account_id: str,
    key: str,
    compute: Callable[[AccountSubgraph], BaseModel],
    mode: CacheMode = CacheMode.USE,
) -> str:
    """`cached_account` as JSON text: a fresh hit is handed back as stored, never parsed (what
    an HTTP answer needs)."""
    hit = _fresh_payload(store, key, account_id, mode)
    if hit is not None:
        return hit
    return _compute_and_keep(store, account_id, key, compute, mode)[1]


def _fresh_payload(store: Store, key: str, account_id: str, mode: CacheMode) -> str | None:
    if mode.reads:
        for _, payload in read_fresh(store, key, [account_id]):
            return payload
    return None


def _compute_and_keep(
    store: Store,
    account_id: str,
    key: str,
    compute: Callable[[AccountSubgraph], M],
    mode: CacheMode,
) -> tuple[M, str]:
    """The result computed from the subgraph read after its version, and its JSON (kept in
    the cache unless `mode` is off)."""
    from graphkam.stores.base import CachedResult

    version = store.account_versions([account_id]).get(account_id) if mode.writes else None
    result = compute(store.account_subgraph(account_id))
    payload = result.model_dump_json()
    if version is not None:
        _keep(store, key, [CachedResult(account_id, version, payload)])
    return result, payload


def _keep(store: Store, key: str, results: list[CachedResult]) -> None:
    """Write results to the cache; a store that cannot take the write (locked past its busy
    timeout, read-only) costs only a later miss, so the answer is still given, with a warning."""
    from graphkam.errors import GraphkamError

    try:
        store.write_cache(key, results)
    except GraphkamError as exc:
        _log.warning("analysis cache not updated (%s): %s", key.split("|", 1)[0], exc)


def account_analysis(
    store: Store,
    account_id: str,
    as_of: date,
    config: AnalysisConfig,
    cache: CacheMode = CacheMode.USE,
) -> AccountAnalysis:
    """`analyze_account` of one stored account as known on `as_of`, through the cache (what
    `graphkam analyze` answers). NotFoundError if no such account."""
    from graphkam.analysis.report import AccountAnalysis

    key, compute = _account_analysis(as_of, config)
    return cached_account(store, account_id, key, AccountAnalysis, compute, cache)


def account_analysis_json(
    store: Store, account_id: str, as_of: date, config: AnalysisConfig
) -> str:
    """`account_analysis` as JSON text (the API's analysis route: a hit is not parsed)."""
    key, compute = _account_analysis(as_of, config)
    return cached_account_json(store, account_id, key, compute)


def _account_analysis(
    as_of: date, config: AnalysisConfig
) -> tuple[str, Callable[[AccountSubgraph], AccountAnalysis]]:
    from graphkam.analysis.report import AccountAnalysis, analyze_account

    def compute(subgraph: AccountSubgraph) -> AccountAnalysis:
        return analyze_account(subgraph, as_of, config)  # narrows to `as_of` (known_on)

    return analysis_key(CachedAnalysis.ACCOUNT_ANALYSIS, as_of, config, AccountAnalysis), compute


# -- helpers -----------------------------------------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _canonical(value: object) -> object:
    """`value` with every set as a sorted list (a set's iteration order changes with the
    process' hash seed, so its JSON would not name the same config twice); JSON-ready."""
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, enum.Enum):
        return _canonical(value.value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@functools.cache
def _schema_digest(schema: type[BaseModel]) -> str:
    """The digest of the result model's JSON schema: a changed field is a different key."""
    return _digest(json.dumps(schema.model_json_schema(), sort_keys=True))
