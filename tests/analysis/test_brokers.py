"""Betweenness through our rustworkx-backed function on two textbook graphs.

Expected values: the normalised betweenness published for the Krackhardt kite (Krackhardt 1990;
Heather 0.389, Fernando and Garth 0.231, Ike 0.222, Diane 0.102, Andre and Beverly 0.023) and
for Padgett's Florentine families (Medici 0.522 first, then Guadagni, Albizzi, Salviati,
Ridolfi, Bischeri, Strozzi, Barbadori, Tornabuoni, Castellani, Peruzzi), as tabulated in
NetworkX's own test suite (test_betweenness_centrality.py), rounded to 3 decimals.
"""

from __future__ import annotations

import networkx as nx
import pytest

from graphkam.analysis import analyze_account, betweenness
from tests.analysis.conftest import AS_OF, person, rel, subgraph

KITE = {
    0: 0.023,
    1: 0.023,
    2: 0.0,
    3: 0.102,
    4: 0.0,
    5: 0.231,
    6: 0.231,
    7: 0.389,
    8: 0.222,
    9: 0.0,
}
FLORENTINE = {
    "Medici": 0.522,
    "Guadagni": 0.255,
    "Albizzi": 0.212,
    "Salviati": 0.143,
    "Ridolfi": 0.114,
    "Bischeri": 0.104,
    "Strozzi": 0.103,
    "Barbadori": 0.093,
    "Tornabuoni": 0.092,
    "Castellani": 0.055,
    "Peruzzi": 0.022,
    "Acciaiuoli": 0.0,
    "Ginori": 0.0,
    "Lamberteschi": 0.0,
    "Pazzi": 0.0,
}


def test_krackhardt_kite() -> None:
    scores = betweenness(nx.krackhardt_kite_graph())
    assert scores == pytest.approx(KITE, abs=1e-3)
    ranking = sorted(scores, key=lambda v: (-round(scores[v], 9), v))
    assert ranking[:5] == [7, 5, 6, 8, 3]  # Heather, Fernando, Garth, Ike, Diane


def test_florentine_families() -> None:
    scores = betweenness(nx.florentine_families_graph())
    assert scores == pytest.approx(FLORENTINE, abs=1e-3)
    top = sorted(scores, key=lambda v: -scores[v])[:3]
    assert top == ["Medici", "Guadagni", "Albizzi"]


def test_brokers_in_an_account_connect_its_halves() -> None:
    # two triangles joined through `bridge`: every path between the halves crosses it
    people = [person(x) for x in ("a1", "a2", "a3", "bridge", "b1", "b2", "b3")]
    rels = [
        rel("allied_with", "a1", "a2"),
        rel("allied_with", "a2", "a3"),
        rel("allied_with", "a1", "a3"),
        rel("reports_to", "a3", "bridge"),
        rel("reports_to", "b1", "bridge"),
        rel("influences", "b1", "b2", weight=0.5),
        rel("influences", "b2", "b3", weight=0.5),
        rel("influences", "b1", "b3", weight=0.5),
    ]
    brokers = analyze_account(subgraph(people, [], rels), AS_OF).brokers
    # bridge lies on the 3 x 3 = 9 paths between halves, a3 and b1 on 2 x 4 = 8 each,
    # normalised by (n-1)(n-2)/2 = 15
    assert [(b.id, b.score) for b in brokers] == [
        ("bridge", 0.6),
        ("a3", pytest.approx(8 / 15, abs=1e-6)),
        ("b1", pytest.approx(8 / 15, abs=1e-6)),
    ]
