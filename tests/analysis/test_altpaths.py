"""Alternative paths: k node-disjoint paths and the widest path, checked against networkx on
random graphs (independent oracles: local node connectivity, brute force over simple paths,
the bottleneck along a maximum spanning tree), and on the sample through the CLI."""

from __future__ import annotations

import itertools
import json
import math
import random

import networkx as nx
import pytest
from typer.testing import CliRunner

from graphkam.analysis import AnalysisConfig, disjoint_paths, project, widest_path
from graphkam.cli import app
from graphkam.sample import SAMPLE_AS_OF, load_sample
from graphkam.stores import open_store
from tests.analysis.conftest import AS_OF, member, person, rel, subgraph, tie

runner = CliRunner()
S = "S"


def _random_account(seed: int):  # type: ignore[no-untyped-def]
    """6 stakeholders p0..p5, 3 of ours m0..m2; each possible pair joined with chance 0.4 by an
    `influences` edge (people) or a tie last met today (ours - theirs), strength 0.3..0.95 in
    steps of 0.05 (so a tie's effective strength is its strength). p0 is the target."""
    rng = random.Random(seed)
    people = [f"p{i}" for i in range(6)]
    ours = [f"m{i}" for i in range(3)]
    rels, oracle = [], nx.Graph()
    oracle.add_nodes_from(people + ours)
    for a, b in itertools.combinations(people, 2):
        if rng.random() < 0.4:
            w = rng.randrange(6, 20) / 20
            rels.append(rel("influences", a, b, weight=w))
            oracle.add_edge(a, b, s=w)
    for m in ours:
        for p in people:
            if rng.random() < 0.4:
                w = rng.randrange(6, 20) / 20
                rels.append(tie(m, p, w, 0))
                oracle.add_edge(m, p, s=w)
    sg = subgraph(
        stakeholders=[person(p, ["decision_maker"] if p == "p0" else []) for p in people],
        team=[member(m) for m in ours],
        relationships=rels,
    )
    with_s = oracle.copy()
    with_s.add_edges_from((S, m) for m in ours)
    return sg, oracle, with_s


def _product(oracle: nx.Graph, nodes: list[str]) -> float:
    return math.prod(oracle[u][v]["s"] for u, v in itertools.pairwise(nodes))


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize("k", [1, 2, 3])
def test_disjoint_paths_against_networkx(seed: int, k: int) -> None:
    sg, oracle, with_s = _random_account(seed)
    paths = disjoint_paths(project(sg, AS_OF, AnalysisConfig()), "p0", k)
    conn = nx.node_connectivity(with_s, S, "p0") if nx.has_path(with_s, S, "p0") else 0
    assert len(paths) == min(k, conn)
    chains = [[p.start, *(h.to_id for h in p.hops)] for p in paths]
    inner = [set(c[:-1]) for c in chains]
    assert all(not (a & b) for a, b in itertools.combinations(inner, 2))
    for p, c in zip(paths, chains, strict=True):
        assert c[0].startswith("m") and c[-1] == "p0"
        assert p.strength == pytest.approx(_product(oracle, c), abs=1e-5)
    # brute force: the best product over all sets of len(paths) disjoint simple paths
    simple = [c[1:] for c in nx.all_simple_paths(with_s, S, "p0")]
    best = max(
        (
            math.prod(_product(oracle, c) for c in combo)
            for combo in itertools.combinations(simple, len(paths))
            if all(not (set(a[:-1]) & set(b[:-1])) for a, b in itertools.combinations(combo, 2))
        ),
        default=None,
    )
    if paths:
        assert math.prod(p.strength for p in paths) == pytest.approx(best, rel=1e-4)


@pytest.mark.parametrize("seed", range(25))
def test_widest_path_against_a_maximum_spanning_tree(seed: int) -> None:
    """The max-min path between two nodes runs along a maximum spanning tree: its bottleneck is
    the weakest edge on the tree path (our side joined by edges of strength 2, above any)."""
    sg, oracle, with_s = _random_account(seed)
    if not nx.has_path(with_s, S, "p0"):
        assert widest_path(project(sg, AS_OF, AnalysisConfig()), "p0").found is False
        return
    for m in ("m0", "m1", "m2"):
        with_s[S][m]["s"] = 2.0
    tree = nx.maximum_spanning_tree(with_s, weight="s")
    route = nx.shortest_path(tree, S, "p0")
    expected = min(tree[u][v]["s"] for u, v in itertools.pairwise(route))
    found = widest_path(project(sg, AS_OF, AnalysisConfig()), "p0")
    assert min(h.strength for h in found.hops) == pytest.approx(expected)
    chain = [found.start, *(h.to_id for h in found.hops)]
    assert found.strength == pytest.approx(_product(oracle, chain), abs=1e-5)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('paths') / 'sample.db'}"
    with open_store(url) as store:
        store.import_map(load_sample())
    return url


def _path(db: str, *args: str) -> list[dict]:  # type: ignore[type-arg]
    result = runner.invoke(
        app, ["path", *args, "--as-of", SAMPLE_AS_OF.isoformat(), "--json", "--store", db]
    )
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_path_k_2_on_the_sample(db: str) -> None:
    """kr-health's opponent kr-med (graphkam/data/sample-portfolio.yaml): am-chen's tie to the
    president kr-top (0.796 effective), kr-med reports to kr-top (0.7); dm-ma's tie to kr-p01
    (0.566), who reports to kr-med (0.7): two chains that share nobody but kr-med. The chairman
    of dl-energy has one chain only (the planted single threading through dl-gm)."""
    two = _path(db, "kr-health", "--to", "kr-med", "--k", "2")
    assert [[p["start"], *(h["to_id"] for h in p["hops"])] for p in two] == [
        ["am-chen", "kr-top", "kr-med"],
        ["dm-ma", "kr-p01", "kr-med"],
    ]
    assert [p["strength"] for p in two] == sorted((p["strength"] for p in two), reverse=True)
    one = _path(db, "dl-energy", "--to", "dl-chair", "--k", "2")
    assert [[p["start"], *(h["to_id"] for h in p["hops"])] for p in one] == [
        ["am-chen", "dl-gm", "dl-chair"]
    ]
    bad = runner.invoke(app, ["path", "kr-health", "--to", "kr-med", "--k", "2", "--widest",
                              "--store", db])  # fmt: skip
    assert (bad.exit_code, bad.stderr) == (
        1,
        "error: invalid input: give --k or --widest, not both\n",
    )
