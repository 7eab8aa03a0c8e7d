"""CLI commands: `tier` (suggested tiers), `health` (index and timeline) and `alerts`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from graphkam.business import (
    AlertReport,
    BusinessConfig,
    HealthIndex,
    HealthSeries,
    TierReport,
    TierStatus,
    apply_tiers,
    health_index,
    health_series,
    load_config,
    parse_every,
    scan_alerts,
    suggest_tiers,
)
from graphkam.cli.common import (
    AsOfOpt,
    JsonOpt,
    StoreOpt,
    app,
    cli_errors,
    err_console,
    open_cli_store,
    parse_as_of,
)
from graphkam.cli.output import FormatOpt, Listing, choose_format, emit
from graphkam.errors import InvalidInputError

__all__ = ["tier_command", "health_command", "alerts_command"]

ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="YAML file of weights and thresholds laid over the shipped defaults "
        "(see docs/tiering-and-health.md).",
        show_default=False,
    ),
]


@app.command("tier")
@cli_errors
def tier_command(
    as_of: AsOfOpt = None,
    json: JsonOpt = False,
    format: FormatOpt = None,
    apply: Annotated[
        bool,
        typer.Option("--apply", help="Set each mismatched account's tier to the suggestion."),
    ] = False,
    config: ConfigOpt = None,
    store: StoreOpt = None,
) -> None:
    """Suggest each account's tier from business value; mismatches are listed first."""
    day = parse_as_of(as_of)
    cfg = load_config(config)
    with open_cli_store(store, create=apply) as st:
        report = suggest_tiers(st, day, cfg)
        changed = apply_tiers(st, report) if apply else []
    emit(_tier_listing(report), choose_format(format, json), report)
    if apply:
        err_console.print(f"applied: {len(changed)} account tiers changed", highlight=False)
    elif report.mismatches:
        err_console.print("nothing changed; pass --apply to set the suggested tiers")


@app.command("health")
@cli_errors
def health_command(
    account: Annotated[str, typer.Argument(help="Account id.", show_default=False)],
    as_of: AsOfOpt = None,
    start: Annotated[
        str | None,
        typer.Option("--from", help="Start of a timeline (YYYY-MM-DD); needs --to or --as-of."),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", help="End of the timeline (YYYY-MM-DD); default --as-of/today."),
    ] = None,
    every: Annotated[
        str, typer.Option("--every", help="Step of the timeline: days (30d) or weeks (2w).")
    ] = "30d",
    json: JsonOpt = False,
    format: FormatOpt = None,
    config: ConfigOpt = None,
    store: StoreOpt = None,
) -> None:
    """The account's health index with its components, or a timeline with --from."""
    if end is not None and start is None:
        raise InvalidInputError("--to needs --from: give the start of the timeline")
    if end is not None and as_of is not None:
        raise InvalidInputError("give --to or --as-of, not both: both end the timeline")
    step = parse_every(every)
    cfg = load_config(config)
    with open_cli_store(store, create=False) as st:
        sg = st.account_subgraph(account)
    fmt = choose_format(format, json)
    if start is None:
        result = health_index(sg, parse_as_of(as_of), cfg)
        emit(_health_listing(result), fmt, result)
        return
    first = _date("--from", start)
    last = _date("--to", end) if end is not None else parse_as_of(as_of)
    series = health_series(sg, first, last, step, cfg)
    emit(_series_listing(series), fmt, series)


@app.command("alerts")
@cli_errors
def alerts_command(
    as_of: AsOfOpt = None,
    json: JsonOpt = False,
    format: FormatOpt = None,
    config: ConfigOpt = None,
    store: StoreOpt = None,
) -> None:
    """Accounts whose health fell sharply, and key-person events (a decision maker or
    champion left, turned negative, or a new decision maker appeared)."""
    day = parse_as_of(as_of)
    cfg: BusinessConfig = load_config(config)
    with open_cli_store(store, create=False) as st:
        report = scan_alerts(st, day, cfg)
    emit(_alerts_listing(report), choose_format(format, json), report)


def _date(option: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"{option}: '{value}' is not a date (use YYYY-MM-DD)") from None


def _tier_listing(report: TierReport) -> Listing:
    listing = Listing(
        ("account", "assigned", "suggested", "status", "score", "RFM", "CLV", "NPS"),
        title=f"Suggested tiers as of {report.as_of}",
        footer=f"{report.count} accounts, {report.mismatches} with a different suggested tier",
    )
    for s in report.data:
        status = "" if s.status == TierStatus.MATCHES else s.status.value.replace("_", "-")
        listing.add(
            s.account,
            s.assigned.value,
            s.suggested.value,
            status,
            f"{s.score:.1f}",
            f"R{s.rfm.recency_score}F{s.rfm.frequency_score}M{s.rfm.monetary_score}",
            f"{s.clv.value:,.0f}",
            f"{s.nps:+.0f}" if s.nps is not None else "-",
        )
    return listing


def _health_listing(h: HealthIndex) -> Listing:
    listing = Listing(
        ("component", "score", "weight", "points", "why"),
        title=f"Health of {h.account} as of {h.as_of}: {h.index:.1f} / 100",
    )
    for c in h.components:
        listing.add(
            c.component.value,
            f"{c.score:.0f}",
            f"{c.weight:.0%}",
            f"{c.contribution:.1f}",
            c.detail,
        )
    return listing


def _series_listing(series: HealthSeries) -> Listing:
    names = [c.component.value for c in series.data[0].components]
    listing = Listing(
        ("date", "index", *names),
        title=f"Health of {series.account} every {series.every_days} days",
    )
    for h in series.data:
        listing.add(
            str(h.as_of), f"{h.index:.1f}", *(f"{c.contribution:.1f}" for c in h.components)
        )
    return listing


def _alerts_listing(report: AlertReport) -> Listing:
    listing = Listing(
        ("account", "kind", "when", "what", "moved"),
        title=f"Alerts as of {report.as_of}",
        footer=f"{report.count} alerts" if report.data else f"no alerts as of {report.as_of}",
    )
    for a in report.data:
        moved = ", ".join(f"{c.component.value} {c.change:+.1f}" for c in a.components)
        listing.add(a.account, a.kind.value, str(a.date or "-"), a.message, moved)
    return listing
