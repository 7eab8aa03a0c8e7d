"""Analysis configuration: every threshold and default, and the exact rule of each gap kind.

The sample portfolio plants problems against these rules, so they are stable: change a default
or a rule only together with `docs/scores.md` and the sample's manifest.

Words used in the rules (all evaluated as of the analysis date `as_of`):

- *active stakeholder*: a stakeholder of the account with `status: active`.
- *decision chain*: the active stakeholders holding at least one `DecisionRole`.
- *our people*: the team members in the account's subgraph (on its team or relating to its
  people).
- *tie*: a direct relationship between one of our people and a stakeholder: `relates_to`, or
  `knows` with a team member at one end and a stakeholder at the other. A tie exists on `as_of`
  unless its `since` is after `as_of`.
- *contact date* of a tie: the later of its `last_contact` (if on or before `as_of`) and the
  latest interaction on or before `as_of` listing both people; none if neither exists.
- *age*: days from the contact date to `as_of`. A tie with no contact date is *stale* and its
  age is taken as `stale_after_days` (see `unknown_contact_age_days`).
- *effective strength*: `strength x 0.5 ** (age / half_life_days)` (strength 0.5 when unset).
- *fresh* tie: age <= `stale_after_days` and a contact date known. *stale* tie: not fresh.
- *good* tie: fresh and effective strength >= `weak_below`.
- *path strength* of an edge (threading, warm paths): a tie, or a `knows` edge touching one of
  our people, has its effective strength; any other `knows` edge its stated strength (no decay);
  `reports_to` has `reports_to_strength` (0.7), `allied_with` has `allied_strength` (0.6),
  `influences` its weight (`default_influence_weight` 0.5 when unset); `rivals_with` never joins.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from graphkam.model import DecisionRole, TeamRole, Tier

__all__ = [
    "Severity",
    "GapKind",
    "CoverageStatus",
    "ContactStatus",
    "AnalysisConfig",
]


class Severity(StrEnum):
    """How urgent a gap is; `rank` orders high (0) before low (2)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for high .. 2 for low."""
        return ("high", "medium", "low").index(self.value)

    @property
    def weight(self) -> int:
        """Risk points: high 3, medium 2, low 1 (summed into an account's risk score)."""
        return 3 - self.rank


class GapKind(StrEnum):
    """The kinds of gap an account analysis reports; `GapKind.X.rule` is X's exact rule.

    Each kind has one registered rule (severity, threshold, rule text and check) in
    `graphkam.analysis.gaprules`. A gap is `{kind, subject, severity, message, people}`;
    `subject` is the id or value named in the rule, `people` the stakeholder ids it is about.
    """

    ROLE_MISSING = "role_missing"
    STANCE_UNKNOWN = "stance_unknown"
    ROLE_UNCOVERED = "role_uncovered"
    WEAK_COVERAGE = "weak_coverage"
    STALE_RELATIONSHIP = "stale_relationship"
    SINGLE_THREADED = "single_threaded"
    OPPONENT_UNCOVERED = "opponent_uncovered"
    NO_EXECUTIVE_RELATIONSHIP = "no_executive_relationship"
    IRON_TRIANGLE_INCOMPLETE = "iron_triangle_incomplete"
    CHAMPION_LEFT = "champion_left"
    DEPARTMENT_WHITESPACE = "department_whitespace"
    COMPETITOR_OWNED_DECISION_MAKER = "competitor_owned_decision_maker"

    @property
    def rule(self) -> str:
        """The exact rule that reports this kind of gap (its registered rule's docstring)."""
        from graphkam.analysis.gaprules import RULES

        return RULES[self].rule


class CoverageStatus(StrEnum):
    """A decision role's status, first matching rule wins (see `ContactStatus` for the last four).

    missing: no active holder. unknown_stance: some holder's stance is unknown. Otherwise the
    role's contact status: uncovered, stale, weak or covered.
    """

    MISSING = "missing"
    UNKNOWN_STANCE = "unknown_stance"
    UNCOVERED = "uncovered"
    WEAK = "weak"
    STALE = "stale"
    COVERED = "covered"


class ContactStatus(StrEnum):
    """Our reach to a role's holders: covered if any good tie, else weak if any fresh tie, else
    stale if any tie, else uncovered. `rank` orders them uncovered (0) < stale < weak < covered."""

    UNCOVERED = "uncovered"
    STALE = "stale"
    WEAK = "weak"
    COVERED = "covered"

    @property
    def rank(self) -> int:
        """0 uncovered, 1 stale, 2 weak, 3 covered: more is better."""
        return ("uncovered", "stale", "weak", "covered").index(self.value)


_ALL_ROLES = frozenset(DecisionRole)
_CRITICAL = frozenset({DecisionRole.DECISION_MAKER, DecisionRole.ECONOMIC_BUYER})


class AnalysisConfig(BaseModel):
    """Every threshold and default of the relationship analytics (see docs/scores.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # -- decay and tie quality ---------------------------------------------------------------
    half_life_days: float = Field(default=90.0, gt=0, description="strength halves every N days")
    stale_after_days: int = Field(default=90, ge=0, description="a tie older than this is stale")
    weak_below: float = Field(
        default=0.4, ge=0, le=1, description="a fresh tie below this effective strength is weak"
    )
    default_strength: float = Field(default=0.5, ge=0, le=1, description="strength when unset")

    # -- threading and paths ----------------------------------------------------------------
    threading_min_strength: float = Field(
        default=0.3, ge=0, le=1, description="edges weaker than this do not thread"
    )
    threading_roles: frozenset[DecisionRole] = _CRITICAL
    single_threaded_max: int = Field(default=1, ge=0)
    connectivity_cap: int = Field(
        default=3, ge=2, description="connectivity is counted up to this cap"
    )
    reports_to_strength: float = Field(
        default=0.7, ge=0, le=1, description="path strength of a reports_to edge"
    )
    allied_strength: float = Field(
        default=0.6, ge=0, le=1, description="path strength of an allied_with edge"
    )
    default_influence_weight: float = Field(
        default=0.5, ge=0, le=1, description="weight of an influences edge when unset"
    )

    # -- influence ---------------------------------------------------------------------------
    pagerank_alpha: float = Field(default=0.85, gt=0, lt=1)
    reports_to_influence: float = Field(
        default=0.3, ge=0, le=1, description="how much a report sways their manager (influence)"
    )

    # -- gap rules ---------------------------------------------------------------------------
    required_roles: frozenset[DecisionRole] = _ALL_ROLES
    critical_roles: frozenset[DecisionRole] = _CRITICAL
    influential_min: float = Field(
        default=0.7, ge=0, le=1, description="own influence from which an opponent is influential"
    )
    opponent_stances: frozenset[str] = frozenset({"opponent"})
    competitor_min_strength: float = Field(
        default=0.5, ge=0, le=1, description="competitor tie strength from which they own a person"
    )
    executive_tiers: frozenset[Tier] = frozenset({Tier.S, Tier.A})
    executive_roles: frozenset[TeamRole] = frozenset(
        {TeamRole.EXECUTIVE_SPONSOR, TeamRole.ACCOUNT_MANAGER}
    )
    iron_triangle_tiers: frozenset[Tier] = frozenset(Tier)
    severities: dict[GapKind, Severity] = Field(
        default_factory=dict, description="overrides of the rules' default severities"
    )

    # -- outputs -----------------------------------------------------------------------------
    max_brokers: int = Field(default=10, ge=0)
    max_recommendations: int = Field(default=5, ge=0)
    recommended_strength: float = Field(
        default=0.7, ge=0, le=1, description="strength assumed for a relationship we build"
    )
    decimals: int = Field(default=6, ge=0, le=12, description="rounding of floats in results")

    @property
    def unknown_contact_age_days(self) -> int:
        """The age assumed for a tie with no contact date: `stale_after_days`."""
        return self.stale_after_days

    def severity(self, kind: GapKind, role: DecisionRole | None = None) -> Severity:
        """The gap's severity; role gaps of non-critical roles are one level lower."""
        from graphkam.analysis.gaprules import RULES

        sev = self.severities.get(kind, RULES[kind].severity)
        if role is not None and role not in self.critical_roles:
            return Severity(("high", "medium", "low")[min(sev.rank + 1, 2)])
        return sev

    @classmethod
    def from_settings(cls, half_life_days: float | None = None) -> AnalysisConfig:
        """The defaults, with the half-life from the argument, else `Settings.half_life_days`."""
        from graphkam.settings import get_settings

        return cls(half_life_days=half_life_days or get_settings().half_life_days)

    def decay(self, age_days: float) -> float:
        """The decay factor 0.5 ** (age / half_life)."""
        return float(0.5 ** (max(age_days, 0.0) / self.half_life_days))
