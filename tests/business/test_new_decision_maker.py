"""The new-decision-maker alert fires only for someone we had no tie with before the window."""

from __future__ import annotations

from graphkam.business import default_config, key_person_alerts
from graphkam.model import Interaction
from tests.analysis.conftest import AS_OF, ago, member, person, subgraph, tie


def _kinds(sg) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    cfg = default_config().alerts
    return [(a.kind.value, a.subject) for a in key_person_alerts(sg, AS_OF, cfg)]


def test_a_decision_maker_we_already_knew_is_not_new() -> None:
    """Our tie to old has no `since`, but its last contact was 200 days ago (long before the
    window of new_decision_maker_days); the first *recorded visit* is 10 days ago. Old was
    already known, so no alert. New has no tie at all before a visit 10 days ago: alert."""
    visits = [
        Interaction(account="acme", date=ago(10), team=["am"], stakeholders=["old"]),
        Interaction(account="acme", date=ago(10), team=["am"], stakeholders=["new"]),
    ]
    sg = subgraph(
        stakeholders=[person("old", ["decision_maker"]), person("new", ["decision_maker"])],
        team=[member("am")],
        relationships=[tie("am", "old", 0.8, 200)],
        interactions=visits,
    )
    assert _kinds(sg) == [("new_decision_maker", "new")]


def test_a_tie_with_no_dates_is_older_than_the_window() -> None:
    sg = subgraph(
        stakeholders=[person("old", ["decision_maker"])],
        team=[member("am")],
        relationships=[tie("am", "old", 0.8, None)],
        interactions=[Interaction(account="acme", date=ago(5), team=["am"], stakeholders=["old"])],
    )
    assert _kinds(sg) == []
