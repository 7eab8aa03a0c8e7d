"""Matching addresses to people: our team members and the stakeholders of each account.

An address matches the person whose `emails` hold it (case-insensitively). An account's mail
domains are the domains of its stakeholders' addresses, less public mail services
(`PUBLIC_DOMAINS`) and our own team's domains; a domain claimed by two accounts belongs to
neither. An unknown address on an account's domain is a candidate new stakeholder.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel

from graphkam.model import NodeKind, Stakeholder, StakeholderStatus, TeamMember
from graphkam.stores.base import Store

__all__ = ["PUBLIC_DOMAINS", "Person", "Directory", "domain_of"]

#: Mail services many people share: never an account's domain.
PUBLIC_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
        "icloud.com", "me.com", "qq.com", "foxmail.com", "163.com", "126.com", "sina.com",
        "sohu.com", "aliyun.com", "139.com", "yeah.net",
    }
)  # fmt: skip


def domain_of(address: str) -> str:
    """The lower-cased domain of an address ('' when it has none)."""
    return address.rpartition("@")[2].lower()


class Person(BaseModel):
    """A matched address: which person, of which kind, at which account (None: ours)."""

    id: str
    kind: NodeKind
    account: str | None = None
    left: bool = False


class Directory:
    """The address book of a store: addresses to people, domains to accounts."""

    def __init__(self, stakeholders: list[Stakeholder], team: list[TeamMember]) -> None:
        self.people: dict[str, Person] = {}
        self.names: dict[str, str] = {}
        for member in team:
            for address in member.emails:
                self.people[address.lower()] = Person(id=member.id, kind=NodeKind.TEAM_MEMBER)
                self.names[member.id] = member.name
        ours = {domain_of(a) for m in team for a in m.emails}
        claims: dict[str, set[str]] = defaultdict(set)
        for person in stakeholders:
            self.names[person.id] = person.name
            for address in person.emails:
                self.people[address.lower()] = Person(
                    id=person.id,
                    kind=NodeKind.STAKEHOLDER,
                    account=person.account,
                    left=person.status is StakeholderStatus.LEFT,
                )
                claims[domain_of(address)].add(person.account)
        self.domains: dict[str, str] = {
            d: next(iter(accounts))
            for d, accounts in claims.items()
            if len(accounts) == 1 and d not in PUBLIC_DOMAINS and d not in ours
        }

    @classmethod
    def from_store(cls, store: Store, accounts: frozenset[str] | None = None) -> Directory:
        """The directory of every team member in `store` and of the stakeholders of `accounts`
        (None: all): the people of other accounts are then unknown, and so are their domains."""
        stakeholders = [
            n
            for n in store.list_nodes(NodeKind.STAKEHOLDER)
            if isinstance(n, Stakeholder) and (accounts is None or n.account in accounts)
        ]
        team = [n for n in store.list_nodes(NodeKind.TEAM_MEMBER) if isinstance(n, TeamMember)]
        return cls(stakeholders, team)

    def match(self, address: str) -> Person | None:
        """The person with this address, or None."""
        return self.people.get(address.lower())

    def account_of_domain(self, address: str) -> str | None:
        """The account whose mail domain the address is on, or None."""
        return self.domains.get(domain_of(address))
