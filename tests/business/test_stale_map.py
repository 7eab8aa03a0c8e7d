"""Stale-map alert: an S or A account nobody visited and nobody updated for N days (by tier)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from graphkam.business import default_config, load_config, scan_alerts, stale_map_alert
from graphkam.model import Change, ChangeAction, ChangeSource, Interaction
from tests.analysis.conftest import AS_OF, ago, member, person, subgraph, tie


def _account(tier: str, visit_days: int | None, tie_days: int | None = None):  # type: ignore[no-untyped-def]
    visits = (
        []
        if visit_days is None
        else [Interaction(account="acme", date=ago(visit_days), team=["am"], stakeholders=["dm"])]
    )
    return subgraph(
        stakeholders=[person("dm", ["decision_maker"])],
        team=[member("am")],
        relationships=[tie("am", "dm", 0.8, tie_days)],
        tier=tier,
        interactions=visits,
    )


def test_limits_by_tier() -> None:
    """Defaults (graphkam/business/defaults.yaml): S 45 days, A 60, B and C never."""
    cfg = default_config().alerts
    assert stale_map_alert(_account("S", 40), AS_OF, cfg) is None
    alert = stale_map_alert(_account("S", 50), AS_OF, cfg)
    assert alert is not None and alert.kind.value == "stale_map"
    assert alert.date == ago(50)
    assert alert.message == (
        f"tier S account: no visit and no map change since {ago(50)} (50 days); "
        "the limit is 45 days"
    )
    assert stale_map_alert(_account("A", 50), AS_OF, cfg) is None
    assert stale_map_alert(_account("A", 61), AS_OF, cfg) is not None
    assert stale_map_alert(_account("B", 400), AS_OF, cfg) is None
    never = stale_map_alert(_account("S", None), AS_OF, cfg)
    assert never is not None and never.date is None and "change ever" in never.message


def test_a_map_change_or_a_later_visit_counts() -> None:
    cfg = default_config().alerts
    sg = _account("S", 100)
    update = Change(
        account="acme",
        date=dt.datetime.combine(ago(10), dt.time(12)),
        actor="lin",
        source=ChangeSource.CLI,
        action=ChangeAction.UPDATE,
        subject_kind="stakeholder",
        subject_id="dm",
        before={"stance": "neutral"},
        after={"stance": "supporter"},
        fields=["stance"],
    )
    assert stale_map_alert(sg, AS_OF, cfg) is not None
    assert stale_map_alert(sg.model_copy(update={"changes": [update]}), AS_OF, cfg) is None
    # a visit after the as-of date is not known yet
    later = _account("S", 100).model_copy(
        update={
            "interactions": [
                Interaction(account="acme", date=AS_OF + dt.timedelta(days=3), team=["am"],
                            stakeholders=["dm"])
            ]
        }
    )  # fmt: skip
    assert stale_map_alert(later, AS_OF, cfg) is not None
    assert [a.kind.value for a in scan_alerts([sg], AS_OF).data].count("stale_map") == 1


def test_limits_come_from_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("alerts:\n  stale_map_days:\n    B: 30\n", encoding="utf-8")
    cfg = load_config(path).alerts
    assert stale_map_alert(_account("B", 31), AS_OF, cfg) is not None
    # mappings merge key by key (load_config): S keeps its shipped 45 days
    assert cfg.stale_map_days == {"S": 45, "A": 60, "B": 30}
