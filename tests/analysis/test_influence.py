"""Influence on the decision and net support, worked by hand on a two-person account."""

from __future__ import annotations

import pytest

from graphkam.analysis import analyze_account
from tests.analysis.conftest import AS_OF, person, rel, subgraph

DM = ["decision_maker"]


def test_two_people_by_hand() -> None:
    # a sways the decision maker d (weight 1). Reversed: d -> a. A walker starting at d steps to
    # a with probability 0.85; a has no out-edge, so it returns to d. Stationary:
    # p_a = 0.85 p_d, p_d + p_a = 1  =>  p_d = 1/1.85 = 20/37, p_a = 17/37.
    # Own influence d 1.0, a 0.5: raw d = 20/37, a = 8.5/37; shares 40/57 and 17/57.
    # Stances: d champion (+2 -> +1), a opponent (-2 -> -1): support = 40/57 - 17/57 = 23/57.
    sg = subgraph(
        [person("d", DM, "champion", 1.0), person("a", ["influencer"], "opponent", 0.5)],
        [],
        [rel("influences", "a", "d", weight=1.0)],
    )
    result = analyze_account(sg, AS_OF)
    scores = {s.id: s.score for s in result.influence}
    assert scores == pytest.approx({"d": 40 / 57, "a": 17 / 57}, abs=1e-6)
    assert [s.id for s in result.influence] == ["d", "a"]
    assert result.support.index == pytest.approx(23 / 57, abs=1e-6)
    parts = {c.id: c.contribution for c in result.support.contributions}
    assert parts == pytest.approx({"d": 40 / 57, "a": -17 / 57}, abs=1e-6)


def test_unknown_stance_counts_zero_but_dilutes_and_is_listed() -> None:
    # same graph; a's stance unknown: support = 40/57 x 1 + 17/57 x 0 = 40/57
    sg = subgraph(
        [person("d", DM, "champion", 1.0), person("a", ["influencer"], "unknown", 0.5)],
        [],
        [rel("influences", "a", "d", weight=1.0)],
    )
    support = analyze_account(sg, AS_OF).support
    assert support.index == pytest.approx(40 / 57, abs=1e-6)
    assert support.unknown == ["a"]


def test_people_outside_the_decision_makers_reach_score_zero() -> None:
    sg = subgraph(
        [person("d", DM, "supporter", 0.8), person("x", [], "opponent", 0.9)],
        [],
        [rel("influences", "d", "x", weight=0.9)],  # d sways x, not the other way round
    )
    result = analyze_account(sg, AS_OF)
    assert {s.id: s.score for s in result.influence} == {"d": 1.0, "x": 0.0}
    assert result.support.index == 0.5  # only d is in the decision chain: +1/2


def test_support_is_bounded() -> None:
    sg = subgraph([person("d", DM, "opponent", 1.0)], [], [])
    assert analyze_account(sg, AS_OF).support.index == -1.0


def test_exact_solve_matches_networkx_pagerank() -> None:
    # independent check: NetworkX's power iteration on the reversed graph, same personalisation
    import networkx as nx

    from graphkam.analysis import personalized_pagerank

    g = nx.gnp_random_graph(40, 0.08, seed=7, directed=True)
    for u, v in g.edges:
        g[u][v]["weight"] = 0.1 + (u * 7 + v * 3) % 10 / 10
    personal = {0: 0.5, 3: 0.5}
    ours = personalized_pagerank(g, personal, 0.85)
    theirs = nx.pagerank(
        g.reverse(), alpha=0.85, personalization=personal, dangling=personal, tol=1e-12
    )
    assert ours == pytest.approx(theirs, abs=1e-9)
