"""CLI commands of activity capture: `capture calendar`, `capture mail` and the proposals."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from graphkam.capture import CaptureReport
from graphkam.cli.common import (
    JsonOpt,
    StoreOpt,
    cli_errors,
    command_group,
    console,
    err_console,
    open_cli_store,
    print_json,
)
from graphkam.errors import InvalidInputError
from graphkam.settings import get_settings

__all__ = [
    "capture_app",
    "capture_calendar_command",
    "capture_mail_command",
    "proposals_command",
    "accept_command",
    "dismiss_command",
]

capture_app = command_group(
    "capture", "Visits from calendar exports and contacts from mail headers (see docs/capture.md)."
)

DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
]
ProposeOpt = Annotated[
    bool,
    typer.Option("--propose", help="Propose unknown people on an account's mail domain."),
]
StateOpt = Annotated[
    Path | None,
    typer.Option(
        "--state",
        help="Capture state file (proposals, applied visits); default beside the store: "
        "PATH.capture.json for sqlite:///PATH, else ./graphkam-capture.json.",
        show_default=False,
    ),
]
ZoneOpt = Annotated[
    str | None,
    typer.Option(
        "--timezone",
        help="IANA zone that dates times given in UTC (default: the calendar's X-WR-TIMEZONE, "
        "else UTC).",
        show_default=False,
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option("--until", help="Last day to capture (YYYY-MM-DD); default today."),
]


def _until(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"--until: '{value}' is not a date (use YYYY-MM-DD)") from None


def _state_file(store: str | None, state: Path | None) -> Path:
    from graphkam.capture import state_path

    return state_path(store or get_settings().store, state)


@capture_app.command("calendar")
@cli_errors
def capture_calendar_command(
    file: Annotated[Path, typer.Argument(help="An iCalendar (.ics) export.")],
    dry_run: DryRunOpt = False,
    keep_titles: Annotated[
        bool, typer.Option("--keep-titles", help="Keep meeting titles as the visits' notes.")
    ] = False,
    propose: ProposeOpt = False,
    timezone: ZoneOpt = None,
    until: UntilOpt = None,
    state: StateOpt = None,
    store: StoreOpt = None,
    json: JsonOpt = False,
) -> None:
    """Meetings with our people and a stakeholder become visits; ties refresh like log-visit."""
    from graphkam.capture import capture_calendar, parse_zone

    zone, day = parse_zone(timezone), _until(until)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"{file}: cannot read the calendar file ({exc.strerror})") from None
    with open_cli_store(store) as st:
        report = capture_calendar(
            st, data, str(file), _state_file(store, state), today=day, zone=zone,
            keep_titles=keep_titles, propose=propose, dry_run=dry_run,
        )  # fmt: skip
    _print_report(report, json)


@capture_app.command("mail")
@cli_errors
def capture_mail_command(
    path: Annotated[Path, typer.Argument(help="An mbox file or a folder of .eml files.")],
    dry_run: DryRunOpt = False,
    propose: ProposeOpt = False,
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone", help="IANA zone that dates the messages (default: each Date's own)."
        ),
    ] = None,
    until: UntilOpt = None,
    state: StateOpt = None,
    store: StoreOpt = None,
    json: JsonOpt = False,
) -> None:
    """Headers only: threads with a stakeholder are lighter contacts; auto-replies and bounces
    that say someone left are proposed as departures."""
    from graphkam.capture import capture_mail, parse_zone, read_mail

    zone, day = parse_zone(timezone), _until(until)
    messages = read_mail(path, zone=zone)
    with open_cli_store(store) as st:
        report = capture_mail(
            st, messages, _state_file(store, state), today=day, propose=propose, dry_run=dry_run
        )
    _print_report(report, json)


@capture_app.command("proposals")
@cli_errors
def proposals_command(
    all_: Annotated[bool, typer.Option("--all", help="Also accepted and dismissed ones.")] = False,
    state: StateOpt = None,
    store: StoreOpt = None,
    json: JsonOpt = False,
) -> None:
    """Proposed new stakeholders and departures, for review."""
    from rich.table import Table

    from graphkam.capture import CaptureState
    from graphkam.capture.state import ProposalKind, ProposalStatus

    found = CaptureState.load(_state_file(store, state)).proposals
    shown = [p for p in found if all_ or p.status is ProposalStatus.OPEN]
    if json:
        print_json([p.model_dump(mode="json", exclude={"seen"}) for p in shown])
        return
    table = Table(title=f"{len(shown)} proposals")
    for col in ("id", "kind", "account", "who", "seen", "with", "evidence", "status"):
        table.add_column(col)
    for p in shown:
        who = (
            p.stakeholder
            if p.kind is ProposalKind.DEPARTURE
            else f"{p.name or ''} <{p.email}>".strip()
        )
        table.add_row(
            p.id, p.kind.value, p.account, who, str(p.count), ", ".join(p.with_ids),
            "; ".join(p.evidence), p.status.value,
        )  # fmt: skip
    console.print(table)


@capture_app.command("accept")
@cli_errors
def accept_command(
    ids: Annotated[list[str], typer.Argument(help="Proposal ids (from `capture proposals`).")],
    state: StateOpt = None,
    store: StoreOpt = None,
    json: JsonOpt = False,
) -> None:
    """Accept proposals: add the new stakeholders, or set the departed ones' status to left."""
    from graphkam.capture import CaptureState, accept_proposal

    where = _state_file(store, state)
    current = CaptureState.load(where)
    written = []
    with open_cli_store(store) as st:
        for ident in ids:
            person = accept_proposal(st, current, ident)
            current.save(where)
            written.append(person)
            err_console.print(f"accepted {ident}: {person.id} ({person.status.value})")
    if json:
        print_json(
            [p.model_dump(mode="json", exclude={"notes", "emails", "phone"}) for p in written]
        )
    else:
        for person in written:
            _out(f"{person.id}\t{person.account}\t{person.name}\t{person.status.value}")


