"""Rewind an account's people to a past date from the change history, where it is present.

Analyses run "as of" a date. Interactions, orders and surveys carry their own dates; a
stakeholder's stance, roles and status do not — the history does (graphkam/history.py). For
every recorded *update* of a stakeholder dated after `as_of` (newest first), the fields
`REWOUND_FIELDS` are set back to the change's `before` value. Creations are not undone: a record
is written when it is entered, usually long after the person first mattered, so a creation date
is not a business date.
"""

from __future__ import annotations

import datetime as dt

from graphkam.documents import AccountSubgraph
from graphkam.model import ChangeAction, NodeKind, Stakeholder

__all__ = ["REWOUND_FIELDS", "rewind"]

#: The stakeholder fields an as-of analysis takes from the history.
REWOUND_FIELDS = ("stance", "roles", "status", "influence")


def rewind(subgraph: AccountSubgraph, as_of: dt.date) -> AccountSubgraph:
    """The subgraph with its stakeholders' REWOUND_FIELDS as they were at the end of `as_of`."""
    later = [
        c
        for c in subgraph.changes
        if c.subject_kind == NodeKind.STAKEHOLDER.value
        and c.action is ChangeAction.UPDATE
        and c.before is not None
        and c.date.date() > as_of
    ]
    if not later:
        return subgraph
    people = {s.id: s for s in subgraph.stakeholders}
    for change in sorted(later, key=lambda c: (c.date, c.id), reverse=True):
        person = people.get(change.subject_id)
        if person is None:
            continue
        past = {f: change.before[f] for f in REWOUND_FIELDS if f in change.before}
        people[person.id] = Stakeholder.model_validate(person.model_dump() | past)
    return subgraph.model_copy(
        update={"stakeholders": [people[s.id] for s in subgraph.stakeholders]}
    )
