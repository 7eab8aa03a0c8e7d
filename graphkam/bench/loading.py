"""Import benchmark: stream a synthetic portfolio into a store, timed against raw `executemany`.

The store's write path (`upsert_nodes`, `upsert_relationships`, `upsert_records` in one
transaction per chunk) is timed apart from validation (`check_map` against the store). The
baseline writes the very row tuples the SQLite store builds (same JSON text) with a bare
`sqlite3.executemany` into tables with the same columns, primary keys and indexes but no
foreign keys, triggers or upsert clauses, one transaction per chunk, in a scratch file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pydantic import BaseModel

from graphkam.bench.timing import clock, cpu_clock, median, rate
from graphkam.documents import RECORD_SECTIONS, AccountMap
from graphkam.errors import InvalidInputError
from graphkam.model import NodeKind, TeamMember
from graphkam.stores.base import Store
from graphkam.validation import check_map

__all__ = [
    "ImportResult",
    "FileImportResult",
    "load_chunks",
    "file_import",
    "RawBaseline",
    "row_tuples",
]

#: At most this many accounts go into the file `file_import` times (1,000 accounts x 50 are
#: about 243,000 rows and 30 MB of JSON), so the step stays minutes at --size large.
FILE_IMPORT_ACCOUNTS = 1_000

_IN_ACCOUNT = (NodeKind.STAKEHOLDER, NodeKind.DEPARTMENT)

_RAW_SCHEMA = [
    "CREATE TABLE nodes (id TEXT PRIMARY KEY, kind TEXT NOT NULL, account TEXT, name TEXT, "
    "data TEXT NOT NULL)",
    "CREATE INDEX nodes_account ON nodes(account, kind, id)",
    "CREATE INDEX nodes_kind ON nodes(kind, id)",
    "CREATE TABLE relationships (type TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, "
    "data TEXT NOT NULL, PRIMARY KEY (type, a, b))",
    "CREATE INDEX relationships_a ON relationships(a, b)",
    "CREATE INDEX relationships_b ON relationships(b, type)",
    "CREATE TABLE records (kind TEXT NOT NULL, id TEXT NOT NULL, account TEXT NOT NULL, "
    "date TEXT, data TEXT NOT NULL, PRIMARY KEY (kind, id))",
    "CREATE INDEX records_account ON records(account, kind, date, id)",
    "CREATE TABLE on_team (member TEXT NOT NULL, account TEXT NOT NULL, "
    "PRIMARY KEY (member, account)) WITHOUT ROWID",
    "CREATE INDEX on_team_account ON on_team(account, member)",
]


class ImportResult(BaseModel):
    """Import throughput: the store's write path, with validation, and the raw baseline."""

    rows: int
    chunks: int
    seconds: float
    rows_per_s: float
    #: rows per CPU second of this process (robust to other load on the machine).
    cpu_rows_per_s: float
    chunk_rows_per_s_p50: float
    validate_seconds: float
    with_validation_rows_per_s: float
    raw_seconds: float | None
    raw_rows_per_s: float | None
    raw_cpu_rows_per_s: float | None
    ratio_to_raw: float | None
    cpu_ratio_to_raw: float | None
    #: `graphkam import` of a JSON file (bare and audited), when the bench ran it.
    file_import: FileImportResult | None = None


class FileImportResult(BaseModel):
    """`graphkam import FILE.json` into an empty scratch SQLite store, end to end (parse,
    validate, merge or bulk path, write; audited = with the history `graphkam import` writes):
    wall and CPU time of this process, and the CPU ratio to the raw executemany baseline of
    the same run (raw CPU rows/s / import CPU rows/s)."""

    rows: int
    file_mb: float
    bare_seconds: float
    bare_rows_per_s: float
    bare_cpu_rows_per_s: float
    audited_seconds: float
    audited_rows_per_s: float
    audited_cpu_rows_per_s: float
    #: history rows written by the audited import
    history_rows: int
    bare_cpu_ratio_to_raw: float | None
    audited_cpu_ratio_to_raw: float | None


