"""CLI commands: `tier` (suggested tiers), `health` (index and timeline) and `alerts`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

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
    console,
    err_console,
    open_cli_store,
    parse_as_of,
    print_json,
)
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
    with open_cli_store(store) as st:
        report = suggest_tiers(st, day, cfg)
        changed = apply_tiers(st, report) if apply else []
    if json:
        print_json(report)
    else:
        _print_tiers(report)
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
    with open_cli_store(store) as st:
        sg = st.account_subgraph(account)
    if start is None:
        result = health_index(sg, parse_as_of(as_of), cfg)
        if json:
            print_json(result)
        else:
            _print_health(result)
        return
    first = _date("--from", start)
    last = _date("--to", end) if end is not None else parse_as_of(as_of)
    series = health_series(sg, first, last, step, cfg)
    if json:
        print_json(series)
    else:
        _print_series(series)


@app.command("alerts")
@cli_errors
def alerts_command(
    as_of: AsOfOpt = None,
    json: JsonOpt = False,
    config: ConfigOpt = None,
    store: StoreOpt = None,
) -> None:
    """Accounts whose health fell sharply, and key-person events (a decision maker or
    champion left, turned negative, or a new decision maker appeared)."""
    day = parse_as_of(as_of)
    cfg: BusinessConfig = load_config(config)
    with open_cli_store(store) as st:
        report = scan_alerts(st, day, cfg)
    if json:
        print_json(report)
    else:
        _print_alerts(report)


def _date(option: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"{option}: '{value}' is not a date (use YYYY-MM-DD)") from None


def _table(title: str, *columns: str, keep: int = 1) -> Table:
    """A table whose cells wrap rather than lose characters on a narrow terminal; the first
    `keep` columns (ids, dates) never wrap."""
    table = Table(title=title)
    for i, col in enumerate(columns):
        table.add_column(col, overflow="fold", no_wrap=i < keep)
    return table


def _print_tiers(report: TierReport) -> None:
    table = _table(
        f"Suggested tiers as of {report.as_of}",
        "account", "assigned", "suggested", "status", "score", "RFM", "CLV", "NPS",
    )  # fmt: skip
    for s in report.data:
        status = "" if s.status == TierStatus.MATCHES else s.status.value.replace("_", "-")
        table.add_row(
            s.account,
            s.assigned.value,
            s.suggested.value,
            status,
            f"{s.score:.1f}",
            f"R{s.rfm.recency_score}F{s.rfm.frequency_score}M{s.rfm.monetary_score}",
            f"{s.clv.value:,.0f}",
            f"{s.nps:+.0f}" if s.nps is not None else "-",
        )
    console.print(table)
    console.print(f"{report.count} accounts, {report.mismatches} with a different suggested tier")


def _print_health(h: HealthIndex) -> None:
    table = _table(
        f"Health of {h.account} as of {h.as_of}: {h.index:.1f} / 100",
        "component", "score", "weight", "points", "why",
    )  # fmt: skip
    for c in h.components:
        table.add_row(
            c.component.value,
            f"{c.score:.0f}",
            f"{c.weight:.0%}",
            f"{c.contribution:.1f}",
            c.detail,
        )
    console.print(table)


def _print_series(series: HealthSeries) -> None:
    names = [c.component.value for c in series.data[0].components]
    table = _table(
        f"Health of {series.account} every {series.every_days} days",
        "date",
        "index",
        *names,
        keep=2,
    )
    for h in series.data:
        table.add_row(
            str(h.as_of), f"{h.index:.1f}", *(f"{c.contribution:.1f}" for c in h.components)
        )
    console.print(table)


def _print_alerts(report: AlertReport) -> None:
    if not report.data:
        console.print(f"no alerts as of {report.as_of}")
        return
    table = _table(f"Alerts as of {report.as_of}", "account", "kind", "when", "what", "moved")
    for a in report.data:
        moved = ", ".join(f"{c.component.value} {c.change:+.1f}" for c in a.components)
        table.add_row(a.account, a.kind.value, str(a.date or "-"), a.message, moved)
    console.print(table)
    console.print(f"{report.count} alerts")
