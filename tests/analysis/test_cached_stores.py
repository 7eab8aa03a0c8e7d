"""The cached portfolio scan on every backend (SQLite, Neo4j, ArcadeDB over Bolt): pool
workers open the store from its URL and cache what they analyse; after a write the rescan
analyses that account alone and equals the uncached oracle (`portfolio_entry` on the subgraph
read straight from the store). As of today, so the stance written now is in the answer."""

from __future__ import annotations

import datetime as dt

from graphkam.analysis import AnalysisConfig, PortfolioEntry, portfolio_entry, scan_portfolio
from graphkam.analysis.portfolio import ScanPlan, scan_payloads
from graphkam.model import NodeKind, Stance
from graphkam.sample import load_sample
from graphkam.stores import Store, open_store

TODAY = dt.date.today()
CONFIG = AnalysisConfig()


def _oracle(store: Store) -> dict[str, PortfolioEntry]:
    ids = sorted(a.id for a in store.list_nodes(NodeKind.ACCOUNT))
    return {a: portfolio_entry(store.account_subgraph(a), TODAY, CONFIG) for a in ids}


def test_cached_scan_on_every_backend(store_url: str) -> None:
    with open_store(store_url) as store:
        store.import_map(load_sample())
        expected = _oracle(store)
        pooled = scan_portfolio(store, TODAY, CONFIG, workers=2, inline_max=0, batch_size=3)
        assert {e.account: e for e in pooled} == expected
        top = store.get_node(NodeKind.STAKEHOLDER, "hx-top")
        store.upsert_nodes([top.model_copy(update={"stance": Stance.OPPONENT})])
        plan = ScanPlan(TODAY, CONFIG, inline_max=len(expected))
        rescan = list(scan_payloads(store, sorted(expected), plan))
        assert {s.account for s in rescan if not s.cached} == {"hx-steel"}
        after = {s.account: PortfolioEntry.model_validate_json(s.payload) for s in rescan}
        assert after == _oracle(store)
        assert after["hx-steel"] != expected["hx-steel"]
