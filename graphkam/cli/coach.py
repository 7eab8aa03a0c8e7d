"""CLI commands for the coach's week: `refresh` (ties to renew before they decay)."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from graphkam.analysis.config import AnalysisConfig
from graphkam.analysis.forecast import Renewal, ties_to_renew
from graphkam.cli.common import (
    AsOfOpt,
    JsonOpt,
    StoreOpt,
    app,
    cli_errors,
    open_cli_store,
    parse_as_of,
)
from graphkam.cli.output import FormatOpt, Listing, choose_format, emit
from graphkam.errors import InvalidInputError

__all__ = ["refresh_command", "parse_days"]

_DAYS = re.compile(r"^\s*(\d+)\s*([dw]?)\s*$")


def parse_days(option: str, value: str) -> int:
    """'14d', '2w' or '14' as a number of days (InvalidInputError naming the option)."""
    m = _DAYS.match(value)
    if m is None:
        raise InvalidInputError(f"{option}: '{value}' is not a duration (use e.g. 14d or 2w)")
    return int(m.group(1)) * (7 if m.group(2) == "w" else 1)


@app.command("refresh")
@cli_errors
def refresh_command(
    within: Annotated[
        str,
        typer.Option(
            "--within", help="Ties that lose coverage or threading within this (14d, 2w)."
        ),
    ] = "14d",
    as_of: AsOfOpt = None,
    json: JsonOpt = False,
    format: FormatOpt = None,
    store: StoreOpt = None,
) -> None:
    """Ties to renew across the portfolio before they decay: whom to meet, who should go, by
    when; ranked by value at stake per day left (docs/scores.md, decay forecast)."""
    fmt = choose_format(format, json)
    days = parse_days("--within", within)
    day = parse_as_of(as_of)
    with open_cli_store(store, create=False) as st:
        renewals = ties_to_renew(st.iter_subgraphs(), day, days, AnalysisConfig.from_settings())
    emit(
        _listing(renewals, day.isoformat(), days),
        fmt,
        [r.model_dump(mode="json") for r in renewals],
    )


def _listing(renewals: list[Renewal], day: str, days: int) -> Listing:
    listing = Listing(
        ("account", "meet", "who goes", "last contact", "effective", "lost on", "cut-off",
         "days left", "value at stake"),
        title=f"Ties to renew within {days} days of {day}",
        right=frozenset({"effective", "days left", "value at stake"}),
    )  # fmt: skip
    for r in renewals:
        listing.add(
            r.account,
            f"{r.stakeholder_name} ({r.stakeholder})",
            f"{r.member_name} ({r.member})",
            r.last_contact,
            f"{r.effective:.3f}",
            r.lost_on,
            r.cut_off,
            r.days_left,
            f"{r.value_at_stake:.0f}",
        )
    return listing
