"""Weights and thresholds of tiering, health and alerts: `defaults.yaml`, overridable by a file."""

from __future__ import annotations

from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from graphkam.analysis.config import ContactStatus
from graphkam.errors import InvalidInputError, Problem
from graphkam.model import DecisionRole, Tier

__all__ = [
    "RfmConfig",
    "ClvConfig",
    "PotentialConfig",
    "LoyaltyConfig",
    "TieringConfig",
    "HealthComponent",
    "HealthConfig",
    "AlertConfig",
    "BusinessConfig",
    "load_config",
    "default_config",
]

Share = Annotated[float, Field(ge=0.0, le=1.0)]
Weight = Annotated[float, Field(ge=0.0)]
Days = Annotated[int, Field(gt=0)]


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _ascending(name: str, values: list[float]) -> None:
    if any(b < a for a, b in zip(values, values[1:], strict=False)):
        raise ValueError(f"{name} must be in ascending order")


class RfmConfig(_Config):
    """RFM cutoffs: recency in days (descending), frequency and monetary ascending (scores 2..5)."""

    recency_days: list[Annotated[int, Field(ge=0)]] = Field(min_length=4, max_length=4)
    frequency: list[Annotated[int, Field(ge=1)]] = Field(min_length=4, max_length=4)
    monetary: list[Annotated[float, Field(ge=0)]] = Field(min_length=4, max_length=4)
    weights: dict[str, Weight] = Field(
        default_factory=lambda: {"recency": 1.0, "frequency": 1.0, "monetary": 1.0}
    )

    @model_validator(mode="after")
    def _check(self) -> RfmConfig:
        _ascending("rfm.recency_days (reversed)", [-d for d in self.recency_days])
        _ascending("rfm.frequency", [float(f) for f in self.frequency])
        _ascending("rfm.monetary", self.monetary)
        if set(self.weights) != {"recency", "frequency", "monetary"}:
            raise ValueError("rfm.weights needs exactly recency, frequency, monetary")
        if sum(self.weights.values()) <= 0:
            raise ValueError("rfm.weights must not all be 0")
        return self


class ClvConfig(_Config):
    """CLV = m × r / (1 + d − r): retention r, discount d, margin for orders that state none."""

    retention: Annotated[float, Field(ge=0.0, lt=1.0)]
    discount: Annotated[float, Field(ge=0.0, le=1.0)]
    default_margin: Annotated[float, Field(ge=-1.0, le=1.0)]
    cutoffs: list[Annotated[float, Field(ge=0)]] = Field(min_length=5, max_length=5)

    @model_validator(mode="after")
    def _check(self) -> ClvConfig:
        _ascending("clv.cutoffs", self.cutoffs)
        return self


class PotentialConfig(_Config):
    """Cutoffs scoring `potential_value` 1..5."""

    cutoffs: list[Annotated[float, Field(ge=0)]] = Field(min_length=5, max_length=5)

    @model_validator(mode="after")
    def _check(self) -> PotentialConfig:
        _ascending("potential.cutoffs", self.cutoffs)
        return self


class LoyaltyConfig(_Config):
    """Loyalty score used when no NPS answer falls in the window."""

    unknown_score: Annotated[float, Field(ge=0, le=100)]


class TieringConfig(_Config):
    """The tier-suggestion scheme: four weighted 0..100 components and tier cutoffs."""

    window_days: Days
    rfm: RfmConfig
    clv: ClvConfig
    potential: PotentialConfig
    loyalty: LoyaltyConfig
    weights: dict[str, Weight]
    tiers: dict[Tier, Annotated[float, Field(ge=0, le=100)]]

    @model_validator(mode="after")
    def _check(self) -> TieringConfig:
        if set(self.weights) != {"rfm", "clv", "potential", "loyalty"}:
            raise ValueError("tiering.weights needs exactly rfm, clv, potential, loyalty")
        if sum(self.weights.values()) <= 0:
            raise ValueError("tiering.weights must not all be 0")
        if set(self.tiers) != {Tier.S, Tier.A, Tier.B}:
            raise ValueError("tiering.tiers needs exactly S, A, B (below B is C)")
        if not self.tiers[Tier.S] >= self.tiers[Tier.A] >= self.tiers[Tier.B]:
            raise ValueError("tiering.tiers must satisfy S >= A >= B")
        return self


