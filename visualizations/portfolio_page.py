"""The portfolio page: every account with tier, coverage, threading, net support and gap badges.

A coach reads the chart (net support against coverage, bubble size by tier, red when
single-threaded) at a glance, then sorts and filters the table; each account links to its
graph page. The chart is inline SVG drawn here, so the page needs no chart library.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, Field

from graphkam.model import DecisionRole, Tier
from visualizations.assets import inline_script, static_text
from visualizations.overlay import GapView, as_plain
from visualizations.render import environment
from visualizations.styles import TIER_RADIUS

__all__ = [
    "PortfolioRow",
    "Bubble",
    "Tick",
    "Chart",
    "portfolio_rows",
    "rank_key",
    "build_chart",
    "render_portfolio_page",
]

#: Coverage statuses in which someone of ours reaches the role's holder (docs/pages.md).
_REACHED = frozenset({"covered", "weak", "stale"})
#: Gap kinds that mean a decision role is not reached at all.
_ROLE_GAPS = frozenset({"role_missing", "role_uncovered"})
_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


class PortfolioRow(BaseModel):
    """One account as the portfolio page shows it."""

    account: str
    name: str
    tier: Tier
    single_threaded: bool = False
    support_index: float | None = None
    coverage: float | None = Field(default=None, description="share of decision roles reached")
    gaps: list[GapView] = Field(default_factory=list)
    risk: int = 0
    url: str = ""
    health: float | None = None
    alerts: list[str] = Field(default_factory=list)

    @property
    def at_risk(self) -> bool:
        """Single-threaded, any gap of high severity, or an alert."""
        return (
            self.single_threaded
            or any(g.severity == "high" for g in self.gaps)
            or bool(self.alerts)
        )

    @property
    def worst_severity(self) -> int:
        """0 high .. 2 low, 3 with no gaps (for sorting)."""
        return min((_SEVERITY_RANK.get(g.severity or "", 2) for g in self.gaps), default=3)

    @property
    def gap_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for g in self.gaps:
            counts[g.kind] = counts.get(g.kind, 0) + 1
        return counts


class Bubble(BaseModel):
    """One account on the chart: centre, radius and colour in SVG units."""

    account: str
    rank: int
    at_risk: bool
    x: float
    y: float
    r: int
    fill: str
    url: str
    tip: str


class Tick(BaseModel):
    """An axis tick: its value's text and its position in SVG units."""

    text: str
    pos: float


class Chart(BaseModel):
    """The bubble chart: size, plot box, axes ticks, the zero-support line and the bubbles."""

    w: int
    h: int
    pad: int
    zero_y: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    bubbles: list[Bubble]


def portfolio_rows(
    entries: Iterable[Any],
    account_url: Callable[[str], str] = lambda id: f"/accounts/{id}/graph",
    names: Mapping[str, str] | None = None,
) -> list[PortfolioRow]:
    """Rows from portfolio entries (PortfolioEntry models or their JSON), in the given order.

    Coverage is read from the entry when it carries one (a number, or the coverage list of an
    AccountAnalysis: reached roles / listed roles); otherwise it is
    1 − (decision roles with a role_missing or role_uncovered gap) / 7.
    """
    rows = []
    for entry in entries:
        data = as_plain(entry)
        acct = data.get("account")
        account_id = str(acct.get("id") if isinstance(acct, Mapping) else acct)
        name = (
            (acct.get("name") if isinstance(acct, Mapping) else None)
            or data.get("name")
            or (names or {}).get(account_id)
            or account_id
        )
        gaps = [
            GapView.model_validate({k: _str_or_none(v) for k, v in g.items()})
            for g in data.get("gaps") or []
        ]
        rows.append(
            PortfolioRow(
                account=account_id,
                name=str(name),
                tier=Tier(
                    data.get("tier") or (acct.get("tier") if isinstance(acct, Mapping) else "B")
                ),
                single_threaded=bool(data.get("single_threaded")),
                support_index=_float_or_none(_support(data)),
                coverage=_coverage(data, gaps),
                gaps=gaps,
                risk=int(data.get("risk") or len(gaps)),
                url=account_url(quote(account_id, safe="")),
            )
        )
    return rows


