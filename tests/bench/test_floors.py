"""The floors step: every candidate kernel computes what the analysis computes, and the rows hold.

The floor is only a fair yardstick if its kernels solve the same problems as the analysis, so
each candidate is checked against NetworkX on a real synthetic account's graphs: betweenness
(both engines), the personalised PageRank (every solver gives the same vector) and the
Dijkstra distances.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from graphkam.analysis import AnalysisConfig, project
from graphkam.bench.floors import WORKS, _Kernels, measure_floors
from graphkam.stores import open_store
from graphkam.synthetic import SYNTHETIC_AS_OF, single_account


def _subgraph(n: int):
    doc = single_account(n, 11)
    with open_store("sqlite:///:memory:") as store:
        store.import_map(doc)
        return store.account_subgraph(doc.accounts[0].id)


def test_candidates_compute_the_analysis_quantities() -> None:
    sub = _subgraph(120)
    proj = project(sub, SYNTHETIC_AS_OF, AnalysisConfig())
    k = _Kernels(proj, sub)
    cands = k.candidates()
    assert set(cands) == {"betweenness", "structure", "pagerank", "paths"}
    labels = list(proj.internal)
    raw = nx.betweenness_centrality(proj.internal, normalized=False)
    normalized = nx.betweenness_centrality(proj.internal, normalized=True)
    rx_scores = cands["betweenness"]["rustworkx"]()  # normalised
    ig_scores = cands["betweenness"]["igraph"]()  # raw pair counts
    for i, v in enumerate(labels):
        assert rx_scores[i] == pytest.approx(normalized[v], abs=1e-9)
        assert ig_scores[i] == pytest.approx(raw[v], abs=1e-9)
    direct = np.asarray(cands["pagerank"]["scipy spsolve"]())
    iterated = np.asarray(cands["pagerank"]["numpy iteration"]())
    assert iterated == pytest.approx(direct, abs=1e-12)
    dist = cands["paths"]["scipy csgraph"]()
    ours = nx.multi_source_dijkstra_path_length(proj.paths, list(proj.team), weight="cost")
    for i, v in enumerate(proj.paths):
        if v in ours:
            assert dist[i] == pytest.approx(ours[v], abs=1e-6)  # the floor adds 1e-12 per edge


def test_measure_floors_rows() -> None:
    floors = measure_floors([_subgraph(40)], SYNTHETIC_AS_OF, runs=lambda n: 3, cli_runs=1)
    assert [r.work for r in floors.rows] == list(WORKS)
    for row in floors.rows:
        assert row.stakeholders == 40 and row.runs == 3
        assert row.graphkam_ms > 0 and row.floor_ms > 0
        assert row.ratio == pytest.approx(row.graphkam_ms / row.floor_ms, rel=0.01, abs=0.01)
    full, less = floors.rows[0], floors.rows[1]
    assert less.floor_ms < full.floor_ms  # less betweenness
