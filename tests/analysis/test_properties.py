"""Monotonicity: adding a relationship never lowers connectivity or coverage, removing a person
never raises them, and a what-if that removes nobody changes nothing (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graphkam.analysis import analyze_account, remove_people, what_if
from graphkam.documents import AccountSubgraph
from tests.analysis.conftest import AS_OF, member, person, rel, subgraph, tie

ROLES = ["decision_maker", "economic_buyer", "technical_buyer", "user_buyer", "influencer"]
COLLEAGUE = ["reports_to", "influences", "allied_with", "rivals_with"]


@st.composite
def accounts(draw: st.DrawFn) -> AccountSubgraph:
    n = draw(st.integers(2, 8))
    k = draw(st.integers(1, 3))
    people = [
        person(
            f"s{i}",
            draw(st.lists(st.sampled_from(ROLES), max_size=2)),
            draw(st.sampled_from(["champion", "supporter", "neutral", "opponent", "unknown"])),
            draw(st.sampled_from([0.2, 0.5, 0.9])),
        )
        for i in range(n)
    ]
    team = [
        member(f"m{j}", draw(st.sampled_from(["account_manager", "solution_manager"])))
        for j in range(k)
    ]
    rels = {}
    for _ in range(draw(st.integers(0, 2 * n))):
        a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        if a != b:
            r = rel(draw(st.sampled_from(COLLEAGUE)), f"s{a}", f"s{b}", weight=0.5)
            rels[r.key] = r
    for _ in range(draw(st.integers(0, 2 * n))):
        m, s = draw(st.integers(0, k - 1)), draw(st.integers(0, n - 1))
        r = tie(
            f"m{m}",
            f"s{s}",
            draw(st.sampled_from([0.2, 0.5, 0.9])),
            draw(st.sampled_from([1, 60, 200, None])),
        )
        rels[r.key] = r
    return subgraph(people, team, list(rels.values()))


def _levels(sg: AccountSubgraph) -> tuple[dict[str, int], dict[str, int]]:
    result = analyze_account(sg, AS_OF, brokers=False, recommendations=False)
    cov = {c.role.value: (c.contact.rank if c.contact is not None else -1) for c in result.coverage}
    return result.threading.connectivity, cov


@settings(max_examples=60, deadline=None)
@given(accounts(), st.data())
def test_adding_a_relationship_never_lowers(sg: AccountSubgraph, data: st.DataObject) -> None:
    m = data.draw(st.sampled_from([t.id for t in sg.team]))
    s = data.draw(st.sampled_from([p.id for p in sg.stakeholders]))
    new = tie(m, s, data.draw(st.sampled_from([0.3, 0.9])), data.draw(st.sampled_from([0, 100])))
    if any(r.key == new.key for r in sg.relationships):
        return
    conn0, cov0 = _levels(sg)
    conn1, cov1 = _levels(sg.model_copy(update={"relationships": [*sg.relationships, new]}))
    assert all(conn1[t] >= k for t, k in conn0.items())
    assert all(cov1[r] >= c for r, c in cov0.items())


@settings(max_examples=60, deadline=None)
@given(accounts(), st.data())
def test_removing_a_person_never_raises(sg: AccountSubgraph, data: st.DataObject) -> None:
    everyone = [p.id for p in sg.stakeholders] + [t.id for t in sg.team]
    gone = data.draw(st.sampled_from(everyone))
    conn0, cov0 = _levels(sg)
    conn1, cov1 = _levels(remove_people(sg, [gone]))
    assert all(k <= conn0[t] for t, k in conn1.items())
    assert all(cov1[r] <= c for r, c in cov0.items())


@settings(max_examples=30, deadline=None)
@given(accounts())
def test_what_if_nobody_changes_nothing(sg: AccountSubgraph) -> None:
    w = what_if(sg, [], AS_OF)
    assert (w.coverage, w.connectivity, w.new_gaps, w.closed_gaps) == ([], [], [], [])
    assert w.support_before == w.support_after
    assert w.single_threaded_before == w.single_threaded_after
