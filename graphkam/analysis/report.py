"""The full account analysis: one projection, every analysis, one pydantic result."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from graphkam.analysis.brokers import Broker, find_brokers
from graphkam.analysis.competitors import CompetitorReach, competitor_reach
from graphkam.analysis.compiled import gc_paused
from graphkam.analysis.config import AnalysisConfig
from graphkam.analysis.coverage import RoleCoverage, analyze_coverage
from graphkam.analysis.gaps import Gap, find_gaps
from graphkam.analysis.influence import (
    InfluenceScore,
    Support,
    influence_scores,
    influence_shares,
    net_support,
)
from graphkam.analysis.projection import Projection, project
from graphkam.analysis.recommendations import Recommendation, recommend_relationships
from graphkam.analysis.threading import Threading, analyze_threading
from graphkam.documents import AccountSubgraph
from graphkam.model import Tier

__all__ = ["AccountAnalysis", "analyze_account", "analyze_projection", "recommend"]


class AccountAnalysis(BaseModel):
    """Everything graphkam knows about one account as of a date (the `analyze --json` document).

    Top-level keys are stable: account, name, tier, as_of, influence, support, coverage,
    threading, brokers, competitors, gaps, recommendations.
    """

    account: str
    name: str
    tier: Tier
    as_of: date
    influence: list[InfluenceScore]
    support: Support
    coverage: list[RoleCoverage]
    threading: Threading
    brokers: list[Broker]
    competitors: CompetitorReach
    gaps: list[Gap]
    recommendations: list[Recommendation]


def analyze_account(
    subgraph: AccountSubgraph,
    as_of: date,
    config: AnalysisConfig | None = None,
    *,
    brokers: bool = True,
    recommendations: bool = True,
) -> AccountAnalysis:
    """Analyse one account as known on `as_of` (pure: the subgraph in, the analysis out).

    `brokers=False` / `recommendations=False` skip those parts (the portfolio scan needs
    neither); they are then empty lists.
    """
    with gc_paused():  # once for both steps; the projection is freed before it ends
        proj = project(subgraph, as_of, config or AnalysisConfig())
        result = analyze_projection(proj, brokers=brokers, recommendations=recommendations)
        del proj
    return result


def analyze_projection(
    proj: Projection, *, brokers: bool = True, recommendations: bool = True
) -> AccountAnalysis:
    """The analysis of a projection already built (the cyclic GC paused: `gc_paused`)."""
    with gc_paused():
        return _analyze(proj, brokers, recommendations)


def _analyze(proj: Projection, brokers: bool, recommendations: bool) -> AccountAnalysis:
    """Every analysis of the projection, in dependency order."""
    shares = influence_shares(proj)
    influence = influence_scores(proj, shares)
    support = net_support(proj, shares[1])
    coverage = analyze_coverage(proj)
    threading = analyze_threading(proj)
    competitors = competitor_reach(proj, shares[1], support.index)
    gaps = find_gaps(proj, coverage, threading, competitors.owned)
    recs = (
        recommend_relationships(proj, coverage, threading, gaps, influence)
        if recommendations
        else []
    )
    return AccountAnalysis(
        account=proj.account.id,
        name=proj.account.name,
        tier=proj.account.tier,
        as_of=proj.as_of,
        influence=influence,
        support=support,
        coverage=coverage,
        threading=threading,
        brokers=find_brokers(proj) if brokers else [],
        competitors=competitors,
        gaps=gaps,
        recommendations=recs,
    )


def recommend(
    subgraph: AccountSubgraph, as_of: date, config: AnalysisConfig | None = None
) -> list[Recommendation]:
    """Only the recommendations of `analyze_account`."""
    return analyze_account(subgraph, as_of, config, brokers=False).recommendations
