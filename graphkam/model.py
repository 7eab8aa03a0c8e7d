"""The domain model: nodes, relationships, interactions and business facts of DESIGN.md.

Every model validates on construction; enumerations accept their canonical names and the
documented aliases (Salesforce contact roles, Chinese terms), case-insensitively.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

__all__ = [
    "Id",
    "Unit",
    "Tier",
    "DecisionRole",
    "Stance",
    "StakeholderStatus",
    "TeamRole",
    "ThirdPartyKind",
    "RelType",
    "Layer",
    "Purpose",
    "Channel",
    "NodeKind",
    "RecordKind",
    "Account",
    "RoleSuggestion",
    "Stakeholder",
    "TeamMember",
    "Department",
    "ThirdParty",
    "Competitor",
    "Relationship",
    "Interaction",
    "Order",
    "NpsAnswer",
    "Complaint",
    "CompetitorProduct",
    "ChangeAction",
    "ChangeSource",
    "Change",
    "Node",
    "Record",
    "NODE_TYPES",
    "RECORD_TYPES",
    "ENDPOINT_RULES",
    "SAME_ACCOUNT_TYPES",
    "SYMMETRIC_TYPES",
    "infer_layer",
    "IRON_TRIANGLE",
]

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Text = Annotated[str, StringConstraints(max_length=10_000)]


def _norm(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


class _AliasEnum(StrEnum):
    """A string enumeration that also accepts aliases, case- and separator-insensitively."""

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {}

    @classmethod
    def _missing_(cls, value: object) -> _AliasEnum | None:
        if not isinstance(value, str):
            return None
        key = _norm(value)
        for member in cls:
            if _norm(member.value) == key:
                return member
        target = cls._aliases().get(key)
        return cls(target) if target is not None else None


class Tier(_AliasEnum):
    """Account tier: S strategic, A key, B, C."""

    S = "S"
    A = "A"
    B = "B"
    C = "C"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"strategic": "S", "key": "A", "战略": "S", "重点": "A"}

    @property
    def rank(self) -> int:
        """0 for S (most important) .. 3 for C."""
        return "SABC".index(self.value)


_ROLE_ALIASES = {
    # Salesforce opportunity contact roles
    "executive_sponsor": "decision_maker",
    "decision_maker": "decision_maker",
    "economic_decision_maker": "economic_buyer",
    "economic_buyer": "economic_buyer",
    "budget_holder": "economic_buyer",
    "technical_buyer": "technical_buyer",
    "technical_decision_maker": "technical_buyer",
    "evaluator": "technical_buyer",
    "business_user": "user_buyer",
    "user": "user_buyer",
    "end_user": "user_buyer",
    "purchasing": "procurement",
    "buyer": "procurement",
    "influencer": "influencer",
    "other": "influencer",
    "gate_keeper": "gatekeeper",
    # Chinese terms
    "决策者": "decision_maker",
    "高层决策者": "decision_maker",
    "拍板人": "decision_maker",
    "经济决策者": "economic_buyer",
    "财务": "economic_buyer",
    "财务管控": "economic_buyer",
    "预算": "economic_buyer",
    "技术部门": "technical_buyer",
    "技术决策者": "technical_buyer",
    "技术评估": "technical_buyer",
    "使用部门": "user_buyer",
    "使用者": "user_buyer",
    "用户": "user_buyer",
    "采购": "procurement",
    "采购部门": "procurement",
    "影响者": "influencer",
    "把关者": "gatekeeper",
    "守门人": "gatekeeper",
}


class DecisionRole(_AliasEnum):
    """A stakeholder's role in the buying decision (a stakeholder can hold several)."""

    DECISION_MAKER = "decision_maker"
    ECONOMIC_BUYER = "economic_buyer"
    TECHNICAL_BUYER = "technical_buyer"
    USER_BUYER = "user_buyer"
    PROCUREMENT = "procurement"
    INFLUENCER = "influencer"
    GATEKEEPER = "gatekeeper"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return _ROLE_ALIASES


_STANCE_SCORES = {
    "champion": 2,
    "supporter": 1,
    "neutral": 0,
    "skeptic": -1,
    "opponent": -2,
}


