"""docs/cypher.md: each cookbook query, run on a real Neo4j 5 holding the sample portfolio
(copied with `graphkam copy`), returns what graphkam's own analysis says.

The oracle of each query is independent of Cypher: the gap rules of graphkam/analysis/gaps.py
(through `analyze_account`) where the query mirrors one, else the account's subgraph read
from a SQLite store and filtered in Python by the query's documented meaning.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graphkam.analysis.config import GapKind
from graphkam.analysis.report import analyze_account
from graphkam.cli import app
from graphkam.documents import AccountMap, AccountSubgraph
from graphkam.model import (
    Account,
    DecisionRole,
    Department,
    Interaction,
    Relationship,
    RelType,
    Stakeholder,
    StakeholderStatus,
    Stance,
    TeamMember,
    TeamRole,
)
from graphkam.sample import load_sample
from graphkam.stores import Store, open_store
from graphkam.stores.neo4j import Neo4jStore

DOC = Path(__file__).resolve().parents[2] / "docs" / "cypher.md"
AS_OF = dt.date(2026, 11, 15)
SINCE = dt.date(2026, 10, 1)
runner = CliRunner()


#: Added to the sample so that every gap query has answers (the sample plants none of these):
#: an account whose team is one account manager (two iron-triangle holes), a decision maker
#: nobody assessed, and one department nobody reaches beside one we do.
EXTRA = AccountMap(
    accounts=[Account(id="cb-co", name="Cookbook Co")],
    team=[
        TeamMember(id="cb-am", name="Am", team_role=TeamRole.ACCOUNT_MANAGER, accounts=["cb-co"])
    ],
    departments=[
        Department(id="cb-dark", account="cb-co", name="Dark"),
        Department(id="cb-lit", account="cb-co", name="Lit"),
    ],
    stakeholders=[
        Stakeholder(
            id="cb-dm", account="cb-co", name="Dm", department="cb-dark", roles=["decision_maker"]
        ),
        Stakeholder(
            id="cb-p", account="cb-co", name="P", department="cb-lit", stance=Stance.SUPPORTER
        ),
    ],
    relationships=[
        Relationship(type=RelType.RELATES_TO, from_id="cb-am", to_id="cb-p", strength=0.5)
    ],
)


def queries() -> dict[str, str]:
    """The cookbook's queries by name (`<!-- query: NAME -->` before each fenced block)."""
    text = DOC.read_text(encoding="utf-8")
    found = re.findall(r"<!-- query: (\w+) -->\n```cypher\n(.*?)```", text, re.S)
    return dict(found)


@pytest.fixture(scope="module")
def sample_stores(
    neo4j_server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, Neo4jStore, dict[str, Any]]]:
    """SQLite with the sample, copied into the test Neo4j by `graphkam copy`; plus every
    account's subgraph and analysis from SQLite (the oracle)."""
    from tests.bolt_servers import empty_database

    empty_database(neo4j_server_url)
    path = tmp_path_factory.mktemp("cookbook") / "sample.db"
    sqlite = open_store(f"sqlite:///{path}")
    sqlite.import_map(load_sample())
    sqlite.import_map(EXTRA)
    result = runner.invoke(app, ["copy", "--from", f"sqlite:///{path}", "--to", neo4j_server_url])
    assert result.exit_code == 0, result.output
    subs = {s.account.id: s for s in sqlite.iter_subgraphs()}
    analyses = {a: analyze_account(s, AS_OF, recommendations=False) for a, s in subs.items()}
    yield sqlite, Neo4jStore(neo4j_server_url), {"subs": subs, "analyses": analyses}
    sqlite.close()
    empty_database(neo4j_server_url)


def run(store: Neo4jStore, name: str, **params: Any) -> list[tuple[Any, ...]]:
    return store._read("cookbook", queries()[name], **params)  # type: ignore[arg-type]


def gap_subjects(oracle: dict[str, Any], kind: GapKind) -> list[tuple[str, str]]:
    return sorted(
        (a, g.subject) for a, an in oracle["analyses"].items() for g in an.gaps if g.kind is kind
    )


def busiest(oracle: dict[str, Any]) -> str:
    """The sample account with the most stakeholders (the per-account queries use it)."""
    subs: dict[str, AccountSubgraph] = oracle["subs"]
    return max(sorted(subs), key=lambda a: len(subs[a].stakeholders))


def test_cookbook_has_ten_queries() -> None:
    assert len(queries()) == 10


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("uncovered_opponents", GapKind.OPPONENT_UNCOVERED),
        ("stance_unknown", GapKind.STANCE_UNKNOWN),
        ("champion_left", GapKind.CHAMPION_LEFT),
        ("iron_triangle", GapKind.IRON_TRIANGLE_INCOMPLETE),
        ("department_whitespace", GapKind.DEPARTMENT_WHITESPACE),
    ],
)
def test_gap_queries_match_the_analysis(sample_stores: Any, name: str, kind: GapKind) -> None:
    _, neo, oracle = sample_stores
    expected = gap_subjects(oracle, kind)
    assert expected, f"no {kind.value} gap to compare with"
    assert [tuple(r) for r in run(neo, name)] == expected


