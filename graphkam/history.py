"""Audit history: who changed what and when, kept as `Change` records beside the data.

Every write through an audited store (graphkam/stores/audited.py) leaves one `Change` per
subject and account, in the same transaction as the write. The actor and the door the write came
through (CLI, API, import) come from a context variable: the CLI leaves the default (the OS
user, source `cli`), imports switch the source to `import`, the API sets the token's user name
with source `api` via `acting_as`.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import getpass
import itertools
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, TypeAdapter

from graphkam.model import (
    Change,
    ChangeAction,
    ChangeSource,
    NodeKind,
    RecordKind,
    Stakeholder,
    Stance,
)
from graphkam.references import payload_refers_to

__all__ = [
    "is_stakeholder_update",
    "Actor",
    "Change",
    "ChangeAction",
    "ChangeSource",
    "NOTES_MARK",
    "RELATIONSHIP_SUBJECT",
    "acting_as",
    "set_actor",
    "current_actor",
    "import_source",
    "payload",
    "changed_fields",
    "new_change",
    "CreationLog",
    "history",
    "stance_timeline",
]

#: What history keeps in place of free-text notes: that there were notes, never what they say.
NOTES_MARK = "[notes]"
#: `subject_kind` of a relationship change (node and record changes use their kind's value).
RELATIONSHIP_SUBJECT = "relationship"


@dataclass(frozen=True)
class Actor:
    """Who is writing (a user name) and through which door."""

    name: str
    source: ChangeSource


def _os_user() -> str:
    """The operating-system user name, or 'unknown' when the platform cannot tell."""
    try:
        return getpass.getuser() or "unknown"
    except (KeyError, OSError):
        return "unknown"


_ACTOR: contextvars.ContextVar[Actor | None] = contextvars.ContextVar(
    "graphkam_actor", default=None
)


def current_actor() -> Actor:
    """The actor set by `acting_as`, else the OS user writing through the CLI."""
    actor = _ACTOR.get()
    return actor if actor is not None else Actor(_os_user(), ChangeSource.CLI)


def set_actor(name: str, source: ChangeSource | str) -> contextvars.Token[Actor | None]:
    """Name the actor of the writes in the current context (an API request's task)."""
    return _ACTOR.set(Actor(name or "unknown", ChangeSource(source)))


@contextlib.contextmanager
def acting_as(name: str, source: ChangeSource | str) -> Iterator[Actor]:
    """Attribute every audited write inside the block to `name` coming through `source`."""
    actor = Actor(name or "unknown", ChangeSource(source))
    token = _ACTOR.set(actor)
    try:
        yield actor
    finally:
        _ACTOR.reset(token)


@contextlib.contextmanager
def import_source() -> Iterator[Actor]:
    """Mark the writes in the block as coming from an import, keeping the actor's name; an API
    request stays `api` (its routes validate writes through the import path too)."""
    actor = current_actor()
    if actor.source is ChangeSource.API:
        yield actor
        return
    with acting_as(actor.name, ChangeSource.IMPORT) as marked:
        yield marked


def _full(model: BaseModel | dict[str, Any] | None) -> dict[str, Any] | None:
    """The JSON object of `model` with unset fields left out (dicts pass through)."""
    if model is None or isinstance(model, dict):
        return model
    return dict(model.model_dump(mode="json", by_alias=True, exclude_none=True))


def _marked(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None or data.get("notes") is None:
        return data
    return {**data, "notes": NOTES_MARK}


def payload(model: BaseModel | dict[str, Any] | None) -> dict[str, Any] | None:
    """The JSON object history keeps of `model`: unset fields left out, notes replaced by a mark."""
    return _marked(_full(model))


def changed_fields(
    before: BaseModel | dict[str, Any] | None, after: BaseModel | dict[str, Any] | None
) -> list[str]:
    """Top-level fields whose values differ between `before` and `after` (sorted)."""
    a, b = _full(before) or {}, _full(after) or {}
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


_SEQ = itertools.count()
#: Tells apart the ids made by concurrent processes in the same microsecond.
_PROCESS = uuid.uuid4().hex[:8]


@functools.lru_cache(maxsize=64)
def _stamp(date: dt.datetime) -> str:
    return date.strftime("%Y%m%dT%H%M%S%f")


def _change_id(date: dt.datetime) -> str:
    return f"chg-{_stamp(date)}-{next(_SEQ) % 10**9:09d}-{_PROCESS}"


_DATETIME = TypeAdapter(dt.datetime)


class CreationLog:
    """The stored JSON of `create` changes made by one actor at one instant, built from each
    subject's stored JSON text instead of serialising it a second time (an import writes
    millions). `entry(...)` equals the store's JSON of `new_change(action=CREATE,
    before=None, after=subject)` (tests/test_history_bulk.py checks it)."""

    def __init__(self, actor: Actor, date: dt.datetime) -> None:
        self.date = date
        self._middle = (
            f'"date":{_DATETIME.dump_json(date).decode()},"actor":{_text(actor.name)},'
            f'"source":"{actor.source.value}","action":"{ChangeAction.CREATE.value}",'
        )

    def entry(self, account: str, subject_kind: str, subject_id: str, data: str) -> tuple[str, str]:
        """(change id, change JSON) of creating the subject whose stored JSON is `data`, filed
        under `account`."""
        after: dict[str, Any] = json.loads(data)
        if after.get("notes") is not None:  # history keeps that there were notes, not them
            after["notes"] = NOTES_MARK
            data = json.dumps(after, ensure_ascii=False, separators=(",", ":"))
        ident = _change_id(self.date)
        fields = json.dumps(sorted(after), ensure_ascii=False, separators=(",", ":"))
        return ident, (
            f'{{"id":"{ident}","account":{_text(account)},{self._middle}'
            f'"subject_kind":{_text(subject_kind)},"subject_id":{_text(subject_id)},'
            f'"after":{data},"fields":{fields}}}'
        )


#: Characters a JSON string must escape.
_ESCAPED = re.compile(r'["\\\x00-\x1f]')


def _text(value: str) -> str:
    """`value` as a JSON string (as `json.dumps(value, ensure_ascii=False)`, faster for the
    usual string that needs no escape)."""
    if _ESCAPED.search(value) is None:
        return f'"{value}"'
    return json.dumps(value, ensure_ascii=False)


def new_change(
    *,
    account: str,
    date: dt.datetime,
    actor: Actor,
    action: ChangeAction,
    subject_kind: str,
    subject_id: str,
    before: BaseModel | dict[str, Any] | None,
    after: BaseModel | dict[str, Any] | None,
) -> Change:
    """One Change record; its id sorts changes of the same instant in the order they were made.

    Built without re-validation (every part is already valid), as imports make thousands.
    """
    full_before, full_after = _full(before), _full(after)
    return Change.model_construct(
        id=_change_id(date),
        account=account,
        date=date,
        actor=actor.name,
        source=actor.source,
        action=action,
        subject_kind=subject_kind,
        subject_id=subject_id,
        before=_marked(full_before),
        after=_marked(full_after),
        fields=changed_fields(full_before, full_after),
    )


def _touches(change: Change, stakeholder: str) -> bool:
    """Whether `change` is about the stakeholder: the node, an edge or a record naming them."""
    if change.subject_kind == NodeKind.STAKEHOLDER.value:
        return change.subject_id == stakeholder
    return any(
        payload_refers_to(change.subject_kind, side, NodeKind.STAKEHOLDER, stakeholder)
        for side in (change.before, change.after)
    )


def history(store: Any, account: str, stakeholder: str | None = None) -> list[Change]:
    """The account's changes, oldest first; with `stakeholder`, only those about that person.

    NotFoundError if the account does not exist (a deleted account takes its history with it).
    """
    store.get_node(NodeKind.ACCOUNT, account)
    changes: list[Change] = list(store.list_records(RecordKind.CHANGE, account))
    if stakeholder is not None:
        changes = [c for c in changes if _touches(c, stakeholder)]
    return changes


def stance_timeline(store: Any, stakeholder_id: str) -> list[tuple[dt.datetime, Stance, str]]:
    """(when, stance, who) each time the stakeholder's stance was set or changed, oldest first."""
    person = store.get_node(NodeKind.STAKEHOLDER, stakeholder_id)
    assert isinstance(person, Stakeholder)
    out: list[tuple[dt.datetime, Stance, str]] = []
    for change in store.list_records(RecordKind.CHANGE, person.account):
        if change.subject_kind != NodeKind.STAKEHOLDER.value:
            continue
        if change.subject_id != stakeholder_id or change.after is None:
            continue
        stance = Stance(change.after.get("stance", Stance.UNKNOWN.value))
        if not out or out[-1][1] is not stance:
            out.append((change.date, stance, change.actor))
    return out


#: What a subgraph keeps of the history: stakeholder updates, the facts as-of analyses rewind.
def is_stakeholder_update(data: str) -> bool:
    """Whether a Change record's stored JSON (compact, as the stores write it) is an update of
    a stakeholder; checked on the text so that other history is never parsed on reads."""
    return '"subject_kind":"stakeholder"' in data and '"action":"update"' in data
