"""Visit logging in one step (每访必记): the interaction, refreshed ties and stance changes.

One call records what happened at a visit, in one transaction: the interaction itself (with a
fresh id, so two visits never share one), each of our attendees' `relates_to` tie to each of
their attendees (created at FIRST_VISIT_STRENGTH when missing; otherwise `last_contact` moves
to the visit date and strength rises by VISIT_STRENGTH_BUMP, capped at 1; an explicit
`strength` sets every tie at the visit to it), and stance changes of people who were there. A
bad id or value is refused with a message naming it, and nothing is written.

Why 0.5 for a first visit: strength decays as `s * 0.5 ** (age / half_life)` and ties weaker
than the threading cut-off (0.3, graphkam/analysis/config.py) stop threading. A tie created at
`s0` therefore threads for `half_life * log2(s0 / 0.3)` days: at the default 90-day half-life,
0.5 keeps a new tie threading for 66 days (about two months, time for a follow-up visit), where
0.3 would have dropped out the next day.
"""

from __future__ import annotations

import datetime as dt
import uuid
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
    "VISIT_STRENGTH_BUMP",
]

#: Strength of a tie created by a first visit (threads for ~66 days; see module docstring).
FIRST_VISIT_STRENGTH = 0.5
#: How much a further visit strengthens an existing tie.
VISIT_STRENGTH_BUMP = 0.05


class VisitResult(BaseModel):
    """What a logged visit wrote."""

    interaction: Interaction
    ties_created: list[str]
    ties_refreshed: list[str]
    stance_changes: dict[str, tuple[Stance, Stance]]


def parse_stance_changes(items: Sequence[str]) -> dict[str, Stance]:
    """`PERSON=STANCE` items (aliases allowed) as a mapping; a malformed item is an error."""
    changes: dict[str, Stance] = {}
    for item in items:
        ident, sep, value = item.partition("=")
        if not sep or not ident.strip():
            raise InvalidInputError(
                f"--stance: '{item}' is not PERSON=STANCE (e.g. 'Chen Gang=supporter')"
            )
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
    strength: float | None = None,
    visit_id: str | None = None,
    channel: Channel | None = None,
    purpose_guessed: bool | None = None,
) -> VisitResult:
    """Record a visit to `account`: their people `with_ids`, ours `by_ids`. See module doc.

    `visit_id` (default: a fresh random id, so two visits never collide), `channel` and
    `purpose_guessed` are set by calendar capture (graphkam/capture), whose ids stay stable
    when a meeting moves."""
    if strength is not None and not 0.0 <= strength <= 1.0:
        raise InvalidInputError(Problem(f"{strength} is not between 0 and 1", field="strength"))
    today = today or dt.date.today()
    date = date or today
    stances = dict(stances or {})
    purpose = parse_purpose(purpose)
    with store.transaction():
        sub = store.account_subgraph(account)
        people = {s.id: s for s in sub.stakeholders}
        ours = _check(store, account, with_ids, by_ids, stances, people, date, today)
        visit = Interaction(
            id=visit_id or f"visit-{uuid.uuid4().hex[:12]}",
            channel=channel,
            purpose_guessed=purpose_guessed,
            account=account,
            date=date,
            team=list(dict.fromkeys(by_ids)),
            stakeholders=list(dict.fromkeys(with_ids)),
            purpose=purpose,
            notes=notes,
        )
        store.upsert_records([visit])
        created, refreshed, rels = _refresh_ties(sub.relationships, ours, visit, strength)
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
        elif ident not in with_ids:
            problems.append(
                Problem(
                    f"'{people[ident].name}' was not at the visit: a stance changes here only "
                    "for people met (--with)",
                    field="stance",
                )
            )
    refs = store.node_refs(set(by_ids))
    for ident in by_ids:
        if refs.get(ident, (None,))[0] is not NodeKind.TEAM_MEMBER:
            problems.append(Problem(f"'{ident}' is not one of our team members", field="by"))
    if problems:
        raise InvalidInputError(problems)
    return [store.get_node(NodeKind.TEAM_MEMBER, i) for i in dict.fromkeys(by_ids)]  # type: ignore[misc]


def _refresh_ties(
    existing: Sequence[Relationship],
    ours: Sequence[TeamMember],
    visit: Interaction,
    strength: float | None = None,
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
                            "strength": FIRST_VISIT_STRENGTH if strength is None else strength,
                            "last_contact": visit.date,
                        }
                    )
                )
                continue
            refreshed.append(label)
            last = max(filter(None, [tie.last_contact, visit.date]))
            bumped = min(1.0, round((tie.strength or 0.5) + VISIT_STRENGTH_BUMP, 6))
            value = bumped if strength is None else strength
            out.append(tie.model_copy(update={"last_contact": last, "strength": value}))
    return created, refreshed, out
