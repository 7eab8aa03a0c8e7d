"""Threading: connectivity and single points of failure on graphs small enough to check by eye,
and the augmenting-path count checked against NetworkX's own max-flow connectivity."""

from __future__ import annotations

import itertools

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st
from networkx.algorithms.connectivity import local_node_connectivity

from graphkam.analysis import analyze_account, vertex_connectivity
from graphkam.analysis.threading import _BlockTree
from tests.analysis.conftest import AS_OF, member, person, rel, subgraph, tie

DM = ["decision_maker"]


def test_chain_is_single_threaded_at_its_middle_person() -> None:
    # our two people -> mid -> dm: only `mid` separates us from the decision maker
    sg = subgraph(
        [person("mid"), person("dm", DM)],
        [member("a"), member("b", "solution_manager")],
        [tie("a", "mid"), tie("b", "mid"), rel("reports_to", "mid", "dm")],
    )
    th = analyze_account(sg, AS_OF).threading
    assert th.connectivity == {"dm": 1}
    assert th.single_threaded
    assert [(p.id, p.side.value, p.cuts_off) for p in th.single_points_of_failure] == [
        ("mid", "theirs", ["dm"])
    ]


def test_one_of_ours_can_be_the_single_point_of_failure() -> None:
    sg = subgraph(
        [person("x"), person("y"), person("dm", DM)],
        [member("a")],
        [tie("a", "x"), tie("a", "y"), rel("reports_to", "x", "dm"), rel("reports_to", "y", "dm")],
    )
    th = analyze_account(sg, AS_OF).threading
    assert th.connectivity == {"dm": 1}
    assert [(p.id, p.side.value) for p in th.single_points_of_failure] == [("a", "ours")]


def test_two_disjoint_paths_give_connectivity_two() -> None:
    # a -> x -> dm and b -> third party -> dm
    sg = subgraph(
        [person("x"), person("dm", DM)],
        [member("a"), member("b")],
        [
            tie("a", "x"),
            rel("allied_with", "x", "dm"),
            rel("knows", "b", "tp", strength=0.9, last_contact=AS_OF),
            rel("knows", "tp", "dm", strength=0.9),
        ],
        third_parties=["tp"],
    )
    th = analyze_account(sg, AS_OF).threading
    assert th.connectivity == {"dm": 2}
    assert not th.single_threaded and th.single_points_of_failure == []


def test_rivals_and_weak_edges_do_not_thread() -> None:
    sg = subgraph(
        [person("x"), person("y"), person("dm", DM)],
        [member("a"), member("b")],
        [
            tie("a", "x"),
            tie("b", "y"),
            rel("rivals_with", "x", "dm"),
            rel("influences", "y", "dm", weight=0.2),  # below threading_min_strength 0.3
        ],
    )
    assert analyze_account(sg, AS_OF).threading.connectivity == {"dm": 0}


def test_direct_ties_count_one_path_each() -> None:
    sg = subgraph(
        [person("dm", DM)],
        [member("a"), member("b"), member("c")],
        [tie("a", "dm"), tie("b", "dm"), tie("c", "dm")],
    )
    assert analyze_account(sg, AS_OF).threading.connectivity == {"dm": 3}


def test_connectivity_is_capped() -> None:
    team = [member(f"m{i}") for i in range(5)]
    sg = subgraph([person("dm", DM)], team, [tie(m.id, "dm") for m in team])
    assert analyze_account(sg, AS_OF).threading.connectivity == {"dm": 3}


graphs = st.integers(min_value=4, max_value=9).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=0, max_size=3 * n
        ),
    )
)


@settings(max_examples=60, deadline=None)
@given(graphs)
def test_vertex_connectivity_matches_networkx(data: tuple[int, list[tuple[int, int]]]) -> None:
    n, edges = data
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from((u, v) for u, v in edges if u != v)
    for s, t in itertools.combinations(range(n), 2):
        if g.has_edge(s, t):
            continue
        expected = local_node_connectivity(g, s, t)
        assert vertex_connectivity(g, s, t, cap=n) == expected
        assert vertex_connectivity(g, s, t, cap=2) == min(expected, 2)


@settings(max_examples=60, deadline=None)
@given(graphs)
def test_block_tree_separators_match_brute_force(data: tuple[int, list[tuple[int, int]]]) -> None:
    n, edges = data
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from((u, v) for u, v in edges if u != v)
    if g.degree(0) == 0:
        return
    tree = _BlockTree(g, 0)
    for t in tree.reached - {0}:
        if g.has_edge(0, t):
            continue
        brute = sorted(
            v
            for v in g
            if v not in (0, t) and not nx.has_path(nx.restricted_view(g, [v], []), 0, t)
        )
        assert sorted(tree.separators(t)) == brute
        assert tree.share_block(t) == (brute == [])
