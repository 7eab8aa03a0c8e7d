"""The analysis and portfolio routes read through the store's analysis cache, never stale.

The oracle is `analyze_account` / `portfolio_entry` on the subgraph read straight from the
API's store (no cache). Questions are asked as of today, so that a stance written now is in
the answer (as of an earlier day the history rewinds it). No timing is asserted here:
`graphkam bench` measures the cache hit.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from graphkam.analysis import AnalysisConfig, analyze_account, portfolio_entry
from graphkam.analysis.cached import CachedAnalysis, analysis_key
from graphkam.analysis.report import AccountAnalysis
from graphkam.model import NodeKind
from graphkam.stores import open_store
from tests.api.conftest import Api, build_api

DAY = date.today()
URL = f"/accounts/hx-steel/analysis?as_of={DAY}"


def _direct(api: Api, account: str) -> dict[str, object]:
    with open_store(api.store_url) as store:
        result = analyze_account(store.account_subgraph(account), DAY, AnalysisConfig())
    return json.loads(result.model_dump_json())


def test_a_second_get_is_answered_from_the_cache_and_a_write_refreshes_it(
    tmp_path: Path,
) -> None:
    api = build_api(tmp_path)
    with api.client:
        h = api.headers("admin")
        first = api.client.get(URL, headers=h)
        assert first.status_code == 200 and first.json() == _direct(api, "hx-steel")
        with open_store(api.store_url) as store:
            key = analysis_key(
                CachedAnalysis.ACCOUNT_ANALYSIS, DAY, AnalysisConfig(), AccountAnalysis
            )
            assert set(store.read_cache(key, ["hx-steel"])) == {"hx-steel"}
        assert api.client.get(URL, headers=h).json() == first.json()

        r = api.client.get("/stakeholders/hx-ceo", headers=h)
        assert r.json()["stance"] != "opponent"
        patched = api.client.patch(
            "/stakeholders/hx-ceo",
            headers={**h, "If-Match": r.headers["etag"]},
            json={"stance": "opponent"},
        )
        assert patched.status_code == 200
        after = api.client.get(URL, headers=h).json()
        assert after == _direct(api, "hx-steel") and after != first.json()


def test_a_cached_analysis_is_still_404_for_a_foreign_account(tmp_path: Path) -> None:
    """The bank's analysis, cached by its own rep, is not shown to rep-lin."""
    api = build_api(tmp_path)
    with api.client:
        url = f"/accounts/ac-bank/analysis?as_of={DAY}"
        assert api.client.get(url, headers=api.headers("bank_rep")).status_code == 200
        assert api.client.get(url, headers=api.headers("rep")).status_code == 404


def test_the_portfolio_route_gives_the_uncached_entries_after_a_write(tmp_path: Path) -> None:
    api = build_api(tmp_path)
    with api.client:
        h = api.headers("admin")
        url = f"/portfolio/risks?as_of={DAY}"
        first = api.client.get(url, headers=h).json()
        assert api.client.get(url, headers=h).json() == first
        r = api.client.get("/stakeholders/bk-ceo", headers=h)
        patched = api.client.patch(
            "/stakeholders/bk-ceo",
            headers={**h, "If-Match": r.headers["etag"]},
            json={"stance": "opponent"},
        )
        assert patched.status_code == 200
        after = {e["account"]: e for e in api.client.get(url, headers=h).json()}
        with open_store(api.store_url) as store:
            ids = [a.id for a in store.list_nodes(NodeKind.ACCOUNT)]
            entries = [
                portfolio_entry(store.account_subgraph(a), DAY, AnalysisConfig()) for a in ids
            ]
        expected = {e.account: json.loads(e.model_dump_json()) for e in entries}
        assert after == expected
        assert after["ac-bank"] != {e["account"]: e for e in first}["ac-bank"]