class Stance(_AliasEnum):
    """A stakeholder's stance toward us; `unknown` means not yet assessed."""

    CHAMPION = "champion"
    SUPPORTER = "supporter"
    NEUTRAL = "neutral"
    SKEPTIC = "skeptic"
    OPPONENT = "opponent"
    UNKNOWN = "unknown"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {
            "advocate": "champion",
            "coach": "champion",
            "strong_supporter": "champion",
            "positive": "supporter",
            "ally": "supporter",
            "supportive": "supporter",
            "indifferent": "neutral",
            "negative": "skeptic",
            "sceptic": "skeptic",
            "skeptical": "skeptic",
            "detractor": "opponent",
            "blocker": "opponent",
            "enemy": "opponent",
            "not_assessed": "unknown",
            "?": "unknown",
            "铁杆": "champion",
            "拥护者": "champion",
            "内线": "champion",
            "支持": "supporter",
            "支持者": "supporter",
            "中立": "neutral",
            "怀疑": "skeptic",
            "怀疑者": "skeptic",
            "反对": "opponent",
            "反对者": "opponent",
            "未知": "unknown",
        }

    @property
    def score(self) -> int | None:
        """+2 champion .. -2 opponent; None for unknown."""
        return _STANCE_SCORES.get(self.value)


class StakeholderStatus(_AliasEnum):
    ACTIVE = "active"
    LEFT = "left"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"在职": "active", "离职": "left", "departed": "left", "inactive": "left"}


class TeamRole(_AliasEnum):
    """Our people's roles: the iron triangle plus sponsor and customer success."""

    ACCOUNT_MANAGER = "account_manager"
    SOLUTION_MANAGER = "solution_manager"
    DELIVERY_MANAGER = "delivery_manager"
    EXECUTIVE_SPONSOR = "executive_sponsor"
    CUSTOMER_SUCCESS = "customer_success"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {
            "am": "account_manager",
            "sales": "account_manager",
            "客户经理": "account_manager",
            "方案经理": "solution_manager",
            "solution_architect": "solution_manager",
            "交付经理": "delivery_manager",
            "项目经理": "delivery_manager",
            "高管": "executive_sponsor",
            "客户成功": "customer_success",
        }


IRON_TRIANGLE = (TeamRole.ACCOUNT_MANAGER, TeamRole.SOLUTION_MANAGER, TeamRole.DELIVERY_MANAGER)


class ThirdPartyKind(_AliasEnum):
    ORGANIZATION = "organization"
    PERSON = "person"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"organisation": "organization", "org": "organization", "individual": "person"}


class RelType(_AliasEnum):
    """Relationship (edge) types."""

    REPORTS_TO = "reports_to"
    INFLUENCES = "influences"
    ALLIED_WITH = "allied_with"
    RIVALS_WITH = "rivals_with"
    RELATES_TO = "relates_to"
    ON_TEAM = "on_team"
    KNOWS = "knows"
    PARTNERS_WITH = "partners_with"
    SUBSIDIARY_OF = "subsidiary_of"
    COMPETITOR_RELATES_TO = "competitor_relates_to"


class Layer(_AliasEnum):
    """The three relationship layers (立体式客户关系)."""

    KEY = "key"
    GENERAL = "general"
    ORGANIZATIONAL = "organizational"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"organisational": "organizational", "org": "organizational"}


class Purpose(_AliasEnum):
    """Purpose of a visit."""

    SIGNING = "signing"
    RELATIONSHIP = "relationship"
    PROGRESS = "progress"
    SOLUTION = "solution"
    RESEARCH = "research"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {
            "签约": "signing",
            "关系": "relationship",
            "进展": "progress",
            "方案": "solution",
            "调研": "research",
        }


class Channel(StrEnum):
    """How a captured interaction was seen: a calendar meeting or a mail thread (a visit logged
    by hand has none)."""

    MEETING = "meeting"
    MAIL = "mail"


class NodeKind(StrEnum):
    ACCOUNT = "account"
    STAKEHOLDER = "stakeholder"
    TEAM_MEMBER = "team_member"
    DEPARTMENT = "department"
    THIRD_PARTY = "third_party"
    COMPETITOR = "competitor"


