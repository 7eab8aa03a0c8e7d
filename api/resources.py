"""Object-level access checks and the read-check-write steps every resource route shares.

Every object is checked, not just the route: an object of an account the user may not read
answers exactly like a missing id (NotFoundError), and references to such objects in a request
body are reported as unknown ids. Writes compare the caller's If-Match with the current ETag and
write inside one `store.transaction()`, so a stale version fails instead of being overwritten.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import TypeVar
from urllib.parse import quote

from pydantic import BaseModel

from api.errors import StaleVersionError
from api.visibility import (
    SHARED_KINDS,
    node_account,
    owner_accounts,
    public_interaction,
    public_node,
    public_relationship,
    ref_account,
    relationship_accounts,
    visible_interactions,
    visible_nodes,
    visible_relationships,
)
from graphkam.auth import Access
from graphkam.documents import NODE_SECTIONS, AccountMap
from graphkam.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    Problem,
)
from graphkam.model import (
    Interaction,
    Node,
    NodeKind,
    RecordKind,
    Relationship,
    RelType,
)
from graphkam.references import referenced_ids
from graphkam.stores.base import Store
from graphkam.validation import Lookup, NodeRef, check_map

__all__ = [
    "SHARED_KINDS",
    "etag_of",
    "check_if_match",
    "node_account",
    "public_node",
    "read_node",
    "create_node",
    "update_node",
    "delete_node",
    "relationship_accounts",
    "read_relationship",
    "create_relationship",
    "update_relationship",
    "delete_relationship",
    "read_interaction",
    "create_interaction",
    "update_interaction",
    "delete_interaction",
    "visible_nodes",
    "visible_relationships",
    "visible_interactions",
    "owner_accounts",
    "location",
]

M = TypeVar("M", bound=BaseModel)


# -- versions ------------------------------------------------------------------------------
def etag_of(obj: BaseModel) -> str:
    """A strong ETag: the first 32 hex digits of sha256 over the object's canonical JSON."""
    data = obj.model_dump(mode="json", by_alias=True)
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def check_if_match(if_match: str | None, current: str) -> None:
    """Raise StaleVersionError unless If-Match is absent, `*`, or lists the current ETag."""
    if if_match is None:
        return
    tags = [t.strip() for t in if_match.split(",")]
    if "*" in tags or current in tags:
        return
    raise StaleVersionError(
        f"If-Match {if_match} does not match the current version {current}: "
        "read the object again and re-apply your change"
    )


# -- nodes ---------------------------------------------------------------------------------
def read_node(store: Store, access: Access, kind: NodeKind, id: str) -> Node:
    """The node, or NotFoundError if it is missing or belongs to an account the user can't read."""
    node = store.get_node(kind, id)
    account = node_account(node)
    if account is not None and not access.can_read(account):
        raise NotFoundError(kind.value, id)
    return node


def _require_node_write(access: Access, kind: NodeKind, account: str | None) -> None:
    if access.is_admin:
        return
    if kind in SHARED_KINDS:
        raise PermissionDeniedError(
            f"only an admin may change a {kind.value.replace('_', ' ')}; ask an admin"
        )
    if account is None or not access.can_write(account):
        raise PermissionDeniedError(
            f"your role ({access.user.role.value}) may read account '{account}' but not change it"
        )


def _visible_lookup(store: Store, access: Access, kept: frozenset[str]) -> Lookup:
    def lookup(ids: set[str]) -> Mapping[str, NodeRef]:
        refs = store.node_refs(ids)
        return {
            i: ref
            for i, ref in refs.items()
            if i in kept or (a := ref_account(i, ref)) is None or access.can_read(a)
        }

    return lookup


def _references(obj: Node | Relationship | Interaction) -> frozenset[str]:
    """The ids `obj` refers to through its reference fields (never its free-text values): on
    update these stay valid even where the user can't read their target, and nothing else
    does — an `industry` or `notes` string is never an allowed id. The fields come from the
    one declaration of references (graphkam/references.py)."""
    return frozenset(ident for _, ident in referenced_ids(obj))


def _validated(
    store: Store, access: Access, doc: AccountMap, kept: frozenset[str] = frozenset()
) -> AccountMap:
    """`doc` checked against what the user can see (plus the ids in `kept`, which the object
    referenced before this change), with derived fields filled in."""
    filled, problems = check_map(doc, _visible_lookup(store, access, kept))
    if problems:
        raise InvalidInputError([_body_problem(p) for p in problems])
    return filled