@dataclasses.dataclass
class _Tally:
    rows: int = 0
    chunks: int = 0
    store: float = 0.0
    store_cpu: float = 0.0
    check: float = 0.0
    raw: float = 0.0
    raw_cpu: float = 0.0
    rates: list[float] = dataclasses.field(default_factory=list)


def load_chunks(
    store: Store,
    chunks: Iterable[AccountMap],
    raw: RawBaseline | None = None,
    on_chunk: Callable[[AccountMap], None] | None = None,
) -> ImportResult:
    """Validate and write each chunk in its own transaction; time each part (and the baseline).

    Raises InvalidInputError (naming the chunk's first account) if a chunk does not validate.
    """
    tally = _Tally()
    for chunk in chunks:
        t0 = clock()
        filled, problems = check_map(chunk, store.node_refs)
        t1 = clock()
        if problems:
            first = chunk.accounts[0].id if chunk.accounts else "?"
            raise InvalidInputError(
                [dataclasses.replace(p, source=f"chunk from '{first}'") for p in problems]
            )
        rows = filled.row_count()
        c1 = cpu_clock()
        with store.transaction():
            store.upsert_nodes(list(filled.nodes()))
            store.upsert_relationships(filled.relationships)
            store.upsert_records(list(filled.records()))
        t2 = clock()
        tally.store_cpu += cpu_clock() - c1
        tally.rows += rows
        tally.chunks += 1
        tally.check += t1 - t0
        tally.store += t2 - t1
        tally.rates.append(rate(rows, t2 - t1))
        if raw is not None:
            wall, cpu = raw.write(filled)
            tally.raw += wall
            tally.raw_cpu += cpu
        if on_chunk is not None:
            on_chunk(filled)
    store_rate = rate(tally.rows, tally.store)
    raw_rate = rate(tally.rows, tally.raw) if raw is not None else None
    has_raw = raw is not None and tally.raw > 0 and tally.raw_cpu > 0
    return ImportResult(
        rows=tally.rows,
        chunks=tally.chunks,
        seconds=round(tally.store, 3),
        rows_per_s=round(store_rate),
        cpu_rows_per_s=round(rate(tally.rows, tally.store_cpu)),
        chunk_rows_per_s_p50=round(median(tally.rates)) if tally.rates else 0.0,
        validate_seconds=round(tally.check, 3),
        with_validation_rows_per_s=round(rate(tally.rows, tally.store + tally.check)),
        raw_seconds=round(tally.raw, 3) if raw is not None else None,
        raw_rows_per_s=round(raw_rate) if raw_rate is not None else None,
        raw_cpu_rows_per_s=round(rate(tally.rows, tally.raw_cpu)) if has_raw else None,
        ratio_to_raw=round(tally.store / tally.raw, 2) if has_raw else None,
        cpu_ratio_to_raw=round(tally.store_cpu / tally.raw_cpu, 2) if has_raw else None,
    )


def file_import(
    chunks: Iterable[AccountMap], tmp: Path, raw_cpu_rows_per_s: float | None
) -> FileImportResult:
    """Write `chunks` to one JSON account map in `tmp`, then import it with `import_files`
    (what `graphkam import` runs) into a fresh bare store and a fresh audited one."""
    from graphkam.bench.spool import write_chunks

    path = tmp / "import.json"
    write_chunks(chunks, path)
    out: dict[str, float] = {}
    rows = history = 0
    with _upload_limit(path.stat().st_size):
        for audit in (False, True):
            rows, history = _import_once(path, tmp, audit, out)
    size = path.stat().st_size
    path.unlink()

    def ratio(name: str) -> float | None:
        return round(raw_cpu_rows_per_s / out[name], 2) if raw_cpu_rows_per_s else None

    return FileImportResult(
        rows=rows,
        file_mb=round(size / 1e6, 1),
        history_rows=history,
        bare_cpu_ratio_to_raw=ratio("bare_cpu_rows_per_s"),
        audited_cpu_ratio_to_raw=ratio("audited_cpu_rows_per_s"),
        **out,  # type: ignore[arg-type]
    )