def test_reports_to_decision_maker(sample_stores: Any) -> None:
    _, neo, oracle = sample_stores
    account = busiest(oracle)
    sub: AccountSubgraph = oracle["subs"][account]
    dms = {
        s.id
        for s in sub.stakeholders
        if DecisionRole.DECISION_MAKER in s.roles and s.status is StakeholderStatus.ACTIVE
    }
    expected = sorted(
        (r.to_id, r.from_id)
        for r in sub.relationships
        if r.type is RelType.REPORTS_TO and r.to_id in dms
    )
    assert expected, "the sample's busiest account has direct reports of its decision maker"
    assert [tuple(r) for r in run(neo, "reports_to_decision_maker", account=account)] == expected


def test_strongest_ties_this_quarter(sample_stores: Any) -> None:
    _, neo, oracle = sample_stores
    account = busiest(oracle)
    sub: AccountSubgraph = oracle["subs"][account]
    people = {s.id for s in sub.stakeholders}
    ties = [
        (r.from_id, r.to_id, r.strength)
        for r in sub.relationships
        if r.type is RelType.RELATES_TO
        and r.to_id in people
        and r.last_contact is not None
        and r.last_contact >= SINCE
    ]
    expected = sorted(ties, key=lambda t: (-(t[2] or 0), t[0], t[1]))[:10]
    assert expected
    got = run(neo, "strongest_ties", account=account, since=SINCE)
    assert [tuple(r) for r in got] == expected


def test_visits_per_person(sample_stores: Any) -> None:
    _, neo, oracle = sample_stores
    account = busiest(oracle)
    sub: AccountSubgraph = oracle["subs"][account]
    counts: Counter[str] = Counter()
    for visit in sub.interactions:
        assert isinstance(visit, Interaction)
        if visit.date >= SINCE:
            counts.update(set(visit.stakeholders))
    expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    assert expected
    got = run(neo, "visits_per_person", account=account, since=SINCE)
    assert [tuple(r) for r in got] == expected


def test_competitor_owned(sample_stores: Any) -> None:
    """Oracle: the analysis' competitor reach (`owned`), decision-chain people only."""
    _, neo, oracle = sample_stores
    expected = sorted(
        (a, o.id, o.competitor)
        for a, an in oracle["analyses"].items()
        for o in an.competitors.owned
        if o.roles
    )
    assert expected, "the sample plants a competitor-owned decision maker"
    assert [tuple(r) for r in run(neo, "competitor_owned")] == expected


def test_single_carrier(sample_stores: Any) -> None:
    """Oracle: accounts whose active stakeholders' relates_to ties all come from one member."""
    _, neo, oracle = sample_stores
    expected = []
    for account, sub in sorted(oracle["subs"].items()):
        active = {s.id for s in sub.stakeholders if s.status is StakeholderStatus.ACTIVE}
        members = {
            r.from_id
            for r in sub.relationships
            if r.type is RelType.RELATES_TO and r.to_id in active
        }
        if len(members) == 1:
            expected.append((account, members.pop()))
    assert [tuple(r) for r in run(neo, "single_carrier")] == expected


def test_setting_a_property_in_cypher_is_what_graphkam_reads(sample_stores: Any) -> None:
    """The issue's complaint: `SET s.stance` was ignored. Now the property is the field."""
    _, neo, oracle = sample_stores
    account = busiest(oracle)
    person = oracle["subs"][account].stakeholders[0]
    before = neo.get_node(person.node_kind, person.id)
    try:
        neo._write(
            "cookbook",
            lambda tx: tx.run(
                "MATCH (s:Stakeholder {id: $id}) SET s.stance = 'champion', s.name = 'Renamed'",
                id=person.id,
            ).consume(),
        )
        after = neo.get_node(person.node_kind, person.id)
        assert (after.stance, after.name) == (Stance.CHAMPION, "Renamed")  # type: ignore[union-attr]
    finally:
        neo.upsert_nodes([before])


GRASS = Path(__file__).resolve().parents[2] / "docs" / "graphkam.grass"


@pytest.mark.parametrize("stance", list(Stance))
def test_grass_colours_stance_as_the_pages_do(stance: Stance) -> None:
    """Each stance's display label is coloured with the pages' fill (visualizations/styles.py);
    the label a stakeholder carries comes from the store's own table."""
    from graphkam.stores.neo4j_graph import STANCE_LABELS
    from visualizations.styles import STANCE_STYLES

    text = GRASS.read_text(encoding="utf-8")
    rule = re.search(rf"node\.{STANCE_LABELS[stance]} \{{([^}}]*)\}}", text)
    assert rule, f"no rule for node.{STANCE_LABELS[stance]}"
    assert f"color: {STANCE_STYLES[stance].fill};" in rule.group(1)
    assert f"border-color: {STANCE_STYLES[stance].border};" in rule.group(1)


def test_grass_styles_every_relationship_type() -> None:
    from graphkam.stores.neo4j_graph import REL_TYPES
    from visualizations.styles import REL_COLORS

    text = GRASS.read_text(encoding="utf-8")
    for type_, name in REL_TYPES.items():
        rule = re.search(rf"relationship\.{name} \{{([^}}]*)\}}", text)
        assert rule and f"color: {REL_COLORS[type_]};" in rule.group(1), name
