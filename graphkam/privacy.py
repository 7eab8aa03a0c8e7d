"""A person's rights over their data: erasure (GDPR art. 17, PIPL art. 47) and export.

`erase` removes one stakeholder's personal data everywhere graphkam holds it, in one
transaction, and leaves a tombstone so the graph and the counts stay whole:
- the node keeps only `id`, `account`, `status` and the name "[erased]" (title, department,
  roles, stance, influence, notes and competitor preference go);
- relationships touching the person, in any account (a `knows` edge from a person of another
  account too), stay (the structure of the buying committee) but lose their free-text `notes`;
- interactions the person attended stay (dates and purposes) but lose their free-text `notes`;
- every Change payload about the person, in any account, is rewritten the same way, and one
  `erase` Change (holding the tombstone only) records that the erasure happened;
- then `scrub` clears the store's files: on SQLite a WAL checkpoint and VACUUM (with
  `secure_delete` on), so neither the file nor its WAL holds a byte of the old values. Neo4j
  keeps old values in its transaction logs until they rotate out (docs/reliability.md names
  the setting that bounds it); a client cannot clear them.

`export_person` gathers everything held on one person as JSON; notes only on request.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from graphkam.history import RELATIONSHIP_SUBJECT, current_actor, history, new_change
from graphkam.model import (
    Change,
    ChangeAction,
    Interaction,
    NodeKind,
    RecordKind,
    Relationship,
    Stakeholder,
)
from graphkam.references import payload_refers_to, refers_to
from graphkam.stores.audited import unwrap
from graphkam.stores.base import Store

__all__ = ["ERASED_NAME", "ErasureSummary", "tombstone", "erase", "scrub", "export_person"]

#: Whose data erasure and export gather (the declared references that point at a person).
_STAKEHOLDER = NodeKind.STAKEHOLDER

#: The name an erased stakeholder keeps.
ERASED_NAME = "[erased]"
_TOMBSTONE_FIELDS = ("id", "account", "name", "status")


class ErasureSummary(BaseModel):
    """What an erasure rewrote."""

    stakeholder: str
    account: str
    relationships: int
    interactions: int
    changes: int


def tombstone(person: Stakeholder) -> Stakeholder:
    """The stakeholder with every personal field gone: id, account, status and '[erased]'."""
    return Stakeholder(id=person.id, account=person.account, name=ERASED_NAME, status=person.status)


def _erase_payload(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stakeholder payload cut down to the tombstone fields."""
    if data is None:
        return None
    kept = {k: v for k, v in data.items() if k in _TOMBSTONE_FIELDS}
    if "name" in kept:
        kept["name"] = ERASED_NAME
    return kept


def _without_notes(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return {k: v for k, v in data.items() if k != "notes"}


def _rewrite(change: Change, person: str) -> Change | None:
    """The change with the person's personal data removed; None when it holds none."""
    if change.subject_kind == NodeKind.STAKEHOLDER.value and change.subject_id == person:
        before, after = _erase_payload(change.before), _erase_payload(change.after)
    elif change.subject_kind in (RELATIONSHIP_SUBJECT, RecordKind.INTERACTION.value) and any(
        payload_refers_to(change.subject_kind, side, NodeKind.STAKEHOLDER, person)
        for side in (change.before, change.after)
    ):
        before, after = _without_notes(change.before), _without_notes(change.after)
    else:
        return None
    if (before, after) == (change.before, change.after):
        return None
    return change.model_copy(update={"before": before, "after": after})


def erase(store: Store, stakeholder_id: str, scrub_files: bool = True) -> ErasureSummary:
    """Erase one stakeholder's personal data everywhere, leaving a tombstone (see module doc).

    NotFoundError if there is no such stakeholder. Erasing twice is harmless. Inside an outer
    transaction pass `scrub_files=False` and call `scrub(store)` after it commits.
    """
    inner = unwrap(store)
    actor, now = current_actor(), dt.datetime.now(dt.UTC)
    with inner.transaction():
        person = inner.get_node(NodeKind.STAKEHOLDER, stakeholder_id)
        assert isinstance(person, Stakeholder)
        account = person.account
        tomb = tombstone(person)
        inner.upsert_nodes([tomb])

        rels = [
            r.model_copy(update={"notes": None})
            for r in inner.list_relationships()  # every account: edges may cross accounts
            if stakeholder_id in (r.from_id, r.to_id) and r.notes is not None
        ]
        inner.upsert_relationships(rels)

        visits = [
            v.model_copy(update={"notes": None})
            for v in inner.list_records(RecordKind.INTERACTION)
            if isinstance(v, Interaction) and v.notes and refers_to(v, _STAKEHOLDER, stakeholder_id)
        ]
        inner.upsert_records(visits)

        rewritten = []
        for change in inner.list_records(RecordKind.CHANGE):  # every account's history
            assert isinstance(change, Change)
            new = _rewrite(change, stakeholder_id)
            if new is not None:
                rewritten.append(new)
        record = new_change(
            account=account,
            date=now,
            actor=actor,
            action=ChangeAction.ERASE,
            subject_kind=NodeKind.STAKEHOLDER.value,
            subject_id=stakeholder_id,
            before=None,
            after=tomb,
        )
        inner.upsert_records([*rewritten, record])
    if scrub_files:
        scrub(store)
    return ErasureSummary(
        stakeholder=stakeholder_id,
        account=account,
        relationships=len(rels),
        interactions=len(visits),
        changes=len(rewritten),
    )


def scrub(store: Store) -> None:
    """Clear old versions from the store's files where the backend allows it (SQLite: WAL
    checkpoint + VACUUM, see SqliteStore.scrub); other backends are left as they are. Call it
    outside any transaction."""
    scrubber = getattr(unwrap(store), "scrub", None)
    if callable(scrubber):
        scrubber()


def _json(model: BaseModel, include_personal: bool) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    if not include_personal:
        data.pop("notes", None)
    return data


def export_person(
    store: Store, stakeholder_id: str, include_personal: bool = False
) -> dict[str, Any]:
    """Everything held on one stakeholder: the node, their relationships, the interactions
    they attended, their NPS answers and the history about them. Free-text notes only with
    `include_personal`. NotFoundError if there is no such stakeholder."""
    person = store.get_node(NodeKind.STAKEHOLDER, stakeholder_id)
    assert isinstance(person, Stakeholder)
    account = person.account
    rels: list[Relationship] = [
        r for r in store.list_relationships(account) if stakeholder_id in (r.from_id, r.to_id)
    ]
    visits = [
        v
        for v in store.list_records(RecordKind.INTERACTION, account)
        if refers_to(v, _STAKEHOLDER, stakeholder_id)
    ]
    answers = [
        a
        for a in store.list_records(RecordKind.NPS, account)
        if refers_to(a, _STAKEHOLDER, stakeholder_id)
    ]
    changes = history(store, account, stakeholder_id)
    return {
        "stakeholder": _json(person, include_personal),
        "account": account,
        "relationships": [_json(r, include_personal) for r in rels],
        "interactions": [_json(v, include_personal) for v in visits],
        "nps": [_json(a, include_personal) for a in answers],
        "history": [c.model_dump(mode="json") for c in changes],
        "include_personal": include_personal,
    }
