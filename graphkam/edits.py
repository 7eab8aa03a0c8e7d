"""Edits by hand: add a person, set fields, link and unlink people, put colleagues on a team.

Each edit validates like an import (pydantic models, then graphkam.validation.check_map against
the store) and writes through the store it is given, so an audited store records it in the
history (source `cli`, or `api` inside `acting_as`). People, colleagues and accounts are named
by id, name or an unambiguous part (graphkam/identity.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from graphkam.documents import AccountMap
from graphkam.errors import InvalidInputError, NotFoundError, Problem
from graphkam.identity import resolve, resolve_id
from graphkam.io.csv_import import derived_id
from graphkam.io.messages import problems_from_validation
from graphkam.model import (
    DecisionRole,
    Department,
    NodeKind,
    Relationship,
    RelType,
    Stakeholder,
    TeamMember,
    TeamRole,
)
from graphkam.stores.base import Store
from graphkam.titles import suggest_roles
from graphkam.validation import check_map

__all__ = [
    "EditResult",
    "add_stakeholder",
    "set_fields",
    "link",
    "unlink",
    "team_add",
    "SETTABLE",
]

#: Fields `set` accepts, besides roles+= / roles-= / accept= / reject=.
SETTABLE = ("name", "title", "department", "roles", "stance", "influence", "status", "phone")

_ENDS = (NodeKind.STAKEHOLDER, NodeKind.TEAM_MEMBER, NodeKind.THIRD_PARTY, NodeKind.ACCOUNT)


class EditResult(BaseModel):
    """What an edit wrote: the subject's label and each field before -> after."""

    subject: str
    action: str
    changes: dict[str, tuple[Any, Any]] = {}


def add_stakeholder(
    store: Store,
    account: str,
    name: str,
    values: dict[str, Any] | None = None,
) -> EditResult:
    """Create a stakeholder of `account` (id, name or part); values: title, roles, stance,
    influence, department (id or name; created when new), emails. Roles are suggested from the
    title when none are given (graphkam/titles.py)."""
    values = dict(values or {})
    with store.transaction():
        acct = resolve_id(store, account, [NodeKind.ACCOUNT], field="account")
        people = [s for s in store.list_nodes(NodeKind.STAKEHOLDER, acct) if s.name == name]
        if people:
            raise InvalidInputError(
                Problem(
                    f"'{name}' is already a stakeholder of '{acct}' ({people[0].id}); "
                    "use `graphkam set` to change them",
                    field="name",
                )
            )
        doc: dict[str, list[Any]] = {"departments": [], "stakeholders": []}
        if values.get("department"):
            values["department"] = _department(store, acct, values["department"], doc)
        person = _validated(
            Stakeholder, {"id": derived_id("sh", acct, name), "account": acct, "name": name,
                          **values}
        )  # fmt: skip
        assert isinstance(person, Stakeholder)
        if not person.roles and person.title:
            person = person.model_copy(update={"suggested_roles": suggest_roles(person.title)})
        doc["stakeholders"].append(person)
        _write(store, AccountMap.model_validate(doc))
    return EditResult(subject=f"{person.name} ({person.id})", action="created")


def set_fields(
    store: Store, person: str, assignments: Sequence[str], account: str | None = None
) -> EditResult:
    """Apply FIELD=VALUE assignments to a stakeholder (see SETTABLE); `-` clears a field.

    `roles=a,b` sets the roles, `roles+=x` adds, `roles-=x` removes; `accept=ROLE|all` turns
    suggested roles into roles, `reject=ROLE|all` drops suggestions.
    """
    with store.transaction():
        scope = resolve_id(store, account, [NodeKind.ACCOUNT], field="account") if account else None
        old = resolve(store, person, [NodeKind.STAKEHOLDER], scope, field="person")
        assert isinstance(old, Stakeholder)
        data = old.model_dump()
        doc: dict[str, list[Any]] = {"departments": [], "stakeholders": []}
        for item in assignments:
            _assign(store, old, data, item, doc)
        new = _validated(Stakeholder, data)
        assert isinstance(new, Stakeholder)
        changes = _diff(old, new)
        if changes:
            doc["stakeholders"].append(new)
            _write(store, AccountMap.model_validate(doc))
        if "department" in changes:
            names = {d.id: d.name for d in store.list_nodes(NodeKind.DEPARTMENT, old.account)}
            changes["department"] = tuple(  # type: ignore[assignment]
                f"{names[d]} ({d})" if d in names else d for d in changes["department"]
            )
    return EditResult(subject=f"{old.name} ({old.id})", action="set", changes=changes)


