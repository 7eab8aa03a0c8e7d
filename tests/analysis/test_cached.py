"""The analysis cache is never stale: write, then scan, and compare with an uncached oracle.

The oracle analyses each account's subgraph straight from the store (`portfolio_entry` on
`store.account_subgraph`, no cache involved). After every kind of write (a stakeholder change,
a visit, a team rename, a delete, and as-of questions whose answer comes from the history)
the cached scan must give the oracle's entry for every account, and it must re-analyse only
the accounts the write touched (the rule of `Store.account_versions`).

On SQLite: the cache and the versions are store contract, checked on every backend by
tests/stores/test_versions.py; what is tested here is the analysis layer on top of them.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from graphkam.analysis import AnalysisConfig, PortfolioEntry, portfolio_entry, scan_portfolio
from graphkam.analysis.cached import CachedAnalysis, CacheMode, account_analysis, analysis_key
from graphkam.analysis.portfolio import ScanPlan, scan_payloads
from graphkam.analysis.report import AccountAnalysis, analyze_account
from graphkam.documents import AccountSubgraph
from graphkam.model import NodeKind, Stakeholder, Stance, TeamMember
from graphkam.sample import SAMPLE_AS_OF, load_sample
from graphkam.stores import Store, open_store
from graphkam.stores.audited import AuditedStore
from graphkam.visits import log_visit

CONFIG = AnalysisConfig()


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'sample.db'}"
    with open_store(url) as store:
        store.import_map(load_sample())
    return url


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    with open_store(url) as opened:
        yield opened


def oracle(store: Store, as_of: dt.date = SAMPLE_AS_OF) -> dict[str, PortfolioEntry]:
    """Every account's entry analysed from its subgraph, without the cache."""
    ids = sorted(a.id for a in store.list_nodes(NodeKind.ACCOUNT))
    return {a: portfolio_entry(store.account_subgraph(a), as_of, CONFIG) for a in ids}


def scan(store: Store, as_of: dt.date = SAMPLE_AS_OF, **kw: object) -> dict[str, PortfolioEntry]:
    return {e.account: e for e in scan_portfolio(store, as_of, CONFIG, **kw)}  # type: ignore[arg-type]


def analysed(store: Store, as_of: dt.date = SAMPLE_AS_OF) -> set[str]:
    """The accounts a cached scan analyses again (the others come from the cache)."""
    ids = sorted(a.id for a in store.list_nodes(NodeKind.ACCOUNT))
    plan = ScanPlan(as_of, CONFIG, inline_max=len(ids))
    return {s.account for s in scan_payloads(store, ids, plan) if not s.cached}


def test_a_rescan_reads_every_unchanged_account_from_the_cache(store: Store) -> None:
    expected = oracle(store)
    assert analysed(store) == set(expected)  # cold: every account
    assert analysed(store) == set()  # warm: none
    assert scan(store) == expected


def test_a_stakeholder_change_reanalyses_its_account_only(store: Store) -> None:
    scan(store)
    before = oracle(store, dt.date.today())
    scan(store, dt.date.today())
    dm = _decision_maker(store, "dl-energy")
    store.upsert_nodes([dm.model_copy(update={"stance": Stance.OPPONENT})])
    assert analysed(store, dt.date.today()) == {"dl-energy"}
    after = scan(store, dt.date.today())
    assert after == oracle(store, dt.date.today())
    # the write changed the answer, so the test could fail had the cache kept the old one
    assert after["dl-energy"] != before["dl-energy"]


def test_a_visit_reanalyses_its_account(store: Store) -> None:
    scan(store)
    account = "dl-energy"
    person = _decision_maker(store, account).id
    member = store.list_nodes(NodeKind.TEAM_MEMBER, account)[0].id
    log_visit(store, account, [person], [member], "relationship", date=SAMPLE_AS_OF)
    assert analysed(store) == {account}
    assert scan(store) == oracle(store)


