"""What a merge did, item by item: the report every import, edit and dry run prints.

See graphkam/editing.py for the rules that produce it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from graphkam.documents import AccountMap

__all__ = ["Outcome", "FieldChange", "KeptField", "ItemReport", "MergeReport"]


class Outcome(StrEnum):
    """What an import or edit did to one item."""

    CREATED = "created"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


class FieldChange(BaseModel):
    """One field's value before and after (JSON values; None for unset); for a field holding
    a node id (department, account, parent, coach) `shown_*` is "Name (id)" for people."""

    field: str
    before: Any = None
    after: Any = None
    shown_before: str | None = None
    shown_after: str | None = None


class KeptField(BaseModel):
    """A stored value kept against the input, and why."""

    field: str
    stored: Any = None
    offered: Any = None
    reason: str


class ItemReport(BaseModel):
    """One item of the input: its section, id, readable label, outcome and field changes."""

    section: str
    id: str
    label: str
    outcome: Outcome
    changes: list[FieldChange] = Field(default_factory=list)
    kept: list[KeptField] = Field(default_factory=list)


class MergeReport(BaseModel):
    """What merging one input did, item by item."""

    source: str | None = None
    items: list[ItemReport] = Field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for i in self.items if i.outcome is outcome)

    @property
    def counts(self) -> dict[str, int]:
        """Items written (created or changed), by section, in account-map order."""
        out = {s: 0 for s in AccountMap.model_fields}
        for item in self.items:
            if item.outcome is not Outcome.UNCHANGED:
                out[item.section] += 1
        return {k: v for k, v in out.items() if v}

    @property
    def changed_anything(self) -> bool:
        return any(i.outcome is not Outcome.UNCHANGED for i in self.items)
