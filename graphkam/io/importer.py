"""Import several files into a store in one transaction: all of them land, or none."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path

from graphkam.editing import MergeReport, apply_map
from graphkam.errors import InvalidInputError
from graphkam.io.accountmap import load_account_map, read_text
from graphkam.io.bulk import bulk_import
from graphkam.io.crm import normalize_header
from graphkam.io.csv_import import CsvSourceMap, parse_table
from graphkam.io.csv_reader import CsvTable, read_csv_table
from graphkam.io.locate import Format, ParsedFile, format_for_path, locate_problems
from graphkam.stores.base import Store

__all__ = ["import_files", "read_file"]


class _DryRun(Exception):
    """Raised inside the transaction of a dry run so that nothing it wrote stays."""


def import_files(
    store: Store,
    paths: Sequence[str | Path],
    progress: Callable[[str], None] | None = None,
    *,
    overwrite: bool = False,
    dry_run: bool = False,
) -> list[MergeReport]:
    """Import `paths` in order inside ONE store transaction; later files may refer to earlier ones.

    Each file is merged into what is stored (graphkam/editing.py: absent fields kept, clearing
    explicit, lists merged, newer stances and ties kept unless `overwrite`). On any problem
    nothing is written and InvalidInputError is raised with each problem's file, line
    (YAML/JSON) or row (CSV) and field. With `dry_run` the reports are the same and the
    transaction is rolled back. `progress` receives one line per file.
    """
    summaries: list[MergeReport] = []
    with contextlib.suppress(_DryRun), store.transaction():
        _import_all(store, paths, progress, overwrite, summaries)
        if dry_run:
            raise _DryRun
    return summaries


def _import_all(
    store: Store,
    paths: Sequence[str | Path],
    progress: Callable[[str], None] | None,
    overwrite: bool,
    summaries: list[MergeReport],
) -> None:
    for path in paths:
        if progress is not None:
            progress(f"reading {path}")
        bulk = bulk_import(store, path, str(path), progress)  # JSON into an empty SQLite store
        if bulk is not None:
            summaries.append(bulk)
            continue
        parsed = read_file(path, store)
        for note in parsed.notes:
            if progress is not None:
                progress(note)
        try:
            report = apply_map(
                store,
                parsed.doc,
                source=parsed.source,
                overwrite=overwrite,
                derived_ids=parsed.derived_ids,
            )
        except InvalidInputError as exc:
            problems = locate_problems(exc.problems, parsed.source, parsed.smap)
            raise InvalidInputError(problems) from None
        summaries.append(report)


def read_file(path: str | Path, store: Store | None = None) -> ParsedFile:
    """Read one YAML, JSON or CSV file (chosen by extension); CSV names resolve in `store`.

    A CSV of orders, NPS answers or complaints (an amount, score or severity column and no
    name or type column) goes to `graphkam.business.parse_business_csv`.
    """
    fmt = format_for_path(path)
    if fmt is Format.CSV:
        table = read_csv_table(path)
        parsed = _business_file(table) if _is_business_csv(table) else parse_table(table, store)
        parsed.notes[:0] = table.notes
        return parsed
    if fmt is Format.GRAPHML:
        raise InvalidInputError(f"{path}: GraphML is an export format; import YAML, JSON or CSV")
    return load_account_map(read_text(path), str(path), fmt)


def _is_business_csv(table: CsvTable) -> bool:
    from graphkam.business.csv_facts import HEADER_ALIASES

    header = table.header
    names = {normalize_header(h) for h in header}
    fields = {HEADER_ALIASES.get(n) for n in names} | {
        HEADER_ALIASES.get(h.strip().lower()) for h in header
    }
    people = any(_is_people_column(n) for n in names)
    return bool(fields & {"amount", "score", "severity"}) and not people


def _is_people_column(name: str) -> bool:
    return name in {"name", "姓名", "联系人", "type", "from", "to"}


def _business_file(table: CsvTable) -> ParsedFile:
    from graphkam.business.csv_facts import parse_business_table

    doc, rows = parse_business_table(table)
    smap = CsvSourceMap(header=[], fields={})
    for section in ("orders", "nps", "complaints"):
        for i in range(len(getattr(doc, section))):
            smap.rows[(section, i)] = rows[i]
    return ParsedFile(source=table.source, doc=doc, smap=smap)
