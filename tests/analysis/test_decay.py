"""Effective strength: strength x 0.5 ** (days / half-life), worked by hand."""

from __future__ import annotations

import pytest

from graphkam.analysis import AnalysisConfig, project
from graphkam.model import Interaction
from tests.analysis.conftest import AS_OF, ago, member, person, rel, subgraph, tie


def _tie(relationships, interactions=(), config=None):
    sg = subgraph([person("s")], [member("m")], relationships, interactions=interactions)
    proj = project(sg, AS_OF, config or AnalysisConfig())
    return proj.ties["s"][0] if "s" in proj.ties else None


def test_hand_worked_decay() -> None:
    # 0.8 x 0.5 ** (45 / 90) = 0.8 / sqrt(2) = 0.565685...
    t = _tie([tie("m", "s", 0.8, days=45)])
    assert t.effective == pytest.approx(0.565685, abs=1e-6)
    assert (t.age_days, t.fresh, t.good) == (45, True, True)
    # 0.8 x 0.5 ** (180 / 90) = 0.2, and 180 > 90 days: stale
    t = _tie([tie("m", "s", 0.8, days=180)])
    assert t.effective == pytest.approx(0.2)
    assert (t.fresh, t.good) == (False, False)


def test_half_life_is_configurable() -> None:
    # 0.6 x 0.5 ** (60 / 30) = 0.15
    t = _tie([tie("m", "s", 0.6, days=60)], config=AnalysisConfig(half_life_days=30))
    assert t.effective == pytest.approx(0.15)


def test_unknown_contact_is_stale_at_the_stale_age() -> None:
    # no last_contact and no interaction: age taken as stale_after_days = 90 -> 0.9 x 0.5
    t = _tie([tie("m", "s", 0.9, days=None)])
    assert t.effective == pytest.approx(0.45)
    assert (t.contact, t.age_days, t.fresh) == (None, None, False)


def test_latest_interaction_refreshes_the_tie() -> None:
    visit = Interaction(date=ago(9), team=["m"], stakeholders=["s"])
    t = _tie([tie("m", "s", 1.0, days=90)], [visit])
    # 1.0 x 0.5 ** (9 / 90)
    assert t.effective == pytest.approx(0.5**0.1)
    assert t.contact == ago(9)


def test_nothing_after_as_of_is_known() -> None:
    future_visit = Interaction(date=ago(-5), team=["m"], stakeholders=["s"])
    t = _tie([tie("m", "s", 1.0, days=-3)], [future_visit])
    assert t.contact is None and not t.fresh
    assert _tie([tie("m", "s", since=ago(-1))]) is None


def test_unset_strength_defaults_to_half() -> None:
    t = _tie([rel("relates_to", "m", "s", last_contact=AS_OF)])
    assert t.effective == pytest.approx(0.5)
