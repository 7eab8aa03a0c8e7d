"""What-if on the healthy account: known consequences of one departure."""

from __future__ import annotations

import pytest

from graphkam.analysis import what_if
from graphkam.errors import NotFoundError
from tests.analysis.conftest import AS_OF, healthy, person, rel, tie


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
