"""CLI commands for the coach's week: `refresh` (ties to renew before they decay), `diff`
(what changed in an account's map between two dates) and `blockers` (who can move a skeptic
or opponent)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

import typer

from graphkam.analysis.blockers import Blocker, blocker_movers
from graphkam.analysis.config import AnalysisConfig
from graphkam.analysis.diff import MapDiff, map_diff
from graphkam.analysis.forecast import Renewal, ties_to_renew
from graphkam.analysis.known import load_known
from graphkam.analysis.projection import project
from graphkam.cli.common import (
    AsOfOpt,
    JsonOpt,
    StoreOpt,
    app,
    cli_errors,
    console,
    open_cli_store,
    parse_as_of,
    print_json,
)
from graphkam.cli.output import FormatOpt, Listing, choose_format, emit
from graphkam.errors import InvalidInputError
from graphkam.history import history

__all__ = ["refresh_command", "diff_command", "blockers_command", "parse_days"]

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


@app.command("diff")
@cli_errors
def diff_command(
    account: Annotated[str, typer.Argument(help="The account id.", show_default=False)],
    since: Annotated[
        str, typer.Option("--since", help="The earlier date (YYYY-MM-DD).", show_default=False)
    ],
    until: Annotated[
        str | None,
        typer.Option("--until", help="The later date (default today).", show_default=False),
    ] = None,
    json: JsonOpt = False,
    store: StoreOpt = None,
) -> None:
    """What changed in the account's map between two dates: people joined and left, role and
    stance changes, ties gained, lost and decayed, threading, gaps and health before and after."""
    start = _date("--since", since)
    end = _date("--until", until) if until is not None else parse_as_of(None)
    with open_cli_store(store, create=False) as st:
        sub = st.account_subgraph(account)
        changes = history(st, account)
    result = map_diff(sub, start, end, AnalysisConfig.from_settings(), changes)
    if json:
        print_json(result)
    else:
        for line in diff_lines(result):
            console.print(line, markup=False, soft_wrap=True)


def _date(option: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"{option}: '{value}' is not a date (use YYYY-MM-DD)") from None


def diff_lines(d: MapDiff) -> list[str]:
    """The diff as plain lines (what `graphkam diff` prints)."""
    yes = {True: "yes", False: "no"}
    out = [
        f"{d.name} ({d.account}): {d.since} -> {d.until}",
        f"health {d.health_before:.1f} -> {d.health_after:.1f}",
        f"net support {d.support_before:+.2f} -> {d.support_after:+.2f}",
        f"single-threaded {yes[d.single_threaded_before]} -> {yes[d.single_threaded_after]}",
    ]
    out += [f"joined: {p.name} ({p.id})" for p in d.joined]
    for p in d.left:
        stance = "" if p.stance_before is None else f", {p.stance_before.value}"
        out.append(f"left: {p.name} ({p.id}{stance})")
    for p in d.stance_changes:
        before = p.stance_before.value if p.stance_before else "-"
        after = p.stance_after.value if p.stance_after else "-"
        out.append(f"stance: {p.name} ({p.id}) {before} -> {after}")
    for p in d.role_changes:
        before = ", ".join(r.value for r in p.roles_before or []) or "-"
        after = ", ".join(r.value for r in p.roles_after or []) or "-"
        out.append(f"roles: {p.name} ({p.id}) {before} -> {after}")
    for label, ties in (("gained", d.ties_gained), ("lost", d.ties_lost),
                        ("decayed", d.ties_decayed)):  # fmt: skip
        for t in ties:
            before = "-" if t.before is None else f"{t.before:.2f}"
            after = "-" if t.after is None else f"{t.after:.2f}"
            out.append(
                f"tie {label}: {t.member} - {t.stakeholder_name} ({t.stakeholder}) "
                f"{before} -> {after}"
            )
    for sid in sorted(set(d.connectivity_before) | set(d.connectivity_after)):
        kb, ka = d.connectivity_before.get(sid, "-"), d.connectivity_after.get(sid, "-")
        if kb != ka:
            out.append(f"connectivity {sid}: {kb} -> {ka}")
    spof_b = {p.id for p in d.single_points_of_failure_before}
    spof_a = {p.id for p in d.single_points_of_failure_after}
    out += [f"new single point of failure: {pid}" for pid in sorted(spof_a - spof_b)]
    out += [f"no longer a single point of failure: {pid}" for pid in sorted(spof_b - spof_a)]
    out += [f"new gap: {g.kind.value} {g.subject} ({g.severity.value})" for g in d.new_gaps]
    out += [f"closed gap: {g.kind.value} {g.subject}" for g in d.closed_gaps]
    return out


@app.command("blockers")
@cli_errors
def blockers_command(
    account: Annotated[str, typer.Argument(help="The account id.", show_default=False)],
    top: Annotated[int, typer.Option("--top", min=1, help="Movers listed per blocker.")] = 5,
    as_of: AsOfOpt = None,
    json: JsonOpt = False,
    store: StoreOpt = None,
) -> None:
    """Who can move a blocker: for each skeptic or opponent in (or swaying) the decision, the
    people we reach whose stance weighs most in theirs, with the path and why."""
    day = parse_as_of(as_of)
    with open_cli_store(store, create=False) as st:
        known = load_known(st, account, day)
    result = blocker_movers(project(known, day, AnalysisConfig.from_settings()), top)
    if json:
        print_json([b.model_dump(mode="json") for b in result])
    else:
        for line in blocker_lines(result):
            console.print(line, markup=False, soft_wrap=True)


def blocker_lines(blockers: list[Blocker]) -> list[str]:
    """The blockers as plain lines (what `graphkam blockers` prints)."""
    if not blockers:
        return ["No skeptic or opponent in the decision."]
    out = []
    for b in blockers:
        out.append(f"{b.name} ({b.id}, {b.stance.value}) can be moved by:")
        if not b.movers:
            out.append("  nobody we reach")
        for i, m in enumerate(b.movers, 1):
            out.append(
                f"  {i}. {m.name} ({m.id}, {m.stance.value}) weight {m.weight:.3f}, "
                f"as champion {m.if_champion:+.3f}: {m.why}"
            )
    return out
