"""Who can move a blocker: Friedkin–Johnsen weights worked by hand, and kr-health's opponent."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from graphkam.analysis import AnalysisConfig, blocker_movers, opinion_weights, project
from graphkam.cli import app
from graphkam.sample import SAMPLE_AS_OF, load_sample
from graphkam.stores import open_store
from tests.analysis.conftest import AS_OF, member, person, rel, subgraph, tie

runner = CliRunner()


def _weights(sg) -> dict[tuple[str, str], float]:  # type: ignore[no-untyped-def]
    people, m = opinion_weights(project(sg, AS_OF, AnalysisConfig()))
    return {(a, b): float(m[i, j]) for i, a in enumerate(people) for j, b in enumerate(people)}


def test_weights_by_hand() -> None:
    """alpha = 0.85. b is swayed by a (0.6) and c (0.2): W[b,a] = 0.75, W[b,c] = 0.25; a and c
    are swayed by nobody and keep their stance. x_b = 0.85 (0.75 x_a + 0.25 x_c) + 0.15 x0_b:
    M[b,a] = 0.6375, M[b,c] = 0.2125, M[b,b] = 0.15. A chain d -> a adds x_a = 0.85 x_d +
    0.15 x0_a: M[b,d] = 0.6375 × 0.85 = 0.541875, M[b,a] = 0.6375 × 0.15 = 0.095625."""
    people = [person(p, ["decision_maker"] if p == "b" else []) for p in "abc"]
    sways = [rel("influences", "a", "b", weight=0.6), rel("influences", "c", "b", weight=0.2)]
    w = _weights(subgraph(stakeholders=people, relationships=sways))
    assert (w[("b", "a")], w[("b", "c")], w[("b", "b")]) == (
        pytest.approx(0.6375), pytest.approx(0.2125), pytest.approx(0.15),
    )  # fmt: skip
    assert w[("a", "a")] == pytest.approx(1.0) and w[("a", "b")] == 0.0
    chain = subgraph(
        stakeholders=[*people, person("d")],
        relationships=[*sways, rel("influences", "d", "a", weight=0.9)],
    )
    w = _weights(chain)
    assert w[("b", "d")] == pytest.approx(0.541875)
    assert w[("b", "a")] == pytest.approx(0.095625)
    assert sum(v for (i, _), v in w.items() if i == "b") == pytest.approx(1.0)


def test_movers_are_ranked_and_reached_not_through_the_blocker() -> None:
    """The opponent b (decision maker) weighs a at 0.6375 and c at 0.2125 (above). We know c
    directly (am) and reach a only through b (sm - b - a)… which does not count, so a is left
    out until sm knows a directly too."""
    people = [
        person("b", ["decision_maker"], "opponent"),
        person("a", [], "neutral"),
        person("c", [], "supporter"),
    ]
    rels = [
        rel("influences", "a", "b", weight=0.6),
        rel("influences", "c", "b", weight=0.2),
        tie("am", "c", 0.8, 5),
        tie("sm", "b", 0.8, 5),
        rel("allied_with", "a", "b"),
    ]
    team = [member("am"), member("sm", "solution_manager")]
    sg = subgraph(stakeholders=people, team=team, relationships=rels)
    (blocker,) = blocker_movers(project(sg, AS_OF, AnalysisConfig()))
    assert blocker.id == "b"
    assert [(m.id, m.reach, m.sway_path) for m in blocker.movers] == [("c", "direct", ["c", "b"])]
    assert blocker.movers[0].if_champion == pytest.approx(0.2125 * (2 - 1))
    both = subgraph(stakeholders=people, team=team, relationships=[*rels, tie("sm", "a", 0.6, 5)])
    (blocker,) = blocker_movers(project(both, AS_OF, AnalysisConfig()))
    assert [(m.id, round(m.weight, 4)) for m in blocker.movers] == [("a", 0.6375), ("c", 0.2125)]
    assert blocker.movers[0].if_champion == pytest.approx(0.6375 * 2)  # neutral -> champion


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('blockers') / 'sample.db'}"
    with open_store(url) as store:
        store.import_map(load_sample())
    return url


def test_kr_health_names_who_can_move_its_opponent(db: str) -> None:
    """kr-med (the planted opponent, graphkam/sample.py _plant_opponent) sways the president
    and is swayed by seven people whose weights sum to 4.24 (0.65 kr-p01, 0.66 kr-p07, 0.63
    kr-p09, 0.55 kr-p15, 0.52 kr-p17, 0.57 kr-p23, 0.66 kr-p25; graphkam/data/sample-
    portfolio.yaml); kr-p01 is swayed by nobody, so M = 0.85 × 0.65 / 4.24 = 0.1303. Of the
    seven we reach only kr-p01 without going through kr-med: dm-ma knows her."""
    result = runner.invoke(
        app, ["blockers", "kr-health", "--as-of", SAMPLE_AS_OF.isoformat(), "--store", db]
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "王晓东 Wang Xiaodong (kr-med, opponent) can be moved by:",
        "  1. 刘芳 Liu Fang (kr-p01, supporter) weight 0.130, as champion +0.130: 13% of 王晓东 "
        "Wang Xiaodong's settled opinion comes from 刘芳 Liu Fang's stance (sway kr-p01 -> "
        "kr-med); dm-ma knows them",
    ]
    doc = runner.invoke(
        app,
        ["blockers", "kr-health", "--as-of", SAMPLE_AS_OF.isoformat(), "--json", "--store", db],
    )
    (kr_med,) = json.loads(doc.stdout)
    assert kr_med["movers"][0]["weight"] == pytest.approx(0.85 * 0.65 / 4.24, abs=1e-6)
    assert [h["to_id"] for h in kr_med["movers"][0]["introduction"]["hops"]] == ["kr-p01"]
