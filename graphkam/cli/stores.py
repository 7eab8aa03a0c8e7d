"""CLI commands that manage stores: `init-store` (create the schema), `copy` (move a portfolio)."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graphkam.cli.common import JsonOpt, app, cli_errors, err_console, print_json
from graphkam.errors import InvalidInputError

if TYPE_CHECKING:
    from graphkam.stores import Store

__all__ = ["init_store_command", "copy_command", "copy_store", "COPY_BATCH"]

#: Rows written per store call during a copy (one progress step).
COPY_BATCH = 1_000


@app.command("init-store")
@cli_errors
def init_store_command(
    url: Annotated[
        str, typer.Argument(help="Store URL: sqlite:///PATH, neo4j://HOST:PORT or bolt://...")
    ],
    json: JsonOpt = False,
) -> None:
    """Create the store's schema (tables, or Neo4j constraints and indexes) and upgrade a store
    in an older layout in place; safe to repeat."""
    from graphkam.stores import open_store, redact_url

    with open_store(url, upgrade=True) as st:
        st.init_schema()
        counts = st.counts()
        upgraded = getattr(st, "upgraded_from", None)
    if upgraded is not None:
        sys.stderr.write(f"upgraded {redact_url(url)} from layout version {upgraded}\n")
    if json:
        print_json({"store": redact_url(url), "counts": counts})
        return
    held = sum(counts.values())
    sys.stdout.write(f"store {redact_url(url)} is ready ({held} rows held)\n")


@app.command("copy")
@cli_errors
def copy_command(
    source: Annotated[str, typer.Option("--from", help="Store URL to copy from.")],
    target: Annotated[str, typer.Option("--to", help="Store URL to copy into.")],
    merge: Annotated[
        bool,
        typer.Option("--merge", help="Copy into a store that already holds data (upsert)."),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Copy a whole portfolio from one store to another (e.g. SQLite to Neo4j), history
    included as it is, in one transaction on the target: all or nothing. Progress goes to
    stderr."""
    from graphkam.stores import open_store, redact_url

    with open_store(source, audit=False) as src, open_store(target, audit=False) as dst:
        counts = copy_store(src, dst, merge=merge, progress=_ProgressBar())
    if json:
        print_json({"from": redact_url(source), "to": redact_url(target), "counts": counts})
        return
    written = ", ".join(f"{k} {v}" for k, v in counts.items() if v) or "nothing"
    sys.stdout.write(f"copied {redact_url(source)} to {redact_url(target)}: {written}\n")


def copy_store(
    source: Store,
    target: Store,
    merge: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Copy everything in `source` into `target`; returns the rows written by section.

    The target is checked like an import (every reference resolves) and written in one
    transaction. Without `merge` the target must be empty. `progress(done, total)` is called
    after each batch of rows.
    """
    from graphkam.documents import AccountMap
    from graphkam.stores import redact_url
    from graphkam.validation import check_map

    if not merge and any(target.counts().values()):
        raise InvalidInputError(
            f"the target store {redact_url(target.url)} is not empty: "
            "copy into an empty store, or pass --merge to upsert into it"
        )
    doc = source.export_map()
    filled, problems = check_map(doc, target.node_refs)
    if problems:
        raise InvalidInputError(
            [dataclasses.replace(p, source=redact_url(source.url)) for p in problems]
        )
    steps: list[tuple[Callable[[Sequence[Any]], None], list[Any]]] = [
        (target.upsert_nodes, list(filled.nodes())),
        (target.upsert_relationships, list(filled.relationships)),
        (target.upsert_records, list(filled.records())),
    ]
    total = sum(len(rows) for _, rows in steps)
    done = 0
    if progress is not None:
        progress(done, total)
    with target.transaction():
        for write, rows in steps:
            for start in range(0, len(rows), COPY_BATCH):
                batch = rows[start : start + COPY_BATCH]
                write(batch)
                done += len(batch)
                if progress is not None:
                    progress(done, total)
    counts = {s: len(getattr(filled, s)) for s in AccountMap.model_fields}
    return {k: v for k, v in counts.items() if v}


class _ProgressBar:
    """A rich progress bar on stderr, started on the first call."""

    def __init__(self) -> None:
        self._bar: Progress | None = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            self._bar = Progress(
                TextColumn("copying"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("rows"),
                TimeElapsedColumn(),
                console=err_console,
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task("copy", total=total)
        self._bar.update(self._task, completed=done, total=total)
        if done >= total:
            self._bar.stop()
