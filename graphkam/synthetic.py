"""Seeded synthetic portfolios for benchmarks: realistic-shaped accounts at any scale.

Shape (documented in docs/performance.md, checked by tests/bench/test_synthetic.py):

- Accounts come in *regions* of `REGION_ACCOUNTS` (50). A region is one self-contained account
  map (a chunk): its accounts, a pool of `len(_POOL)` (27) team members serving them, and
  `REGION_THIRD_PARTIES` (5) third parties. Chunks import one after another, so a portfolio of
  any size streams in bounded memory.
- An account of n stakeholders has max(3, min(60, round(sqrt(n) / 1.2))) departments (a tree
  under the executive office), an org chart that is a tree (`reports_to`, n - 1 edges, rooted
  at the top decision maker), about two `influences` edges per person (to the boss and to a
  colleague), n // 25 `allied_with` and n // 50 `rivals_with` edges, a decision chain (the
  seven decision roles on the department heads, plus some staff influencers and evaluators),
  stances with about 5% unknown, and 2% of the people gone (`status: left`).
- Its account team has 3 to 10 of the region's people (the iron triangle most of the time);
  each relates to 2 + n // 200 to 4 + n // 200 people with strength 0.2..0.95 and a last
  contact 0..540 days before the as-of date; 0 to 2 third parties know one of its people and
  one of ours; 3 to 8 interactions and 2 to 4 orders in the year before the as-of date.

Every date is relative to `SYNTHETIC_AS_OF`; the same seed gives the same portfolio, and each
account is drawn from its own `random.Random(f"{seed}:{account id}")`, so an account does not
depend on how the portfolio is chunked.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from graphkam.documents import AccountMap
from graphkam.model import (
    Account,
    DecisionRole,
    Department,
    Interaction,
    Order,
    Purpose,
    Relationship,
    RelType,
    Stakeholder,
    StakeholderStatus,
    Stance,
    TeamMember,
    TeamRole,
    ThirdParty,
    ThirdPartyKind,
    Tier,
)

__all__ = [
    "SYNTHETIC_AS_OF",
    "SYNTHETIC_SEED",
    "REGION_ACCOUNTS",
    "REGION_THIRD_PARTIES",
    "Size",
    "SizeSpec",
    "SIZES",
    "generate_portfolio",
    "build_portfolio",
    "single_account",
    "expected_rows",
]

#: Every date of a synthetic portfolio is relative to this day; analyse it as of this day.
SYNTHETIC_AS_OF = dt.date(2026, 11, 15)
#: The default seed.
SYNTHETIC_SEED = 20261123
#: Accounts per region (one chunk of the stream, one team pool).
REGION_ACCOUNTS = 50
#: Third parties per region.
REGION_THIRD_PARTIES = 5

_R = DecisionRole
_T = TypeVar("_T")


class Size(StrEnum):
    """The named portfolio sizes of `graphkam generate` and `graphkam bench`."""

    TINY = "tiny"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


@dataclass(frozen=True)
class SizeSpec:
    """A portfolio size: how many accounts of how many stakeholders."""

    accounts: int
    stakeholders: int


#: tiny is for tests; small/medium/large are the benchmark sizes.
SIZES: dict[Size, SizeSpec] = {
    Size.TINY: SizeSpec(accounts=6, stakeholders=30),
    Size.SMALL: SizeSpec(accounts=100, stakeholders=50),
    Size.MEDIUM: SizeSpec(accounts=1_000, stakeholders=50),
    Size.LARGE: SizeSpec(accounts=10_000, stakeholders=50),
}

#: A region's team pool: (role, how many).
_POOL = [
    (TeamRole.ACCOUNT_MANAGER, 8),
    (TeamRole.SOLUTION_MANAGER, 6),
    (TeamRole.DELIVERY_MANAGER, 6),
    (TeamRole.EXECUTIVE_SPONSOR, 3),
    (TeamRole.CUSTOMER_SUCCESS, 4),
]
_ROLE_SLUG = {
    TeamRole.ACCOUNT_MANAGER: "am",
    TeamRole.SOLUTION_MANAGER: "sm",
    TeamRole.DELIVERY_MANAGER: "dm",
    TeamRole.EXECUTIVE_SPONSOR: "es",
    TeamRole.CUSTOMER_SUCCESS: "cs",
}
#: Department names; the first is the root (executive office), the next five carry the roles.
_DEPARTMENTS = [
    "Executive Office 总经理办公室",
    "Finance 财务部",
    "IT 信息中心",
    "Operations 运营部",
    "Procurement 采购部",
    "Legal 法务部",
    "Production 生产部",
    "Quality 质量部",
    "Sales 销售部",
    "Marketing 市场部",
    "HR 人力资源部",
    "Logistics 物流部",
    "R&D 研发部",
    "Customer Service 客服部",
    "Risk 风控部",
]
#: Role of each role-carrying department's head (index into the department list).
_HEAD_ROLES = {
    1: [_R.ECONOMIC_BUYER],
    2: [_R.TECHNICAL_BUYER],
    3: [_R.USER_BUYER],
    4: [_R.PROCUREMENT],
    5: [_R.GATEKEEPER],
}
_INDUSTRIES = ["manufacturing", "banking", "retail", "healthcare", "energy", "telecom", "logistics"]
_TIERS = [(Tier.S, 0.1), (Tier.A, 0.2), (Tier.B, 0.4), (Tier.C, 0.3)]
_STANCES = [
    (Stance.CHAMPION, 0.1),
    (Stance.SUPPORTER, 0.3),
    (Stance.NEUTRAL, 0.35),
    (Stance.SKEPTIC, 0.15),
    (Stance.OPPONENT, 0.05),
    (Stance.UNKNOWN, 0.05),
]
_PURPOSES = list(Purpose)


def generate_portfolio(
    accounts: int, stakeholders: int, seed: int = SYNTHETIC_SEED
) -> Iterator[AccountMap]:
    """The portfolio of `accounts` accounts of `stakeholders` people, one region (chunk) at a time.

    Each chunk is a self-contained account map (its team members' `accounts` lists name only
    the region's accounts), so chunks can be imported one by one in order.
    """
    if accounts < 1 or stakeholders < 1:
        raise ValueError("a synthetic portfolio needs at least one account and one stakeholder")
    jobs = [
        (seed, region, start, min(REGION_ACCOUNTS, accounts - start), stakeholders)
        for region, start in enumerate(range(0, accounts, REGION_ACCOUNTS))
    ]
    for job in jobs:
        yield _region(job)


def build_portfolio(accounts: int, stakeholders: int, seed: int = SYNTHETIC_SEED) -> AccountMap:
    """The whole portfolio as one account map (for small sizes; large ones should stream)."""
    sections: dict[str, list[object]] = {name: [] for name in AccountMap.model_fields}
    for chunk in generate_portfolio(accounts, stakeholders, seed):
        for name in sections:
            sections[name].extend(getattr(chunk, name))
    return AccountMap.model_construct(**sections)  # type: ignore[arg-type]


def single_account(stakeholders: int, seed: int = SYNTHETIC_SEED, index: int = 0) -> AccountMap:
    """One account of `stakeholders` people with its own team pool (for latency benchmarks).

    Its id is `syn-n<stakeholders>-<index>`, so accounts of several sizes share one store.
    """
    return _Region(seed, index, index, 1, stakeholders, prefix=f"syn-n{stakeholders}").build()


def expected_rows(doc: AccountMap) -> int:
    """Rows an import of `doc` writes: nodes + relationships + records."""
    return doc.row_count()


# -- the generator -----------------------------------------------------------------------------


def _region(job: tuple[int, int, int, int, int]) -> AccountMap:
    """One region's chunk: (seed, region number, first account number, accounts, people)."""
    return _Region(*job).build()


@dataclass
class _Region:
    """One region: `count` accounts from number `start`, with their team pool and third parties."""

    seed: int
    region: int
    start: int
    count: int
    stakeholders: int
    prefix: str = "syn"
    doc: AccountMap = field(default_factory=AccountMap)
    #: (team member, third party) pairs already joined by `knows` (one edge per pair).
    known: set[tuple[str, str]] = field(default_factory=set)

    def build(self) -> AccountMap:
        rng = random.Random(f"{self.seed}:{self.prefix}:region:{self.region}")
        rid = f"{self.prefix}-r{self.region:04d}"
        pool: list[tuple[str, TeamRole]] = []
        for role, n in _POOL:
            pool += [(f"{rid}-{_ROLE_SLUG[role]}{k:02d}", role) for k in range(1, n + 1)]
        third = [
            ThirdParty(
                id=f"{rid}-tp{k}",
                name=f"Partner {self.region}-{k} 合作伙伴",
                kind=ThirdPartyKind.PERSON if rng.random() < 0.4 else ThirdPartyKind.ORGANIZATION,
            )
            for k in range(1, REGION_THIRD_PARTIES + 1)
        ]
        served: dict[str, list[str]] = {m: [] for m, _ in pool}
        for i in range(self.start, self.start + self.count):
            account_id = f"{self.prefix}-a{i:05d}"
            team = _Account(self, account_id, i, pool, [t.id for t in third]).build()
            for member in team:
                served[member].append(account_id)
        sponsors = [m for m, role in pool if role is TeamRole.EXECUTIVE_SPONSOR]
        self.doc.team = [
            TeamMember(
                id=m,
                name=f"{role.value.replace('_', ' ').title()} {m.rsplit('-', 1)[1]} ({rid})",
                team_role=role,
                accounts=served[m],
                coach=sponsors[0]
                if role in (TeamRole.ACCOUNT_MANAGER, TeamRole.CUSTOMER_SUCCESS)
                else None,
            )
            for m, role in pool
            if served[m] or role is TeamRole.EXECUTIVE_SPONSOR
        ]
        used = {r.from_id for r in self.doc.relationships if r.type is RelType.KNOWS}
        used |= {r.to_id for r in self.doc.relationships if r.type is RelType.KNOWS}
        self.doc.third_parties = [t for t in third if t.id in used]
        return self.doc


@dataclass
class _Account:
    """Draws one account into the region's document; `build` returns its team's member ids."""

    region: _Region
    id: str
    number: int
    pool: list[tuple[str, TeamRole]]
    third: list[str]

    def build(self) -> list[str]:
        reg, n = self.region, self.region.stakeholders
        rng = random.Random(f"{reg.seed}:{self.id}")
        self.rng = rng
        doc = reg.doc
        tier = _pick(rng, _TIERS)
        doc.accounts.append(
            Account(
                id=self.id,
                name=f"Synthetic Account {self.number:05d} 合成客户",
                tier=tier,
                industry=rng.choice(_INDUSTRIES),
                revenue=round(rng.uniform(0.2, 20.0), 2) * 1_000_000,
                potential_value=round(rng.uniform(0.5, 40.0), 2) * 1_000_000,
            )
        )
        depts = self._departments(n)
        people, bosses = self._people(n, depts)
        self._colleagues(people, bosses)
        team = self._team()
        ties = self._ties(team, people)
        self._third_parties(team, people)
        self._records(ties)
        return team

    def _departments(self, n: int) -> list[str]:
        count = max(3, min(60, round(math.sqrt(n) / 1.2)))
        ids = [f"{self.id}-d{k:02d}" for k in range(count)]
        for k, ident in enumerate(ids):
            parent = None if k == 0 else (ids[0] if k < 6 else ids[self.rng.randrange(0, k)])
            base = _DEPARTMENTS[k % len(_DEPARTMENTS)]
            name = base if k < len(_DEPARTMENTS) else f"{base} {k // len(_DEPARTMENTS) + 1}"
            self.region.doc.departments.append(
                Department(id=ident, account=self.id, name=name, parent=parent)
            )
        return ids

    def _people(self, n: int, depts: list[str]) -> tuple[list[str], list[int | None]]:
        """The org chart: person 0 is the top; persons 1..heads head the departments."""
        rng, doc = self.rng, self.region.doc
        ids = [f"{self.id}-p{k:04d}" for k in range(n)]
        bosses: list[int | None] = [None]
        dept_of = [0]
        heads = min(n - 1, len(depts) - 1)
        for k in range(1, n):
            if k <= heads:
                boss, dept = 0, k
            else:
                boss = 1 + int((k - 1) * rng.random() ** 1.5) if k > 1 else 0
                dept = dept_of[boss] if boss else rng.randrange(0, len(depts))
            bosses.append(boss)
            dept_of.append(dept)
        for k, ident in enumerate(ids):
            roles: list[DecisionRole] = []
            if k == 0:
                roles, influence = [_R.DECISION_MAKER], 0.95
            elif k <= heads:
                roles = list(_HEAD_ROLES.get(k, []))
                influence = round(rng.uniform(0.55, 0.85), 2)
            else:
                draw = rng.random()
                if draw < 0.08:
                    roles = [_R.INFLUENCER]
                elif draw < 0.12:
                    roles = [rng.choice([_R.TECHNICAL_BUYER, _R.USER_BUYER])]
                influence = round(rng.uniform(0.1, 0.5), 2)
            left = k > 0 and rng.random() < 0.02
            doc.stakeholders.append(
                Stakeholder(
                    id=ident,
                    account=self.id,
                    name=f"Person {k:04d} of {self.id}",
                    title="General Manager 总经理" if k == 0 else None,
                    department=depts[dept_of[k]],
                    roles=roles,
                    stance=_pick(rng, _STANCES),
                    influence=influence,
                    status=StakeholderStatus.LEFT if left else StakeholderStatus.ACTIVE,
                )
            )
        return ids, bosses

    def _colleagues(self, people: list[str], bosses: list[int | None]) -> None:
        """reports_to (the tree), ~2 influences per person, some alliances and rivalries."""
        rng, rels, n = self.rng, self.region.doc.relationships, len(people)
        seen: set[tuple[str, str, str]] = set()

        def add(rel: Relationship) -> None:
            if rel.from_id != rel.to_id and rel.key not in seen:
                seen.add(rel.key)
                rels.append(rel)

        for k in range(1, n):
            boss = bosses[k]
            assert boss is not None
            add(Relationship(type=RelType.REPORTS_TO, from_id=people[k], to_id=people[boss]))
        if n < 2:
            return
        for k in range(n):
            first = bosses[k] if bosses[k] is not None else rng.randrange(1, n)
            for target in (first, rng.randrange(0, n)):
                weight = round(rng.uniform(0.2, 0.9), 2)
                add(
                    Relationship(
                        type=RelType.INFLUENCES,
                        from_id=people[k],
                        to_id=people[target],
                        weight=weight,
                    )
                )
        for rel_type, count in ((RelType.ALLIED_WITH, n // 25), (RelType.RIVALS_WITH, n // 50)):
            for _ in range(count):
                a, b = rng.sample(range(n), 2)
                add(Relationship(type=rel_type, from_id=people[a], to_id=people[b]))

    def _team(self) -> list[str]:
        """3..10 of the region's people: the iron triangle most of the time, then others."""
        rng = self.rng
        by_role: dict[TeamRole, list[str]] = {}
        for m, role in self.pool:
            by_role.setdefault(role, []).append(m)
        team = [rng.choice(by_role[TeamRole.ACCOUNT_MANAGER])]
        for role, chance in ((TeamRole.SOLUTION_MANAGER, 0.9), (TeamRole.DELIVERY_MANAGER, 0.85)):
            if rng.random() < chance:
                team.append(rng.choice(by_role[role]))
        others = [m for m, _ in self.pool if m not in team]
        team += rng.sample(others, rng.randint(3, 10) - len(team))
        return sorted(team)

    def _ties(self, team: list[str], people: list[str]) -> list[tuple[str, str]]:
        """relates_to edges of varied strength and age; the account manager knows the top."""
        rng, n = self.rng, len(people)
        as_of = SYNTHETIC_AS_OF
        chain = [k for k in range(min(n, 6))]
        pairs: list[tuple[str, str]] = []
        for member in team:
            extra = n // 200
            count = min(n, rng.randint(2 + extra, 4 + extra))
            targets = set(rng.sample(range(n), count))
            if rng.random() < 0.7:
                targets.add(rng.choice(chain))
            if "-am" in member and rng.random() < 0.85:
                targets.add(0)
            for k in sorted(targets):
                age = int(rng.triangular(0, 540, 30))
                self.region.doc.relationships.append(
                    Relationship(
                        type=RelType.RELATES_TO,
                        from_id=member,
                        to_id=people[k],
                        strength=round(rng.uniform(0.2, 0.95), 2),
                        last_contact=as_of - dt.timedelta(days=age),
                        since=as_of - dt.timedelta(days=age + rng.randint(30, 1500)),
                    )
                )
                pairs.append((member, people[k]))
        return pairs

    def _third_parties(self, team: list[str], people: list[str]) -> None:
        rng, rels = self.rng, self.region.doc.relationships
        for tp in rng.sample(self.third, rng.randint(0, 2)):
            strength = round(rng.uniform(0.3, 0.9), 2)
            rels.append(
                Relationship(
                    type=RelType.KNOWS, from_id=tp, to_id=rng.choice(people), strength=strength
                )
            )
            member = rng.choice(team)
            if (member, tp) in self.region.known:
                continue
            self.region.known.add((member, tp))
            rels.append(
                Relationship(
                    type=RelType.KNOWS,
                    from_id=member,
                    to_id=tp,
                    strength=strength,
                    last_contact=SYNTHETIC_AS_OF - dt.timedelta(days=rng.randint(0, 300)),
                )
            )

    def _records(self, ties: list[tuple[str, str]]) -> None:
        rng, doc = self.rng, self.region.doc
        for k in range(rng.randint(3, 8)):
            member, person = rng.choice(ties)
            doc.interactions.append(
                Interaction(
                    id=f"{self.id}-v{k:02d}",
                    account=self.id,
                    date=SYNTHETIC_AS_OF - dt.timedelta(days=rng.randint(0, 365)),
                    team=[member],
                    stakeholders=[person],
                    purpose=rng.choice(_PURPOSES),
                )
            )
        for k in range(rng.randint(2, 4)):
            doc.orders.append(
                Order(
                    id=f"{self.id}-o{k:02d}",
                    account=self.id,
                    date=SYNTHETIC_AS_OF - dt.timedelta(days=rng.randint(0, 365)),
                    amount=round(rng.uniform(10_000, 900_000), 2),
                    margin=round(rng.uniform(0.05, 0.4), 3),
                )
            )


def _pick(rng: random.Random, weighted: list[tuple[_T, float]]) -> _T:
    """One value drawn with the given weights."""
    values = [v for v, _ in weighted]
    return rng.choices(values, weights=[w for _, w in weighted])[0]