def test_a_team_rename_reanalyses_every_account(store: Store) -> None:
    """A team member's name shows in the entries of the accounts they own (owner_name)."""
    first = scan(store)
    member = next(
        m
        for m in store.list_nodes(NodeKind.TEAM_MEMBER)
        if isinstance(m, TeamMember) and m.accounts
    )
    store.upsert_nodes([member.model_copy(update={"name": "Renamed Person"})])
    assert analysed(store) == set(first)
    after = scan(store)
    assert after == oracle(store)
    owned = [e for e in after.values() if e.owner == member.id]
    assert owned and all(e.owner_name == "Renamed Person" for e in owned)


def test_deletes_are_never_answered_from_the_cache(store: Store) -> None:
    scan(store)
    gone = _decision_maker(store, "hx-steel")
    store.delete_node(NodeKind.STAKEHOLDER, gone.id)
    assert analysed(store) == {"hx-steel"}
    assert scan(store) == oracle(store)
    store.delete_node(NodeKind.ACCOUNT, "sz-data")
    after = scan(store)
    assert "sz-data" not in after and after == oracle(store)


def test_as_of_answers_follow_the_history(store: Store) -> None:
    """A stance changed now is recorded in the history (dated now): asked as of the sample's
    date, the answer is the stance before (asof.rewind); asked as of today, the new one. Both
    cached answers equal the oracle's after the write, and the past one is unchanged by it."""
    past, today = SAMPLE_AS_OF, dt.date.today()
    assert past < today
    before_past, before_today = scan(store, past), scan(store, today)
    dm = _decision_maker(store, "yx-telecom")
    new = Stance.OPPONENT if dm.stance is not Stance.OPPONENT else Stance.CHAMPION
    store.upsert_nodes([dm.model_copy(update={"stance": new})])
    after_past, after_today = scan(store, past), scan(store, today)
    assert after_past == oracle(store, past)
    assert after_today == oracle(store, today)
    assert after_past["yx-telecom"] == before_past["yx-telecom"]
    assert after_today["yx-telecom"] != before_today["yx-telecom"]


def test_a_write_between_versions_and_reading_is_a_miss_not_a_stale_hit(url: str) -> None:
    """The scan reads the versions, then the subgraphs; here a write lands right after the
    subgraphs were read (before the results are cached). The results go in under the old
    version, so the next scan analyses the account again and gives the oracle's answer."""
    with open_store(url, audit=False) as bare:
        racing = _WriteAfterRead(bare, "dl-energy")
        scan(racing, cache=CacheMode.USE)
        assert racing.wrote
        assert analysed(bare) == {"dl-energy"}
        assert scan(bare) == oracle(bare)


def test_the_pool_caches_what_its_workers_analyse(store: Store) -> None:
    """Workers open the store from its URL, analyse batches of ids and write the cache."""
    expected = oracle(store)
    assert scan(store, workers=2, inline_max=0, batch_size=2) == expected
    assert analysed(store) == set()
    assert scan(store) == expected


def test_refresh_analyses_every_account_and_off_writes_nothing(store: Store) -> None:
    ids = sorted(oracle(store))
    off = ScanPlan(SAMPLE_AS_OF, CONFIG, CacheMode.OFF, inline_max=len(ids))
    assert all(not s.cached for s in scan_payloads(store, ids, off))
    assert analysed(store) == set(ids)  # OFF kept nothing
    refresh = ScanPlan(SAMPLE_AS_OF, CONFIG, CacheMode.REFRESH, inline_max=len(ids))
    assert all(not s.cached for s in scan_payloads(store, ids, refresh))
    assert analysed(store) == set()  # REFRESH kept everything


def test_the_config_and_date_are_part_of_the_key(store: Store) -> None:
    scan(store)
    other = AnalysisConfig(half_life_days=30)
    got = {e.account: e for e in scan_portfolio(store, SAMPLE_AS_OF, other)}
    ids = sorted(got)
    assert got == {a: portfolio_entry(store.account_subgraph(a), SAMPLE_AS_OF, other) for a in ids}
    assert analysed(store, SAMPLE_AS_OF - dt.timedelta(days=30)) == set(ids)


