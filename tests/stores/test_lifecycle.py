"""Stateful contract test: the same random lifecycle on SQLite and on a Bolt store.

A hypothesis `RuleBasedStateMachine` imports accounts, people, team members, relationships and
records, logs visits, deletes nodes, erases people and round-trips exports, on both stores at
once. The oracle is the other store and the rules themselves: every step must end the same way
on both (the same result or the same graphkam error class), after every step both exports are
equal, and an export always passes import validation (nothing points at a deleted id).
Ids come from small pools so that steps collide: re-upserts, kind clashes, deletes of nodes
that others point at, erasing someone twice.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from graphkam.documents import AccountMap
from graphkam.errors import GraphkamError
from graphkam.model import (
    Account,
    Competitor,
    CompetitorProduct,
    Department,
    NodeKind,
    NpsAnswer,
    Purpose,
    Relationship,
    RelType,
    Stakeholder,
    Stance,
    TeamMember,
    TeamRole,
)
from graphkam.privacy import erase
from graphkam.stores import Store, open_store
from graphkam.validation import check_map
from graphkam.visits import log_visit
from tests.bolt_servers import empty_database

ACCOUNTS = ["a1", "a2", "a3"]
PEOPLE = ["p1", "p2", "p3", "p4"]
TEAM = ["t1", "t2"]
DEPTS = ["d1", "d2"]
COMPETITORS = ["c1", "c2"]
EVERY_ID = ACCOUNTS + PEOPLE + TEAM + DEPTS + COMPETITORS
DAY = dt.date(2026, 10, 1)
KIND_OF = {
    **dict.fromkeys(ACCOUNTS, NodeKind.ACCOUNT),
    **dict.fromkeys(PEOPLE, NodeKind.STAKEHOLDER),
    **dict.fromkeys(TEAM, NodeKind.TEAM_MEMBER),
    **dict.fromkeys(DEPTS, NodeKind.DEPARTMENT),
    **dict.fromkeys(COMPETITORS, NodeKind.COMPETITOR),
}
SEED = AccountMap(
    accounts=[Account(id="a1", name="A1"), Account(id="a2", name="A2", parent="a1")],
    departments=[Department(id="d1", account="a1", name="D1")],
    stakeholders=[
        Stakeholder(id="p1", account="a1", name="P1", department="d1", roles=["decision_maker"]),
        Stakeholder(id="p2", account="a1", name="P2", stance=Stance.OPPONENT),
        Stakeholder(id="p3", account="a2", name="P3"),
    ],
    team=[
        TeamMember(id="t1", name="T1", team_role=TeamRole.ACCOUNT_MANAGER, accounts=["a1"]),
        TeamMember(
            id="t2",
            name="T2",
            team_role=TeamRole.SOLUTION_MANAGER,
            accounts=["a1", "a2"],
            coach="t1",
        ),
    ],
    competitors=[Competitor(id="c1", name="C1")],
    relationships=[
        Relationship(type=RelType.REPORTS_TO, from_id="p2", to_id="p1"),
        Relationship(type=RelType.RELATES_TO, from_id="t1", to_id="p1", strength=0.7),
    ],
)
#: Examples and steps: the machine runs on a real server, so keep the CI budget in mind.
LIFECYCLE_SETTINGS = settings(
    max_examples=12,
    stateful_step_count=14,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=True,
)


def _outcome(fn: Callable[[Store], Any], store: Store) -> str:
    try:
        fn(store)
    except GraphkamError as exc:
        return type(exc).__name__
    return "ok"


def make_machine(sqlite_dir: Path, bolt_url: str) -> type[RuleBasedStateMachine]:
    counter = itertools.count()

    class Lifecycle(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            empty_database(bolt_url)
            url = f"sqlite:///{sqlite_dir / f'life-{next(counter)}.db'}"
            self.stores = [open_store(url), open_store(bolt_url)]
            self.visits = 0

        def teardown(self) -> None:
            for store in self.stores:
                store.close()

        def both(self, fn: Callable[[Store], Any]) -> None:
            """Run `fn` on both stores: they must end the same way."""
            outcomes = [_outcome(fn, s) for s in self.stores]
            assert outcomes[0] == outcomes[1], f"sqlite: {outcomes[0]}, bolt: {outcomes[1]}"

        @initialize()
        def seed(self) -> None:
            """Start from a small portfolio, so that most later steps are valid."""
            self.load(SEED)

        def load(self, doc: AccountMap) -> None:
            self.both(lambda s: s.import_map(doc))

        @rule(ident=st.sampled_from(ACCOUNTS), parent=st.none() | st.sampled_from(ACCOUNTS))
        def account(self, ident: str, parent: str | None) -> None:
            parent = None if parent == ident else parent
            self.load(AccountMap(accounts=[Account(id=ident, name=ident.upper(), parent=parent)]))

        @rule(ident=st.sampled_from(DEPTS), account=st.sampled_from(ACCOUNTS))
        def department(self, ident: str, account: str) -> None:
            self.load(AccountMap(departments=[Department(id=ident, account=account, name=ident)]))

        @rule(
            ident=st.sampled_from(PEOPLE),
            account=st.sampled_from(ACCOUNTS),
            dept=st.sampled_from([None, None, *DEPTS]),
            stance=st.sampled_from(list(Stance)),
            influence=st.sampled_from([0.1, 0.5, 0.9]),
        )
        def person(
            self, ident: str, account: str, dept: str | None, stance: Stance, influence: float
        ) -> None:
            person = Stakeholder(
                id=ident,
                account=account,
                name=f"Person {ident}",
                department=dept,
                stance=stance,
                influence=influence,
                roles=["decision_maker"] if influence > 0.8 else [],
                notes=f"notes on {ident}",
            )
            self.load(AccountMap(stakeholders=[person]))

        @rule(
            ident=st.sampled_from(TEAM),
            accounts=st.lists(st.sampled_from(ACCOUNTS), unique=True, max_size=2),
            coach=st.none() | st.sampled_from(TEAM),
        )
        def member(self, ident: str, accounts: list[str], coach: str | None) -> None:
            coach = None if coach == ident else coach
            m = TeamMember(
                id=ident,
                name=ident,
                team_role=TeamRole.ACCOUNT_MANAGER,
                accounts=accounts,
                coach=coach,
            )
            self.load(AccountMap(team=[m]))

        @rule(
            ident=st.sampled_from(COMPETITORS),
            account=st.sampled_from(ACCOUNTS),
            person=st.sampled_from(PEOPLE),
        )
        def competitor(self, ident: str, account: str, person: str) -> None:
            doc = AccountMap(
                competitors=[Competitor(id=ident, name=ident)],
                relationships=[
                    Relationship(type=RelType.COMPETITOR_RELATES_TO, from_id=ident, to_id=person)
                ],
                competitor_products=[
                    CompetitorProduct(account=account, competitor=ident, product="ERP")
                ],
            )
            self.load(doc)

        @rule(
            type_=st.sampled_from([RelType.REPORTS_TO, RelType.ALLIED_WITH, RelType.INFLUENCES]),
            a=st.sampled_from(PEOPLE),
            b=st.sampled_from(PEOPLE),
        )
        def colleagues(self, type_: RelType, a: str, b: str) -> None:
            weight = 0.4 if type_ is RelType.INFLUENCES else None
            rel = Relationship(type=type_, from_id=a, to_id=b, weight=weight)
            self.load(AccountMap(relationships=[rel]))

        @rule(
            type_=st.sampled_from([RelType.RELATES_TO, RelType.KNOWS]),
            a=st.sampled_from(TEAM),
            b=st.sampled_from(PEOPLE),
            strength=st.sampled_from([0.2, 0.9]),
        )
        def tie(self, type_: RelType, a: str, b: str, strength: float) -> None:
            rel = Relationship(type=type_, from_id=a, to_id=b, strength=strength)
            self.load(AccountMap(relationships=[rel]))

        @rule(
            account=st.sampled_from(ACCOUNTS),
            with_ids=st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=2, unique=True),
            by_ids=st.lists(st.sampled_from(TEAM), min_size=1, max_size=2, unique=True),
            days=st.integers(0, 3),
        )
        def visit(self, account: str, with_ids: list[str], by_ids: list[str], days: int) -> None:
            when = DAY + dt.timedelta(days=days)
            self.visits += 1
            visit_id = f"visit-{self.visits}"  # log-visit draws a random id; both stores get one
            self.both(
                lambda s: log_visit(
                    s,
                    account,
                    with_ids,
                    by_ids,
                    Purpose.PROGRESS,
                    date=when,
                    today=when,
                    visit_id=visit_id,
                )  # fmt: skip
            )

        @rule(account=st.sampled_from(ACCOUNTS), person=st.none() | st.sampled_from(PEOPLE))
        def nps(self, account: str, person: str | None) -> None:
            answer = NpsAnswer(account=account, date=DAY, score=8, respondent=person)
            self.load(AccountMap(nps=[answer]))

        @rule(ident=st.sampled_from(EVERY_ID))
        def delete(self, ident: str) -> None:
            self.both(lambda s: s.delete_node(KIND_OF[ident], ident))

        @rule(ident=st.sampled_from(PEOPLE))
        def erase_person(self, ident: str) -> None:
            self.both(lambda s: erase(s, ident))

        @rule()
        def round_trip(self) -> None:
            for store in self.stores:
                doc = store.export_map()
                store.import_map(doc)
                assert store.export_map() == doc

        @invariant()
        def same_and_valid(self) -> None:
            first, second = (s.export_map() for s in self.stores)
            assert first == second
            _, problems = check_map(first)
            assert problems == [], [p.message for p in problems]

    return Lifecycle


@pytest.mark.bolt
@pytest.mark.parametrize("bolt", ["neo4j", "arcadedb"])
def test_lifecycle_matches_sqlite(
    bolt: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = str(request.getfixturevalue(f"{bolt}_store_url"))
    run_state_machine_as_test(make_machine(tmp_path, url), settings=LIFECYCLE_SETTINGS)