class HealthComponent(StrEnum):
    """The named components of the health index, in display order."""

    COVERAGE = "coverage"
    THREADING = "threading"
    NET_SUPPORT = "net_support"
    VISIT_RECENCY = "visit_recency"
    VISIT_FREQUENCY = "visit_frequency"
    CHAMPION = "champion"
    NPS = "nps"
    COMPLAINTS = "complaints"
    REVENUE = "revenue"


class HealthConfig(_Config):
    """Health-index weights per component and the thresholds each component's score uses."""

    weights: dict[HealthComponent, Weight]
    core_roles: list[DecisionRole] = Field(min_length=1)
    coverage_credit: dict[ContactStatus, Share]
    visit_fresh_days: Annotated[int, Field(ge=0)]
    visit_stale_days: Days
    visit_window_days: Days
    visit_target: Annotated[int, Field(ge=1)]
    champion_none_score: Annotated[float, Field(ge=0, le=100)]
    nps_window_days: Days
    nps_trend_per_point: Annotated[float, Field(ge=0)]
    nps_unknown_score: Annotated[float, Field(ge=0, le=100)]
    complaint_severity_zero: Annotated[int, Field(ge=1)]
    revenue_window_days: Days
    revenue_baseline_days: Days
    revenue_unknown_score: Annotated[float, Field(ge=0, le=100)]

    @model_validator(mode="after")
    def _check(self) -> HealthConfig:
        if set(self.weights) != set(HealthComponent):
            names = ", ".join(c.value for c in HealthComponent)
            raise ValueError(f"health.weights needs exactly: {names}")
        if sum(self.weights.values()) <= 0:
            raise ValueError("health.weights must not all be 0")
        if set(self.coverage_credit) != set(ContactStatus):
            names = ", ".join(c.value for c in ContactStatus)
            raise ValueError(f"health.coverage_credit needs exactly: {names}")
        if self.visit_stale_days <= self.visit_fresh_days:
            raise ValueError("health.visit_stale_days must exceed visit_fresh_days")
        return self


class AlertConfig(_Config):
    """Alert when the index fell by `drop_share` or more over `window_days`; when an account of
    a tier in `stale_map_days` had no visit and no map change for that many days."""

    drop_share: Annotated[float, Field(gt=0.0, le=1.0)]
    window_days: Days
    new_decision_maker_days: Days
    stale_map_days: dict[Tier, Days] = Field(default_factory=dict)


class BusinessConfig(_Config):
    """All of tiering, health and alerts configuration."""

    tiering: TieringConfig
    health: HealthConfig
    alerts: AlertConfig


def default_config() -> BusinessConfig:
    """The shipped defaults (graphkam/business/defaults.yaml)."""
    return BusinessConfig.model_validate(_defaults_raw())


def load_config(path: str | Path | None = None) -> BusinessConfig:
    """The defaults, with the keys of the YAML file at `path` (if given) laid over them."""
    raw = _defaults_raw()
    if path is None:
        return BusinessConfig.model_validate(raw)
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInputError(
            Problem(f"cannot read config file: {exc.strerror}", source=source)
        ) from None
    try:
        override = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InvalidInputError(Problem("not valid YAML", source=source, line=line)) from None
    if not isinstance(override, dict):
        raise InvalidInputError(Problem("expected a mapping at the top", source=source))
    try:
        return BusinessConfig.model_validate(_merge(raw, override))
    except ValidationError as exc:
        problems = [
            Problem(
                e["msg"],
                source=source,
                field=".".join(str(p) for p in e["loc"]) or None,
                loc=tuple(e["loc"]),
            )
            for e in exc.errors(include_input=False)
        ]
        raise InvalidInputError(problems) from None


def _defaults_raw() -> dict[str, Any]:
    text = resources.files("graphkam.business").joinpath("defaults.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`base` with `over` laid on top, mapping by mapping (lists and scalars replace)."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out
