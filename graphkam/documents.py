"""Collections of model objects: the account-map document and one account's subgraph."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from graphkam.model import (
    Account,
    Change,
    Competitor,
    CompetitorProduct,
    Complaint,
    Department,
    Interaction,
    Node,
    NodeKind,
    NpsAnswer,
    Order,
    Record,
    RecordKind,
    Relationship,
    Stakeholder,
    TeamMember,
    ThirdParty,
)

__all__ = ["AccountMap", "AccountSubgraph", "NODE_SECTIONS", "RECORD_SECTIONS"]

#: The account-map section that holds each node kind, in file order.
NODE_SECTIONS: dict[NodeKind, str] = {
    NodeKind.ACCOUNT: "accounts",
    NodeKind.TEAM_MEMBER: "team",
    NodeKind.DEPARTMENT: "departments",
    NodeKind.STAKEHOLDER: "stakeholders",
    NodeKind.THIRD_PARTY: "third_parties",
    NodeKind.COMPETITOR: "competitors",
}

#: The account-map section that holds each record kind.
RECORD_SECTIONS: dict[RecordKind, str] = {
    RecordKind.INTERACTION: "interactions",
    RecordKind.ORDER: "orders",
    RecordKind.NPS: "nps",
    RecordKind.COMPLAINT: "complaints",
    RecordKind.COMPETITOR_PRODUCT: "competitor_products",
    RecordKind.CHANGE: "changes",
}


class AccountMap(BaseModel):
    """The account-map document (see examples/account-map.yaml); every key optional."""

    model_config = ConfigDict(extra="forbid")

    accounts: list[Account] = Field(default_factory=list)
    team: list[TeamMember] = Field(default_factory=list)
    departments: list[Department] = Field(default_factory=list)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    third_parties: list[ThirdParty] = Field(default_factory=list)
    competitors: list[Competitor] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)
    interactions: list[Interaction] = Field(default_factory=list)
    orders: list[Order] = Field(default_factory=list)
    nps: list[NpsAnswer] = Field(default_factory=list)
    complaints: list[Complaint] = Field(default_factory=list)
    competitor_products: list[CompetitorProduct] = Field(default_factory=list)
    #: Audit history (graphkam/history.py); an audited store leaves it out of exports.
    changes: list[Change] = Field(default_factory=list)

    def nodes(self) -> Iterator[Node]:
        """Every node, in section order (accounts first, so references resolve in order)."""
        for section in NODE_SECTIONS.values():
            yield from getattr(self, section)

    def records(self) -> Iterator[Record]:
        for section in RECORD_SECTIONS.values():
            yield from getattr(self, section)

    def row_count(self) -> int:
        """Nodes + relationships + records: the rows an import writes."""
        return (
            sum(1 for _ in self.nodes()) + len(self.relationships) + sum(1 for _ in self.records())
        )

    def to_document(self) -> dict[str, object]:
        """The JSON-ready document: empty sections and unset fields left out."""
        doc = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        for section in list(doc):
            items = doc[section]
            for item in items:
                for key in [k for k, v in item.items() if v == [] and k != "accounts"]:
                    del item[key]
            if not items:
                del doc[section]
        return doc


class AccountSubgraph(AccountMap):
    """One account's whole neighbourhood, as the analytics read it.

    `accounts` holds the account itself first (then its parent, if any); `team` our people on
    it (on_team) or relating to its people; `third_parties`/`competitors` those that touch it;
    `relationships` every edge among these nodes; `changes` only the recorded updates of its
    stakeholders (what as-of analyses rewind; the whole history is `graphkam.history.history`).
    """

    @property
    def account(self) -> Account:
        return self.accounts[0]

    @property
    def id(self) -> str:
        return self.accounts[0].id
