"""CLI commands: `history` (who changed what), `erase` and `export-person` (a person's rights)."""

from __future__ import annotations

from typing import Annotated

import typer

from graphkam.cli.common import (
    JsonOpt,
    StoreOpt,
    app,
    cli_errors,
    console,
    open_cli_store,
    print_json,
)
from graphkam.cli.output import FormatOpt, Listing, choose_format, emit
from graphkam.history import NOTES_MARK, history
from graphkam.model import Change
from graphkam.privacy import erase, export_person

__all__ = ["history_command", "erase_command", "export_person_command"]


def _summary(change: Change) -> str:
    """The changed fields with their before -> after values, one per line (notes only marked)."""
    before, after = change.before or {}, change.after or {}
    if change.before is None or change.after is None:
        side = change.after if change.before is None else change.before
        return str(side.get("name", "")) if side else ""
    lines = []
    for field in change.fields:
        old, new = before.get(field), after.get(field)
        if NOTES_MARK in (old, new) and field == "notes":
            lines.append("notes changed")
        else:
            lines.append(f"{field}: {old!r} -> {new!r}")
    return "\n".join(lines)


@app.command("history")
@cli_errors
def history_command(
    account: Annotated[str, typer.Argument(help="Account id.")],
    stakeholder: Annotated[
        str | None,
        typer.Option("--stakeholder", help="Only the changes about this stakeholder id."),
    ] = None,
    store: StoreOpt = None,
    json: JsonOpt = False,
    format: FormatOpt = None,
) -> None:
    """Show who changed what in an account, and when, oldest first."""
    fmt = choose_format(format, json)
    with open_cli_store(store, create=False) as st:
        changes = history(st, account, stakeholder)
    listing = Listing(
        ("when (UTC)", "who", "via", "action", "subject", "what"),
        title=f"history of {account}",
        footer=None if changes else "no changes recorded",
    )
    for c in changes:
        listing.add(
            c.date.strftime("%Y-%m-%d %H:%M:%S"),
            c.actor,
            c.source.value,
            c.action.value,
            f"{c.subject_kind} {c.subject_id}",
            _summary(c),
        )
    emit(listing, fmt, [c.model_dump(mode="json") for c in changes])


@app.command("erase")
@cli_errors
def erase_command(
    stakeholder: Annotated[str, typer.Argument(help="Stakeholder id to erase.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    store: StoreOpt = None,
    json: JsonOpt = False,
) -> None:
    """Erase a person's personal data everywhere (right to erasure), leaving a tombstone."""
    if not yes and not typer.confirm(
        f"Erase the personal data of stakeholder '{stakeholder}'? This cannot be undone."
    ):
        raise typer.Exit(1)
    with open_cli_store(store, create=False) as st:
        summary = erase(st, stakeholder)
    if json:
        print_json(summary)
        return
    console.print(
        f"erased stakeholder {summary.stakeholder} of {summary.account}: "
        f"{summary.relationships} relationships and {summary.interactions} interactions lost "
        f"their notes, {summary.changes} history entries rewritten",
        markup=False,
        highlight=False,
    )


@app.command("export-person")
@cli_errors
def export_person_command(
    stakeholder: Annotated[str, typer.Argument(help="Stakeholder id.")],
    include_personal: Annotated[
        bool,
        typer.Option("--include-personal", help="Include free-text notes (personal, sensitive)."),
    ] = False,
    store: StoreOpt = None,
) -> None:
    """Print everything held on one person as JSON (node, relationships, visits, history)."""
    with open_cli_store(store, create=False) as st:
        data = export_person(st, stakeholder, include_personal)
    print_json(data)