#: The node kinds one account holds (their `account` field): stakeholders and departments.
#: Every other kind is shared by the accounts it touches: the rule behind the stores' version
#: tokens, where history is filed and how ids are scoped.
ACCOUNT_HELD_KINDS: frozenset[NodeKind] = frozenset({NodeKind.STAKEHOLDER, NodeKind.DEPARTMENT})


class RecordKind(StrEnum):
    INTERACTION = "interaction"
    ORDER = "order"
    NPS = "nps"
    COMPLAINT = "complaint"
    COMPETITOR_PRODUCT = "competitor_product"
    CHANGE = "change"


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        str_strip_whitespace=True,
        allow_inf_nan=False,  # Infinity/NaN are refused, never stored as null
    )


class Account(_Model):
    """A customer organisation managed as a key account."""

    node_kind: ClassVar[NodeKind] = NodeKind.ACCOUNT
    id: Id
    name: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    tier: Tier = Tier.B
    industry: str | None = None
    parent: Id | None = None
    revenue: Annotated[float, Field(ge=0)] | None = None
    potential_value: Annotated[float, Field(ge=0)] | None = None

    @property
    def account(self) -> str:
        return self.id


class RoleSuggestion(_Model):
    """A decision role guessed from a job title: which rule fired and how sure it is (0..1)."""

    role: DecisionRole
    confidence: Unit
    rule: Annotated[str, StringConstraints(min_length=1, max_length=200)]


Email = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=320)]


