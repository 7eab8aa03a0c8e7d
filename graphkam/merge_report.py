"""What a merge did, item by item: the report every import, edit and dry run prints.

See graphkam/editing.py for the rules that produce it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from graphkam.documents import AccountMap

__all__ = ["Outcome", "FieldChange", "KeptField", "ItemReport", "MergeReport", "LISTED_ITEMS"]


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


#: Items a report lists one by one; beyond these it only counts them (`omitted`), so that
#: importing a file of millions of rows keeps the report, and the memory, bounded.
LISTED_ITEMS = 10_000


class MergeReport(BaseModel):
    """What merging one input did, item by item (the first LISTED_ITEMS items; the rest are
    counted in `omitted`, by section and outcome)."""

    source: str | None = None
    items: list[ItemReport] = Field(default_factory=list)
    omitted: dict[str, dict[Outcome, int]] = Field(
        default_factory=dict, description="items counted but not listed: section -> outcome -> n"
    )

    def add(self, item: ItemReport) -> None:
        """List `item`, or only count it once the report lists LISTED_ITEMS."""
        if len(self.items) < LISTED_ITEMS:
            self.items.append(item)
        else:
            self.add_omitted(item.section, item.outcome, 1)

    @property
    def room(self) -> int:
        """How many more items the report will list."""
        return max(0, LISTED_ITEMS - len(self.items))

    def add_omitted(self, section: str, outcome: Outcome, n: int) -> None:
        """Count `n` items of `section` with `outcome` without listing them."""
        if n > 0:
            by_outcome = self.omitted.setdefault(section, {})
            by_outcome[outcome] = by_outcome.get(outcome, 0) + n

    @property
    def omitted_total(self) -> int:
        return sum(n for by in self.omitted.values() for n in by.values())

    def count(self, outcome: Outcome) -> int:
        listed = sum(1 for i in self.items if i.outcome is outcome)
        return listed + sum(by.get(outcome, 0) for by in self.omitted.values())

    @property
    def counts(self) -> dict[str, int]:
        """Items written (created or changed), by section, in account-map order."""
        out = {s: 0 for s in AccountMap.model_fields}
        for item in self.items:
            if item.outcome is not Outcome.UNCHANGED:
                out[item.section] += 1
        for section, by in self.omitted.items():
            out[section] += sum(n for o, n in by.items() if o is not Outcome.UNCHANGED)
        return {k: v for k, v in out.items() if v}

    @property
    def changed_anything(self) -> bool:
        return bool(self.counts)
