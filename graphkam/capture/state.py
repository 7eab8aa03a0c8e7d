"""The capture state file: proposals for review, and what each captured visit did to ties.

One JSON file beside the store (`PATH.capture.json` for `sqlite:///PATH`, else
`graphkam-capture.json` in the working directory; `--state` names another). It holds:

- `proposals`: new stakeholders (an unknown address on an account's mail domain: the address,
  the name the invitation gave, how often and with whom it was seen) and departures (a known
  stakeholder whom an auto-reply or a bounce says has left), each `open`, `accepted` or
  `dismissed`. Nothing in a proposal is in the store until it is accepted.
- `visits`: per captured visit id, each tie it touched with its state before and after
  (strength, last_contact), so that a later export that moves or cancels the meeting can put
  the ties back, if nothing else has changed them since.

It never holds titles, bodies or descriptions. Counts are of distinct meetings or threads
(hashed keys), so capturing the same export again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from graphkam.errors import InvalidInputError

__all__ = [
    "ProposalKind",
    "ProposalStatus",
    "Proposal",
    "TieState",
    "TieUndo",
    "AppliedVisit",
    "CaptureState",
    "state_path",
    "digest",
]


def digest(*parts: str, size: int = 12) -> str:
    """A short stable hex digest of the parts (ids derived from UIDs and Message-IDs)."""
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:size]


class ProposalKind(StrEnum):
    NEW_STAKEHOLDER = "new_stakeholder"
    DEPARTURE = "departure"


class ProposalStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"


class Proposal(BaseModel):
    """A change capture suggests and a person decides: a new stakeholder or a departure."""

    id: str
    kind: ProposalKind
    account: str
    status: ProposalStatus = ProposalStatus.OPEN
    email: str | None = Field(default=None, description="new stakeholder: the unknown address")
    name: str | None = Field(default=None, description="new stakeholder: the invitation's name")
    stakeholder: str | None = Field(default=None, description="departure: who left")
    evidence: list[str] = Field(default_factory=list, description="departure: what said so")
    seen: list[str] = Field(default_factory=list, description="hashed meeting/thread keys")
    with_ids: list[str] = Field(default_factory=list, alias="with")
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    accepted_as: str | None = None

    model_config = {"populate_by_name": True, "serialize_by_alias": True}

    @property
    def count(self) -> int:
        """In how many distinct meetings or threads the address was seen."""
        return len(self.seen)

    def saw(self, key: str, day: dt.date, with_ids: list[str]) -> None:
        """Count one more meeting or thread (once per key) on `day` with these people."""
        if key not in self.seen:
            self.seen.append(key)
        self.with_ids = sorted({*self.with_ids, *with_ids})
        self.first_seen = min(filter(None, [self.first_seen, day]))
        self.last_seen = max(filter(None, [self.last_seen, day]))


class TieState(BaseModel):
    strength: float | None = None
    last_contact: dt.date | None = None


class TieUndo(BaseModel):
    """One tie a captured visit touched: (from, to), before (None: it created it) and after."""

    from_id: str
    to_id: str
    before: TieState | None
    after: TieState


class AppliedVisit(BaseModel):
    """What a captured visit changed, and where it came from (a hashed UID or thread)."""

    account: str
    source: str
    ties: list[TieUndo] = Field(default_factory=list)


class CaptureState(BaseModel):
    """The whole state file (see the module doc)."""

    version: int = 1
    proposals: list[Proposal] = Field(default_factory=list)
    visits: dict[str, AppliedVisit] = Field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> CaptureState:
        """The state in `path`; empty when the file does not exist yet."""
        if not path.exists():
            return cls()
        try:
            return cls.model_validate_json(path.read_bytes())
        except (ValidationError, ValueError) as exc:
            raise InvalidInputError(
                f"{path}: not a graphkam capture state file ({exc.__class__.__name__}); "
                "move it away to start afresh"
            ) from None

    def save(self, path: Path) -> None:
        """Write the state atomically (a temporary file renamed over the old one)."""
        data = json.dumps(self.model_dump(mode="json"), indent=1, ensure_ascii=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(data + "\n")
        os.replace(tmp, path)

    def proposal(self, ident: str) -> Proposal | None:
        return next((p for p in self.proposals if p.id == ident), None)

    def propose(self, proposal: Proposal) -> Proposal:
        """The stored proposal with this id (added if new)."""
        found = self.proposal(proposal.id)
        if found is None:
            self.proposals.append(proposal)
            return proposal
        return found


def state_path(store_url: str, override: str | Path | None = None) -> Path:
    """Where the state file of `store_url` lives (see the module doc)."""
    if override is not None:
        return Path(override)
    if store_url.startswith("sqlite:///"):
        db = Path(store_url.removeprefix("sqlite:///"))
        return db.with_name(db.name + ".capture.json")
    return Path("graphkam-capture.json")
