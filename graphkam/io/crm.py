"""What CRM exports call things: column headers and the values of their role and stance fields.

Covers the exports as downloaded from Salesforce (Lightning and Classic reports: Contact Roles,
Opportunity Contact Roles, "Contact: Full Name" headers), HubSpot (contacts: First Name + Last
Name, Company Name, Job Title, Buying Role, Record ID), Dynamics 365 (contacts: "(Do Not Modify)
Contact", Full Name, Company Name, Job Title, Role) and 纷享销客 (联系人姓名, 客户名称, 职务,
部门, 决策角色, 态度), plus graphkam's own CSV export. Headers are compared after
`normalize_header`; a Salesforce object prefix ("Contact: ", "Account: ") is dropped first.
"""

from __future__ import annotations

import re

from graphkam.model import DecisionRole, Stance

__all__ = [
    "STAKEHOLDER_COLUMNS",
    "RELATIONSHIP_COLUMNS",
    "EXTERNAL_ID_COLUMNS",
    "INFLUENCE_WORDS",
    "STANCE_VALUES",
    "CLEAR_MARKS",
    "normalize_header",
    "header_keys",
    "crm_roles",
    "join_name",
    "is_true",
]

#: A cell holding one of these clears the field (an empty cell leaves it alone).
CLEAR_MARKS = frozenset({"-", "(clear)", "（清空）", "(清空)"})

#: Stakeholder fields and the header names that mean them (after normalize_header).
STAKEHOLDER_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "stakeholderid", "编号", "联系人编号"),
    "account": (
        "account", "accountname", "accountid", "company", "companyname", "customer",
        "customername", "客户", "公司", "客户名称", "公司名称", "客户编号", "所属客户",
    ),
    "name": (
        "name", "fullname", "contact", "contactname", "姓名", "联系人", "名字", "联系人姓名",
    ),
    "first_name": ("firstname", "givenname", "名"),
    "last_name": ("lastname", "surname", "familyname", "姓"),
    "title": ("title", "jobtitle", "position", "职位", "职务", "头衔"),
    "department": ("department", "dept", "部门"),
    "roles": (
        "role", "roles", "contactrole", "contactroles", "decisionrole", "decisionroles",
        "buyingrole", "buyingroles", "角色", "决策角色",
    ),
    "stance": ("stance", "attitude", "态度", "立场"),
    "influence": ("influence", "影响力"),
    "status": ("status", "状态"),
    "notes": ("notes", "note", "description", "comments", "备注"),
    "competitor_preference": ("competitorpreference", "竞品倾向"),
    "emails": ("email", "emails", "emailaddress", "邮箱", "电子邮件", "电子邮箱", "邮件"),
    "phone": (
        "phone", "phonenumber", "businessphone", "mobile", "mobilephone", "mobilephonenumber",
        "手机", "电话", "手机号", "联系电话",
    ),
    "primary": ("primary", "isprimary", "主要联系人"),
}  # fmt: skip

#: Header names of a CRM's own record id, and the prefix graphkam stores it under.
EXTERNAL_ID_COLUMNS: dict[str, str] = {
    "contactid": "salesforce",
    "contact18digitid": "salesforce",
    "recordid": "hubspot",
    "hubspotid": "hubspot",
    "donotmodifycontact": "dynamics",
    "contactguid": "dynamics",
    "联系人id": "fxiaoke",
    "数据id": "fxiaoke",
    "externalid": "crm",
    "externalids": "",
}

#: Relationship fields (as the account map names them) and their header names.
RELATIONSHIP_COLUMNS: dict[str, tuple[str, ...]] = {
    "type": ("type", "relationship", "relationshiptype", "类型", "关系", "关系类型"),
    "from": ("from", "fromid", "source", "从", "起点", "来源"),
    "to": ("to", "toid", "target", "到", "终点", "目标"),
    "strength": ("strength", "强度"),
    "weight": ("weight", "权重"),
    "last_contact": ("lastcontact", "lastcontacted", "最近联系", "最后联系"),
    "layer": ("layer", "层级", "层"),
    "since": ("since", "起始日期"),
    "notes": ("notes", "note", "comments", "备注"),
    "account": ("account", "accountname", "客户", "客户名称"),
}

#: Words accepted in the influence column, and the number each stands for.
INFLUENCE_WORDS: dict[str, float] = {
    "high": 0.8,
    "medium": 0.5,
    "low": 0.2,
    "高": 0.8,
    "中": 0.5,
    "低": 0.2,
}

