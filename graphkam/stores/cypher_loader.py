"""Loads the named Cypher statements of `graphkam/cypher/` once; fails fast on unknown names."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import LiteralString, cast

from graphkam.errors import GraphkamError

__all__ = ["CYPHER_DIR", "CypherQueries", "load_queries"]

#: The folder of `.cypher` files: `graphkam/cypher/`, shipped in the package as data.
CYPHER_DIR = Path(__file__).resolve().parents[1] / "cypher"


class CypherQueries:
    """Statements by file name (without `.cypher`); `q["name"]` or `q.statements("schema")`."""

    def __init__(self, texts: dict[str, str], folder: Path) -> None:
        self._texts = texts
        self.folder = folder

    def __getitem__(self, name: str) -> LiteralString:
        """The statement in `<name>.cypher`; GraphkamError naming the folder if there is none."""
        try:
            text = self._texts[name]
        except KeyError:
            raise GraphkamError(f"no Cypher statement '{name}.cypher' in {self.folder}") from None
        # The files are part of the source tree, never user input: literal by construction.
        return cast(LiteralString, text)

    def statements(self, name: str) -> list[LiteralString]:
        """The ';'-separated statements of a multi-statement file such as schema.cypher."""
        parts = [p.strip() for p in self[name].split(";")]
        return [cast(LiteralString, p) for p in parts if _strip_comments(p)]

    def names(self) -> list[str]:
        return sorted(self._texts)


@functools.cache
def load_queries(folder: Path = CYPHER_DIR) -> CypherQueries:
    """Read every `.cypher` file of `folder` (comment lines dropped) once per process."""
    if not folder.is_dir():
        raise GraphkamError(f"the Cypher folder {folder} is missing: reinstall graphkam")
    texts = {
        p.stem: _strip_comments(p.read_text(encoding="utf-8")) for p in folder.glob("*.cypher")
    }
    empty = sorted(name for name, text in texts.items() if not text)
    if empty:
        raise GraphkamError(f"empty Cypher file(s) in {folder}: {', '.join(empty)}")
    return CypherQueries(texts, folder)


def _strip_comments(text: str) -> str:
    """The text without whole-line `//` comments, trimmed."""
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("//")]
    return "\n".join(lines).strip()