@contextlib.contextmanager
def _upload_limit(size: int) -> Iterator[None]:
    """Let `import_files` read the bench's own file, however large (GRAPHKAM_MAX_UPLOAD_BYTES
    at least its size for the block)."""
    old = os.environ.get(_LIMIT_VAR)
    os.environ[_LIMIT_VAR] = str(max(size, int(old or 0)))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(_LIMIT_VAR, None)
        else:
            os.environ[_LIMIT_VAR] = old


_LIMIT_VAR = "GRAPHKAM_MAX_UPLOAD_BYTES"


def _import_once(path: Path, tmp: Path, audit: bool, out: dict[str, float]) -> tuple[int, int]:
    """Import `path` into a new store; its times into `out`; (rows, history rows)."""
    from graphkam.io.importer import import_files
    from graphkam.model import RecordKind
    from graphkam.stores import open_store
    from graphkam.stores.audited import unwrap

    name = "audited" if audit else "bare"
    db = tmp / f"import-{name}.db"
    with open_store(f"sqlite:///{db}", audit=audit) as store:
        t0, c0 = clock(), cpu_clock()
        reports = import_files(store, [path])
        wall, cpu = clock() - t0, cpu_clock() - c0
        rows = sum(sum(r.counts.values()) for r in reports)
        history = unwrap(store).counts()[RECORD_SECTIONS[RecordKind.CHANGE]] if audit else 0
    out[f"{name}_seconds"] = round(wall, 3)
    out[f"{name}_rows_per_s"] = round(rate(rows, wall))
    out[f"{name}_cpu_rows_per_s"] = round(rate(rows, cpu))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return rows, history


class RawBaseline:
    """A scratch SQLite file with bare tables; `write` times one chunk's executemany calls."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        for statement in _RAW_SCHEMA:
            self.conn.execute(statement)

    def write(self, doc: AccountMap) -> tuple[float, float]:
        """(wall, CPU) seconds to insert the chunk's rows (built beforehand, untimed) in one
        transaction."""
        nodes, on_team, rels, records = row_tuples(doc)
        conn = self.conn
        t0, c0 = clock(), cpu_clock()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO nodes VALUES (?, ?, ?, ?, ?)", nodes)
        conn.executemany("INSERT INTO on_team VALUES (?, ?)", on_team)
        conn.executemany("INSERT INTO relationships VALUES (?, ?, ?, ?)", rels)
        conn.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?)", records)
        conn.execute("COMMIT")
        return clock() - t0, cpu_clock() - c0

    def close(self) -> None:
        self.conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


def row_tuples(
    doc: AccountMap,
) -> tuple[list[tuple], list[tuple[str, str]], list[tuple], list[tuple]]:
    """The rows the SQLite store writes for `doc`: nodes, on_team pairs, relationships, records."""
    nodes = []
    on_team: list[tuple[str, str]] = []
    for node in doc.nodes():
        kind = node.node_kind
        account = node.account if kind in _IN_ACCOUNT else None
        nodes.append((node.id, kind.value, account, node.name, _dump(node)))
        if isinstance(node, TeamMember):
            on_team += [(node.id, a) for a in node.accounts]
    rels = [(*rel.key, _dump(rel)) for rel in doc.relationships]
    records = []
    for rec in doc.records():
        day: dt.date | None = getattr(rec, "date", None) or getattr(rec, "since", None)
        records.append(
            (
                rec.record_kind.value,
                rec.id,
                rec.account,
                day.isoformat() if day else None,
                _dump(rec),
            )
        )
    return nodes, on_team, rels, records


def _dump(model: BaseModel) -> str:
    return model.model_dump_json(by_alias=True, exclude_none=True)
