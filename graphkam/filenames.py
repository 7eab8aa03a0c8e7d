"""Files graphkam makes: ids to file names (the one sanitising function), the check that a
file stays in its folder, and private (0600) files for stores and the users file.

Ids come from imported documents and may hold anything (`../../x`, `/tmp/x`, `C:\\x`, control
characters, `CON`). Every file name built from an id goes through `safe_filename`, and every
path built from a folder and such a name through `path_inside`.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from graphkam.errors import InvalidInputError

__all__ = ["MAX_STEM", "safe_filename", "path_inside", "create_private_file"]

#: Longest stem kept from an id (file systems allow 255 bytes; CJK takes 3 bytes a character).
MAX_STEM = 60
_UNSAFE = re.compile(r"[^\w.-]+")  # \w: letters and digits of any script, and "_"
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def safe_filename(ident: str, suffix: str = "") -> str:
    """A file name for `ident`: letters, digits, `_`, `-` and `.` only; never starting with a
    dot; no Windows device name; at most MAX_STEM characters before `suffix`. When anything had
    to change, the first 8 hex digits of sha256(ident) are appended, so two different ids never
    share a name (`a/b` → `a_b-<hash>`, while a plain `a_b` stays `a_b`).

    >>> safe_filename("hx-steel", ".html")
    'hx-steel.html'
    >>> safe_filename("../../x", ".html")
    'x-9cdf6a50.html'
    """
    text = unicodedata.normalize("NFC", ident)
    stem = re.sub(r"\.{2,}", "_", _UNSAFE.sub("_", text))
    stem = re.sub(r"_+", "_", stem).strip("._")[:MAX_STEM].rstrip("._")
    if _WINDOWS_RESERVED.match(stem):
        stem = "_" + stem
    if stem != ident or not stem:
        digest = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        stem = f"{stem}-{digest}" if stem else digest
    return stem + suffix


def path_inside(folder: Path, name: str) -> Path:
    """`folder / name`, refused (InvalidInputError) unless it resolves to a direct child of
    `folder` — a last guard should a name ever hold a separator."""
    base = folder.resolve()
    target = (base / name).resolve()
    if target.parent != base or name in ("", ".", ".."):
        raise InvalidInputError(f"refusing to write '{name}' outside the folder '{folder}'")
    return target


def create_private_file(path: Path | str) -> None:
    """Create `path` with mode 0600 (owner only) if it does not exist yet. SQLite gives a
    database's journal and WAL files the mode of the database file, so they stay private too."""
    target = Path(path)
    if str(path) == ":memory:" or target.exists():
        return
    os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
