"""Import several files into a store in one transaction: all of them land, or none."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from graphkam.errors import InvalidInputError
from graphkam.io.accountmap import load_account_map, read_text
from graphkam.io.csv_import import parse_csv
from graphkam.io.locate import Format, ParsedFile, format_for_path, locate_problems
from graphkam.stores.base import ImportSummary, Store

__all__ = ["import_files", "read_file"]


def import_files(
    store: Store,
    paths: Sequence[str | Path],
    progress: Callable[[str], None] | None = None,
) -> list[ImportSummary]:
    """Import `paths` in order inside ONE store transaction; later files may refer to earlier ones.

    On any problem nothing is written and InvalidInputError is raised with each problem's file,
    line (YAML/JSON) or row (CSV) and field. `progress` receives one line per file.
    """
    summaries = []
    with store.transaction():
        for path in paths:
            if progress is not None:
                progress(f"reading {path}")
            parsed = read_file(path, store)
            for note in parsed.notes:
                if progress is not None:
                    progress(note)
            try:
                summaries.append(store.import_map(parsed.doc, source=parsed.source))
            except InvalidInputError as exc:
                problems = locate_problems(exc.problems, parsed.source, parsed.smap)
                raise InvalidInputError(problems) from None
    return summaries


def read_file(path: str | Path, store: Store | None = None) -> ParsedFile:
    """Read one YAML, JSON or CSV file (chosen by extension); CSV names resolve in `store`."""
    fmt = format_for_path(path)
    if fmt is Format.CSV:
        return parse_csv(read_text(path), str(path), store)
    if fmt is Format.GRAPHML:
        raise InvalidInputError(f"{path}: GraphML is an export format; import YAML, JSON or CSV")
    return load_account_map(read_text(path), str(path), fmt)