class Stakeholder(_Model):
    """A person at an account. `emails`, `phone` and `notes` are personal data; `emails` and
    `external_ids` ("salesforce:003…", "hubspot:51") are used only to match imports and capture."""

    node_kind: ClassVar[NodeKind] = NodeKind.STAKEHOLDER
    id: Id
    account: Id
    name: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    title: str | None = None
    department: Id | None = None
    roles: list[DecisionRole] = Field(default_factory=list)
    stance: Stance = Stance.UNKNOWN
    influence: Unit = 0.5
    status: StakeholderStatus = StakeholderStatus.ACTIVE
    notes: Text | None = Field(default=None, description="personal, sensitive")
    competitor_preference: str | None = None
    emails: list[Email] = Field(default_factory=list, description="personal, sensitive")
    phone: Annotated[str, StringConstraints(max_length=100)] | None = Field(
        default=None, description="personal, sensitive"
    )
    external_ids: list[Id] = Field(default_factory=list)
    suggested_roles: list[RoleSuggestion] = Field(default_factory=list)
    primary_contact: bool | None = Field(
        default=None, description="the CRM's primary contact of the deal (Salesforce's Primary)"
    )

    @field_validator("roles", mode="before")
    @classmethod
    def _split_roles(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [p for p in re.split(r"[;,/、，；]", value) if p.strip()]
        if value is None:
            return []
        return value

    @field_validator("roles")
    @classmethod
    def _dedupe_roles(cls, value: list[DecisionRole]) -> list[DecisionRole]:
        return list(dict.fromkeys(value))

    @property
    def in_decision_chain(self) -> bool:
        return bool(self.roles)


class TeamMember(_Model):
    """One of our people."""

    node_kind: ClassVar[NodeKind] = NodeKind.TEAM_MEMBER
    id: Id
    name: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    team_role: TeamRole
    accounts: list[Id] = Field(default_factory=list)
    coach: Id | None = None
    emails: list[Email] = Field(default_factory=list, description="personal, sensitive")
    phone: Annotated[str, StringConstraints(max_length=100)] | None = Field(
        default=None, description="personal, sensitive"
    )

    @property
    def account(self) -> None:
        return None


class Department(_Model):
    """An organisational unit inside an account."""

    node_kind: ClassVar[NodeKind] = NodeKind.DEPARTMENT
    id: Id
    account: Id
    name: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    parent: Id | None = None


class ThirdParty(_Model):
    """A partner firm, consultant or other outside person or organisation."""

    node_kind: ClassVar[NodeKind] = NodeKind.THIRD_PARTY
    id: Id
    name: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    kind: ThirdPartyKind = ThirdPartyKind.ORGANIZATION

    @property
    def account(self) -> None:
        return None


class Competitor(_Model):
    """A rival vendor."""

    node_kind: ClassVar[NodeKind] = NodeKind.COMPETITOR
    id: Id
    name: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    products: list[str] = Field(default_factory=list)

    @property
    def account(self) -> None:
        return None


Node = Account | Stakeholder | TeamMember | Department | ThirdParty | Competitor

NODE_TYPES: dict[NodeKind, type[_Model]] = {
    NodeKind.ACCOUNT: Account,
    NodeKind.STAKEHOLDER: Stakeholder,
    NodeKind.TEAM_MEMBER: TeamMember,
    NodeKind.DEPARTMENT: Department,
    NodeKind.THIRD_PARTY: ThirdParty,
    NodeKind.COMPETITOR: Competitor,
}

_S, _T, _A, _P, _C, _D = (
    NodeKind.STAKEHOLDER,
    NodeKind.TEAM_MEMBER,
    NodeKind.ACCOUNT,
    NodeKind.THIRD_PARTY,
    NodeKind.COMPETITOR,
    NodeKind.DEPARTMENT,
)

#: Which node kinds each relationship type may join: (allowed from-kinds, allowed to-kinds).
ENDPOINT_RULES: dict[RelType, tuple[frozenset[NodeKind], frozenset[NodeKind]]] = {
    RelType.REPORTS_TO: (frozenset({_S}), frozenset({_S})),
    RelType.INFLUENCES: (frozenset({_S}), frozenset({_S})),
    RelType.ALLIED_WITH: (frozenset({_S}), frozenset({_S})),
    RelType.RIVALS_WITH: (frozenset({_S}), frozenset({_S})),
    RelType.RELATES_TO: (frozenset({_T}), frozenset({_S})),
    RelType.ON_TEAM: (frozenset({_T}), frozenset({_A})),
    RelType.KNOWS: (frozenset({_P, _S, _T}), frozenset({_P, _S, _T})),
    RelType.PARTNERS_WITH: (frozenset({_P, _A, _C}), frozenset({_P, _A, _C})),
    RelType.SUBSIDIARY_OF: (frozenset({_A}), frozenset({_A})),
    RelType.COMPETITOR_RELATES_TO: (frozenset({_C}), frozenset({_S})),
}

#: Types whose two ends must be stakeholders of one account.
SAME_ACCOUNT_TYPES = frozenset(
    {RelType.REPORTS_TO, RelType.INFLUENCES, RelType.ALLIED_WITH, RelType.RIVALS_WITH}
)

#: Types with no direction: (a, b) and (b, a) are the same relationship.
SYMMETRIC_TYPES = frozenset(
    {RelType.ALLIED_WITH, RelType.RIVALS_WITH, RelType.KNOWS, RelType.PARTNERS_WITH}
)


class Relationship(_Model):
    """An edge: `strength` for relates_to/knows/competitor_relates_to, `weight` for influences."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    type: RelType
    from_id: Id = Field(alias="from")
    to_id: Id = Field(alias="to")
    strength: Unit | None = None
    weight: Unit | None = None
    last_contact: dt.date | None = None
    layer: Layer | None = None
    since: dt.date | None = None
    notes: Text | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity of the edge: (type, from, to), with symmetric types in sorted order."""
        a, b = self.from_id, self.to_id
        if self.type in SYMMETRIC_TYPES and b < a:
            a, b = b, a
        return (self.type.value, a, b)


def _content_id(prefix: str, *parts: object) -> str:
    digest = hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:10]
    return f"{prefix}-{digest}"


class _RecordModel(_Model):
    """A dated record belonging to one account; `id` is derived from content when not given."""

    record_kind: ClassVar[RecordKind]
    #: Fields left out of the content id while unset, so that adding them kept existing ids.
    _late_fields: ClassVar[frozenset[str]] = frozenset()
    id: Id | None = None
    account: Id | None = None

    def with_id(self) -> _RecordModel:
        if self.id is not None:
            return self
        unset = {f for f in self._late_fields if getattr(self, f) is None}
        data = self.model_dump(mode="json", exclude={"id", *unset})
        return self.model_copy(
            update={"id": _content_id(self.record_kind.value, sorted(data.items()))}
        )


