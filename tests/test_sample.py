"""The shipped sample portfolio: committed file up to date, valid, realistic, manifest complete.

Expected figures come from the brief of the sample (>= 8 accounts, 15-60 stakeholders each,
about ten team members, a year of visits before SAMPLE_AS_OF) and from DESIGN.md's vocabulary;
the planted stories are checked on the raw data here, and against the analytics' gap rules in
tests/analysis/test_sample_planted.py (owned by the analytics).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import pytest

from graphkam.analysis.config import GapKind
from graphkam.documents import AccountMap
from graphkam.model import (
    IRON_TRIANGLE,
    DecisionRole,
    RelType,
    StakeholderStatus,
    Stance,
    Tier,
)
from graphkam.sample import (
    PLANTED,
    PLANTED_COALITIONS,
    PLANTED_LATER,
    SAMPLE_AS_OF,
    SAMPLE_PATH,
    build_sample,
    dump_sample,
    load_sample,
    main,
)
from graphkam.validation import check_map

#: A bilingual name: Chinese characters, a space, then romanised words ("王建国 Wang Jianguo").
BILINGUAL = re.compile(r"^[\u4e00-\u9fff]{2,4} [A-Z][a-z]+( [A-Z][a-z]+)+$")
#: Subjects of gaps that are not ids: role values and team-role values (see GapKind rules).
ROLE_VALUES = {r.value for r in DecisionRole} | {r.value for r in IRON_TRIANGLE}


@pytest.fixture(scope="module")
def sample() -> AccountMap:
    return build_sample()


def test_committed_file_equals_a_fresh_generation(sample: AccountMap) -> None:
    """Regenerate with `python -m graphkam.sample --write` when this fails."""
    assert SAMPLE_PATH.read_text(encoding="utf-8") == dump_sample(sample)


def test_generation_is_deterministic_and_seeded(sample: AccountMap) -> None:
    assert build_sample() == sample
    assert build_sample(seed=1) != sample


def test_loaded_file_is_the_generated_portfolio(sample: AccountMap) -> None:
    assert load_sample() == sample


def test_sample_has_no_validation_problems(sample: AccountMap) -> None:
    _, problems = check_map(sample)
    assert problems == []


def test_portfolio_shape(sample: AccountMap) -> None:
    assert len(sample.accounts) >= 8
    assert {a.tier for a in sample.accounts} == set(Tier)
    assert len({a.industry for a in sample.accounts}) >= 6
    assert any(a.parent for a in sample.accounts)
    per_account = defaultdict(int)
    for s in sample.stakeholders:
        per_account[s.account] += 1
    for account in sample.accounts:
        assert 15 <= per_account[account.id] <= 60, account.id
    assert 8 <= len(sample.team) <= 12
    assert any(m.coach for m in sample.team)
    assert len(sample.third_parties) >= 3 and len(sample.competitors) >= 1


def test_names_are_bilingual(sample: AccountMap) -> None:
    people = [*sample.stakeholders, *sample.team]
    assert [p.name for p in people if not BILINGUAL.match(p.name)] == []
    assert len({p.name for p in people}) == len(people)


def test_every_account_has_a_full_iron_triangle_and_departments(sample: AccountMap) -> None:
    for account in sample.accounts:
        roles = {m.team_role for m in sample.team if account.id in m.accounts}
        assert set(IRON_TRIANGLE) <= roles, account.id
        assert sum(d.account == account.id for d in sample.departments) >= 4


def test_org_charts_are_trees(sample: AccountMap) -> None:
    """Each stakeholder reports to at most one boss and no chain loops."""
    boss: dict[str, str] = {}
    for rel in sample.relationships:
        if rel.type is RelType.REPORTS_TO:
            assert rel.from_id not in boss, rel.from_id
            boss[rel.from_id] = rel.to_id
    for start in boss:
        seen, node = {start}, start
        while node in boss:
            node = boss[node]
            assert node not in seen, f"reports_to cycle through {start}"
            seen.add(node)


def test_interactions_fall_in_the_year_before_as_of(sample: AccountMap) -> None:
    start = SAMPLE_AS_OF - dt.timedelta(days=365)
    dates = [i.date for i in sample.interactions]
    assert len(dates) >= 10 * len(sample.accounts)
    assert all(start < d <= SAMPLE_AS_OF for d in dates)
    assert all(start < o.date <= SAMPLE_AS_OF for o in sample.orders)


def test_last_contact_is_the_latest_visit_of_both_people(sample: AccountMap) -> None:
    latest: dict[tuple[str, str], dt.date] = {}
    for visit in sample.interactions:
        for member in visit.team:
            for person in visit.stakeholders:
                key = (member, person)
                latest[key] = max(latest.get(key, visit.date), visit.date)
    ties = {
        (r.from_id, r.to_id): r.last_contact
        for r in sample.relationships
        if r.type is RelType.RELATES_TO
    }
    assert ties == latest


def test_manifest_covers_every_account_with_known_kinds_and_subjects(sample: AccountMap) -> None:
    accounts = {a.id for a in sample.accounts}
    ids = {n.id for n in sample.nodes()}
    assert set(PLANTED) == accounts
    assert any(not gaps for gaps in PLANTED.values()), "some accounts must be healthy"
    kinds = {k.value for k in GapKind}
    for account, gaps in PLANTED.items():
        for kind, subject in gaps:
            assert kind in kinds
            assert subject in ids or subject in ROLE_VALUES, (account, subject)
    assert set(PLANTED_LATER) <= accounts and set(PLANTED_COALITIONS) <= accounts
    for account, later in PLANTED_LATER.items():
        assert all(subject in ids for _, subject in later), account


def test_each_problem_sits_in_its_own_account() -> None:
    """The brief's problems, one per account, so each account's gap set is crisp."""
    planted = {a: gaps for a, gaps in PLANTED.items() if gaps}
    # one problem per account, but for sz-data: its technical buyer is uncovered *because* a
    # competitor owns them, so the two gaps tell one story.
    assert all(len(gaps) == 1 for a, gaps in planted.items() if a != "sz-data")
    assert {k for k, _ in planted["sz-data"]} == {
        "role_uncovered",
        GapKind.COMPETITOR_OWNED_DECISION_MAKER,
    }
    kinds = {kind for gaps in planted.values() for kind, _ in gaps}
    assert {"single_threaded", "role_uncovered", "opponent_uncovered", "champion_left"} <= kinds
    assert ("role_uncovered", "economic_buyer") in set().union(*planted.values())


def test_champion_left_is_a_departed_champion(sample: AccountMap) -> None:
    people = {s.id: s for s in sample.stakeholders}
    for account, gaps in PLANTED.items():
        for kind, subject in gaps:
            if kind == GapKind.CHAMPION_LEFT:
                assert people[subject].account == account
                assert people[subject].status is StakeholderStatus.LEFT
                assert people[subject].stance is Stance.CHAMPION


def test_competitor_owns_a_buyer_nobody_of_ours_relates_to(sample: AccountMap) -> None:
    competitors = {c.id for c in sample.competitors}
    for account, gaps in PLANTED.items():
        for kind, subject in gaps:
            if kind != GapKind.COMPETITOR_OWNED_DECISION_MAKER:
                continue
            person = next(s for s in sample.stakeholders if s.id == subject)
            assert person.account == account and person.competitor_preference in competitors
            theirs = [
                r
                for r in sample.relationships
                if r.type is RelType.COMPETITOR_RELATES_TO and r.to_id == subject
            ]
            assert theirs and all((r.strength or 0) >= 0.8 for r in theirs)
            assert not any(
                r.type is RelType.RELATES_TO and r.to_id == subject for r in sample.relationships
            )


def test_coalitions_are_allied_inside_and_rival_across(sample: AccountMap) -> None:
    for account, factions in PLANTED_COALITIONS.items():
        allied = {
            frozenset((r.from_id, r.to_id))
            for r in sample.relationships
            if r.type is RelType.ALLIED_WITH
        }
        rivals = [
            (r.from_id, r.to_id) for r in sample.relationships if r.type is RelType.RIVALS_WITH
        ]
        assert len(factions) == 2 and not factions[0] & factions[1]
        for faction in factions:
            members = sorted(faction)
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    assert frozenset((a, b)) in allied, (account, a, b)
        across = [(a, b) for a, b in rivals if {a, b} & factions[0] and {a, b} & factions[1]]
        assert across, account


def test_health_drop_account_loses_orders_and_nps_after_the_champion_left(
    sample: AccountMap,
) -> None:
    for kind, account in (x for later in PLANTED_LATER.values() for x in later):
        if kind != "health_drop":
            continue
        left = dt.date(2026, 8, 10)  # the departure date told in docs/sample-portfolio.md
        before = [o.amount for o in sample.orders if o.account == account and o.date <= left]
        after = [o.amount for o in sample.orders if o.account == account and o.date > left]
        assert sum(after) / len(after) < 0.5 * sum(before) / len(before)
        nps_before = [n.score for n in sample.nps if n.account == account and n.date <= left]
        nps_after = [n.score for n in sample.nps if n.account == account and n.date > left]
        assert min(nps_before) >= 8 and max(nps_after) <= 6
        assert any(
            c.account == account and c.date > left and c.resolved is None for c in sample.complaints
        )


def test_tier_mismatch_account_outsells_the_strategic_ones(sample: AccountMap) -> None:
    for kind, account in (x for later in PLANTED_LATER.values() for x in later):
        if kind != "tier_mismatch":
            continue
        totals: dict[str, float] = defaultdict(float)
        counts: dict[str, int] = defaultdict(int)
        for order in sample.orders:
            totals[order.account] += order.amount
            counts[order.account] += 1
        tiers = {a.id: a for a in sample.accounts}
        assert tiers[account].tier.rank >= Tier.B.rank
        strategic = [a for a, acc in tiers.items() if acc.tier is Tier.S]
        assert all(totals[account] > totals[s] for s in strategic)
        assert all(counts[account] > counts[s] for s in strategic)
        assert (tiers[account].potential_value or 0) >= 20_000_000


def test_main_prints_the_yaml(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert capsys.readouterr().out == SAMPLE_PATH.read_text(encoding="utf-8")