def _body_problem(p: Problem) -> Problem:
    rest = p.loc[2:] if len(p.loc) >= 2 else p.loc
    field = ".".join(str(x) for x in rest) or None
    return Problem(p.message, field=field, loc=("body", *rest))


def _single(kind: NodeKind, node: Node) -> AccountMap:
    return AccountMap.model_validate({NODE_SECTIONS[kind]: [node]})


def _refuse_taken(
    access: Access, ident: str, account: str | None, advice: str = "choose another id"
) -> None:
    """A create with an id already in use: 409 when the user can read the holder; when they
    can't, 422 on the `id` field that says nothing of what holds it (ids are global, so a
    create can't answer like a free id; it names neither kind nor account)."""
    if account is None or access.can_read(account):
        raise ConflictError(f"id '{ident}' is already taken; {advice}")
    raise InvalidInputError(
        [Problem(f"id '{ident}' cannot be used; choose another id", field="id", loc=("body", "id"))]
    )


def create_node(store: Store, access: Access, kind: NodeKind, node: Node) -> Node:
    """Write a new node after checking references (422), rights (403) and the id (409)."""
    if kind is NodeKind.ACCOUNT and not access.is_admin:
        raise PermissionDeniedError("only an admin may create an account")
    with store.transaction():
        filled = _validated(store, access, _single(kind, node))
        _require_node_write(access, kind, node_account(node))
        taken = store.node_refs([node.id])
        if taken:
            _refuse_taken(access, node.id, ref_account(node.id, taken[node.id]))
        store.import_map(filled)
    return node


def update_node(
    store: Store, access: Access, kind: NodeKind, id: str, patch: BaseModel, if_match: str | None
) -> Node:
    """Apply `patch` to the node if If-Match still holds; all in one transaction."""
    with store.transaction():
        current = read_node(store, access, kind, id)
        _require_node_write(access, kind, node_account(current))
        check_if_match(if_match, etag_of(public_node(current, access)))
        changes = patch.model_dump(exclude_unset=True)
        merged = type(current).model_validate({**current.model_dump(by_alias=True), **changes})
        store.import_map(_validated(store, access, _single(kind, merged), _references(current)))
    return merged


def delete_node(
    store: Store, access: Access, kind: NodeKind, id: str, if_match: str | None
) -> None:
    """Delete the node (an account takes its whole subgraph) if If-Match still holds."""
    with store.transaction():
        current = read_node(store, access, kind, id)
        if kind is NodeKind.ACCOUNT and not access.is_admin:
            raise PermissionDeniedError("only an admin may delete an account")
        _require_node_write(access, kind, node_account(current))
        check_if_match(if_match, etag_of(public_node(current, access)))
        store.delete_node(kind, id)


# -- relationships --------------------------------------------------------------------------
def _rel_label(type: RelType, from_id: str, to_id: str) -> str:
    return f"{type.value} {from_id} -> {to_id}"


def read_relationship(
    store: Store, access: Access, type: RelType, from_id: str, to_id: str
) -> Relationship:
    """The relationship, or NotFoundError if missing or touching an account the user can't read."""
    probe = Relationship(type=type, from_id=from_id, to_id=to_id)
    accounts = relationship_accounts(store, probe)
    if not all(access.can_read(a) for a in accounts):
        raise NotFoundError("relationship", _rel_label(type, from_id, to_id))
    scope = next(iter(accounts)) if len(accounts) == 1 else None
    for rel in store.list_relationships(account=scope, type=type):
        if rel.key == probe.key:
            return rel
    raise NotFoundError("relationship", _rel_label(type, from_id, to_id))


def _require_rel_write(access: Access, rel: Relationship, accounts: set[str]) -> None:
    if access.is_admin:
        return
    if rel.type is RelType.ON_TEAM:
        raise PermissionDeniedError(
            "on_team grants access to an account: only an admin may change it"
        )
    if not accounts:
        raise PermissionDeniedError(
            "only an admin may change relationships outside any account; ask an admin"
        )
    denied = sorted(a for a in accounts if not access.can_write(a))
    if denied:
        raise PermissionDeniedError(
            f"your role ({access.user.role.value}) may not change account '{denied[0]}'"
        )