def link(
    store: Store,
    a: str,
    type: RelType | str,
    b: str,
    values: dict[str, Any] | None = None,
    account: str | None = None,
) -> EditResult:
    """Create or update the relationship `a TYPE b` (weight, strength, last_contact, notes);
    `on_team` puts a team member on an account's team."""
    rel_type = _rel_type(type)
    with store.transaction():
        scope = resolve_id(store, account, [NodeKind.ACCOUNT], field="account") if account else None
        src = resolve(store, a, _ENDS, scope, field="from")
        dst = resolve(store, b, _ENDS, scope, field="to")
        label = f"{src.name} {rel_type.value} {dst.name}"
        if rel_type is RelType.ON_TEAM:
            return team_add(store, src.id, dst.id)
        rel = _validated(
            Relationship, {"type": rel_type, "from": src.id, "to": dst.id, **(values or {})}
        )
        assert isinstance(rel, Relationship)
        stored = {r.key: r for r in store.list_relationships(type=rel_type)}.get(rel.key)
        if stored is not None:
            given = rel.model_dump(exclude_unset=True, by_alias=False)
            rel = _validated(Relationship, {**stored.model_dump(by_alias=False), **given})
        _write(store, AccountMap(relationships=[rel]))  # type: ignore[list-item]
        changes = _diff(stored, rel) if stored is not None else {}
    return EditResult(subject=label, action="updated" if stored else "linked", changes=changes)


def unlink(
    store: Store, a: str, type: RelType | str, b: str, account: str | None = None
) -> EditResult:
    """Delete the relationship `a TYPE b` (NotFoundError when there is none)."""
    rel_type = _rel_type(type)
    with store.transaction():
        scope = resolve_id(store, account, [NodeKind.ACCOUNT], field="account") if account else None
        src = resolve(store, a, _ENDS, scope, field="from")
        dst = resolve(store, b, _ENDS, scope, field="to")
        if rel_type is RelType.ON_TEAM and isinstance(src, TeamMember):
            if dst.id not in src.accounts:
                raise NotFoundError("team membership", f"{src.id} on {dst.id}")
            kept = [x for x in src.accounts if x != dst.id]
            store.upsert_nodes([src.model_copy(update={"accounts": kept})])
        else:
            store.delete_relationship(rel_type, src.id, dst.id)
    return EditResult(subject=f"{src.name} {rel_type.value} {dst.name}", action="unlinked")


def team_add(
    store: Store, member: str, account: str, role: TeamRole | str | None = None
) -> EditResult:
    """Put a team member (id, name or part) on `account`'s team; a new colleague is created
    when `role` is given and nobody matches."""
    with store.transaction():
        acct = resolve(store, account, [NodeKind.ACCOUNT], field="account")
        try:
            old: TeamMember | None = resolve(store, member, [NodeKind.TEAM_MEMBER], field="member")  # type: ignore[assignment]
        except NotFoundError:
            if role is None:
                raise
            old = None
        if old is None:
            new = _validated(TeamMember, {"id": derived_id("tm", member), "name": member,
                                          "team_role": role, "accounts": [acct.id]})  # fmt: skip
        else:
            update: dict[str, Any] = {"accounts": list(dict.fromkeys([*old.accounts, acct.id]))}
            if role is not None:
                update["team_role"] = role
            new = _validated(TeamMember, {**old.model_dump(), **update})
        _write(store, AccountMap(team=[new]))  # type: ignore[list-item]
    assert isinstance(new, TeamMember)
    changes = _diff(old, new) if old is not None else {}
    return EditResult(
        subject=f"{new.name} ({new.id}) on {acct.name}",
        action="created" if old is None else "updated",
        changes=changes,
    )


