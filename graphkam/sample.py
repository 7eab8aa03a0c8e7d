"""The shipped sample portfolio: a deterministic generator and the manifest of its planted problems.

`build_sample()` rebuilds the portfolio from a fixed seed with every date relative to
`SAMPLE_AS_OF`; `python -m graphkam.sample --write` regenerates
`graphkam/data/sample-portfolio.yaml` (committed, and checked against a fresh build by the
tests). `PLANTED` lists, for every account, the exact gaps `(gap_kind, subject_id)` the
analytics must find as of `SAMPLE_AS_OF`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from graphkam.documents import AccountMap
from graphkam.io.accountmap import generate_account_map, read_account_map
from graphkam.model import (
    Account,
    Competitor,
    CompetitorProduct,
    Complaint,
    DecisionRole,
    Department,
    Interaction,
    NpsAnswer,
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
    "SAMPLE_AS_OF",
    "SAMPLE_PATH",
    "SAMPLE_SEED",
    "PLANTED",
    "PLANTED_LATER",
    "PLANTED_COALITIONS",
    "build_sample",
    "load_sample",
    "dump_sample",
    "main",
]

#: The date every analysis of the sample runs "as of"; no date in the sample depends on today.
SAMPLE_AS_OF = dt.date(2026, 11, 15)
#: The committed sample file (regenerate with `python -m graphkam.sample --write`).
SAMPLE_PATH = Path(__file__).resolve().parent / "data" / "sample-portfolio.yaml"
#: Seed of the generator's random.Random: same seed, same portfolio, byte for byte.
SAMPLE_SEED = 20261115

_R = DecisionRole
_DAY = dt.timedelta(days=1)

# ---------------------------------------------------------------------------------------------
# The manifest: what the analytics must find (see docs/sample-portfolio.md for the stories).
# ---------------------------------------------------------------------------------------------

#: Every account's exact gap set `(gap_kind, subject_id)` as of SAMPLE_AS_OF; empty = healthy.
PLANTED: dict[str, set[tuple[str, str]]] = {
    "hx-group": set(),
    "hx-steel": set(),
    "jh-bank": set(),
    "lq-textile": set(),
    "hf-foods": set(),
    "yx-telecom": set(),
    "dl-energy": {("single_threaded", "dl-chair")},
    "ym-retail": {("role_uncovered", "economic_buyer")},
    "kr-health": {("opponent_uncovered", "kr-med")},
    "ts-logistics": {("champion_left", "ts-cio")},
    "sz-data": {
        ("role_uncovered", "technical_buyer"),
        ("competitor_owned_decision_maker", "sz-cio"),
    },
}

#: Business problems outside the gap set: the health drop (alerts) and the tier mismatch.
PLANTED_LATER: dict[str, set[tuple[str, str]]] = {
    "ts-logistics": {("health_drop", "ts-logistics")},
    "hf-foods": {("tier_mismatch", "hf-foods")},
}

#: Accounts with clear factions: the member set of each coalition.
PLANTED_COALITIONS: dict[str, list[set[str]]] = {
    "yx-telecom": [
        {"yx-cto", "yx-p01", "yx-p08", "yx-p11", "yx-p18"},
        {"yx-cio", "yx-user", "yx-mkt", "yx-p06", "yx-p16"},
    ],
}

# ---------------------------------------------------------------------------------------------
# Reference data: names, departments, our team, third parties, competitors.
# ---------------------------------------------------------------------------------------------

_SURNAMES = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
    ("黄", "Huang"), ("吴", "Wu"), ("徐", "Xu"), ("朱", "Zhu"), ("胡", "Hu"), ("高", "Gao"),
    ("罗", "Luo"), ("郑", "Zheng"), ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"), ("唐", "Tang"),
    ("韩", "Han"), ("冯", "Feng"), ("邓", "Deng"), ("曹", "Cao"), ("彭", "Peng"), ("曾", "Zeng"),
    ("田", "Tian"), ("董", "Dong"), ("袁", "Yuan"), ("潘", "Pan"), ("蒋", "Jiang"), ("蔡", "Cai"),
    ("杜", "Du"), ("叶", "Ye"), ("程", "Cheng"), ("苏", "Su"), ("魏", "Wei"), ("丁", "Ding"),
    ("任", "Ren"), ("沈", "Shen"), ("姚", "Yao"), ("卢", "Lu"), ("钟", "Zhong"), ("汪", "Wang"),
]  # fmt: skip
_GIVEN = [
    ("建国", "Jianguo"), ("志强", "Zhiqiang"), ("秀英", "Xiuying"), ("丽华", "Lihua"),
    ("伟", "Wei"), ("芳", "Fang"), ("敏", "Min"), ("静", "Jing"), ("洋", "Yang"), ("勇", "Yong"),
    ("艳", "Yan"),
    ("杰", "Jie"), ("娟", "Juan"), ("明", "Ming"), ("超", "Chao"), ("霞", "Xia"), ("平", "Ping"),
    ("刚", "Gang"), ("海燕", "Haiyan"), ("晓东", "Xiaodong"), ("文博", "Wenbo"),
    ("思远", "Siyuan"),
    ("雨桐", "Yutong"), ("子涵", "Zihan"), ("浩然", "Haoran"), ("嘉怡", "Jiayi"),
    ("国栋", "Guodong"),
    ("宏伟", "Hongwei"), ("婷婷", "Tingting"), ("春梅", "Chunmei"), ("立新", "Lixin"),
    ("永强", "Yongqiang"), ("慧敏", "Huimin"), ("建华", "Jianhua"), ("玉兰", "Yulan"),
    ("光明", "Guangming"), ("德胜", "Desheng"), ("红梅", "Hongmei"), ("卫东", "Weidong"),
    ("新民", "Xinmin"), ("晨", "Chen"), ("凯", "Kai"), ("琳", "Lin"), ("鹏", "Peng"), ("宇", "Yu"),
    ("欣怡", "Xinyi"), ("俊杰", "Junjie"), ("一鸣", "Yiming"), ("若溪", "Ruoxi"),
    ("振宇", "Zhenyu"),
]  # fmt: skip

#: Staff titles by department key (a department's head gets "<dept> 负责人 Head" unless core).
_STAFF_TITLES = {
    "office": ["秘书 Secretary", "行政专员 Administrative Officer"],
    "fin": ["财务经理 Finance Manager", "会计主管 Chief Accountant", "预算专员 Budget Analyst"],
    "it": [
        "系统架构师 Systems Architect",
        "运维主管 IT Operations Lead",
        "数据工程师 Data Engineer",
    ],
    "proc": ["采购经理 Purchasing Manager", "采购专员 Buyer"],
}
_GENERIC_STAFF = ["主管 Supervisor", "经理 Manager", "专员 Specialist", "工程师 Engineer"]

#: Our team: (id, name, role, coach). Accounts are filled in from the account specs.
_TEAM = [
    ("es-zhou", "周岩 Zhou Yan", TeamRole.EXECUTIVE_SPONSOR, None),
    ("mgr-sun", "孙丽 Sun Li", TeamRole.ACCOUNT_MANAGER, "es-zhou"),
    ("am-lin", "林涛 Lin Tao", TeamRole.ACCOUNT_MANAGER, "mgr-sun"),
    ("am-chen", "陈静 Chen Jing", TeamRole.ACCOUNT_MANAGER, "mgr-sun"),
    ("am-zhao", "赵磊 Zhao Lei", TeamRole.ACCOUNT_MANAGER, "mgr-sun"),
    ("sm-he", "何敏 He Min", TeamRole.SOLUTION_MANAGER, None),
    ("sm-xu", "许帆 Xu Fan", TeamRole.SOLUTION_MANAGER, None),
    ("dm-guo", "郭强 Guo Qiang", TeamRole.DELIVERY_MANAGER, None),
    ("dm-ma", "马骏 Ma Jun", TeamRole.DELIVERY_MANAGER, None),
    ("cs-wu", "吴悦 Wu Yue", TeamRole.CUSTOMER_SUCCESS, "mgr-sun"),
]


@dataclass
class _Core:
    """A named stakeholder of an account's spec: key, title, department key, boss key, roles."""

    key: str
    title: str
    dept: str
    boss: str | None
    roles: list[DecisionRole]
    stance: Stance
    influence: float
    heads: bool = True


