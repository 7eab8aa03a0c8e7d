"""Coalitions: known answers on planted committees and on Zachary's karate club."""

from __future__ import annotations

import networkx as nx
import pytest

from graphkam.analysis.coalitions import find_coalitions, partition_signed, signed_modularity
from graphkam.documents import AccountSubgraph
from graphkam.model import Account, Relationship, Stakeholder, TeamMember


def _committee(people: dict[str, dict], ties: list[tuple[str, str, str]]) -> AccountSubgraph:
    """An account 'acme' with the given stakeholders and (type, from, to) ties."""
    return AccountSubgraph(
        accounts=[Account(id="acme", name="Acme", tier="A")],
        stakeholders=[Stakeholder(id=i, account="acme", name=i, **kw) for i, kw in people.items()],
        team=[TeamMember(id="rep", name="Rep", team_role="account_manager", accounts=["acme"])],
        relationships=[
            Relationship.model_validate({"type": t, "from": a, "to": b}) for t, a, b in ties
        ],
    )


def test_planted_two_factions_split_exactly() -> None:
    # Two factions of three, each tied internally by allied_with; their leaders are rivals.
    people = {p: {} for p in ("p1", "p2", "p3", "u1", "u2", "u3")}
    people["p1"] = {"roles": ["procurement"], "stance": "opponent"}
    people["u1"] = {"roles": ["decision_maker"], "stance": "champion"}
    ties = [
        ("allied_with", "p1", "p2"), ("allied_with", "p2", "p3"), ("allied_with", "p1", "p3"),
        ("allied_with", "u1", "u2"), ("allied_with", "u2", "u3"), ("allied_with", "u1", "u3"),
        ("rivals_with", "p1", "u1"),
    ]  # fmt: skip
    report = find_coalitions(_committee(people, ties))
    assert sorted(c.members for c in report.coalitions) == [["p1", "p2", "p3"], ["u1", "u2", "u3"]]
    dm_side = report.coalitions[report.decision_maker_coalition["u1"]]
    assert dm_side.members == ["u1", "u2", "u3"]
    assert dm_side.stance == 2.0  # only u1's stance is known: champion = +2
    assert report.modularity > 0


def test_rivals_kept_apart_despite_common_manager() -> None:
    # a and b both report to boss; a and b are rivals; a is allied with boss.
    people = {"boss": {"roles": ["decision_maker"]}, "a": {}, "b": {}}
    ties = [
        ("reports_to", "a", "boss"), ("reports_to", "b", "boss"),
        ("rivals_with", "a", "b"), ("allied_with", "a", "boss"),
    ]  # fmt: skip
    report = find_coalitions(_committee(people, ties))
    side = {m: c.index for c in report.coalitions for m in c.members}
    assert side["a"] != side["b"]
    assert side["a"] == side["boss"]


def test_no_ties_is_one_coalition() -> None:
    report = find_coalitions(_committee({"x": {}, "y": {}}, []))
    assert [c.members for c in report.coalitions] == [["x", "y"]]
    assert report.modularity == 0.0


def test_karate_club_factions_with_k2() -> None:
    """Zachary (1977): the club split between Mr. Hi and the Officer. The leading-eigenvector
    division reproduces it except for node 8 (Zachary's individual 9), the member with more ties
    to the Officer's side who nevertheless followed Mr. Hi (Newman 2006 notes one such vertex)."""
    club = nx.karate_club_graph()
    graph = nx.Graph()
    graph.add_edges_from(((str(a), str(b)) for a, b in club.edges), weight=1.0)
    groups = partition_signed(graph, k=2)
    hi = {str(n) for n in club if club.nodes[n]["club"] == "Mr. Hi"}
    hi_side = max(groups, key=lambda g: len(set(g) & hi))
    assert set(hi_side) ^ hi == {"8"}


def test_unsigned_modularity_matches_networkx() -> None:
    # Independent check: with no rivalries, signed modularity is Newman's modularity.
    club = nx.karate_club_graph()
    graph = nx.Graph()
    graph.add_edges_from(((str(a), str(b)) for a, b in club.edges), weight=1.0)
    groups = partition_signed(graph)
    expected = nx.community.modularity(graph, [set(g) for g in groups])
    assert signed_modularity(graph, groups) == pytest.approx(expected)
    assert len(groups) >= 2


def test_left_people_are_not_in_coalitions() -> None:
    people = {"a": {}, "b": {"status": "left"}}
    report = find_coalitions(_committee(people, [("allied_with", "a", "b")]))
    assert [c.members for c in report.coalitions] == [["a"]]


