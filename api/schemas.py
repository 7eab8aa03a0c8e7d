"""Request and response models of the HTTP API, built on the engine's models (graphkam.model).

Families by role: `XCreate` (the engine model, with an example), `XUpdate` (every field optional;
ids and owning account are fixed), `XPublic` (what a read returns) and `Page` (a list page).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from graphkam.limits import EARLIEST_AS_OF, LATEST_AS_OF
from graphkam.model import (
    Account,
    DecisionRole,
    Department,
    Id,
    Interaction,
    Layer,
    Purpose,
    Relationship,
    Stakeholder,
    StakeholderStatus,
    Stance,
    TeamMember,
    TeamRole,
    ThirdParty,
    ThirdPartyKind,
    Tier,
    Unit,
)

__all__ = [
    "EXAMPLES",
    "Page",
    "Health",
    "AccountCreate",
    "AccountUpdate",
    "AccountPublic",
    "StakeholderCreate",
    "StakeholderUpdate",
    "StakeholderPublic",
    "DepartmentCreate",
    "DepartmentUpdate",
    "DepartmentPublic",
    "TeamMemberCreate",
    "TeamMemberUpdate",
    "TeamMemberPublic",
    "ThirdPartyCreate",
    "ThirdPartyUpdate",
    "ThirdPartyPublic",
    "RelationshipCreate",
    "RelationshipUpdate",
    "RelationshipPublic",
    "InteractionCreate",
    "InteractionUpdate",
    "InteractionPublic",
    "WhatIfRequest",
]

T = TypeVar("T")
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Text = Annotated[str, StringConstraints(max_length=10_000)]

#: One example object per resource, taken from the shared example account map.
EXAMPLES: dict[str, dict[str, Any]] = {
    "account": {
        "id": "hx-steel",
        "name": "华星钢铁 Huaxing Steel",
        "tier": "S",
        "industry": "manufacturing",
        "parent": "hx-group",
    },
    "stakeholder": {
        "id": "hx-cio",
        "account": "hx-steel",
        "name": "Li Na",
        "title": "CIO",
        "department": "hx-it",
        "roles": ["technical_buyer", "influencer"],
        "stance": "champion",
        "influence": 0.7,
        "status": "active",
    },
    "department": {"id": "hx-it", "account": "hx-steel", "name": "信息中心 IT"},
    "team_member": {
        "id": "rep-lin",
        "name": "林涛 Lin Tao",
        "team_role": "account_manager",
        "accounts": ["hx-steel"],
        "coach": "mgr-zhou",
    },
    "third_party": {"id": "tp-consult", "name": "Bright Consulting", "kind": "organization"},
    "relationship": {
        "type": "relates_to",
        "from": "rep-lin",
        "to": "hx-cio",
        "strength": 0.8,
        "last_contact": "2026-10-20",
    },
    "interaction": {
        "date": "2026-10-20",
        "team": ["rep-lin"],
        "stakeholders": ["hx-cio"],
        "purpose": "solution",
        "account": "hx-steel",
    },
}


def _example(name: str, **extra: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [{**EXAMPLES[name], **extra}]})


class Page(BaseModel, Generic[T]):
    """One page of a list: `next_cursor` fetches the next page (None on the last)."""

    data: list[T]
    count: int = Field(description="items on this page")
    next_cursor: str | None = Field(default=None, description="opaque; pass as ?cursor=")


class Health(BaseModel):
    """Liveness and store reachability."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "ok", "store": "ok"}]})

    status: str
    store: str


class AccountCreate(Account):
    model_config = _example("account")


class AccountPublic(Account):
    model_config = _example("account")


class AccountUpdate(BaseModel):
    """Fields to change on an account (the id is fixed)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"tier": "A", "industry": "steel"}]}
    )

    name: Name | None = None
    tier: Tier | None = None
    industry: str | None = None
    parent: Id | None = None
    revenue: Annotated[float, Field(ge=0)] | None = None
    potential_value: Annotated[float, Field(ge=0)] | None = None


class StakeholderCreate(Stakeholder):
    model_config = _example("stakeholder", notes="Prefers written proposals.")


class StakeholderPublic(Stakeholder):
    model_config = _example("stakeholder")


class StakeholderUpdate(BaseModel):
    """Fields to change on a stakeholder (id and account are fixed)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"stance": "supporter", "influence": 0.8}]}
    )

    name: Name | None = None
    title: str | None = None
    department: Id | None = None
    roles: list[DecisionRole] | None = None
    stance: Stance | None = None
    influence: Unit | None = None
    status: StakeholderStatus | None = None
    notes: Text | None = None
    competitor_preference: str | None = None


class DepartmentCreate(Department):
    model_config = _example("department")


class DepartmentPublic(Department):
    model_config = _example("department")


class DepartmentUpdate(BaseModel):
    """Fields to change on a department (id and account are fixed)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "IT & Digital"}]}
    )

    name: Name | None = None
    parent: Id | None = None


class TeamMemberCreate(TeamMember):
    model_config = _example("team_member")


class TeamMemberPublic(TeamMember):
    model_config = _example("team_member")


class TeamMemberUpdate(BaseModel):
    """Fields to change on one of our people (the id is fixed)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"accounts": ["hx-steel", "hx-group"]}]}
    )

    name: Name | None = None
    team_role: TeamRole | None = None
    accounts: list[Id] | None = None
    coach: Id | None = None


class ThirdPartyCreate(ThirdParty):
    model_config = _example("third_party")


class ThirdPartyPublic(ThirdParty):
    model_config = _example("third_party")


class ThirdPartyUpdate(BaseModel):
    """Fields to change on a third party (the id is fixed)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"kind": "person"}]})

    name: Name | None = None
    kind: ThirdPartyKind | None = None


class RelationshipCreate(Relationship):
    model_config = _example("relationship")


class RelationshipPublic(Relationship):
    model_config = _example("relationship")


class RelationshipUpdate(BaseModel):
    """Fields to change on a relationship (type and ends are its identity)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"strength": 0.9, "last_contact": "2026-11-02"}]},
    )

    strength: Unit | None = None
    weight: Unit | None = None
    last_contact: dt.date | None = None
    layer: Layer | None = None
    since: dt.date | None = None
    notes: Text | None = None


class InteractionCreate(Interaction):
    model_config = _example("interaction", notes="Walked through the MES proposal.")


class InteractionPublic(Interaction):
    model_config = _example("interaction", id="interaction-1a2b3c4d5e")


class InteractionUpdate(BaseModel):
    """Fields to change on a visit record (its id is fixed)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"purpose": "progress"}]}
    )

    date: dt.date | None = None
    team: Annotated[list[Id], Field(min_length=1)] | None = None
    stakeholders: Annotated[list[Id], Field(min_length=1)] | None = None
    purpose: Purpose | None = None
    notes: Text | None = None


class WhatIfRequest(BaseModel):
    """People (theirs or ours) to remove for a what-if analysis."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"remove": ["hx-cio"], "as_of": "2026-11-15"}]},
    )

    remove: Annotated[list[Id], Field(min_length=1, max_length=200)]
    as_of: Annotated[dt.date, Field(ge=EARLIEST_AS_OF, le=LATEST_AS_OF)] | None = None
