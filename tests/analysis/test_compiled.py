"""The compiled graphs (rustworkx / numpy) give NetworkX's answers on random graphs.

NetworkX is the independent oracle: biconnected components, articulation points, connected
components, exact betweenness and PageRank are computed by both on the same graph.
"""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkam.analysis import AnalysisConfig, personalized_pagerank, project
from graphkam.analysis.compiled import CompiledGraph, SwayMatrix
from graphkam.stores import open_store
from graphkam.synthetic import SYNTHETIC_AS_OF, single_account
from tests.analysis.conftest import networkx_pagerank


@st.composite
def graphs(draw: st.DrawFn) -> nx.Graph:
    n = draw(st.integers(1, 25))
    g = nx.Graph()
    g.add_nodes_from(f"v{i}" for i in range(n))
    for _ in range(draw(st.integers(0, 3 * n))):
        a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        if a != b:
            g.add_edge(f"v{a}", f"v{b}")
    return g


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_structure_matches_networkx(g: nx.Graph) -> None:
    c = CompiledGraph.of(g)
    blocks = sorted(sorted(c.labels[i] for i in b) for b in c.blocks())
    assert blocks == sorted(sorted(b) for b in nx.biconnected_components(g))
    assert c.articulation_points() == set(nx.articulation_points(g))
    root = c.labels[0]
    assert {c.labels[i] for i in c.component(root)} == nx.node_connected_component(g, root)
    for v in g:
        assert {c.labels[i] for i in c.neighbors(c.index[v])} == set(g[v])


@settings(max_examples=100, deadline=None)
@given(graphs())
def test_betweenness_matches_networkx(g: nx.Graph) -> None:
    ours = CompiledGraph.of(g).betweenness()
    expected = nx.betweenness_centrality(g, normalized=True)
    assert ours == pytest.approx(expected, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(graphs(), st.randoms(use_true_random=False))
def test_pagerank_matches_networkx(g: nx.Graph, rnd: object) -> None:
    """Personalised PageRank on compiled sway arrays = networkx.pagerank on the reversed graph
    (dangling mass to the personalisation), for random positive weights."""
    sway = nx.DiGraph()
    sway.add_nodes_from(g)
    for a, b in g.edges:
        sway.add_edge(a, b, weight=rnd.choice([0.2, 0.5, 0.9]))  # type: ignore[attr-defined]
        if rnd.random() < 0.3:  # type: ignore[attr-defined]
            sway.add_edge(b, a, weight=0.4)
    seeds = list(sway)[:2]
    personal = dict.fromkeys(seeds, 1.0 / len(seeds))
    ours = personalized_pagerank(SwayMatrix.of(sway), personal, 0.85)
    expected = networkx_pagerank(sway, seeds, tol=1e-13)
    assert ours == pytest.approx(expected, abs=1e-8)


def test_projection_compiles_once_and_matches_its_graphs() -> None:
    """A 300-person synthetic account: each compiled graph is built once per projection and
    holds exactly the projection's NetworkX graph."""
    sub = single_account(300, 3)
    with open_store("sqlite:///:memory:") as st_:
        st_.import_map(sub)
        proj = project(st_.account_subgraph(sub.accounts[0].id), SYNTHETIC_AS_OF, AnalysisConfig())
    assert proj.compiled is proj.compiled
    threads = proj.compiled.threads
    assert threads is proj.compiled.threads
    edges = {
        frozenset((threads.labels[a], threads.labels[b])) for a, b in threads.graph.get_edgelist()
    }
    assert edges == {frozenset(e) for e in proj.threads.edges}
    internal = proj.compiled.internal
    assert internal.betweenness() == pytest.approx(
        nx.betweenness_centrality(proj.internal), abs=1e-12
    )
    sway = proj.compiled.influence
    arcs = {
        (sway.labels[a], sway.labels[b]): w
        for a, b, w in zip(sway.src, sway.dst, sway.weight, strict=True)
    }
    assert arcs == dict(((a, b), w) for a, b, w in proj.influence.edges(data="weight"))