def test_sample_planted_factions_land_in_different_coalitions() -> None:
    # graphkam.sample plants two factions in yx-telecom (PLANTED_COALITIONS); every other
    # stakeholder also joins some coalition, so each planted set must sit inside one coalition
    # and the two sets in different ones.
    from graphkam.sample import PLANTED_COALITIONS, load_sample
    from graphkam.stores import open_store

    with open_store("sqlite:///:memory:") as st:
        st.import_map(load_sample())
        for account, factions in PLANTED_COALITIONS.items():
            report = find_coalitions(st.account_subgraph(account))
            side = {m: c.index for c in report.coalitions for m in c.members}
            homes = [{side[m] for m in faction} for faction in factions]
            assert all(len(h) == 1 for h in homes), homes
            assert len(set().union(*homes)) == len(factions)


# -- the sparse (Lanczos) path against a dense oracle --------------------------------------------


def _dense_oracle(graph: nx.Graph) -> tuple[list[list[str]], float]:
    """Newman's leading-eigenvector division done the textbook way, as an independent oracle:
    form B = (A⁺ − k⁺k⁺ᵀ/2w⁺) − (A⁻ − k⁻k⁻ᵀ/2w⁻) densely (normalised by 2w⁺ + 2w⁻), split every
    group by the sign of the leading eigenvector of B⁽ᵍ⁾ (numpy `eigh`) while sᵀB⁽ᵍ⁾s/2 > 0, and
    Q = Σ_g Σ_{i,j∈g} B_ij."""
    import numpy as np

    nodes = sorted(graph.nodes)
    a = nx.to_numpy_array(graph, nodelist=nodes, weight="weight")
    pos, neg = np.clip(a, 0, None), np.clip(-a, 0, None)
    b = np.zeros_like(a)
    for part, sign in ((pos, 1.0), (neg, -1.0)):
        k = part.sum(axis=1)
        if k.sum() > 0:
            b += sign * (part - np.outer(k, k) / k.sum())
    b /= pos.sum() + neg.sum()
    todo, done = [list(range(len(nodes)))], []
    while todo:
        idx = todo.pop()
        sub = b[np.ix_(idx, idx)]
        bg = sub - np.diag(sub.sum(axis=1))
        values, vectors = np.linalg.eigh(bg)
        s = np.where(vectors[:, -1] >= 0, 1.0, -1.0)
        if len(idx) < 2 or values[-1] <= 1e-9 or s @ bg @ s / 2 <= 1e-9 or abs(s.sum()) == len(s):
            done.append(idx)
            continue
        todo += [
            [i for i, v in zip(idx, s, strict=True) if v > 0],
            [i for i, v in zip(idx, s, strict=True) if v < 0],
        ]
    groups = [[nodes[i] for i in g] for g in done]
    q = sum(float(b[np.ix_(g, g)].sum()) for g in done)
    return sorted(groups, key=lambda g: (-len(g), g[0])), q


def _factions(sizes: list[int], p_in: float, p_out: float, rivals: float, seed: int) -> nx.Graph:
    """A planted-partition committee: allied ties inside factions, sparse ties across them and
    rivalries (−1) between random members of different factions."""
    import random

    rng = random.Random(seed)
    planted = nx.random_partition_graph(sizes, p_in, p_out, seed=seed)
    graph = nx.Graph()
    graph.add_nodes_from(f"p{n:04d}" for n in planted)
    graph.add_edges_from(((f"p{a:04d}", f"p{b:04d}") for a, b in planted.edges), weight=1.0)
    block = {n: i for i, part in enumerate(planted.graph["partition"]) for n in part}
    people = list(planted)
    for _ in range(int(rivals * len(people))):
        a, b = rng.sample(people, 2)
        if block[a] != block[b]:
            graph.add_edge(f"p{a:04d}", f"p{b:04d}", weight=-1.0)
    return graph


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("dense_max", [4, 512])
def test_lanczos_split_matches_dense_oracle(
    seed: int, dense_max: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Random planted committees of 60-400 people: the sparse path (Lanczos on the implicit
    modularity matrix, forced for every group of more than 4 people when dense_max is 4) finds
    the oracle's partition and modularity."""
    import random

    import graphkam.analysis.coalitions as coalitions

    monkeypatch.setattr(coalitions, "_DENSE_MAX", dense_max)
    rng = random.Random(seed)
    sizes = [rng.randint(12, 80) for _ in range(rng.randint(3, 5))]
    graph = _factions(sizes, 0.3, 0.01, 0.2, seed)
    groups = partition_signed(graph)
    expected, q = _dense_oracle(graph)
    assert groups == expected
    assert signed_modularity(graph, groups) == pytest.approx(q, abs=1e-9)


def test_large_committee_lanczos_matches_dense_oracle() -> None:
    """900 people in six planted factions with rivalries (larger than the dense limit, so the
    first splits are Lanczos): the partition and its modularity are the dense oracle's."""
    graph = _factions([150] * 6, 0.2, 0.001, 0.1, 99)
    groups = partition_signed(graph)
    expected, q = _dense_oracle(graph)
    assert groups == expected
    assert signed_modularity(graph, groups) == pytest.approx(q, abs=1e-9)
