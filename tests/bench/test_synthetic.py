"""The synthetic portfolio generator: shape, validity and determinism for small seeds.

Expected counts follow from the shape documented in graphkam/synthetic.py: n - 1 reports_to
edges per account (a tree), max(3, min(60, round(sqrt(n) / 1.2))) departments (4 for n = 20,
9 for n = 100), a team of 3 to 10 people, about two influences edges per person.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
import pytest

from graphkam.bench.spool import write_chunks
from graphkam.documents import AccountMap
from graphkam.io import read_account_map
from graphkam.model import RelType, StakeholderStatus
from graphkam.synthetic import (
    SIZES,
    SYNTHETIC_AS_OF,
    Size,
    build_portfolio,
    generate_portfolio,
    single_account,
)
from graphkam.validation import check_map

N_ACCOUNTS, N_PEOPLE = 55, 20  # two regions (50 + 5 accounts)


@pytest.fixture(scope="module")
def doc() -> AccountMap:
    return build_portfolio(N_ACCOUNTS, N_PEOPLE, seed=7)


def test_counts(doc: AccountMap) -> None:
    assert len(doc.accounts) == N_ACCOUNTS
    assert len(doc.stakeholders) == N_ACCOUNTS * N_PEOPLE
    assert len(doc.departments) == N_ACCOUNTS * 4
    types = Counter(r.type for r in doc.relationships)
    assert types[RelType.REPORTS_TO] == N_ACCOUNTS * (N_PEOPLE - 1)
    # two draws per person, minus self-loops and repeats: between 1.5 and 2 per person
    assert 1.5 * N_ACCOUNTS * N_PEOPLE <= types[RelType.INFLUENCES] <= 2 * N_ACCOUNTS * N_PEOPLE
    assert types[RelType.ALLIED_WITH] == 0  # n // 25 = 0 for 20 people
    assert types[RelType.RELATES_TO] > 0 and types[RelType.KNOWS] > 0
    assert {t.id.split("-")[1] for t in doc.team} == {"r0000", "r0001"}
    assert len(doc.interactions) >= 3 * N_ACCOUNTS and len(doc.orders) >= 2 * N_ACCOUNTS


def test_check_map_is_clean(doc: AccountMap) -> None:
    reparsed = AccountMap.model_validate(doc.model_dump(by_alias=True))
    _, problems = check_map(reparsed)
    assert problems == []


def test_org_charts_and_departments_are_trees(doc: AccountMap) -> None:
    people = defaultdict(list)
    for s in doc.stakeholders:
        people[s.account].append(s.id)
    charts: dict[str, nx.DiGraph] = defaultdict(nx.DiGraph)
    for r in doc.relationships:
        if r.type is RelType.REPORTS_TO:
            charts[r.from_id.rsplit("-", 1)[0]].add_edge(r.to_id, r.from_id)  # boss -> report
    for account, ids in people.items():
        chart = charts[account]
        assert set(chart.nodes) == set(ids)
        assert nx.is_arborescence(chart)
        assert [v for v, d in chart.in_degree() if d == 0] == [f"{account}-p0000"]
    depts: dict[str, nx.DiGraph] = defaultdict(nx.DiGraph)
    for d in doc.departments:
        depts[d.account].add_node(d.id)
        if d.parent:
            depts[d.account].add_edge(d.parent, d.id)
    assert all(nx.is_arborescence(g) for g in depts.values())


def test_teams_roles_and_dates(doc: AccountMap) -> None:
    team_size = Counter(a for m in doc.team for a in m.accounts)
    assert set(team_size) == {a.id for a in doc.accounts}
    assert all(3 <= k <= 10 for k in team_size.values())
    tops = [s for s in doc.stakeholders if s.id.endswith("-p0000")]
    assert all(s.roles == ["decision_maker"] for s in tops)
    assert all(s.status is StakeholderStatus.ACTIVE for s in tops)
    contacts = [r.last_contact for r in doc.relationships if r.last_contact]
    assert max(contacts) <= SYNTHETIC_AS_OF
    assert max(i.date for i in doc.interactions) <= SYNTHETIC_AS_OF
    strengths = {r.strength for r in doc.relationships if r.type is RelType.RELATES_TO}
    assert min(strengths) >= 0.2 and max(strengths) <= 0.95 and len(strengths) > 20


def test_deterministic_and_chunk_independent(doc: AccountMap) -> None:
    again = build_portfolio(N_ACCOUNTS, N_PEOPLE, seed=7)
    assert again.to_document() == doc.to_document()
    other = build_portfolio(N_ACCOUNTS, N_PEOPLE, seed=8)
    assert other.to_document() != doc.to_document()
    # an account's people do not depend on how many accounts the portfolio has
    first = next(generate_portfolio(3, N_PEOPLE, seed=7))
    ids = {a.id for a in first.accounts}
    assert [s for s in doc.stakeholders if s.account in ids] == first.stakeholders


def test_single_account_sizes() -> None:
    one = single_account(200, seed=3)
    assert [a.id for a in one.accounts] == ["syn-n200-a00000"]
    assert len(one.stakeholders) == 200
    assert len(one.departments) == 12  # round(sqrt(200) / 1.2) = round(11.79)
    assert 3 <= len(one.team) <= 10 + 3  # the team plus the pool's executive sponsors
    assert check_map(one)[1] == []


def test_size_table() -> None:
    assert SIZES[Size.LARGE].accounts == 10_000 and SIZES[Size.LARGE].stakeholders == 50
    assert SIZES[Size.MEDIUM].accounts == 1_000 and SIZES[Size.SMALL].accounts == 100


def test_spooled_files_equal_the_document(tmp_path: Path) -> None:
    doc = build_portfolio(60, 10, seed=5)
    as_json, as_yaml = tmp_path / "p.json", tmp_path / "p.yaml"
    rows = write_chunks(generate_portfolio(60, 10, seed=5), as_json)
    write_chunks(generate_portfolio(60, 10, seed=5), as_yaml)
    assert rows == doc.row_count()
    assert json.loads(as_json.read_text(encoding="utf-8")) == doc.to_document()
    assert read_account_map(as_yaml).to_document() == doc.to_document()
