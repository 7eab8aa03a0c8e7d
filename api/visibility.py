"""Who sees what: the accounts objects belong to, the views users get of them, and lists.

One rule for free-text notes (`Access.sees_notes`): the account's team and admins see them,
on stakeholders, relationships (the team of every account an end belongs to) and visits alike.
Team members are shared, but the accounts they are on are shown only where the user can read
the account — nobody learns a colleague's other accounts from `/team-members`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from graphkam.auth import Access
from graphkam.errors import NotFoundError
from graphkam.model import (
    Account,
    Change,
    Interaction,
    Node,
    NodeKind,
    RecordKind,
    Relationship,
    RelType,
    Stakeholder,
    TeamMember,
)
from graphkam.stores.base import Store
from graphkam.validation import NodeRef

__all__ = [
    "SHARED_KINDS",
    "node_account",
    "ref_account",
    "relationship_accounts",
    "public_node",
    "public_relationship",
    "public_interaction",
    "public_change",
    "visible_nodes",
    "visible_relationships",
    "visible_interactions",
    "owner_accounts",
]

N = TypeVar("N", bound=Node)

#: Node kinds outside any account: readable by every user, written only by admins.
SHARED_KINDS = frozenset({NodeKind.TEAM_MEMBER, NodeKind.THIRD_PARTY, NodeKind.COMPETITOR})


def node_account(node: Node) -> str | None:
    """The account a node belongs to (an account belongs to itself); None for shared nodes."""
    if isinstance(node, Account):
        return node.id
    account = getattr(node, "account", None)
    return account if isinstance(account, str) else None


def ref_account(ident: str, ref: NodeRef) -> str | None:
    """The account of a looked-up node (an account's is its own id)."""
    return ident if ref[0] is NodeKind.ACCOUNT else ref[1]


def relationship_accounts(store: Store, rel: Relationship) -> set[str]:
    """The accounts a relationship's ends belong to (empty for e.g. third party ↔ our people)."""
    refs = store.node_refs([rel.from_id, rel.to_id])
    return {a for i, ref in refs.items() if (a := ref_account(i, ref)) is not None}


def public_node(node: N, access: Access) -> N:
    """The node as this user may see it: stakeholder notes only for the team and admins; a
    team member's accounts only those the user can read."""
    if isinstance(node, Stakeholder) and node.notes is not None:
        if not access.sees_notes(node.account):
            return node.model_copy(update={"notes": None})
    if isinstance(node, TeamMember) and access.readable is not None:
        shown = [a for a in node.accounts if access.can_read(a)]
        if shown != node.accounts:
            return node.model_copy(update={"accounts": shown})
    return node


def public_relationship(rel: Relationship, access: Access, accounts: Iterable[str]) -> Relationship:
    """The relationship as this user may see it: notes only for the team of every account
    its ends belong to (`accounts`), and admins."""
    if rel.notes is not None and not access.sees_notes(*accounts):
        return rel.model_copy(update={"notes": None})
    return rel


def public_interaction(rec: Interaction, access: Access) -> Interaction:
    """The visit record as this user may see it: notes only for the account's team and admins."""
    if rec.notes is not None and not (rec.account and access.sees_notes(rec.account)):
        if not access.is_admin:
            return rec.model_copy(update={"notes": None})
    return rec


def public_change(change: Change, access: Access) -> Change:
    """A history entry as this user may see it: a team member's `accounts` in its before/after
    cut to the accounts the user can read (history never holds note text, see
    graphkam.history)."""
    if change.subject_kind != NodeKind.TEAM_MEMBER.value or access.readable is None:
        return change

    def cut(data: dict[str, object] | None) -> dict[str, object] | None:
        if not data or not isinstance(data.get("accounts"), list):
            return data
        kept = [a for a in data["accounts"] if isinstance(a, str) and access.can_read(a)]
        return {**data, "accounts": kept}

    return change.model_copy(update={"before": cut(change.before), "after": cut(change.after)})


def visible_nodes(store: Store, access: Access, kind: NodeKind, account: str | None) -> list[Node]:
    """Nodes of `kind` the user can read (as `public_node` shows them), optionally of one
    account, sorted by id."""
    return [public_node(n, access) for n in _readable_nodes(store, access, kind, account)]


def _readable_nodes(
    store: Store, access: Access, kind: NodeKind, account: str | None
) -> list[Node]:
    if account is not None:
        if not access.can_read(account):
            return []
        if kind is NodeKind.ACCOUNT:
            try:
                return [store.get_node(kind, account)]
            except NotFoundError:
                return []
        try:
            return store.list_nodes(kind, account=account)
        except NotFoundError:  # an unknown account filters everything out
            return []
    nodes = store.list_nodes(kind)
    if kind in SHARED_KINDS or access.readable is None:
        return nodes
    return [n for n in nodes if (a := node_account(n)) is not None and access.can_read(a)]


def visible_relationships(
    store: Store, access: Access, account: str | None, type: RelType | None
) -> list[Relationship]:
    """Relationships the user can read (every end's account readable), as
    `public_relationship` shows them, sorted by key."""
    if account is not None and not access.can_read(account):
        return []
    try:
        rels = store.list_relationships(account=account, type=type)
    except NotFoundError:  # an unknown account filters everything out
        return []
    ends = {e for r in rels for e in (r.from_id, r.to_id)}
    refs = store.node_refs(ends)
    owner = {i: ref_account(i, ref) for i, ref in refs.items()}
    out = []
    for rel in sorted(rels, key=lambda r: r.key):
        accounts = {a for e in (rel.from_id, rel.to_id) if (a := owner.get(e)) is not None}
        if all(access.can_read(a) for a in accounts):
            out.append(public_relationship(rel, access, accounts))
    return out


def visible_interactions(store: Store, access: Access, account: str | None) -> list[Interaction]:
    """Visit records the user can read, as `public_interaction` shows them, by (date, id)."""
    if account is not None and not access.can_read(account):
        return []
    try:
        recs = store.list_records(RecordKind.INTERACTION, account=account)
    except NotFoundError:  # an unknown account filters everything out
        return []
    out = [r for r in recs if isinstance(r, Interaction)]
    if access.readable is not None:
        out = [r for r in out if r.account is not None and access.can_read(r.account)]
    return [public_interaction(r, access) for r in out]


def owner_accounts(store: Store, owner: str) -> set[str]:
    """Accounts the team member `owner` is on_team of (empty for an unknown member)."""
    try:
        member = store.get_node(NodeKind.TEAM_MEMBER, owner)
    except NotFoundError:
        return set()
    return set(getattr(member, "accounts", []))
