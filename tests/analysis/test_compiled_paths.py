"""The compiled paths added for speed give NetworkX's answers on random graphs.

NetworkX is the oracle throughout: `networkx.multi_source_dijkstra` (the very path, ties
included: strengths are drawn from a small set so equally strong chains are common),
`networkx.node_connectivity` (vertex-disjoint paths, with an extra edge), `networkx.pagerank`
on graphs big enough for the iterative solver, and the projection's NetworkX graphs, now built
on demand, against the compiled graphs built from the same edge lists.
"""

from __future__ import annotations

import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkam.analysis import AnalysisConfig, analyze_projection, personalized_pagerank, project
from graphkam.analysis.compiled import CompiledGraph, PathGraph, SwayMatrix
from graphkam.analysis.paths import _dijkstra, strongest_path, strongest_paths
from graphkam.analysis.projection import SOURCE
from graphkam.stores import open_store
from graphkam.synthetic import SYNTHETIC_AS_OF, single_account
from tests.analysis.conftest import networkx_pagerank

#: Few distinct strengths: many chains of equal strength, so tie-breaking is exercised.
STRENGTHS = (0.5, 0.7, 0.8, 1.0)


@st.composite
def weighted_graphs(draw: st.DrawFn) -> tuple[nx.Graph, list[tuple[str, str, float]]]:
    """A random graph with edge costs -log(strength), and its edges in insertion order."""
    n = draw(st.integers(2, 30))
    g = nx.Graph()
    g.add_nodes_from(f"v{i}" for i in range(n))
    edges: list[tuple[str, str, float]] = []
    for _ in range(draw(st.integers(0, 3 * n))):
        a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        u, v = f"v{a}", f"v{b}"
        if a != b and not g.has_edge(u, v):
            cost = -math.log(draw(st.sampled_from(STRENGTHS)))
            g.add_edge(u, v, cost=cost)
            edges.append((u, v, cost))
    return g, edges


@settings(max_examples=200, deadline=None)
@given(weighted_graphs(), st.data())
def test_dijkstra_gives_networkx_paths(
    case: tuple[nx.Graph, list[tuple[str, str, float]]], data: st.DataObject
) -> None:
    """The same strongest chain as `nx.multi_source_dijkstra`, node for node, from a random
    set of sources to every other node, with and without blocked nodes."""
    g, edges = case
    nodes = list(g)
    pg = PathGraph.from_edges(nodes, edges)
    sources = data.draw(st.lists(st.sampled_from(nodes), min_size=1, unique=True))
    others = [v for v in nodes if v not in sources]
    blocked = set(data.draw(st.lists(st.sampled_from(others), unique=True))) if others else set()
    view = nx.restricted_view(g, list(blocked), []) if blocked else g
    tree = _dijkstra(pg, [pg.index[s] for s in sources], {pg.index[b] for b in blocked}, None)
    for target in others:
        if target in blocked:
            continue
        try:
            _, expected = nx.multi_source_dijkstra(view, sources, target=target, weight="cost")
        except nx.NetworkXNoPath:
            expected = None
        early = _dijkstra(
            pg, [pg.index[s] for s in sources], {pg.index[b] for b in blocked}, {pg.index[target]}
        )
        for pred in (tree, early):
            t = pg.index[target]
            if t not in pred:
                assert expected is None
                continue
            path = [t]
            while pred[path[-1]] >= 0:
                path.append(pred[path[-1]])
            assert [pg.labels[i] for i in reversed(path)] == expected