@dataclass
class _Spec:
    """One account to generate."""

    id: str
    prefix: str
    name: str
    tier: Tier
    industry: str
    size: int
    depts: list[tuple[str, str]]
    core: list[_Core]
    team: list[str]
    monthly: float
    potential: float
    parent: str | None = None
    plant: str = "healthy"
    extra: dict[str, object] = field(default_factory=dict)


def _core(top: str, user: tuple[str, str], stances: dict[str, Stance]) -> list[_Core]:
    """The seven-role decision chain every account starts from (top title, user dept/title)."""
    s = {
        "top": Stance.SUPPORTER, "cfo": Stance.NEUTRAL, "cio": Stance.CHAMPION,
        "user": Stance.SUPPORTER, "proc": Stance.NEUTRAL, "vp": Stance.SUPPORTER,
        "gk": Stance.NEUTRAL, **stances,
    }  # fmt: skip
    return [
        _Core("top", top, "office", None, [_R.DECISION_MAKER], s["top"], 0.95, heads=False),
        _Core("vp", "副总经理 Deputy General Manager", "office", "top", [_R.INFLUENCER], s["vp"],
              0.8, heads=False),
        _Core("gk", "总经理办公室主任 Director, Executive Office", "office", "top",
              [_R.GATEKEEPER], s["gk"], 0.55),
        _Core("cfo", "财务总监 CFO", "fin", "top", [_R.ECONOMIC_BUYER], s["cfo"], 0.85),
        _Core("cio", "信息中心主任 CIO", "it", "vp", [_R.TECHNICAL_BUYER], s["cio"], 0.75),
        _Core("user", user[1], user[0], "vp", [_R.USER_BUYER], s["user"], 0.7),
        _Core("proc", "采购部部长 Head of Procurement", "proc", "top", [_R.PROCUREMENT], s["proc"],
              0.6),
    ]  # fmt: skip


_BASE_DEPTS = [
    ("office", "总经理办公室 Executive Office"),
    ("fin", "财务部 Finance"),
    ("it", "信息中心 IT"),
    ("proc", "采购部 Procurement"),
]


def _base(**names: str) -> list[tuple[str, str]]:
    """The four departments every account has, with some renamed (a hospital, an agency)."""
    return [(key, names.get(key, name)) for key, name in _BASE_DEPTS]


