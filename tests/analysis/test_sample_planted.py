"""The shipped sample portfolio: the analytics find exactly the planted gaps of every account,
and the JSON of an analysis does not depend on the order the store returned the lists in."""

from __future__ import annotations

import random

from graphkam.analysis import analyze_account, rank_portfolio, scan_portfolio
from graphkam.documents import AccountSubgraph
from graphkam.sample import PLANTED, SAMPLE_AS_OF, load_sample
from graphkam.stores import Store


def test_sample_on_each_store(store: Store) -> None:
    """One import per backend (it is the slow part), then every check on it."""
    store.import_map(load_sample())
    _every_account_has_exactly_its_planted_gaps(store)
    _portfolio_scan_agrees_with_the_manifest(store)
    _json_is_independent_of_list_order(store)


def _every_account_has_exactly_its_planted_gaps(store: Store) -> None:
    found = {}
    for sg in store.iter_subgraphs():
        gaps = analyze_account(sg, SAMPLE_AS_OF).gaps
        found[sg.id] = {(g.kind.value, g.subject) for g in gaps}
    assert found == PLANTED


def _portfolio_scan_agrees_with_the_manifest(store: Store) -> None:
    entries = rank_portfolio(scan_portfolio(store, SAMPLE_AS_OF))
    assert {e.account: {(g.kind.value, g.subject) for g in e.gaps} for e in entries} == PLANTED
    tiers = [e.tier.rank for e in entries]
    assert tiers == sorted(tiers)


def _shuffled(sg: AccountSubgraph, seed: int) -> AccountSubgraph:
    rng = random.Random(seed)
    update = {}
    for section in (
        "team",
        "departments",
        "stakeholders",
        "third_parties",
        "relationships",
        "interactions",
    ):
        items = list(getattr(sg, section))
        rng.shuffle(items)
        update[section] = items
    return sg.model_copy(update=update)


def _json_is_independent_of_list_order(store: Store) -> None:
    for sg in store.iter_subgraphs():
        expected = analyze_account(sg, SAMPLE_AS_OF).model_dump_json()
        assert analyze_account(_shuffled(sg, 1), SAMPLE_AS_OF).model_dump_json() == expected
