"""Role suggestion from job titles: a table of real-world titles in English and Chinese.

Expected roles are what a key-account manager would write down for the person, per the
decision-role vocabulary of DESIGN.md (decision_maker signs, economic_buyer holds the budget,
technical_buyer evaluates, user_buyer uses, procurement buys, gatekeeper controls access,
influencer contributes). `None` means the title alone says nothing about the buying role.
"""

from __future__ import annotations

import pytest

from graphkam.model import DecisionRole
from graphkam.titles import suggest_roles

DM, EB, TB, UB, PR, GK, IN = (
    "decision_maker", "economic_buyer", "technical_buyer", "user_buyer", "procurement",
    "gatekeeper", "influencer",
)  # fmt: skip

TITLES: list[tuple[str, str | None]] = [
    # English: executives
    ("CEO", DM),
    ("Chief Executive Officer", DM),
    ("President", DM),
    ("President & CEO", DM),
    ("Chairman of the Board", DM),
    ("Managing Director", DM),
    ("General Manager", DM),
    ("Founder and CEO", DM),
    ("Co-Founder", DM),
    ("Managing Partner", DM),
    ("Vice President", DM),
    ("VP", DM),
    ("SVP Strategy", DM),
    ("EVP, Corporate Development", DM),
    ("Deputy General Manager", DM),
    ("Head of Strategy", DM),
    ("COO", DM),
    ("Chief Operating Officer", DM),
    # English: finance
    ("CFO", EB),
    ("Chief Financial Officer", EB),
    ("Finance Director", EB),
    ("Director of Finance", EB),
    ("VP Finance", EB),
    ("Financial Controller", EB),
    ("Group Controller", EB),
    ("Treasurer", EB),
    ("Head of Accounting", EB),
    ("Budget Manager", EB),
    ("FP&A Manager, Finance", EB),
    # English: technology
    ("CIO", TB),
    ("Chief Information Officer", TB),
    ("CTO", TB),
    ("Chief Technology Officer", TB),
    ("CISO", TB),
    ("Chief Digital Officer", TB),
    ("IT Director", TB),
    ("Head of IT", TB),
    ("IT Manager", TB),
    ("VP Engineering", TB),
    ("Enterprise Architect", TB),
    ("Solutions Architect", TB),
    ("Infrastructure Manager", TB),
    ("Systems Administrator", TB),
    ("Senior Software Engineer", TB),
    ("Director of Information Technology", TB),
    ("Data Platform Lead", TB),
    # English: procurement
    ("Procurement Manager", PR),
    ("Head of Procurement", PR),
    ("Chief Procurement Officer", PR),
    ("Purchasing Manager", PR),
    ("Senior Buyer", PR),
    ("Strategic Sourcing Lead", PR),
    ("Supply Chain Director", PR),
    ("Vendor Management Office Lead", PR),
    # English: users
    ("Operations Manager", UB),
    ("Plant Manager", UB),
    ("Production Supervisor", UB),
    ("Head of Customer Service", UB),
    ("Sales Manager", UB),
    ("Marketing Director", UB),
    ("HR Director", UB),
    ("Logistics Manager", UB),
    ("Warehouse Supervisor", UB),
    # English: gatekeepers
    ("Executive Assistant to the CEO", GK),
    ("Assistant to the CFO", GK),
    ("Personal Assistant", GK),
    ("Office Manager", GK),
    ("General Counsel", GK),
    ("Legal Counsel", GK),
    ("Compliance Officer", GK),
    ("Chief of Staff", GK),
    # English: contributors and nothing
    ("Management Consultant", IN),
    ("Business Analyst", IN),
    ("Project Manager", IN),
    ("Program Manager", IN),
    ("Subject Matter Expert", IN),
    ("Intern", None),
    ("Member", None),
    ("", None),
    # Chinese: executives
    ("总经理", DM),
    ("总裁", DM),
    ("董事长", DM),
    ("首席执行官", DM),
    ("执行董事", DM),
    ("厂长", DM),
    ("院长", DM),
    ("行长", DM),
    ("局长", DM),
    ("党委书记、董事长", DM),
    ("副总经理", DM),
    ("副总裁", DM),
    ("副院长", DM),
    ("常务副总", DM),
    # Chinese: finance
    ("财务总监", EB),
    ("首席财务官", EB),
    ("财务经理", EB),
    ("财务部部长", EB),
    ("总会计师", EB),
    ("预算主管", EB),
    ("计财部主任", EB),
    ("资金管理部经理", EB),
    # Chinese: technology
    ("信息中心主任", TB),
    ("首席信息官", TB),
    ("首席技术官", TB),
    ("技术总监", TB),
    ("总工程师", TB),
    ("IT经理", TB),
    ("信息化办公室副主任", TB),
    ("数字化转型部总经理", TB),
    ("网络安全工程师", TB),
    ("系统架构师", TB),
    ("科技部总经理", TB),
    # Chinese: procurement
    ("采购经理", PR),
    ("采购总监", PR),
    ("招标采购中心主任", PR),
    ("供应链管理部部长", PR),
    ("物资部经理", PR),
    # Chinese: users
    ("生产部经理", UB),
    ("运营总监", UB),
    ("车间主任", UB),
    ("销售经理", UB),
    ("市场部经理", UB),
    ("人力资源总监", UB),
    ("客服中心主任", UB),
    ("物流经理", UB),
    ("调度中心主任", UB),
    # Chinese: gatekeepers
    ("总经理助理", GK),
    ("董事长秘书", GK),
    ("办公室主任", GK),
    ("法务经理", GK),
    ("合规总监", GK),
    # Chinese: contributors and nothing
    ("高级顾问", IN),
    ("业务分析师", IN),
    ("项目经理", IN),
    ("采购专员", PR),
    ("实习生", None),
    ("职员", None),
]


def test_the_table_is_large_and_bilingual() -> None:
    chinese = [t for t, _ in TITLES if any("\u4e00" <= ch <= "\u9fff" for ch in t)]
    assert len(TITLES) >= 100
    assert len(chinese) >= 50


@pytest.mark.parametrize(("title", "expected"), TITLES)
def test_top_suggestion(title: str, expected: str | None) -> None:
    suggestions = suggest_roles(title)
    if expected is None:
        assert suggestions == []
        return
    assert suggestions, f"no role for {title!r}"
    assert suggestions[0].role is DecisionRole(expected)
    assert 0 < suggestions[0].confidence <= 1
    assert suggestions[0].rule


def test_suggestions_are_sorted_and_name_their_rule() -> None:
    # "VP Finance": finance (0.85) before the VP hint (0.55), both kept
    roles = [(s.role.value, s.confidence, s.rule) for s in suggest_roles("VP Finance")]
    assert roles == [(EB, 0.85, "finance"), (DM, 0.55, "deputy-executive")]
