"""The shipped sample portfolio: the analytics find exactly the planted gaps of every account,
and the JSON of an analysis does not depend on the order the store returned the lists in."""

from __future__ import annotations

import random

import pytest

from graphkam.analysis import analyze_account, rank_portfolio, scan_portfolio
from graphkam.documents import AccountSubgraph
from graphkam.sample import PLANTED, SAMPLE_AS_OF, load_sample
from graphkam.stores import Store, open_store


@pytest.fixture(scope="module")
def reference_json(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each account's analysis JSON from SQLite: every backend must match it byte for byte."""
    url = f"sqlite:///{tmp_path_factory.mktemp('ref') / 'ref.db'}"
    with open_store(url) as ref:
        ref.import_map(load_sample())
        return {
            sg.id: analyze_account(sg, SAMPLE_AS_OF).model_dump_json()
            for sg in ref.iter_subgraphs()
        }


def test_sample_on_each_store(store: Store, reference_json: dict[str, str]) -> None:
    """One import per backend (it is the slow part), then every check on it."""
    store.import_map(load_sample())
    subgraphs = list(store.iter_subgraphs())
    found = {}
    for sg in subgraphs:
        result = analyze_account(sg, SAMPLE_AS_OF)
        found[sg.id] = {(g.kind.value, g.subject) for g in result.gaps}
        # byte-identical JSON whatever the store, and whatever the order of its lists
        assert result.model_dump_json() == reference_json[sg.id]
        assert (
            analyze_account(_shuffled(sg, 1), SAMPLE_AS_OF).model_dump_json()
            == reference_json[sg.id]
        )
    assert found == PLANTED
    _portfolio_scan_agrees_with_the_manifest(store)


def _portfolio_scan_agrees_with_the_manifest(store: Store) -> None:
    entries = rank_portfolio(scan_portfolio(store, SAMPLE_AS_OF))
    assert {e.account: {(g.kind.value, g.subject) for g in e.gaps} for e in entries} == PLANTED
    # accounts with planted gaps first, most at stake first (analysis/stake.py); healthy last
    with_gaps = [e for e in entries if e.gaps]
    assert [e.account for e in entries[: len(with_gaps)]] == [e.account for e in with_gaps]
    stakes = [e.at_stake for e in with_gaps]
    assert stakes == sorted(stakes, reverse=True)


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