#: CRM role values that are a stance, not a decision role (HubSpot's Champion and Blocker).
_STANCE_ROLES: dict[str, Stance] = {
    "champion": Stance.CHAMPION,
    "blocker": Stance.OPPONENT,
    "内线": Stance.CHAMPION,
    "教练": Stance.CHAMPION,
    "反对者": Stance.OPPONENT,
}

#: CRM role values beyond the model's aliases (HubSpot, Dynamics 365, 纷享销客).
_ROLE_VALUES: dict[str, DecisionRole | None] = {
    "legal_&_compliance": DecisionRole.GATEKEEPER,
    "legal_and_compliance": DecisionRole.GATEKEEPER,
    "legal": DecisionRole.GATEKEEPER,
    "employee": None,
    "other": None,  # HubSpot/Salesforce "Other": no buying role (the title may suggest one)
    "决策人": DecisionRole.DECISION_MAKER,
    "关键决策人": DecisionRole.DECISION_MAKER,
    "最终决策者": DecisionRole.DECISION_MAKER,
    "财务决策者": DecisionRole.ECONOMIC_BUYER,
    "商务决策者": DecisionRole.ECONOMIC_BUYER,
    "技术把关人": DecisionRole.TECHNICAL_BUYER,
    "技术决策人": DecisionRole.TECHNICAL_BUYER,
    "使用人": DecisionRole.USER_BUYER,
    "使用决策者": DecisionRole.USER_BUYER,
    "最终用户": DecisionRole.USER_BUYER,
    "采购决策者": DecisionRole.PROCUREMENT,
    "采购人": DecisionRole.PROCUREMENT,
    "影响人": DecisionRole.INFLUENCER,
    "影响决策者": DecisionRole.INFLUENCER,
    "普通人": None,
    "其他": None,
}

#: Stance words of CRM attitude fields beyond the model's aliases (纷享销客 态度 and others).
STANCE_VALUES: dict[str, str] = {
    "非常支持": "champion",
    "强烈支持": "champion",
    "比较支持": "supporter",
    "不支持": "skeptic",
    "不太支持": "skeptic",
    "强烈反对": "opponent",
    "未表态": "unknown",
}

_TRUE = frozenset({"1", "true", "yes", "y", "x", "✓", "是", "checked"})


def normalize_header(text: str) -> str:
    """Lower case without spaces, `_`, `-`, `.` or brackets: 'Role(s)' -> 'roles'."""
    drop = str.maketrans("", "", " \t_-.()（）[]\ufeff")
    return text.strip().lower().translate(drop)


def header_keys(text: str) -> list[str]:
    """The normalized forms to look a header up by: whole, then without an object prefix
    ('Contact: Full Name' -> 'contactfullname', 'fullname')."""
    keys = [normalize_header(text.replace(":", "").replace("：", ""))]
    for sep in (":", "："):
        tail = text.rsplit(sep, 1)[1] if sep in text else ""
        if tail.strip():
            keys.append(normalize_header(tail))
    return keys


def crm_roles(text: str) -> tuple[list[str], Stance | None]:
    """Split a role cell into role names for the model (unknown ones kept as given, for the
    model's error) and a stance the CRM records as a role (HubSpot's Champion, Blocker)."""
    roles: list[str] = []
    stance: Stance | None = None
    for part in re.split(r"[;,/、，；]", text):
        value = part.strip()
        if not value:
            continue
        key = re.sub(r"[\s\-]+", "_", value.lower())
        if key in _STANCE_ROLES:
            stance = _STANCE_ROLES[key]
        elif key in _ROLE_VALUES:
            role = _ROLE_VALUES[key]
            if role is not None:
                roles.append(role.value)
        else:
            roles.append(value)
    return roles, stance


def join_name(first: str, last: str) -> str:
    """'First Last', or 'LastFirst' when both parts are Chinese (姓 then 名, no space)."""
    first, last = first.strip(), last.strip()
    if first and last and _is_cjk(first) and _is_cjk(last):
        return last + first
    return " ".join(p for p in (first, last) if p)


def is_true(text: str) -> bool:
    """A checkbox cell as CRMs export it: 1, true, yes, x, 是."""
    return text.strip().lower() in _TRUE


def _is_cjk(text: str) -> bool:
    return all("\u3400" <= ch <= "\u9fff" for ch in text)