def create_relationship(store: Store, access: Access, rel: Relationship) -> Relationship:
    """Write a new relationship after checking ends (422), rights (403) and identity (409)."""
    with store.transaction():
        filled = _validated(store, access, AccountMap(relationships=[rel]))
        _require_rel_write(access, rel, relationship_accounts(store, rel))
        try:
            read_relationship(store, access, rel.type, rel.from_id, rel.to_id)
        except NotFoundError:
            pass
        else:
            raise ConflictError(
                f"relationship {_rel_label(rel.type, rel.from_id, rel.to_id)} already exists; "
                "PATCH it instead"
            )
        store.import_map(filled)
    return rel


def update_relationship(
    store: Store,
    access: Access,
    key: tuple[RelType, str, str],
    patch: BaseModel,
    if_match: str | None,
) -> Relationship:
    """Apply `patch` to the relationship if If-Match still holds; all in one transaction."""
    with store.transaction():
        current = read_relationship(store, access, *key)
        accounts = relationship_accounts(store, current)
        _require_rel_write(access, current, accounts)
        check_if_match(if_match, etag_of(public_relationship(current, access, accounts)))
        changes = patch.model_dump(exclude_unset=True)
        merged = Relationship.model_validate({**current.model_dump(by_alias=True), **changes})
        doc = AccountMap(relationships=[merged])
        store.import_map(_validated(store, access, doc, _references(current)))
    return merged


def delete_relationship(
    store: Store, access: Access, key: tuple[RelType, str, str], if_match: str | None
) -> None:
    """Delete the relationship if If-Match still holds."""
    with store.transaction():
        current = read_relationship(store, access, *key)
        accounts = relationship_accounts(store, current)
        _require_rel_write(access, current, accounts)
        check_if_match(if_match, etag_of(public_relationship(current, access, accounts)))
        store.delete_relationship(current.type, current.from_id, current.to_id)


# -- interactions ---------------------------------------------------------------------------
def read_interaction(store: Store, access: Access, id: str) -> Interaction:
    """The visit record, or NotFoundError if missing or of an account the user can't read."""
    rec = store.get_record(RecordKind.INTERACTION, id)
    if not isinstance(rec, Interaction) or (rec.account and not access.can_read(rec.account)):
        raise NotFoundError("interaction", id)
    return rec


def _require_account_write(access: Access, account: str | None) -> None:
    if account is None or not access.can_write(account):
        raise PermissionDeniedError(
            f"your role ({access.user.role.value}) may not change account '{account}'"
        )


def create_interaction(store: Store, access: Access, rec: Interaction) -> Interaction:
    """Write a new visit record (its id derived from content when not given)."""
    with store.transaction():
        filled = _validated(store, access, AccountMap(interactions=[rec]))
        new = filled.interactions[0]
        _require_account_write(access, new.account)
        try:
            old = store.get_record(RecordKind.INTERACTION, str(new.id))
        except NotFoundError:
            pass
        else:
            _refuse_taken(access, str(new.id), old.account, "already exists; PATCH it instead")
        store.import_map(filled)
    return new


def update_interaction(
    store: Store, access: Access, id: str, patch: BaseModel, if_match: str | None
) -> Interaction:
    """Apply `patch` to the visit record if If-Match still holds (account re-derived)."""
    with store.transaction():
        current = read_interaction(store, access, id)
        _require_account_write(access, current.account)
        check_if_match(if_match, etag_of(public_interaction(current, access)))
        changes = patch.model_dump(exclude_unset=True)
        data = {**current.model_dump(), **changes}
        if "stakeholders" in changes:
            data["account"] = None
        merged = Interaction.model_validate(data)
        doc = AccountMap(interactions=[merged])
        filled = _validated(store, access, doc, _references(current))
        new = filled.interactions[0]
        _require_account_write(access, new.account)
        store.import_map(filled)
    return new


def delete_interaction(store: Store, access: Access, id: str, if_match: str | None) -> None:
    """Delete the visit record if If-Match still holds."""
    with store.transaction():
        current = read_interaction(store, access, id)
        _require_account_write(access, current.account)
        check_if_match(if_match, etag_of(public_interaction(current, access)))
        store.delete_record(RecordKind.INTERACTION, id)


def location(*parts: str) -> str:
    """A URL path from segments, each percent-encoded (ids may hold any character)."""
    return "/" + "/".join(quote(p, safe="") for p in parts)
