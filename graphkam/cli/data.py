"""CLI commands that move data in and out: `import` and `export`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from graphkam.cli.common import (
    JsonOpt,
    StoreOpt,
    app,
    cli_errors,
    open_cli_store,
    print_json,
)
from graphkam.documents import AccountMap
from graphkam.errors import InvalidInputError
from graphkam.io.accountmap import generate_account_map
from graphkam.io.csv_export import write_csv
from graphkam.io.graphml import generate_graphml
from graphkam.io.importer import import_files
from graphkam.stores.base import ImportSummary

__all__ = ["import_command", "export_command", "ExportFormat"]


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
    store: StoreOpt = None,
    json: JsonOpt = False,
) -> None:
    """Import account maps and CSV files into the store; on any error nothing is written."""
    with open_cli_store(store) as st:
        summaries = import_files(st, files, progress=_progress)
    if json:
        print_json([s.model_dump() for s in summaries])
        return
    for line in _summary_lines(summaries):
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


def _summary_lines(summaries: list[ImportSummary]) -> list[str]:
    """One line per file, then the total by section in account-map order."""
    lines = []
    totals = {section: 0 for section in AccountMap.model_fields}
    for s in summaries:
        parts = [f"{k} {v}" for k, v in s.counts.items()]
        lines.append(f"{s.source}: {', '.join(parts) if parts else 'nothing'}")
        for k, v in s.counts.items():
            totals[k] += v
    written = [f"{k} {v}" for k, v in totals.items() if v]
    lines.append(
        f"imported {len(summaries)} file(s): {', '.join(written) if written else 'nothing'}"
    )
    return lines
