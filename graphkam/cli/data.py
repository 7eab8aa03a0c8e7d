"""CLI commands that move data in and out: `import` and `export`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from graphkam.cli.common import (
    JsonOpt,
    StoreOpt,
    app,
    cli_errors,
    open_cli_store,
    print_json,
)
from graphkam.errors import InvalidInputError

if TYPE_CHECKING:
    from graphkam.documents import AccountMap
    from graphkam.editing import MergeReport

__all__ = ["import_command", "export_command", "ExportFormat", "report_lines"]


class ExportFormat(StrEnum):
    """Formats `graphkam export` writes."""

    YAML = "yaml"
    JSON = "json"
    GRAPHML = "graphml"
    CSV = "csv"


@app.command("import")
@cli_errors
def import_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Account-map files (.yaml, .yml, .json) or CSV files (stakeholders or "
            "relationships), imported in order in one transaction: all or nothing.",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would change and write nothing.")
    ] = False,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="Let the files replace stances set by visits or edits, and ties whose stored "
            "last contact is newer than the file's.",
        ),
    ] = False,
    store: StoreOpt = None,
    json: JsonOpt = False,
) -> None:
    """Import account maps and CSV files into the store, merging into what is stored.

    A column or key the file does not have, or an empty cell, leaves the stored value alone;
    `-` or `(clear)` in a CSV cell and null in YAML/JSON clear it (docs/format.md). Prints
    what was created, changed (field by field) and left unchanged; on any error nothing is
    written.
    """
    from graphkam.io.importer import import_files

    with open_cli_store(store) as st:
        reports = import_files(st, files, progress=_progress, overwrite=overwrite, dry_run=dry_run)
    if json:
        print_json(
            [{**r.model_dump(mode="json"), "counts": r.counts, "dry_run": dry_run} for r in reports]
        )
        return
    for line in report_lines(reports, dry_run):
        sys.stdout.write(line + "\n")


@app.command("export")
@cli_errors
def export_command(
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="yaml or json (the account-map format, lossless), graphml (for Gephi/yEd) "
            "or csv (stakeholders.csv and relationships.csv).",
            case_sensitive=False,
        ),
    ] = ExportFormat.YAML,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write here instead of stdout. For csv: a folder, or a FILE.zip (required).",
            show_default=False,
        ),
    ] = None,
    include_personal: Annotated[
        bool,
        typer.Option(
            "--include-personal/--no-personal",
            help="Include stakeholders' personal notes (sensitive); left out by default.",
        ),
    ] = False,
    store: StoreOpt = None,
) -> None:
    """Export the whole store as an account map (YAML/JSON), GraphML or CSV."""
    if format is ExportFormat.CSV and output is None:
        raise InvalidInputError("--format csv needs -o DIR (a folder) or -o FILE.zip")
    with open_cli_store(store, create=False) as st:
        doc = st.export_map()
    _write(doc, format, output, include_personal=include_personal)


def _write(doc: AccountMap, fmt: ExportFormat, output: Path | None, include_personal: bool) -> None:
    from graphkam.io.accountmap import generate_account_map
    from graphkam.io.csv_export import write_csv
    from graphkam.io.graphml import generate_graphml

    if fmt is ExportFormat.CSV:
        assert output is not None
        try:
            written = write_csv(doc, output, include_personal)
        except OSError as exc:
            raise InvalidInputError(f"{output}: cannot write: {exc.strerror}") from None
        for name in written:
            _progress(f"wrote {name}")
        return
    if fmt is ExportFormat.GRAPHML:
        text = generate_graphml(doc, include_personal)
    else:
        text = generate_account_map(doc, fmt.value, include_personal)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError(f"{output}: cannot write: {exc.strerror}") from None
    _progress(f"wrote {output} ({doc.row_count()} rows)")


def _progress(line: str) -> None:
    sys.stderr.write(line + "\n")


def report_lines(reports: list[MergeReport], dry_run: bool = False) -> list[str]:
    """Per file: each created and changed item (field by field, before -> after), kept values,
    then the unchanged ones by name; a closing total."""
    from graphkam.editing import Outcome

    lines = []
    totals = dict.fromkeys(Outcome, 0)
    for report in reports:
        lines.append(f"{report.source}:")
        for outcome in Outcome:
            totals[outcome] += report.count(outcome)
        for item in report.items:
            if item.outcome is Outcome.CREATED:
                lines.append(f"  created {_singular(item.section)} {item.label}")
            elif item.outcome is Outcome.CHANGED:
                lines.append(f"  changed {_singular(item.section)} {item.label}")
                for ch in item.changes:
                    before = ch.shown_before or _show(ch.before)
                    after = ch.shown_after or _show(ch.after)
                    lines.append(f"    {ch.field}: {before} -> {after}")
            for kept in item.kept:
                lines.append(
                    f"  kept {kept.field} of {item.label}: {_show(kept.stored)} "
                    f"(file: {_show(kept.offered)}; {kept.reason})"
                )
        same = [i.label for i in report.items if i.outcome is Outcome.UNCHANGED]
        if same:
            shown = ", ".join(same[:8]) + (", …" if len(same) > 8 else "")
            lines.append(f"  unchanged {len(same)}: {shown}")
        if report.omitted_total:
            parts = [
                f"{n:,} {outcome.value} {section}"
                for section, by in report.omitted.items()
                for outcome, n in by.items()
            ]
            lines.append(f"  … and {report.omitted_total:,} more, not listed: {', '.join(parts)}")
    verb = "would import" if dry_run else "imported"
    summary = ", ".join(f"{n:,} {o.value}" for o, n in totals.items())
    if not totals[Outcome.CREATED] and not totals[Outcome.CHANGED]:
        summary += " — nothing changed"
    lines.append(f"{verb} {len(reports)} file(s): {summary}")
    if dry_run:
        lines.append("dry run: nothing was written")
    return lines


def _singular(section: str) -> str:
    return {
        "accounts": "account",
        "team": "team member",
        "departments": "department",
        "stakeholders": "stakeholder",
        "third_parties": "third party",
        "competitors": "competitor",
        "relationships": "relationship",
        "interactions": "interaction",
        "competitor_products": "competitor product",
        "complaints": "complaint",
        "orders": "order",
    }.get(section, section)


def _show(value: object) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
