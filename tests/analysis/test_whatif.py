"""What-if on the healthy account: known consequences of one departure."""

from __future__ import annotations

import pytest

from graphkam.analysis import what_if
from graphkam.errors import NotFoundError
from tests.analysis.conftest import AS_OF, healthy, member, person, rel, subgraph, tie


def test_losing_our_account_manager() -> None:
    # am held the only ties to procurement and gatekeeper; the DM keeps ex + sm (via the
    # technical buyer): 3 -> 2; the EB keeps ex and the path through the DM: 3 -> 2
    w = what_if(healthy(), ["am"], AS_OF)
    assert {(c.role.value, c.before.value, c.after.value) for c in w.coverage} == {
        ("procurement", "covered", "uncovered"),
        ("gatekeeper", "covered", "uncovered"),
    }
    assert {(c.id, c.before, c.after) for c in w.connectivity} == {
        ("p-decision_maker", 3, 2),
        ("p-economic_buyer", 3, 2),
    }
    assert {(g.kind.value, g.subject) for g in w.new_gaps} == {
        ("role_uncovered", "procurement"),
        ("role_uncovered", "gatekeeper"),
        ("iron_triangle_incomplete", "account_manager"),
    }
    assert w.closed_gaps == []


def test_a_champion_leaving_raises_champion_left_and_lowers_support() -> None:
    sg = healthy()
    champ = person("p-champ", ["influencer"], "champion", 0.9, "d-fin")
    sg = sg.model_copy(
        update={
            "stakeholders": [*sg.stakeholders, champ],
            "relationships": [
                *sg.relationships,
                tie("sm", "p-champ"),
                rel("influences", "p-champ", "p-decision_maker", weight=0.8),
            ],
        }
    )
    w = what_if(sg, ["p-champ"], AS_OF)
    assert [(g.kind.value, g.subject) for g in w.new_gaps] == [("champion_left", "p-champ")]
    # before: every chain member a supporter (+0.5) except the champion (+1) -> above 0.5;
    # after: all supporters -> exactly 0.5
    assert w.support_before > 0.5 and w.support_after == 0.5


def test_unknown_person() -> None:
    with pytest.raises(NotFoundError, match="nobody"):
        what_if(healthy(), ["nobody"], AS_OF)


def test_removing_a_supporter_below_the_mean_raises_support_and_says_why() -> None:
    """Three decision makers, nobody sways anybody: each one's reach is 1/3, so the scores are
    the own influences normalised: c 0.6 (champion, +1), n 0.2 (neutral, 0), s 0.2 (supporter,
    +0.5). Index = 0.6 + 0 + 0.1 = 0.7. Without s: weights 0.75 / 0.25, index 0.75 — up, because
    s stood below the mean. Terms: c (0.75 − 0.6) × 1 = +0.15, s (0 − 0.2) × 0.5 = −0.10."""
    sg = subgraph(
        stakeholders=[
            person("c", ["decision_maker"], "champion", 0.6),
            person("n", ["decision_maker"], "neutral", 0.2),
            person("s", ["decision_maker"], "supporter", 0.2),
        ],
        team=[member("am")],
        relationships=[tie("am", "c"), tie("am", "n"), tie("am", "s")],
    )
    w = what_if(sg, ["s"], AS_OF)
    assert (w.support_before, w.support_after) == (pytest.approx(0.7), pytest.approx(0.75))
    effects = {x.id: x.effect for x in w.support_shifts}
    assert effects == {"c": pytest.approx(0.15), "s": pytest.approx(-0.1), "n": 0.0}
    assert [x.id for x in w.support_shifts] == ["c", "s", "n"]
    assert w.support_reason == (
        "net support +0.70 -> +0.75 (the influence-weighted mean stance): c (champion) weight "
        "0.60 -> 0.75: +0.15; s (supporter) leaves (weight 0.20): -0.10; neutral or unknown "
        "people (n) weigh 0.20 -> 0.25"
    )


def test_what_if_names_the_single_points_of_failure_it_creates() -> None:
    """dm is tied to am and sm directly (two chains, no SPOF). Without sm, every chain runs
    through am: am becomes a single point of failure for dm (and for nobody before)."""
    sg = subgraph(
        stakeholders=[person("dm", ["decision_maker"])],
        team=[member("am"), member("sm", "solution_manager")],
        relationships=[tie("am", "dm"), tie("sm", "dm")],
    )
    w = what_if(sg, ["sm"], AS_OF)
    assert [(p.id, p.side.value, p.cuts_off) for p in w.new_single_points_of_failure] == [
        ("am", "ours", ["dm"])
    ]
    assert what_if(sg, ["am"], AS_OF).new_single_points_of_failure[0].id == "sm"
