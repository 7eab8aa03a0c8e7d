"""The gap-rule registry: one registered rule per gap kind, its severity, threshold and rule text.

A rule is a function `(GapContext) -> Iterable[Finding]` decorated with `@gap_rule(kind,
severity, threshold=...)`; its docstring is the exact rule (shown in docs/scores.md, generated
by `python -m graphkam.analysis.gaprules`). Each family of rules lives in one module of this
package; `find_gaps` runs them all in `GapKind` order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from inspect import cleandoc
from typing import TYPE_CHECKING

from graphkam.analysis.config import GapKind, Severity
from graphkam.model import DecisionRole

if TYPE_CHECKING:
    from graphkam.analysis.competitors import OwnedStakeholder
    from graphkam.analysis.coverage import RoleCoverage
    from graphkam.analysis.projection import Projection
    from graphkam.analysis.threading import Threading

__all__ = ["GapContext", "Finding", "GapRule", "RULES", "gap_rule"]


@dataclass(frozen=True)
class GapContext:
    """What a rule reads: the projection and the analyses already computed on it."""

    proj: Projection
    coverage: Sequence[RoleCoverage]
    threading: Threading
    owned: Sequence[OwnedStakeholder] = ()


@dataclass(frozen=True)
class Finding:
    """One gap a rule found: its subject, message, the people it is about (ids, so API clients
    can link them) and, for role gaps, the role (non-critical roles are one level less severe)."""

    subject: str
    message: str
    people: list[str] = field(default_factory=list)
    role: DecisionRole | None = None


Check = Callable[[GapContext], Iterable[Finding]]


@dataclass(frozen=True)
class GapRule:
    """A registered gap rule: kind, default severity, threshold (config fields it reads), the
    subject it names, its exact rule text (the check's docstring) and the check itself."""

    kind: GapKind
    severity: Severity
    subject: str
    threshold: str
    check: Check
    family: str

    @property
    def rule(self) -> str:
        """The rule text: the check's docstring, as one paragraph."""
        return " ".join(cleandoc(self.check.__doc__ or "").split())

    @property
    def lowers_for_minor_roles(self) -> bool:
        """Whether the rule's gaps are one level less severe for non-critical roles."""
        return self.subject == "role"


#: Every registered rule by kind (filled by the family modules when the package is imported).
RULES: dict[GapKind, GapRule] = {}


def gap_rule(
    kind: GapKind, severity: Severity, *, subject: str, threshold: str = "-"
) -> Callable[[Check], Check]:
    """Register the decorated check as the one rule of `kind`."""

    def register(check: Check) -> Check:
        if kind in RULES:
            raise ValueError(f"gap kind {kind.value} has two rules")
        family = check.__module__.rsplit(".", 1)[-1]
        RULES[kind] = GapRule(kind, severity, subject, threshold, check, family)
        return check

    return register