@capture_app.command("dismiss")
@cli_errors
def dismiss_command(
    ids: Annotated[list[str], typer.Argument(help="Proposal ids to dismiss.")],
    state: StateOpt = None,
    store: StoreOpt = None,
) -> None:
    """Dismiss proposals: they stay dismissed when the same people are seen again."""
    from graphkam.capture import CaptureState, dismiss_proposal

    where = _state_file(store, state)
    current = CaptureState.load(where)
    for ident in ids:
        dismiss_proposal(current, ident)
        _out(f"dismissed {ident}")
    current.save(where)


def _out(text: str) -> None:
    """One line of data on stdout, as is (no wrapping, markup or tab expansion)."""
    sys.stdout.write(text + "\n")


def _print_report(report: CaptureReport, as_json: bool) -> None:
    if as_json:
        print_json(report)
    else:
        _print_lines(report)
    for warning in report.warnings:
        err_console.print(f"warning: {warning}", markup=False, highlight=False)
    skipped = ", ".join(f"{n} {why}" for why, n in sorted(report.skipped.items()))
    err_console.print(
        f"{len(report.created)} created, {len(report.updated)} updated, "
        f"{len(report.removed)} removed, {report.unchanged} unchanged"
        + (f"; skipped: {skipped}" if skipped else ""),
        markup=False,
        highlight=False,
    )


def _print_lines(report: CaptureReport) -> None:
    from graphkam.capture.state import ProposalKind

    verb = "would " if report.dry_run else ""
    for label, visits in (("create", report.created), ("update", report.updated)):
        for v in visits:
            guessed = f" (guessed from '{v.purpose_keyword}')" if v.purpose_keyword else ""
            _out(
                f"{verb}{label} {v.channel.value} {v.id} {v.account} {v.date}: "
                f"{', '.join(v.team)} met {', '.join(v.stakeholders)}; purpose {v.purpose}{guessed}"
            )
            for tie in v.ties_created:
                _out(f"  new tie {tie}")
            for tie in v.ties_refreshed:
                _out(f"  refreshed {tie}")
    for vid in report.removed:
        _out(f"{verb}remove {vid}")
    for p in report.proposals:
        who = p.stakeholder if p.kind is ProposalKind.DEPARTURE else p.email
        _out(f"proposal {p.id}: {p.kind.value} {p.account} {who} (seen {p.count}x)")
