"""The account as known on day D: one value, built once at the entry, read by every analysis.

`known_on(subgraph, as_of)` is the only door from a stored subgraph to the analytics: the
projection, the coalitions, the brief, the health index, the pages and every API route take
its result, so no analysis can see what was not known yet by mistake. What it keeps:

- stakeholders as the history knew them at the end of `as_of` (`asof.rewind`: every recorded
  update dated after D is undone), and a stakeholder recorded as `left` with no recorded status
  change who was met after D (a visit or a tie's `last_contact`) is still `active` on D — we
  saw them there later, so they had not left;
- relationships whose `since` is not after D, with a `last_contact` after D unset (unknown);
- interactions, orders, NPS answers and complaints dated on or before D (a complaint resolved
  after D is still open), competitor products in use since on or before D (or undated), and
  the recorded changes dated on or before D.

Nodes are never dropped: a creation date is not a business date (see `asof`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import Field

from graphkam.analysis.asof import rewind
from graphkam.documents import AccountSubgraph
from graphkam.errors import InvalidInputError
from graphkam.model import ChangeAction, NodeKind, StakeholderStatus

if TYPE_CHECKING:
    from graphkam.stores.base import Store

__all__ = ["AccountAsOf", "known_on", "load_known"]


class AccountAsOf(AccountSubgraph):
    """One account's subgraph as known at the end of `as_of` (build it with `known_on`).

    `as_of` is left out of dumps, so the value exports as the account-map document it is."""

    as_of: dt.date = Field(exclude=True)


def known_on(subgraph: AccountSubgraph, as_of: dt.date) -> AccountAsOf:
    """The account as known on `as_of` (see the module docstring); idempotent.

    A value already known on `as_of` is returned as it is; one known on a later day is narrowed
    further. Raises InvalidInputError for a value known only up to an earlier day (what
    happened after it is gone).
    """
    if isinstance(subgraph, AccountAsOf):
        if subgraph.as_of == as_of:
            return subgraph
        if subgraph.as_of < as_of:
            raise InvalidInputError(
                f"account '{subgraph.id}' is known only up to {subgraph.as_of}, not {as_of}"
            )
    last_seen = _last_seen(subgraph, as_of)
    rewound = rewind(subgraph, as_of)
    status_recorded = {
        c.subject_id
        for c in rewound.changes
        if c.subject_kind == NodeKind.STAKEHOLDER.value
        and c.action is ChangeAction.UPDATE
        and "status" in c.fields
    }
    stakeholders = [
        s.model_copy(update={"status": StakeholderStatus.ACTIVE})
        if s.status is StakeholderStatus.LEFT
        and s.id not in status_recorded
        and last_seen.get(s.id, dt.date.min) > as_of
        else s
        for s in rewound.stakeholders
    ]
    relationships = [
        r.model_copy(update={"last_contact": None})
        if r.last_contact is not None and r.last_contact > as_of
        else r
        for r in rewound.relationships
        if r.since is None or r.since <= as_of
    ]
    data = {name: getattr(rewound, name) for name in type(rewound).model_fields}
    data.update(
        stakeholders=stakeholders,
        relationships=relationships,
        interactions=[i for i in rewound.interactions if i.date <= as_of],
        orders=[o for o in rewound.orders if o.date <= as_of],
        nps=[a for a in rewound.nps if a.date <= as_of],
        complaints=[
            c.model_copy(update={"resolved": None})
            if c.resolved is not None and c.resolved > as_of
            else c
            for c in rewound.complaints
            if c.date <= as_of
        ],
        competitor_products=[
            p for p in rewound.competitor_products if p.since is None or p.since <= as_of
        ],
        changes=[c for c in rewound.changes if c.date.date() <= as_of],
        as_of=as_of,
    )
    return AccountAsOf.model_construct(**data)


def load_known(store: Store, account_id: str, as_of: dt.date) -> AccountAsOf:
    """Read one account from `store` and return it as known on `as_of` (the usual entry)."""
    return known_on(store.account_subgraph(account_id), as_of)


def _last_seen(subgraph: AccountSubgraph, after: dt.date) -> dict[str, dt.date]:
    """Each stakeholder's latest contact date (visits and tie last_contact), counting only dates
    after `after` (the only ones that can prove someone was still there then)."""
    seen: dict[str, dt.date] = {}
    for rec in subgraph.interactions:
        if rec.date > after:
            for s in rec.stakeholders:
                seen[s] = max(seen.get(s, rec.date), rec.date)
    for rel in subgraph.relationships:
        if rel.last_contact is not None and rel.last_contact > after:
            for s in (rel.from_id, rel.to_id):
                seen[s] = max(seen.get(s, rel.last_contact), rel.last_contact)
    return seen
