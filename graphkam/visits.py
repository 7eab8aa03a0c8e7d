"""Visit logging in one step (每访必记): the interaction, refreshed ties and stance changes.

One call records what happened at a visit, in one transaction: the interaction itself, each of
our attendees' `relates_to` tie to each of their attendees (created at `first_visit_strength`
when missing; otherwise `last_contact` moves to the visit date and strength rises by
`visit_strength_bump`, capped at 1), and any stance changes. A bad id or value is refused with
a message naming it, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from pydantic import BaseModel

from graphkam.errors import InvalidInputError, Problem
from graphkam.model import (
    Channel,
    Interaction,
    NodeKind,
    Purpose,
    Relationship,
    RelType,
    Stakeholder,
    StakeholderStatus,
    Stance,
    TeamMember,
)
from graphkam.stores.base import Store

__all__ = [
    "VisitResult",
    "log_visit",
    "parse_stance_changes",
    "parse_purpose",
    "FIRST_VISIT_STRENGTH",
]

#: Strength of a tie created by a first visit.
FIRST_VISIT_STRENGTH = 0.3
#: How much a further visit strengthens an existing tie.
VISIT_STRENGTH_BUMP = 0.05


class VisitResult(BaseModel):
    """What a logged visit wrote."""

    interaction: Interaction
    ties_created: list[str]
    ties_refreshed: list[str]
    stance_changes: dict[str, tuple[Stance, Stance]]


def parse_stance_changes(items: Sequence[str]) -> dict[str, Stance]:
    """`ID=STANCE` items (aliases allowed) as a mapping; a malformed item is an error."""
    changes: dict[str, Stance] = {}
    for item in items:
        ident, sep, value = item.partition("=")
        if not sep or not ident.strip():
            raise InvalidInputError(f"--stance: '{item}' is not ID=STANCE (e.g. hx-cfo=supporter)")
        try:
            changes[ident.strip()] = Stance(value.strip())
        except ValueError:
            allowed = ", ".join(s.value for s in Stance)
            raise InvalidInputError(
                f"--stance: '{value.strip()}' for '{ident.strip()}' is not a stance ({allowed})"
            ) from None
    return changes


def log_visit(
    store: Store,
    account: str,
    with_ids: Sequence[str],
    by_ids: Sequence[str],
    purpose: Purpose | str,
    *,
    notes: str | None = None,
    stances: Mapping[str, Stance] | None = None,
    date: dt.date | None = None,
    today: dt.date | None = None,
    visit_id: str | None = None,
    channel: Channel | None = None,
    purpose_guessed: bool | None = None,
) -> VisitResult:
    """Record a visit to `account`: their people `with_ids`, ours `by_ids`. See module doc.

    `visit_id` (default: derived from the content), `channel` and `purpose_guessed` are set
    by calendar capture (graphkam/capture), whose ids stay stable when a meeting moves."""
    today = today or dt.date.today()
    date = date or today
    stances = dict(stances or {})
    purpose = parse_purpose(purpose)
    with store.transaction():
        sub = store.account_subgraph(account)
        people = {s.id: s for s in sub.stakeholders}
        ours = _check(store, account, with_ids, by_ids, stances, people, date, today)
        visit = Interaction(
            id=visit_id,
            channel=channel,
            purpose_guessed=purpose_guessed,
            account=account,
            date=date,
            team=list(dict.fromkeys(by_ids)),
            stakeholders=list(dict.fromkeys(with_ids)),
            purpose=purpose,
            notes=notes,
        ).with_id()
        store.upsert_records([visit])
        created, refreshed, rels = _refresh_ties(sub.relationships, ours, visit)
        store.upsert_relationships(rels)
        changed = {i: (people[i].stance, s) for i, s in stances.items() if people[i].stance != s}
        store.upsert_nodes(
            [people[i].model_copy(update={"stance": new}) for i, (_, new) in changed.items()]
        )
    return VisitResult(
        interaction=visit,  # type: ignore[arg-type]
        ties_created=created,
        ties_refreshed=refreshed,
        stance_changes=changed,
    )


def parse_purpose(value: Purpose | str) -> Purpose:
    """A purpose from its name or alias; a clear error otherwise."""
    try:
        return Purpose(value)
    except ValueError:
        allowed = ", ".join(p.value for p in Purpose)
        raise InvalidInputError(f"--purpose: '{value}' is not a purpose ({allowed})") from None


def _check(
    store: Store,
    account: str,
    with_ids: Sequence[str],
    by_ids: Sequence[str],
    stances: Mapping[str, Stance],
    people: Mapping[str, Stakeholder],
    date: dt.date,
    today: dt.date,
) -> list[TeamMember]:
    """Every id must exist with the right kind and account; returns our attendees."""
    problems: list[Problem] = []
    if not with_ids:
        problems.append(Problem("name at least one of their people", field="with"))
    if not by_ids:
        problems.append(Problem("name at least one of our people", field="by"))
    if date > today:
        problems.append(Problem(f"{date} is in the future", field="date"))
    for ident in with_ids:
        if ident not in people:
            problems.append(Problem(f"'{ident}' is not a stakeholder of '{account}'", field="with"))
        elif people[ident].status is StakeholderStatus.LEFT:
            problems.append(Problem(f"'{ident}' has left '{account}'", field="with"))
    for ident in stances:
        if ident not in people:
            problems.append(
                Problem(f"'{ident}' is not a stakeholder of '{account}'", field="stance")
            )
    refs = store.node_refs(set(by_ids))
    for ident in by_ids:
        if refs.get(ident, (None,))[0] is not NodeKind.TEAM_MEMBER:
            problems.append(Problem(f"'{ident}' is not one of our team members", field="by"))
    if problems:
        raise InvalidInputError(problems)
    return [store.get_node(NodeKind.TEAM_MEMBER, i) for i in dict.fromkeys(by_ids)]  # type: ignore[misc]


def _refresh_ties(
    existing: Sequence[Relationship], ours: Sequence[TeamMember], visit: Interaction
) -> tuple[list[str], list[str], list[Relationship]]:
    """New or refreshed relates_to ties for every (ours, theirs) pair at the visit."""
    ties = {(r.from_id, r.to_id): r for r in existing if r.type is RelType.RELATES_TO}
    created, refreshed, out = [], [], []
    for member in ours:
        for person in visit.stakeholders:
            label = f"{member.id}->{person}"
            tie = ties.get((member.id, person))
            if tie is None:
                created.append(label)
                out.append(
                    Relationship.model_validate(
                        {
                            "type": RelType.RELATES_TO,
                            "from": member.id,
                            "to": person,
                            "strength": FIRST_VISIT_STRENGTH,
                            "last_contact": visit.date,
                        }
                    )
                )
                continue
            refreshed.append(label)
            last = max(filter(None, [tie.last_contact, visit.date]))
            strength = min(1.0, round((tie.strength or 0.5) + VISIT_STRENGTH_BUMP, 6))
            out.append(tie.model_copy(update={"last_contact": last, "strength": strength}))
    return created, refreshed, out