# -- private helpers ---------------------------------------------------------------------------


def _assign(
    store: Store, old: Stakeholder, data: dict[str, Any], item: str, doc: dict[str, list[Any]]
) -> None:
    for op in ("+=", "-=", "="):
        field, sep, value = item.partition(op)
        if sep:
            break
    field, value = field.strip(), value.strip()
    if not sep or not field:
        raise InvalidInputError(f"'{item}' is not FIELD=VALUE (e.g. stance=supporter)")
    if field in ("accept", "reject"):
        wanted = {s.role for s in old.suggested_roles} if value == "all" else {_role(value)}
        missing = wanted - {s.role for s in old.suggested_roles}
        if missing:
            raise InvalidInputError(
                f"{field}: '{value}' is not a suggested role of {old.name} (suggested: "
                f"{', '.join(s.role.value for s in old.suggested_roles) or 'none'})"
            )
        if field == "accept":
            data["roles"] = list(dict.fromkeys([*data["roles"], *sorted(wanted)]))
        data["suggested_roles"] = [s for s in data["suggested_roles"] if s["role"] not in wanted]
        return
    if field == "role":
        field = "roles"
    if field not in SETTABLE:
        raise InvalidInputError(f"cannot set '{field}' (settable: {', '.join(SETTABLE)})")
    if op != "=" and field != "roles":
        raise InvalidInputError(f"'{op}' works only on roles, not on '{field}'")
    if field == "roles":
        given = [_role(v) for v in value.replace(";", ",").split(",") if v.strip()]
        if value == "-":
            given = []
        current = [DecisionRole(r) for r in data["roles"]]
        if op == "+=":
            data["roles"] = list(dict.fromkeys([*current, *given]))
        elif op == "-=":
            data["roles"] = [r for r in current if r not in given]
        else:
            data["roles"] = given
        return
    if value == "-":
        data[field] = Stakeholder.model_fields[field].get_default(call_default_factory=True)
        return
    if field == "department":
        value = _department(store, old.account, value, doc)
    data[field] = value


def _role(text: str) -> DecisionRole:
    try:
        return DecisionRole(text.strip())
    except ValueError:
        allowed = ", ".join(r.value for r in DecisionRole)
        raise InvalidInputError(f"'{text.strip()}' is not a decision role ({allowed})") from None


def _rel_type(value: RelType | str) -> RelType:
    try:
        return RelType(value)
    except ValueError:
        allowed = ", ".join(t.value for t in RelType)
        raise InvalidInputError(f"'{value}' is not a relationship type ({allowed})") from None


def _department(store: Store, account: str, text: str, doc: dict[str, list[Any]]) -> str:
    """A department of `account` by id or name; a new one (added to `doc`) when unknown."""
    for dept in store.list_nodes(NodeKind.DEPARTMENT, account):
        if text in (dept.id, dept.name):
            return dept.id
    new = Department(id=derived_id("dept", account, text), account=account, name=text)
    doc["departments"].append(new)
    return new.id


def _validated(model: type[BaseModel], data: dict[str, Any]) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInputError(problems_from_validation(exc)) from None


def _write(store: Store, doc: AccountMap) -> None:
    """Check `doc` against the store as an import is checked, then upsert it."""
    filled, problems = check_map(doc, store.node_refs)
    if problems:
        raise InvalidInputError([dataclasses.replace(p, loc=()) for p in problems])
    store.upsert_nodes(list(filled.nodes()))
    store.upsert_relationships(filled.relationships)


def _diff(old: BaseModel | None, new: BaseModel) -> dict[str, tuple[Any, Any]]:
    a = old.model_dump(mode="json", by_alias=True) if old is not None else {}
    b = new.model_dump(mode="json", by_alias=True)
    return {k: (a.get(k), v) for k, v in b.items() if a.get(k) != v}