@settings(max_examples=200, deadline=None)
@given(weighted_graphs(), st.data())
def test_disjoint_paths_match_networkx(
    case: tuple[nx.Graph, list[tuple[str, str, float]]], data: st.DataObject
) -> None:
    """Capped vertex-disjoint s-t paths = min(cap, nx.node_connectivity) (+1 for a direct
    edge, which networkx does not allow), with and without an extra edge added."""
    g, _ = case
    nodes = list(g)
    s, t = data.draw(st.sampled_from(nodes)), data.draw(st.sampled_from(nodes))
    extra = (data.draw(st.sampled_from(nodes)), data.draw(st.sampled_from(nodes)))
    cap = data.draw(st.integers(1, 6))
    compiled = CompiledGraph.of(g)
    for with_extra in (None, extra):
        h = g.copy()
        if with_extra is not None and with_extra[0] != with_extra[1]:
            h.add_edge(*with_extra)
        if s == t:
            expected = 0
        else:
            direct = h.has_edge(s, t)
            if direct:
                h.remove_edge(s, t)
            expected = min(cap, nx.node_connectivity(h, s, t) + int(direct))
        assert compiled.disjoint_paths(s, t, cap, extra=with_extra) == expected
    assert compiled.graph.ecount() == g.number_of_edges()  # the extra edge went into a copy


@settings(max_examples=15, deadline=None)
@given(st.sampled_from((30, 100, 127, 128, 450)), st.randoms(use_true_random=False))
def test_pagerank_solvers_match_networkx(n: int, rnd: object) -> None:
    """Each of the PageRank's solvers (dense below 128 people, on one BLAS thread from 48;
    iterated from 128) gives networkx.pagerank's answer on the reversed graph (dangling mass
    to the personalisation)."""
    sway = nx.DiGraph()
    sway.add_nodes_from(range(n))
    for a in range(1, n):
        sway.add_edge(a, rnd.randrange(a), weight=rnd.choice([0.2, 0.5, 0.9]))  # type: ignore[attr-defined]
        if rnd.random() < 0.5:  # type: ignore[attr-defined]
            sway.add_edge(a, rnd.randrange(n), weight=0.4)  # type: ignore[attr-defined]
    sway.remove_edges_from(nx.selfloop_edges(sway))
    seeds = [0, 1, 2]
    personal = dict.fromkeys(seeds, 1.0 / len(seeds))
    ours = personalized_pagerank(SwayMatrix.of(sway), personal, 0.85)
    expected = networkx_pagerank(sway, seeds, tol=1e-14)
    assert ours == pytest.approx(expected, abs=1e-10)


def test_analysis_builds_no_networkx_graph_and_lazy_graphs_match_compiled() -> None:
    """A 1,000-person synthetic account: the full analysis runs on the compiled graphs alone
    (no NetworkX graph is built); the NetworkX graphs, built afterwards on demand, hold exactly
    the compiled graphs' nodes and edges, and NetworkX's own betweenness, connectivity and
    Dijkstra on them agree with the analysis."""
    doc = single_account(1000, 5)
    with open_store("sqlite:///:memory:") as store:
        store.import_map(doc)
        sub = store.account_subgraph(doc.accounts[0].id)
    proj = project(sub, SYNTHETIC_AS_OF, AnalysisConfig())
    analysis = analyze_projection(proj)
    built = {"paths", "threads", "influence", "internal"}.intersection(vars(proj))
    assert built == set()
    c = proj.compiled
    for name in ("threads", "internal"):
        g, cg = getattr(proj, name), getattr(c, name)
        assert list(g) == cg.labels
        assert {frozenset((cg.labels[a], cg.labels[b])) for a, b in cg.graph.get_edgelist()} == {
            frozenset(e) for e in g.edges
        }
    expected = nx.betweenness_centrality(proj.internal)
    for broker in analysis.brokers:
        assert broker.score == pytest.approx(expected[broker.id], abs=1e-3)
    for target, k in analysis.threading.connectivity.items():
        exact = nx.node_connectivity(proj.threads, SOURCE, target) if k else 0
        assert k == min(exact, proj.config.connectivity_cap)
    assert analysis.recommendations
    for rec in analysis.recommendations:
        _, path = nx.multi_source_dijkstra(
            proj.paths, list(proj.team), target=rec.target, weight="cost"
        )
        assert [rec.introduction.start, *(h.to_id for h in rec.introduction.hops)] == path
    # one search for many targets = one search each, for every stakeholder
    targets = sorted(proj.active)[::7]
    assert strongest_paths(proj, targets) == [strongest_path(proj, t) for t in targets]
