"""Resolving a person, colleague or account from what a user types: an id, a name, or a part.

Tiers, tried in order, each case-insensitive; the first tier with exactly one match wins, a tier
with several matches is an error listing them (nothing is guessed):

1. the id itself;
2. the whole name;
3. a part of the name: a word, or the Chinese or the Latin part of a bilingual name
   ("梁雨桐" or "Liang Yutong" for "梁雨桐 Liang Yutong");
4. a piece of the name or id at least two characters long ("雨桐", "petra").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from graphkam.errors import GraphkamError, InvalidInputError, NotFoundError, Problem
from graphkam.model import ACCOUNT_HELD_KINDS, Node, NodeKind, Stakeholder
from graphkam.stores.base import Store

__all__ = [
    "resolve",
    "resolve_id",
    "resolve_many",
    "match_nodes",
    "match_person",
    "name_parts",
    "label",
]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+(?:[·•][\u3400-\u9fff]+)*")
_LATIN = re.compile(r"[a-z\u00c0-\u024f][a-z\u00c0-\u024f.'\- ]*")

_KIND_WORDS = {
    NodeKind.STAKEHOLDER: "stakeholder",
    NodeKind.TEAM_MEMBER: "team member",
    NodeKind.ACCOUNT: "account",
    NodeKind.THIRD_PARTY: "third party",
    NodeKind.DEPARTMENT: "department",
    NodeKind.COMPETITOR: "competitor",
}


def resolve(
    store: Store,
    text: str,
    kinds: Sequence[NodeKind],
    account: str | None = None,
    field: str | None = None,
) -> Node:
    """The one node of `kinds` that `text` names (see module docstring).

    Stakeholders and departments are looked for in `account` when given. NotFoundError when
    nothing matches, InvalidInputError (naming `field`) when several do.
    """
    candidates = _candidates(store, kinds, account)
    return match_nodes(text, candidates, kinds, account, field)


def resolve_id(
    store: Store,
    text: str,
    kinds: Sequence[NodeKind],
    account: str | None = None,
    field: str | None = None,
) -> str:
    """The id of `resolve(...)`."""
    return resolve(store, text, kinds, account, field).id


def resolve_many(
    store: Store,
    texts: Iterable[str],
    kinds: Sequence[NodeKind],
    account: str | None = None,
    field: str | None = None,
) -> list[str]:
    """Ids for several texts, reading the candidates once; every problem reported together."""
    candidates = _candidates(store, kinds, account)
    ids, problems = [], []
    for text in texts:
        try:
            ids.append(match_nodes(text, candidates, kinds, account, field).id)
        except InvalidInputError as exc:
            problems += exc.problems
        except NotFoundError as exc:
            problems.append(Problem(exc.message, field=field))
    if problems:
        raise InvalidInputError(problems)
    return ids


def match_nodes(
    text: str,
    candidates: Sequence[Node],
    kinds: Sequence[NodeKind] = (),
    account: str | None = None,
    field: str | None = None,
) -> Node:
    """The one node among `candidates` that `text` names; see `resolve`."""
    query = text.strip()
    key = query.casefold()
    what = " or ".join(_KIND_WORDS.get(k, k.value) for k in kinds) or "node"
    where = f" of account '{account}'" if account else ""
    if not key:
        raise InvalidInputError(Problem(f"name a {what}", field=field))
    tiers = (
        lambda n: n.id.casefold() == key,
        lambda n: n.name.casefold() == key,
        lambda n: key in name_parts(n.name),
        lambda n: len(key) >= 2 and (key in n.name.casefold() or key in n.id.casefold()),
    )
    for test in tiers:
        found = [n for n in candidates if test(n)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            listed = "; ".join(label(n) for n in found[:10])
            raise InvalidInputError(
                Problem(
                    f"'{query}' could be any of {len(found)} {what}s{where}: {listed}; "
                    "use more of the name or the id",
                    field=field,
                )
            )
    raise _not_found(
        kinds[0].value if kinds else "node",
        query,
        f"no {what} with id '{query}' (nor a name like it){where.replace(' of ', ' in ')}",
    )


def match_person(person: Stakeholder, stored: Sequence[Stakeholder], by_name: bool) -> str | None:
    """The id of the stored person (of one account) that an imported `person` is: the one
    sharing a CRM id (`external_ids`), else an e-mail (any case), else, with `by_name`, the
    one with the same name (any case). None when nobody matches; InvalidInputError when
    several people have the name."""
    ext = set(person.external_ids)
    hits = [s for s in stored if ext & set(s.external_ids)] if ext else []
    if len(hits) == 1:
        return hits[0].id
    mails = {e.casefold() for e in person.emails}
    hits = [s for s in stored if mails & {e.casefold() for e in s.emails}] if mails else []
    if len(hits) == 1:
        return hits[0].id
    if not by_name:
        return None
    hits = [s for s in stored if s.name.casefold() == person.name.casefold()]
    if len(hits) > 1:
        raise InvalidInputError(
            f"{len(hits)} stored people of '{person.account}' are called '{person.name}' "
            f"({', '.join(s.id for s in hits)}); add an Id, email or CRM id column"
        )
    return hits[0].id if hits else None


def name_parts(name: str) -> set[str]:
    """The case-folded parts of a name a user may type alone: its words and its Chinese and
    Latin runs ('梁雨桐 Liang Yutong' -> 梁雨桐, liang yutong, liang, yutong)."""
    parts = {w for w in re.split(r"[\s,/()（）]+", name.casefold()) if w}
    parts.update(m.group(0).strip() for m in _CJK.finditer(name.casefold()))
    parts.update(m.group(0).strip() for m in _LATIN.finditer(name.casefold()))
    return {p for p in parts if p}


def label(node: Node) -> str:
    """'Name (id)', plus the account for people of an account."""
    account = getattr(node, "account", None)
    if node.node_kind is NodeKind.STAKEHOLDER and isinstance(account, str):
        return f"{node.name} ({node.id}, {account})"
    return f"{node.name} ({node.id})"


def _not_found(kind: str, ident: str, message: str) -> NotFoundError:
    """A NotFoundError (kind and id as attributes) whose message says a name was looked for."""
    exc = NotFoundError.__new__(NotFoundError)
    exc.kind, exc.id = kind, ident
    GraphkamError.__init__(exc, message)
    return exc


def _candidates(store: Store, kinds: Sequence[NodeKind], account: str | None) -> list[Node]:
    out: list[Node] = []
    for kind in kinds:
        scoped = account if kind in ACCOUNT_HELD_KINDS else None
        out += store.list_nodes(kind, scoped)
    return out
