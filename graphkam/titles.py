"""Decision roles suggested from job titles, in English and Chinese, with common abbreviations.

Most CRM contacts carry a title and no buying role. `suggest_roles("Chief Financial Officer")`
returns `[RoleSuggestion(economic_buyer, 0.85, "finance")]`: every rule whose pattern matches
the title adds its role with the rule's confidence (the highest wins when two rules give one
role), sorted by confidence. Suggestions are stored as `Stakeholder.suggested_roles`, only for
people without roles, and become roles only when a user accepts them (`graphkam set PERSON
accept=ROLE`).

Confidence reflects how reliably a title implies the role in B2B buying committees: 0.85 for
the executive or function that owns the decision (CEO, CFO, CIO, 采购经理), 0.6 for roles a
title only hints at (operations, 生产), 0.55 for a rank without a function (VP, 副总经理: the
function, when named, wins), 0.4 for contributors (consultant, 专员). A department's head
(科技部总经理) is read by the department, not as the company's 总经理.
An assistant or secretary to someone (总经理助理, Assistant to the CEO) is a gatekeeper, never
the person they assist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphkam.model import DecisionRole, RoleSuggestion

__all__ = ["TitleRule", "TITLE_RULES", "suggest_roles"]

R = DecisionRole


@dataclass(frozen=True)
class TitleRule:
    """A pattern over the title (case-insensitive unless `case`), the role and confidence."""

    name: str
    pattern: re.Pattern[str]
    role: DecisionRole
    confidence: float
    exclusive: bool = False  # when it fires, no other rule counts


def _rule(
    name: str,
    pattern: str,
    role: DecisionRole,
    confidence: float,
    exclusive: bool = False,
    case: bool = False,
) -> TitleRule:
    flags = 0 if case else re.IGNORECASE
    return TitleRule(name, re.compile(pattern, flags), role, confidence, exclusive)


_W = r"(?<![A-Za-z])"  # a word start that also works next to Chinese characters
_E = r"(?![A-Za-z])"

#: The rules, tried in order; exclusive ones first.
TITLE_RULES: tuple[TitleRule, ...] = (
    _rule(
        "assistant",
        _W + r"(assistant to|executive assistant|personal assistant|secretary|chief of staff"
        r"|office manager)" + _E + r"|助理|秘书|办公室主任|总经办主任",
        R.GATEKEEPER, 0.7, exclusive=True,
    ),
    _rule(
        "legal",
        _W + r"(legal|counsel|compliance|attorney|lawyer)" + _E + r"|法务|合规|律师|法律顾问",
        R.GATEKEEPER, 0.7,
    ),
    _rule(
        "finance",
        _W + r"(cfo|chief financial|finance|financial|controller|comptroller|treasurer"
        r"|accounting|budget)" + _E + r"|财务|首席财务官|总会计师|会计|预算|资金|计财",
        R.ECONOMIC_BUYER, 0.85,
    ),
    _rule(
        "procurement",
        _W + r"(cpo|procurement|purchasing|purchase|buyer|sourcing|supply chain"
        r"|vendor management)" + _E + r"|采购|招标|招采|供应链|物资",
        R.PROCUREMENT, 0.85,
    ),
    _rule(
        "technology",
        _W + r"(cio|cto|ciso|cdo|chief information|chief technology|chief digital"
        r"|chief data|it|information technology|information systems|architect|engineering"
        r"|engineer|infrastructure|security|data|digital|systems|software|devops)" + _E
        + r"|信息中心|信息化|信息部|信息技术|首席信息官|首席技术官|首席数字官|技术|总工程师|总工"
        r"|工程师|架构师|数字化|网络|数据|信息科|科技部|电脑部|IT",
        R.TECHNICAL_BUYER, 0.8,
    ),
    _rule(
        "chief-executive",
        _W + r"(?<!vice )(?<!vice-)(?<!deputy )(?<!assistant )(ceo|chief executive|president"
        r"|chairman|chairwoman|chairperson|founder|co-founder|managing director"
        r"|general manager|managing partner)" + _E
        + r"|(?<![副部心])(总经理|总裁|董事长|院长|行长|局长|厂长|校长)|首席执行官|执行董事|老板"
        r"|创始人|一把手|党委书记",
        R.DECISION_MAKER, 0.85,
    ),
    _rule(
        "deputy-executive",
        _W + r"(vp|svp|evp|avp|vice president|vice-president|deputy general manager"
        r"|deputy managing director|head of|coo|chief operating|chief commercial|cco"
        r"|director general)" + _E + r"|副总|副院长|副行长|副局长|副厂长|副董事长",
        R.DECISION_MAKER, 0.55,
    ),
    _rule(
        "operations",
        _W + r"(operations|production|plant|manufacturing|logistics|warehouse"
        r"|sales|marketing|customer service|service desk|hr|human resources|people"
        r"|business unit|line of business|end user|user)" + _E
        + r"|生产|运营|运维|车间|销售|市场|人力资源|人事|物流|仓储|客服|使用部门|营销|调度",
        R.USER_BUYER, 0.6,
    ),
    _rule(
        "contributor",
        _W + r"(consultant|advisor|adviser|analyst|specialist|project manager|program manager"
        r"|coordinator|lead|expert)" + _E + r"|顾问|分析师|专员|项目经理|专家|主管",
        R.INFLUENCER, 0.4,
    ),
)  # fmt: skip


def suggest_roles(title: str | None) -> list[RoleSuggestion]:
    """Roles a job title suggests, most confident first (see module docstring); [] if none."""
    if not title or not title.strip():
        return []
    text = title.strip()
    best: dict[DecisionRole, RoleSuggestion] = {}
    for rule in TITLE_RULES:
        if not rule.pattern.search(text):
            continue
        if rule.exclusive:
            return [RoleSuggestion(role=rule.role, confidence=rule.confidence, rule=rule.name)]
        old = best.get(rule.role)
        if old is None or old.confidence < rule.confidence:
            best[rule.role] = RoleSuggestion(
                role=rule.role, confidence=rule.confidence, rule=rule.name
            )
    return sorted(best.values(), key=lambda s: (-s.confidence, s.role.value))