def test_the_account_analysis_is_cached_and_never_stale(store: Store) -> None:
    """As of today, so the influence written now is in the answer (as of the sample's date
    the history would rewind it)."""
    today = dt.date.today()

    def direct() -> object:
        return analyze_account(store.account_subgraph("dl-energy"), today, CONFIG)

    first = account_analysis(store, "dl-energy", today, CONFIG)
    assert first == direct()
    assert account_analysis(store, "dl-energy", today, CONFIG) == first
    dm = _decision_maker(store, "dl-energy")
    store.upsert_nodes([dm.model_copy(update={"influence": 0.05})])
    after = account_analysis(store, "dl-energy", today, CONFIG)
    assert after == direct()
    assert after != first


def test_an_answer_is_given_when_the_cache_cannot_be_written(
    url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Another writer holds the file's write lock past our busy timeout: the analysis is
    still answered (and correct), the cache is simply not updated, and a warning says so."""
    import sqlite3

    from graphkam.stores.sqlite import SqliteStore, parse_sqlite_url

    blocker = sqlite3.connect(parse_sqlite_url(url), isolation_level=None)
    with SqliteStore(url, busy_timeout_ms=50) as store:
        expected = analyze_account(store.account_subgraph("dl-energy"), SAMPLE_AS_OF, CONFIG)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            got = account_analysis(store, "dl-energy", SAMPLE_AS_OF, CONFIG)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert got == expected
        assert "analysis cache not updated" in caplog.text
        key = analysis_key(CachedAnalysis.ACCOUNT_ANALYSIS, SAMPLE_AS_OF, CONFIG, AccountAnalysis)
        assert store.read_cache(key, ["dl-energy"]) == {}


def test_the_key_is_the_same_in_every_process_and_names_date_and_config() -> None:
    """AnalysisConfig holds sets (e.g. the required roles), whose order follows the hash seed:
    two processes with different seeds must still agree on the key (else no rescan, nor a
    worker's result, would ever hit)."""
    code = (
        "import datetime as d; from graphkam.analysis import AnalysisConfig, PortfolioEntry; "
        "from graphkam.analysis.cached import CachedAnalysis, analysis_key; "
        "print(analysis_key(CachedAnalysis.PORTFOLIO_ENTRY, d.date(2026, 11, 15), "
        "AnalysisConfig(), PortfolioEntry))"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }
    here = analysis_key(CachedAnalysis.PORTFOLIO_ENTRY, SAMPLE_AS_OF, CONFIG, PortfolioEntry)
    assert keys == {here}
    others = {
        analysis_key(
            CachedAnalysis.PORTFOLIO_ENTRY,
            SAMPLE_AS_OF,
            AnalysisConfig(weak_below=0.5),
            PortfolioEntry,
        ),
        analysis_key(CachedAnalysis.PORTFOLIO_ENTRY, dt.date(2026, 11, 16), CONFIG, PortfolioEntry),
        analysis_key(CachedAnalysis.ACCOUNT_ANALYSIS, SAMPLE_AS_OF, CONFIG, AccountAnalysis),
    }
    assert here not in others and len(others) == 3


# -- helpers -----------------------------------------------------------------------------------


def _decision_maker(store: Store, account: str) -> Stakeholder:
    people = [s for s in store.list_nodes(NodeKind.STAKEHOLDER, account)]
    return next(
        s
        for s in people
        if isinstance(s, Stakeholder) and "decision_maker" in [r.value for r in s.roles]
    )


class _WriteAfterRead(AuditedStore):
    """A real store that, once, changes `account`'s decision maker right after its subgraph
    was read (what a concurrent writer may do at that moment)."""

    def __init__(self, inner: Store, account: str) -> None:
        super().__init__(inner)
        self.account = account
        self.wrote = False

    def iter_subgraphs(
        self, batch_size: int = 200, account_ids: Sequence[str] | None = None
    ) -> Iterator[AccountSubgraph]:
        read = list(self.inner.iter_subgraphs(batch_size, account_ids))
        if not self.wrote and any(sg.id == self.account for sg in read):
            dm = _decision_maker(self, self.account)
            self.upsert_nodes([dm.model_copy(update={"stance": Stance.OPPONENT})])
            self.wrote = True
        yield from read
