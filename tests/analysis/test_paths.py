"""Warm paths: the strongest chain (product of strengths), worked by hand."""

from __future__ import annotations

import pytest

from graphkam.analysis import warm_path
from graphkam.errors import InvalidInputError, NotFoundError
from tests.analysis.conftest import AS_OF, member, person, rel, subgraph, tie


def _account(extra=()):
    return subgraph(
        [person("a"), person("t", ["decision_maker"]), person("gone", status="left")],
        [member("m"), member("n")],
        [
            tie("m", "a", 0.9, days=0),  # 0.9, fresh today
            rel("reports_to", "a", "t"),  # 0.7  -> chain 0.63
            tie("n", "t", 0.5, days=0),  # direct but weaker: 0.5
            *extra,
        ],
        third_parties=["tp"],
    )


def test_strongest_chain_beats_a_weak_direct_tie() -> None:
    path = warm_path(_account(), "t", AS_OF)
    assert path.found and path.start == "m"
    assert path.strength == pytest.approx(0.63)
    assert [(h.from_id, h.to_id, h.type.value, h.strength) for h in path.hops] == [
        ("m", "a", "relates_to", 0.9),
        ("a", "t", "reports_to", 0.7),
    ]


def test_through_a_third_party() -> None:
    # n knows tp (0.9, met today) and tp knows t (0.8): 0.72 > 0.63
    extra = [
        rel("knows", "n", "tp", strength=0.9, last_contact=AS_OF),
        rel("knows", "tp", "t", strength=0.8),
    ]
    path = warm_path(_account(extra), "t", AS_OF)
    assert path.strength == pytest.approx(0.72)
    assert [h.to_id for h in path.hops] == ["tp", "t"]


def test_no_path_and_bad_targets() -> None:
    lonely = subgraph([person("t")], [member("m")], [])
    assert warm_path(lonely, "t", AS_OF).found is False
    with pytest.raises(NotFoundError):
        warm_path(_account(), "nobody", AS_OF)
    with pytest.raises(InvalidInputError):
        warm_path(_account(), "gone", AS_OF)