class Interaction(_RecordModel):
    """A visit record (每访必记): who met whom, when, why."""

    record_kind: ClassVar[RecordKind] = RecordKind.INTERACTION
    _late_fields: ClassVar[frozenset[str]] = frozenset({"channel", "purpose_guessed"})
    date: dt.date
    team: list[Id] = Field(default_factory=list, min_length=1)
    stakeholders: list[Id] = Field(default_factory=list, min_length=1)
    purpose: Purpose = Purpose.RELATIONSHIP
    notes: Text | None = None
    channel: Channel | None = None
    purpose_guessed: bool | None = None


class Order(_RecordModel):
    """An order or invoice."""

    record_kind: ClassVar[RecordKind] = RecordKind.ORDER
    date: dt.date
    amount: Annotated[float, Field(ge=0)]
    margin: Annotated[float, Field(ge=-1, le=1)] | None = None


class NpsAnswer(_RecordModel):
    """One NPS survey answer (score 0..10)."""

    record_kind: ClassVar[RecordKind] = RecordKind.NPS
    date: dt.date
    score: Annotated[int, Field(ge=0, le=10)]
    respondent: Id | None = None


class Complaint(_RecordModel):
    """A complaint or incident; open until `resolved` is set."""

    record_kind: ClassVar[RecordKind] = RecordKind.COMPLAINT
    date: dt.date
    severity: Annotated[int, Field(ge=1, le=5)] = 3
    resolved: dt.date | None = None
    summary: Text | None = None


class CompetitorProduct(_RecordModel):
    """A competitor product used at an account, with since-date and satisfaction (1..5)."""

    record_kind: ClassVar[RecordKind] = RecordKind.COMPETITOR_PRODUCT
    competitor: Id
    product: str
    since: dt.date | None = None
    satisfaction: Annotated[int, Field(ge=1, le=5)] | None = None


class ChangeAction(StrEnum):
    """What a change did to its subject."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    ERASE = "erase"


class ChangeSource(StrEnum):
    """Which door a change came through."""

    CLI = "cli"
    API = "api"
    IMPORT = "import"
    CAPTURE = "capture"


class Change(_RecordModel):
    """One audited write (see graphkam/history.py): who changed what, when, before and after.

    `date` is the UTC time of the write; `subject_kind` is a node kind, `relationship` or a
    record kind; `before`/`after` are the subject's JSON (null when absent), with free-text
    `notes` replaced by a marker; `fields` names the top-level fields that differ.
    """

    record_kind: ClassVar[RecordKind] = RecordKind.CHANGE
    date: dt.datetime
    actor: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    source: ChangeSource
    action: ChangeAction
    subject_kind: Annotated[str, StringConstraints(min_length=1, max_length=50)]
    subject_id: Annotated[str, StringConstraints(min_length=1, max_length=700)]
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    fields: list[str] = Field(default_factory=list)


Record = Interaction | Order | NpsAnswer | Complaint | CompetitorProduct | Change

RECORD_TYPES: dict[RecordKind, type[_RecordModel]] = {
    RecordKind.INTERACTION: Interaction,
    RecordKind.ORDER: Order,
    RecordKind.NPS: NpsAnswer,
    RecordKind.COMPLAINT: Complaint,
    RecordKind.COMPETITOR_PRODUCT: CompetitorProduct,
    RecordKind.CHANGE: Change,
}


def infer_layer(rel: Relationship, kinds: dict[str, NodeKind], in_chain: dict[str, bool]) -> Layer:
    """The relationship's layer: explicit if given, else by the DESIGN.md rule.

    key: our people ↔ decision-chain stakeholders (any decision role); general: our people ↔
    everyone else; organizational: everything else (org chart, third parties, group structure).
    """
    if rel.layer is not None:
        return rel.layer
    ends = (rel.from_id, rel.to_id)
    ours = [e for e in ends if kinds.get(e) == NodeKind.TEAM_MEMBER]
    theirs = [e for e in ends if kinds.get(e) == NodeKind.STAKEHOLDER]
    if ours and theirs and rel.type in (RelType.RELATES_TO, RelType.KNOWS):
        return Layer.KEY if in_chain.get(theirs[0], False) else Layer.GENERAL
    return Layer.ORGANIZATIONAL
