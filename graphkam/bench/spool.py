"""Write a stream of account-map chunks as one YAML or JSON account map, in bounded memory.

Each chunk's items are appended to one scratch file per section as they come; at the end the
sections are joined into the document, in the account map's section order. The text of each
item is what `graphkam.io.accountmap.generate_account_map` writes, so the file reads back with
`graphkam import` (within its size limit) like any other account map.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from graphkam.documents import AccountMap
from graphkam.errors import InvalidInputError
from graphkam.io.accountmap import generate_account_map
from graphkam.io.locate import Format, format_for_path

__all__ = ["write_chunks"]

_SECTION_LINE = re.compile(r"^([a-z_]+):\s*$")


def write_chunks(
    chunks: Iterable[AccountMap],
    path: Path,
    on_chunk: Callable[[AccountMap], None] | None = None,
) -> int:
    """Write every chunk into one account map at `path` (YAML or JSON by extension); rows."""
    fmt = format_for_path(path)
    if fmt not in (Format.YAML, Format.JSON):
        raise InvalidInputError(f"-o {path}: write a .yaml, .yml or .json file, not {fmt.value}")
    sections = list(AccountMap.model_fields)
    rows = 0
    with tempfile.TemporaryDirectory(prefix="graphkam-generate-") as tmp:
        spools = {s: (Path(tmp) / s).open("w+", encoding="utf-8") for s in sections}
        used = dict.fromkeys(sections, 0)
        try:
            for chunk in chunks:
                rows += chunk.row_count()
                if fmt is Format.JSON:
                    _spool_json(chunk, spools, used)
                else:
                    _spool_yaml(chunk, spools, used)
                if on_chunk is not None:
                    on_chunk(chunk)
            with path.open("w", encoding="utf-8") as out:
                _join(out, fmt, spools, used)
        finally:
            for f in spools.values():
                f.close()
    return rows


def _spool_json(chunk: AccountMap, spools: dict[str, IO[str]], used: dict[str, int]) -> None:
    for section, items in chunk.to_document().items():
        for item in items:  # type: ignore[attr-defined]
            if used[section]:
                spools[section].write(",\n")
            spools[section].write("    " + json.dumps(item, ensure_ascii=False))
            used[section] += 1


def _spool_yaml(chunk: AccountMap, spools: dict[str, IO[str]], used: dict[str, int]) -> None:
    """Split the chunk's YAML at its top-level section keys (items are at column 0)."""
    section: str | None = None
    for line in generate_account_map(chunk, Format.YAML).splitlines(keepends=True):
        match = _SECTION_LINE.match(line)
        if match and match.group(1) in spools:
            section = match.group(1)
            used[section] += 1
        elif section is not None:
            spools[section].write(line)


def _join(out: IO[str], fmt: Format, spools: dict[str, IO[str]], used: dict[str, int]) -> None:
    present = [s for s in spools if used[s]]
    if fmt is Format.JSON:
        out.write("{\n")
    for k, section in enumerate(present):
        spool = spools[section]
        spool.seek(0)
        if fmt is Format.JSON:
            out.write(f'  "{section}": [\n')
            shutil.copyfileobj(spool, out)
            out.write("\n  ]" + (",\n" if k < len(present) - 1 else "\n"))
        else:
            out.write(f"{section}:\n")
            shutil.copyfileobj(spool, out)
    if fmt is Format.JSON:
        out.write("}\n")