def build_chart(rows: list[PortfolioRow], width: int = 520, height: int = 380) -> Chart:
    """x = coverage, y = net support, each axis zoomed to the data in steps of 0.1.

    The x axis always ends at 100% and the y axis always shows the zero-support line, so a
    crowded portfolio spreads out without hiding where "full" and "neutral" are.
    """
    pad = 56
    covs = [r.coverage if r.coverage is not None else 0.0 for r in rows] or [1.0]
    sups = [r.support_index if r.support_index is not None else 0.0 for r in rows] or [0.0]
    x_lo = max(0.0, math.floor((min(covs) - 0.05) * 10) / 10)
    y_lo = min(0.0, math.floor((min(sups) - 0.05) * 10) / 10)
    y_hi = max(0.0, math.ceil((max(sups) + 0.05) * 10) / 10)
    y_lo, y_hi = max(-1.0, y_lo), min(1.0, y_hi)
    if y_hi - y_lo < 0.2:
        y_hi = min(1.0, y_lo + 0.2)
    iw, ih = width - 2 * pad, height - 2 * pad

    def px(v: float) -> float:
        return round(pad + (v - x_lo) / ((1.0 - x_lo) or 1.0) * iw, 1)

    def py(v: float) -> float:
        return round(pad + (y_hi - v) / ((y_hi - y_lo) or 1.0) * ih, 1)

    bubbles = []
    for rank, (row, cov, sup) in enumerate(zip(rows, covs, sups, strict=True), start=1):
        fill = "#d7191c" if row.single_threaded else "#fdae61" if row.at_risk else "#1a9641"
        tip = (
            f"#{rank} {row.name} · tier {row.tier.value} · coverage {cov:.0%}"
            + f" · net support {sup:+.2f}"
            + (" · single-threaded" if row.single_threaded else "")
            + f" · {len(row.gaps)} gaps"
        )
        bubbles.append(
            Bubble(
                account=row.account,
                rank=rank,
                at_risk=row.at_risk,
                x=px(cov),
                y=py(sup),
                r=TIER_RADIUS[row.tier],
                fill=fill,
                url=row.url,
                tip=tip,
            )
        )
    x_ticks = [Tick(text=f"{v:.0%}", pos=px(v)) for v in _nice_ticks(x_lo, 1.0)]
    y_ticks = [
        Tick(text=f"{v:+.1f}" if abs(v) > 1e-9 else "0", pos=py(v)) for v in _nice_ticks(y_lo, y_hi)
    ]
    # big bubbles first so small ones stay clickable on top; risky ones last (on top)
    bubbles.sort(key=lambda b: (b.at_risk, -b.r))
    return Chart(
        w=width,
        h=height,
        pad=pad,
        zero_y=py(0.0),
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        bubbles=bubbles,
    )


def render_portfolio_page(
    entries: Iterable[Any],
    *,
    as_of: dt.date,
    account_url: Callable[[str], str] = lambda id: f"/accounts/{id}/graph",
    names: Mapping[str, str] | None = None,
    health: Mapping[str, float] | None = None,
    alerts: Mapping[str, list[str]] | None = None,
) -> str:
    """The complete HTML portfolio page, accounts ranked by `rank_key`.

    `account_url` gets the URL-quoted account id; `names` supplies display names when the
    entries carry only ids; `health` each account's current health index and `alerts` the
    messages of its alerts.
    """
    rows = [
        r.model_copy(
            update={
                "health": (health or {}).get(r.account),
                "alerts": (alerts or {}).get(r.account, []),
            }
        )
        for r in portfolio_rows(entries, account_url, names)
    ]
    rows.sort(key=rank_key)
    risks = sorted(
        (r for r in rows if r.at_risk),
        key=lambda r: (r.tier.rank, not r.single_threaded, r.worst_severity),
    )
    kinds = sorted({g.kind for r in rows for g in r.gaps})
    template = environment().get_template("portfolio.html")
    return template.render(
        as_of=as_of,
        rows=rows,
        risks=risks,
        kinds=kinds,
        tiers=[t.value for t in Tier],
        chart=build_chart(rows),
        page_css=inline_script(static_text("page.css")),
        page_js=inline_script(static_text("portfolio.js")),
    )


def rank_key(row: PortfolioRow) -> tuple[int, int, int, str]:
    """Risk order as `graphkam portfolio` ranks: tier (S first), worst gap severity, risk points."""
    return (row.tier.rank, row.worst_severity, -row.risk, row.account)


def _nice_ticks(lo: float, hi: float) -> list[float]:
    """Ticks at multiples of 0.1, 0.2, 0.25 or 0.5 (the first giving at most 6) from lo to hi."""
    for step in (0.1, 0.2, 0.25, 0.5):
        first = math.ceil(round(lo / step, 9)) * step
        count = math.floor(round((hi - first) / step, 9)) + 1
        if count <= 6:
            return [round(first + i * step, 9) for i in range(count)]
    return [lo, hi]


def _str_or_none(value: Any) -> Any:
    return None if value is None else str(value)


def _float_or_none(value: Any) -> float | None:
    return None if value is None else float(value)


def _support(data: Mapping[str, Any]) -> Any:
    if "support_index" in data:
        return data["support_index"]
    support = data.get("support")
    return support.get("index") if isinstance(support, Mapping) else support


def _coverage(data: Mapping[str, Any], gaps: list[GapView]) -> float:
    cov = data.get("coverage")
    if isinstance(cov, int | float):
        return float(cov)
    if isinstance(cov, list) and cov:
        reached = sum(1 for c in cov if isinstance(c, Mapping) and c.get("status") in _REACHED)
        return round(reached / len(cov), 6)
    unreached = {g.subject for g in gaps if g.kind in _ROLE_GAPS}
    return round(1 - len(unreached) / len(DecisionRole), 6)
