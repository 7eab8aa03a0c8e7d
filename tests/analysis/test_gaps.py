"""Each gap rule of GapKind, planted one at a time into a healthy account: exactly its gap(s)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graphkam.analysis import AnalysisConfig, CoverageStatus, GapKind, analyze_account
from graphkam.documents import AccountSubgraph
from graphkam.model import Stakeholder
from tests.analysis.conftest import AS_OF, healthy, member, person, rel, tie


def gap_set(sg: AccountSubgraph) -> set[tuple[str, str]]:
    return {(g.kind.value, g.subject) for g in analyze_account(sg, AS_OF).gaps}


def _replace_person(sg: AccountSubgraph, pid: str, **update: object) -> AccountSubgraph:
    people = [
        Stakeholder.model_validate({**s.model_dump(), **update}) if s.id == pid else s
        for s in sg.stakeholders
    ]
    return sg.model_copy(update={"stakeholders": people})


def _drop_rels(sg: AccountSubgraph, pred: Callable[[object], bool]) -> AccountSubgraph:
    return sg.model_copy(update={"relationships": [r for r in sg.relationships if not pred(r)]})


def _add(
    sg: AccountSubgraph, *, people: list[Stakeholder] = (), rels: list = ()
) -> AccountSubgraph:
    return sg.model_copy(
        update={
            "stakeholders": [*sg.stakeholders, *people],
            "relationships": [*sg.relationships, *rels],
        }
    )


def test_healthy_account_has_no_gaps() -> None:
    result = analyze_account(healthy(), AS_OF)
    assert result.gaps == []
    assert {c.status for c in result.coverage} == {CoverageStatus.COVERED}
    assert result.threading.single_threaded is False
    # worked by hand: DM <- ex, DM <- am, DM <- technical buyer <- sm (three disjoint chains);
    # EB <- am, EB <- ex, EB -> DM -> technical buyer <- sm
    assert result.threading.connectivity == {"p-decision_maker": 3, "p-economic_buyer": 3}


def _missing_procurement(sg: AccountSubgraph) -> AccountSubgraph:
    sg = sg.model_copy(
        update={"stakeholders": [s for s in sg.stakeholders if s.id != "p-procurement"]}
    )
    return _drop_rels(sg, lambda r: r.to_id == "p-procurement")


def _unknown_stance(sg: AccountSubgraph) -> AccountSubgraph:
    return _replace_person(sg, "p-user_buyer", stance="unknown")


def _uncovered_eb(sg: AccountSubgraph) -> AccountSubgraph:
    # still reached through colleagues twice (reports to the DM, allied with the tech buyer)
    sg = _drop_rels(sg, lambda r: r.to_id == "p-economic_buyer" and r.type == "relates_to")
    return _add(sg, rels=[rel("allied_with", "p-economic_buyer", "p-technical_buyer")])


def _weak_influencer(sg: AccountSubgraph) -> AccountSubgraph:
    sg = _drop_rels(sg, lambda r: r.to_id == "p-influencer")
    return _add(sg, rels=[tie("sm", "p-influencer", strength=0.3, days=5)])


def _stale_gatekeeper(sg: AccountSubgraph) -> AccountSubgraph:
    sg = _drop_rels(sg, lambda r: r.to_id == "p-gatekeeper")
    return _add(sg, rels=[tie("am", "p-gatekeeper", strength=0.9, days=91)])


def _single_threaded_dm(sg: AccountSubgraph) -> AccountSubgraph:
    # only the account manager's direct tie reaches the decision maker
    return _drop_rels(sg, lambda r: r.to_id == "p-decision_maker" and r.from_id != "am")


def _opponent(sg: AccountSubgraph) -> AccountSubgraph:
    opp = person("p-opp", [], "opponent", 0.8, "d-fin")
    return _add(sg, people=[opp], rels=[rel("influences", "p-opp", "p-decision_maker", weight=0.4)])


def _no_exec(sg: AccountSubgraph) -> AccountSubgraph:
    # both DM ties now come from the solution and delivery managers
    sg = _drop_rels(sg, lambda r: r.to_id == "p-decision_maker" and r.type == "relates_to")
    return _add(sg, rels=[tie("sm", "p-decision_maker"), tie("dm", "p-decision_maker")])


def _no_delivery(sg: AccountSubgraph) -> AccountSubgraph:
    team = [m if m.id != "dm" else m.model_copy(update={"accounts": []}) for m in sg.team]
    return sg.model_copy(update={"team": team})


def _champion_left(sg: AccountSubgraph) -> AccountSubgraph:
    gone = person("p-gone", ["influencer"], "champion", 0.7, "d-ops", status="left")
    return _add(sg, people=[gone], rels=[tie("am", "p-gone")])


def _whitespace(sg: AccountSubgraph) -> AccountSubgraph:
    from graphkam.model import Department

    extra = Department(id="d-rnd", account="acme", name="R&D")
    return sg.model_copy(update={"departments": [*sg.departments, extra]})


@pytest.mark.parametrize(
    ("plant", "expected"),
    [
        (_missing_procurement, {("role_missing", "procurement")}),
        (_unknown_stance, {("stance_unknown", "p-user_buyer")}),
        (_uncovered_eb, {("role_uncovered", "economic_buyer")}),
        (_weak_influencer, {("weak_coverage", "influencer")}),
        (_stale_gatekeeper, {("stale_relationship", "gatekeeper")}),
        (_single_threaded_dm, {("single_threaded", "p-decision_maker")}),
        (_opponent, {("opponent_uncovered", "p-opp")}),
        (_no_exec, {("no_executive_relationship", "p-decision_maker")}),
        (_no_delivery, {("iron_triangle_incomplete", "delivery_manager")}),
        (_champion_left, {("champion_left", "p-gone")}),
        (_whitespace, {("department_whitespace", "d-rnd")}),
    ],
)
def test_each_planted_problem_gives_exactly_its_gap(
    plant: Callable[[AccountSubgraph], AccountSubgraph], expected: set[tuple[str, str]]
) -> None:
    assert gap_set(plant(healthy())) == expected


def test_executive_rule_applies_to_s_and_a_only() -> None:
    assert gap_set(_no_exec(healthy("B"))) == set()
    assert gap_set(_no_exec(healthy("A"))) == {("no_executive_relationship", "p-decision_maker")}


def test_unknown_last_contact_is_stale() -> None:
    sg = _drop_rels(healthy(), lambda r: r.to_id == "p-gatekeeper")
    sg = _add(sg, rels=[tie("am", "p-gatekeeper", strength=0.9, days=None)])
    assert gap_set(sg) == {("stale_relationship", "p-gatekeeper".removeprefix("p-"))}


def test_fresh_weak_tie_beats_stale_strong_tie_for_status() -> None:
    # weak = some fresh tie but no good one; stale only when every tie is stale
    sg = _drop_rels(healthy(), lambda r: r.to_id == "p-gatekeeper")
    sg = _add(sg, rels=[tie("am", "p-gatekeeper", 0.9, 200), tie("sm", "p-gatekeeper", 0.3, 1)])
    assert gap_set(sg) == {("weak_coverage", "gatekeeper")}


def test_noncritical_role_gaps_are_one_level_lower() -> None:
    gaps = {
        g.subject: g.severity.value
        for g in analyze_account(_missing_procurement(healthy()), AS_OF).gaps
    }
    assert gaps == {"procurement": "medium"}
    cfg = AnalysisConfig()
    assert cfg.severity(GapKind.ROLE_MISSING, None).value == "high"


def test_team_member_off_the_team_does_not_fill_the_iron_triangle() -> None:
    sg = _no_delivery(healthy())
    sg = sg.model_copy(
        update={"team": [*sg.team, member("dm2", "delivery_manager", on_team=False)]}
    )
    assert gap_set(sg) == {("iron_triangle_incomplete", "delivery_manager")}