#: Titles of the decision chain in a hospital, a bank and a government agency.
_HOSPITAL = {
    "vp": "副院长 Vice President", "gk": "院长办公室主任 Director, President's Office",
    "cfo": "财务处处长 Head of Finance", "cio": "信息科科长 Head of IT",
    "proc": "采购中心主任 Head of Procurement",
}  # fmt: skip
_BANK = {"vp": "副行长 Vice President", "gk": "行长办公室主任 Director, President's Office"}
_AGENCY = {
    "vp": "副主任 Deputy Director-General", "gk": "办公室主任 Director, General Office",
    "cfo": "规划财务处处长 Head of Planning & Finance", "cio": "信息技术处处长 Head of IT",
    "proc": "采购处处长 Head of Procurement",
}  # fmt: skip


def _specs() -> list[_Spec]:
    """The portfolio: eleven accounts, each with a story (docs/sample-portfolio.md)."""
    man = [("prod", "生产部 Production"), ("qa", "质量部 Quality"), ("equip", "设备部 Equipment")]
    return [
        _Spec("hx-group", "hxg", "华星集团 Huaxing Group", Tier.A, "manufacturing", 18,
              [*_BASE_DEPTS, ("strategy", "战略投资部 Strategy & Investment")],
              _core("董事长 Chairman", ("strategy", "战略投资部部长 Head of Strategy"), {}),
              ["am-lin", "sm-he", "dm-guo", "es-zhou"], 260_000, 5_000_000),
        _Spec("hx-steel", "hx", "华星钢铁 Huaxing Steel", Tier.S, "manufacturing", 48,
              [*_BASE_DEPTS, *man], _core("总经理 General Manager", ("prod", "生产部部长 Head of "
              "Production"), {"cfo": Stance.SUPPORTER}),
              ["am-lin", "sm-he", "dm-guo", "es-zhou", "cs-wu"], 1_100_000, 18_000_000,
              parent="hx-group"),
        _Spec("jh-bank", "jh", "江海银行 Jianghai Bank", Tier.S, "banking", 56,
              [*_base(office="行长办公室 President's Office"),
               ("retail", "零售银行部 Retail Banking"),
               ("risk", "风险管理部 Risk Management"), ("ops", "运营管理部 Operations")],
              _core("行长 President", ("retail", "零售银行部总经理 Head of Retail Banking"),
                    {"proc": Stance.SUPPORTER}),
              ["am-lin", "sm-xu", "dm-guo", "es-zhou", "cs-wu"], 1_400_000, 25_000_000,
              extra={"titles": _BANK}),
        _Spec("lq-textile", "lq", "临泉纺织 Linquan Textile", Tier.C, "manufacturing", 15,
              [*_BASE_DEPTS, ("prod", "生产部 Production")],
              _core("总经理 General Manager", ("prod", "生产部部长 Head of Production"), {}),
              ["am-zhao", "sm-xu", "dm-ma"], 45_000, 400_000),
        _Spec("hf-foods", "hf", "禾丰食品 Hefeng Foods", Tier.B, "food & beverage", 34,
              [*_BASE_DEPTS, ("prod", "生产部 Production"), ("qc", "品控部 Quality Control"),
               ("sales", "销售部 Sales")],
              _core("总经理 General Manager", ("prod", "生产部部长 Head of Production"), {}),
              ["am-zhao", "sm-xu", "dm-guo", "cs-wu"], 1_600_000, 30_000_000,
              plant="tier_mismatch"),
        _Spec("yx-telecom", "yx", "云信通信 Yunxin Telecom", Tier.S, "telecom", 40,
              [*_BASE_DEPTS, ("net", "网络部 Network"), ("mkt", "市场部 Marketing"),
               ("gov", "政企客户部 Government & Enterprise")],
              _core("总经理 General Manager", ("gov", "政企客户部总经理 Head of Government & "
              "Enterprise"), {}),
              ["am-zhao", "sm-xu", "dm-ma", "es-zhou", "cs-wu"], 900_000, 15_000_000,
              plant="coalitions",
              extra={"heads": {"net": ("cto", "首席技术官 CTO, Head of Network", Stance.SKEPTIC,
                                       0.8),
                               "mkt": ("mkt", "市场部总经理 Head of Marketing", Stance.SUPPORTER,
                                       0.65)}}),
        _Spec("dl-energy", "dl", "东岭能源 Dongling Energy", Tier.B, "energy", 30,
              [*_BASE_DEPTS, ("ops", "生产运营部 Operations"), ("hse", "安全环保部 HSE")],
              _core("董事长 Chairman", ("ops", "生产运营部部长 Head of Operations"), {}),
              ["am-chen", "sm-he", "dm-ma"], 350_000, 4_000_000,
              plant="single_threaded", extra={"slugs": {"top": "chair"}}),
        _Spec("ym-retail", "ym", "悦美零售 Yuemei Retail", Tier.B, "retail", 26,
              [*_BASE_DEPTS, ("stores", "门店运营部 Store Operations"),
               ("scm", "供应链部 Supply Chain")],
              _core("总经理 General Manager", ("stores", "门店运营部部长 Head of Store "
              "Operations"), {"cfo": Stance.SKEPTIC}),
              ["am-zhao", "sm-xu", "dm-ma"], 220_000, 2_500_000, plant="economic_buyer"),
        _Spec("kr-health", "kr", "康瑞医院 Kangrui Hospital", Tier.A, "healthcare", 36,
              [*_base(office="院长办公室 President's Office", fin="财务处 Finance",
                      it="信息科 IT", proc="采购中心 Procurement"),
               ("med", "医务部 Medical Affairs"), ("nurse", "护理部 Nursing")],
              _core("院长 Hospital President", ("nurse", "护理部主任 Director of Nursing"), {}),
              ["am-chen", "sm-xu", "dm-ma", "es-zhou"], 500_000, 6_000_000, plant="opponent",
              extra={"titles": _HOSPITAL,
                     "heads": {"med": ("med", "医务部主任 Director of Medical Affairs",
                                       Stance.OPPONENT, 0.85)}}),
        _Spec("ts-logistics", "ts", "通顺物流 Tongshun Logistics", Tier.A, "logistics", 32,
              [*_BASE_DEPTS, ("trans", "运输部 Transport"), ("wh", "仓储部 Warehousing"),
               ("cs", "客服部 Customer Service")],
              _core("总经理 General Manager", ("wh", "仓储部部长 Head of Warehousing"),
                    {"cio": Stance.NEUTRAL}),
              ["am-chen", "sm-he", "dm-guo", "es-zhou", "cs-wu"], 600_000, 7_000_000,
              plant="champion_left", extra={"slugs": {"cio": "itdir"}}),
        _Spec("sz-data", "sz", "省大数据中心 Provincial Big Data Center", Tier.A,
              "government / SOE", 28,
              [*_base(office="办公室 General Office", fin="规划财务处 Planning & Finance",
                      it="信息技术处 IT", proc="采购处 Procurement"),
               ("res", "数据资源处 Data Resources"),
               ("svc", "政务服务处 Public Services")],
              _core("主任 Director-General", ("svc", "政务服务处处长 Head of Public Services"),
                    {"cio": Stance.SKEPTIC}),
              ["am-chen", "sm-he", "dm-ma", "es-zhou"], 400_000, 8_000_000, plant="competitor",
              extra={"titles": _AGENCY}),
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The generator.
# ---------------------------------------------------------------------------------------------

_PURPOSES = {
    TeamRole.ACCOUNT_MANAGER: [Purpose.RELATIONSHIP, Purpose.PROGRESS, Purpose.SIGNING],
    TeamRole.SOLUTION_MANAGER: [Purpose.SOLUTION, Purpose.RESEARCH, Purpose.PROGRESS],
    TeamRole.DELIVERY_MANAGER: [Purpose.PROGRESS, Purpose.SOLUTION],
    TeamRole.EXECUTIVE_SPONSOR: [Purpose.RELATIONSHIP, Purpose.SIGNING],
    TeamRole.CUSTOMER_SUCCESS: [Purpose.RELATIONSHIP, Purpose.RESEARCH],
}
_VISIT_NOTES = {
    Purpose.SIGNING: "Reviewed contract terms and the signing timeline.",
    Purpose.RELATIONSHIP: "Catch-up over tea; discussed priorities for next year.",
    Purpose.PROGRESS: "Project status review; agreed next milestones.",
    Purpose.SOLUTION: "Walked through the proposed solution and integration points.",
    Purpose.RESEARCH: "Interviewed users about current processes and pain points.",
}


class _Builder:
    """Accumulates the portfolio's sections while the account specs are generated."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.doc = AccountMap()
        self.roles = {ident: role for ident, _, role, _ in _TEAM}
        self.used_names = {name for _, name, _, _ in _TEAM}
        self.ties: dict[tuple[str, str], float] = {}  # (team member, stakeholder) -> strength
        self.recent: dict[tuple[str, str], int] = {}  # latest visit, days before SAMPLE_AS_OF

    # -- helpers --------------------------------------------------------------------------
    def name(self) -> str:
        """A fresh bilingual name such as `王建国 Wang Jianguo`, unique in the portfolio."""
        while True:
            (sh, sp), (gh, gp) = self.rng.choice(_SURNAMES), self.rng.choice(_GIVEN)
            name = f"{sh}{gh} {sp} {gp}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def rel(self, type_: RelType, a: str, b: str, **extra: object) -> None:
        self.doc.relationships.append(
            Relationship.model_validate({"type": type_, "from": a, "to": b, **extra})
        )

    def tie(self, member: str, person: str, strength: float, recent_days: int) -> None:
        """Our person relates to theirs; visits come later, the latest `recent_days` ago."""
        self.ties[(member, person)] = round(strength, 2)
        self.recent[(member, person)] = recent_days

    def date(self, days_before: int) -> dt.date:
        return SAMPLE_AS_OF - days_before * _DAY

    # -- one account ----------------------------------------------------------------------
    def account(self, spec: _Spec) -> None:
        rng, p = self.rng, spec.prefix
        self.doc.accounts.append(
            Account(id=spec.id, name=spec.name, tier=spec.tier, industry=spec.industry,
                    parent=spec.parent,
                    potential_value=spec.potential)
        )  # fmt: skip
        dept_id = {key: f"{p}-dept-{key}" for key, _ in spec.depts}
        for key, name in spec.depts:
            self.doc.departments.append(Department(id=dept_id[key], account=spec.id, name=name))
        slugs: dict[str, str] = spec.extra.get("slugs", {})  # type: ignore[assignment]
        titles: dict[str, str] = spec.extra.get("titles", {})  # type: ignore[assignment]
        sid = {c.key: f"{p}-{slugs.get(c.key, c.key)}" for c in spec.core}
        heads: dict[str, str] = {}
        people: list[Stakeholder] = []
        bosses: dict[str, str] = {}
        for c in spec.core:
            people.append(
                Stakeholder(id=sid[c.key], account=spec.id, name=self.name(),
                            title=titles.get(c.key, c.title),
                            department=dept_id[c.dept], roles=c.roles, stance=c.stance,
                            influence=c.influence)
            )  # fmt: skip
            if c.boss:
                bosses[sid[c.key]] = sid[c.boss]
            if c.heads:
                heads[c.dept] = sid[c.key]
        head_specs: dict[str, tuple[str, str, Stance, float]] = spec.extra.get("heads", {})  # type: ignore[assignment]
        for key, name in spec.depts:
            if key in heads:
                continue
            slug, title, stance, infl = head_specs.get(
                key, (key, f"{name.split(' ')[0]}负责人 Head of {name.split(' ', 1)[1]}",
                      Stance.NEUTRAL, 0.5)
            )  # fmt: skip
            ident = f"{p}-{slug}"
            heads[key] = ident
            people.append(
                Stakeholder(
                    id=ident,
                    account=spec.id,
                    name=self.name(),
                    title=title,
                    department=dept_id[key],
                    stance=stance,
                    influence=infl,
                )
            )
            bosses[ident] = sid["vp"] if key not in ("office",) else sid["top"]
        # Staff, round-robin over departments (user-facing departments first) up to `size`.
        using = [k for k, _ in spec.depts[len(_BASE_DEPTS) :]]
        order = [*using, *(k for k, _ in _BASE_DEPTS), *using]
        n = 0
        while len(people) < spec.size:
            key = order[n % len(order)]
            n += 1
            titles = _STAFF_TITLES.get(key) or [
                f"{spec.depts[[k for k, _ in spec.depts].index(key)][1].split(' ')[0]}{t}"
                for t in _GENERIC_STAFF
            ]
            ident = f"{p}-p{n:02d}"
            people.append(Stakeholder(id=ident, account=spec.id, name=self.name(),
                                      title=rng.choice(titles), department=dept_id[key],
                                      stance=rng.choice([Stance.SUPPORTER, Stance.NEUTRAL,
                                                         Stance.NEUTRAL, Stance.UNKNOWN]),
                                      influence=round(rng.uniform(0.15, 0.45), 2)))  # fmt: skip
            bosses[ident] = heads[key]
        self.doc.stakeholders.extend(people)
        # Org chart and influence: everyone reports to and sways their boss.
        for person in people:
            boss = bosses.get(person.id)
            if boss is None:
                continue
            self.rel(RelType.REPORTS_TO, person.id, boss)
            core = person.influence >= 0.5
            weight = rng.uniform(0.55, 0.9) if core else rng.uniform(0.2, 0.45)
            self.rel(RelType.INFLUENCES, person.id, boss, weight=round(weight, 2))
        self.rel(RelType.INFLUENCES, sid["cfo"], sid["vp"], weight=0.4)
        self.rel(RelType.INFLUENCES, sid["cio"], sid["top"], weight=0.5)
        self._plan_ties(spec, sid, heads, people, dept_id)
        self._facts(spec, sid)
        _PLANTS.get(spec.plant, _plant_healthy)(self, spec, sid, heads, people)

    def _plan_ties(
        self,
        spec: _Spec,
        sid: dict[str, str],
        heads: dict[str, str],
        people: list[Stakeholder],
        dept_id: dict[str, str],
    ) -> None:
        """Our relationships: AM high, solution manager technical, delivery and CS everywhere."""
        rng = self.rng
        t = {self.roles[m]: m for m in spec.team}
        am, sm = t[TeamRole.ACCOUNT_MANAGER], t[TeamRole.SOLUTION_MANAGER]
        dm = t[TeamRole.DELIVERY_MANAGER]
        cs = t.get(TeamRole.CUSTOMER_SUCCESS, dm)
        for key in ("top", "gk", "proc", "cfo"):
            self.tie(am, sid[key], rng.uniform(0.7, 0.9), rng.randint(5, 40))
        if TeamRole.EXECUTIVE_SPONSOR in t:
            self.tie(
                t[TeamRole.EXECUTIVE_SPONSOR],
                sid["top"],
                rng.uniform(0.7, 0.85),
                rng.randint(10, 60),
            )
        for key in ("cio", "user", "vp"):
            self.tie(sm, sid[key], rng.uniform(0.7, 0.9), rng.randint(5, 40))
        self.tie(dm, sid["user"], rng.uniform(0.65, 0.85), rng.randint(5, 30))
        # One working contact in every department, with the delivery manager or CS.
        for key, _ in spec.depts:
            staff = [
                s
                for s in people
                if s.department == dept_id[key] and s.id != heads[key] and not s.roles
            ]
            contact = staff[0].id if staff else heads[key]
            owner = dm if key in ("it", "prod", "ops", "net", "res", "wh", "trans") else cs
            self.tie(owner, contact, rng.uniform(0.55, 0.8), rng.randint(5, 60))

    def _facts(self, spec: _Spec, sid: dict[str, str]) -> None:
        """A year of orders, NPS answers and the odd complaint."""
        rng = self.rng
        every = 1 if spec.tier in (Tier.S, Tier.A) or spec.plant == "tier_mismatch" else 2
        for back in range(11, -1, -every):
            year, month = divmod(SAMPLE_AS_OF.year * 12 + SAMPLE_AS_OF.month - 1 - back, 12)
            day = dt.date(year, month + 1, rng.randint(3, 26 if back else 12))
            amount = spec.monthly * every * rng.uniform(0.75, 1.25)
            self.doc.orders.append(
                Order(
                    account=spec.id,
                    date=day,
                    amount=round(amount, -2),
                    margin=round(rng.uniform(0.18, 0.34), 2),
                )
            )
            if spec.plant == "tier_mismatch":
                extra = day - 12 * _DAY
                self.doc.orders.append(
                    Order(account=spec.id, date=extra, amount=round(amount * 0.6, -2),
                          margin=round(rng.uniform(0.22, 0.3), 2))
                )  # fmt: skip
        for days in (300, 210, 120, 30):
            for key in ("user", "cio"):
                self.doc.nps.append(NpsAnswer(account=spec.id, date=self.date(days + len(key)),
                                              score=rng.choice([8, 9, 9, 10]),
                                              respondent=sid[key]))  # fmt: skip
        if spec.tier in (Tier.S, Tier.A):
            when = rng.randint(150, 300)
            self.doc.complaints.append(
                Complaint(account=spec.id, date=self.date(when), severity=2,
                          resolved=self.date(when - rng.randint(3, 12)),
                          summary="Report export slow during month-end close.")
            )  # fmt: skip

    # -- visits ---------------------------------------------------------------------------
    def visits(self) -> None:
        """Visit records for every tie; each tie's last_contact is its latest visit."""
        rng = self.rng
        latest: dict[tuple[str, str], dt.date] = {}
        for (member, person), strength in sorted(self.ties.items()):
            recent = self.recent[(member, person)]
            count = 2 + round(strength * 6) if recent < 200 else 3
            days = sorted({recent, *(rng.randint(recent + 7, 364) for _ in range(count - 1))})
            for d in days:
                purpose = rng.choice(_PURPOSES[self.roles[member]])
                self.doc.interactions.append(
                    Interaction(date=self.date(d), team=[member], stakeholders=[person],
                                purpose=purpose, notes=_VISIT_NOTES[purpose])
                )  # fmt: skip
            latest[(member, person)] = self.date(min(days))
        # Joint visits: two of a member's contacts met together, on a date before the latest.
        by_member: dict[str, list[str]] = {}
        for member, person in sorted(self.ties):
            by_member.setdefault(member, []).append(person)
        for member, persons in by_member.items():
            accounts: dict[str, list[str]] = {}
            for person in persons:
                accounts.setdefault(self._account_of(person), []).append(person)
            for group in accounts.values():
                if len(group) < 2:
                    continue
                pair = sorted(rng.sample(group, 2))
                floor = min(latest[(member, x)] for x in pair)
                when = floor - rng.randint(20, 90) * _DAY
                if when > SAMPLE_AS_OF - 365 * _DAY:
                    self.doc.interactions.append(
                        Interaction(date=when, team=[member], stakeholders=pair,
                                    purpose=Purpose.PROGRESS, notes=_VISIT_NOTES[Purpose.PROGRESS])
                    )  # fmt: skip
        # Joint visits: two of our people (say the sponsor and the AM) meet one person together.
        by_person: dict[str, list[str]] = {}
        for member, person in sorted(self.ties):
            by_person.setdefault(person, []).append(member)
        for person, members in by_person.items():
            if len(members) < 2 or self.recent[(members[0], person)] > 200:
                continue
            pair = members[:2]
            sponsor = any(self.roles[m] is TeamRole.EXECUTIVE_SPONSOR for m in pair)
            purpose = Purpose.SIGNING if sponsor else Purpose.PROGRESS
            when = min(latest[(m, person)] for m in pair) - rng.randint(15, 60) * _DAY
            if when > SAMPLE_AS_OF - 365 * _DAY:
                self.doc.interactions.append(
                    Interaction(date=when, team=pair, stakeholders=[person], purpose=purpose,
                                notes=_VISIT_NOTES[purpose])
                )  # fmt: skip
        for (member, person), strength in sorted(self.ties.items()):
            self.rel(
                RelType.RELATES_TO,
                member,
                person,
                strength=strength,
                last_contact=latest[(member, person)],
            )
        self.doc.interactions.sort(key=lambda i: (i.date, i.team, i.stakeholders))

    def _account_of(self, person: str) -> str:
        return next(s.account for s in self.doc.stakeholders if s.id == person)


# ---------------------------------------------------------------------------------------------
# Planted problems: each edits one freshly generated account.
# ---------------------------------------------------------------------------------------------


def _plant_healthy(
    b: _Builder, spec: _Spec, sid: dict[str, str], heads: dict[str, str], people: list[Stakeholder]
) -> None:
    """A healthy account: the technical and using sides are allies."""
    b.rel(RelType.ALLIED_WITH, sid["cio"], sid["user"])


def _plant_single_threaded(
    b: _Builder, spec: _Spec, sid: dict[str, str], heads: dict[str, str], people: list[Stakeholder]
) -> None:
    """The chairman co-signs but is reached only through the general manager (the one SPOF)."""
    chair, gm = sid["top"], f"{spec.prefix}-gm"
    for i, rel in enumerate(b.doc.relationships):
        if rel.to_id == chair and rel.type in (RelType.REPORTS_TO, RelType.INFLUENCES):
            b.doc.relationships[i] = rel.model_copy(update={"to_id": gm})
    b.doc.stakeholders.append(
        Stakeholder(id=gm, account=spec.id, name=b.name(), title="总经理 General Manager",
                    department=f"{spec.prefix}-dept-office", roles=[_R.DECISION_MAKER],
                    stance=Stance.SUPPORTER, influence=0.9)
    )  # fmt: skip
    b.rel(RelType.REPORTS_TO, gm, chair)
    b.rel(RelType.INFLUENCES, gm, chair, weight=0.85)
    for key in [k for k in b.ties if k[1] == chair]:
        del b.ties[key]
    am = next(m for m in spec.team if b.roles[m] is TeamRole.ACCOUNT_MANAGER)
    b.tie(am, gm, 0.85, 9)
    b.rel(RelType.ALLIED_WITH, sid["cio"], sid["user"])


def _plant_uncovered_economic_buyer(
    b: _Builder, spec: _Spec, sid: dict[str, str], heads: dict[str, str], people: list[Stakeholder]
) -> None:
    """Nobody of ours has ever met the CFO, who holds the budget."""
    for key in [k for k in b.ties if k[1] == sid["cfo"]]:
        del b.ties[key]
    b.rel(RelType.RIVALS_WITH, sid["cfo"], sid["cio"])


def _plant_opponent(
    b: _Builder, spec: _Spec, sid: dict[str, str], heads: dict[str, str], people: list[Stakeholder]
) -> None:
    """The head of medical affairs opposes us, sways the president, and nobody of ours knows him."""
    med = heads["med"]
    for key in [k for k in b.ties if k[1] == med]:
        del b.ties[key]
    for i, rel in enumerate(b.doc.relationships):
        if rel.from_id == med and rel.type in (RelType.REPORTS_TO, RelType.INFLUENCES):
            b.doc.relationships[i] = rel.model_copy(update={"to_id": sid["top"]})
    b.rel(RelType.RIVALS_WITH, med, sid["cio"])


def _plant_champion_left(
    b: _Builder, spec: _Spec, sid: dict[str, str], heads: dict[str, str], people: list[Stakeholder]
) -> None:
    """Our champion, the CIO, left in August; a neutral successor; business falls away after."""
    old = f"{spec.prefix}-cio"
    b.doc.stakeholders.append(
        Stakeholder(id=old, account=spec.id, name=b.name(), title="原信息中心主任 Former CIO",
                    department=f"{spec.prefix}-dept-it", roles=[_R.TECHNICAL_BUYER],
                    stance=Stance.CHAMPION, influence=0.75, status=StakeholderStatus.LEFT)
    )  # fmt: skip
    b.rel(RelType.REPORTS_TO, old, sid["vp"])
    sm = next(m for m in spec.team if b.roles[m] is TeamRole.SOLUTION_MANAGER)
    b.tie(sm, old, 0.9, 112)
    b.rel(RelType.ALLIED_WITH, sid["cio"], sid["user"])
    left = dt.date(2026, 8, 10)
    orders = [o for o in b.doc.orders if o.account == spec.id]
    for o in orders:
        if o.date > left:
            months = (o.date - left).days / 30
            o.amount = round(o.amount * max(0.15, 0.7 - 0.2 * months), -2)
    for a in [x for x in b.doc.nps if x.account == spec.id and x.date > left]:
        a.score = 3 if a.respondent == sid["user"] else 5
    b.doc.complaints.append(
        Complaint(account=spec.id, date=dt.date(2026, 10, 9), severity=4,
                  summary="Warehouse system rollout at the Wuhan hub slipped six weeks.")
    )  # fmt: skip


def _plant_competitor(
    b: _Builder, spec: _Spec, sid: dict[str, str], heads: dict[str, str], people: list[Stakeholder]
) -> None:
    """The technical buyer is a rival vendor's man: it relates to him strongly, nobody of ours."""
    cio = sid["cio"]
    for key in [k for k in b.ties if k[1] == cio]:
        del b.ties[key]
    i = next(i for i, s in enumerate(b.doc.stakeholders) if s.id == cio)
    b.doc.stakeholders[i] = b.doc.stakeholders[i].model_copy(
        update={"competitor_preference": "comp-ruiteng"}
    )
    b.rel(RelType.COMPETITOR_RELATES_TO, "comp-ruiteng", cio, strength=0.9,
          last_contact=dt.date(2026, 11, 2))  # fmt: skip
    b.doc.competitor_products.append(
        CompetitorProduct(account=spec.id, competitor="comp-ruiteng", product="RT-DataHub",
                          since=dt.date(2023, 6, 1), satisfaction=4)
    )  # fmt: skip


def _plant_coalitions(
    b: _Builder, spec: _Spec, sid: dict[str, str], heads: dict[str, str], people: list[Stakeholder]
) -> None:
    """Two factions: network (CTO) against IT and business (CIO); the leaders are rivals."""
    p = spec.prefix
    for faction in PLANTED_COALITIONS[spec.id]:
        members = sorted(faction)
        for i, a in enumerate(members):
            for c in members[i + 1 :]:
                b.rel(RelType.ALLIED_WITH, a, c)
    b.rel(RelType.RIVALS_WITH, f"{p}-cto", sid["cio"])
    b.rel(RelType.RIVALS_WITH, f"{p}-cto", sid["user"])


def _plant_tier_mismatch(
    b: _Builder, spec: _Spec, sid: dict[str, str], heads: dict[str, str], people: list[Stakeholder]
) -> None:
    """Healthy relationships; the business facts (twice-monthly orders) outgrow tier B."""
    _plant_healthy(b, spec, sid, heads, people)


_PLANTS = {
    "single_threaded": _plant_single_threaded,
    "economic_buyer": _plant_uncovered_economic_buyer,
    "opponent": _plant_opponent,
    "champion_left": _plant_champion_left,
    "competitor": _plant_competitor,
    "coalitions": _plant_coalitions,
    "tier_mismatch": _plant_tier_mismatch,
}


# ---------------------------------------------------------------------------------------------
# The portfolio.
# ---------------------------------------------------------------------------------------------


def build_sample(seed: int = SAMPLE_SEED) -> AccountMap:
    """Generate the sample portfolio (deterministic for a given seed)."""
    b = _Builder(seed)
    specs = _specs()
    for spec in specs:
        b.account(spec)
    for ident, name, role, coach in _TEAM:
        accounts = [s.id for s in specs if ident in s.team]
        b.doc.team.append(TeamMember(id=ident, name=name, team_role=role, accounts=accounts,
                                     coach=coach))  # fmt: skip
    b.doc.third_parties = [
        ThirdParty(id="tp-bright", name="明远咨询 Bright Consulting"),
        ThirdParty(id="tp-zhongke", name="中科集成 Zhongke Systems Integration"),
        ThirdParty(id="tp-liu", name="刘振华 Liu Zhenhua (物流与采购联合会 logistics association)",
                   kind=ThirdPartyKind.PERSON),
    ]  # fmt: skip
    b.doc.competitors = [
        Competitor(id="comp-ruiteng", name="锐腾科技 Ruiteng Technology",
                   products=["RT-MES", "RT-DataHub", "RT-WMS"]),
        Competitor(id="comp-boyuan", name="博远软件 Boyuan Software",
                   products=["BY-ERP", "BY-CRM"]),
    ]  # fmt: skip
    knows = [
        ("tp-bright", "es-zhou", 0.9), ("tp-bright", "hxg-top", 0.7), ("tp-bright", "jh-top", 0.6),
        ("tp-zhongke", "sm-he", 0.8), ("tp-zhongke", "hx-cio", 0.7), ("tp-zhongke", "kr-cio", 0.6),
        ("tp-liu", "am-chen", 0.8), ("tp-liu", "ts-proc", 0.7), ("tp-liu", "hf-proc", 0.6),
    ]  # fmt: skip
    for a, c, strength in knows:
        b.rel(RelType.KNOWS, a, c, strength=strength, last_contact=b.date(b.rng.randint(10, 80)))
    b.rel(RelType.PARTNERS_WITH, "tp-zhongke", "comp-ruiteng")
    b.doc.competitor_products.append(
        CompetitorProduct(account="jh-bank", competitor="comp-boyuan", product="BY-CRM",
                          since=dt.date(2021, 3, 1), satisfaction=2)
    )  # fmt: skip
    b.visits()
    for i, account in enumerate(b.doc.accounts):
        revenue = sum(o.amount for o in b.doc.orders if o.account == account.id)
        b.doc.accounts[i] = account.model_copy(update={"revenue": round(revenue, -3)})
    for person, note in (("hx-cio", "Prefers written proposals; Tsinghua alumnus."),
                         ("jh-top", "Plays tennis on Saturdays.")):  # fmt: skip
        i = next(i for i, s in enumerate(b.doc.stakeholders) if s.id == person)
        b.doc.stakeholders[i] = b.doc.stakeholders[i].model_copy(update={"notes": note})
    return b.doc


def dump_sample(doc: AccountMap) -> str:
    """The YAML text of an account map, as committed in SAMPLE_PATH."""
    header = (
        "# graphkam sample portfolio: generated by `python -m graphkam.sample --write`; do not\n"
        f"# edit by hand. Analyse it as of {SAMPLE_AS_OF.isoformat()} "
        "(graphkam.sample.SAMPLE_AS_OF).\n"
    )
    return header + generate_account_map(doc, "yaml")


def load_sample() -> AccountMap:
    """The committed sample portfolio, read from SAMPLE_PATH."""
    return read_account_map(SAMPLE_PATH)


def main(argv: list[str] | None = None) -> int:
    """`python -m graphkam.sample [--write]`: print the sample YAML, or write SAMPLE_PATH."""
    parser = argparse.ArgumentParser(prog="python -m graphkam.sample", description=main.__doc__)
    parser.add_argument("--write", action="store_true", help=f"write {SAMPLE_PATH.name}")
    args = parser.parse_args(argv)
    text = dump_sample(build_sample())
    if args.write:
        SAMPLE_PATH.parent.mkdir(parents=True, exist_ok=True)
        SAMPLE_PATH.write_text(text, encoding="utf-8")
        print(f"wrote {SAMPLE_PATH}")
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
