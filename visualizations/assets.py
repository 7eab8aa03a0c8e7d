"""Inline assets of the pages: vis-network (shipped inside pyvis), our scripts and styles.

Everything a page needs is written into the page itself, so it makes no request at all beyond
the one that served it (no CDN, no bootstrap, no web fonts).
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pyvis
from markupsafe import Markup

from graphkam.errors import GraphkamError

__all__ = [
    "VIS_NETWORK_VERSION",
    "vis_network_js",
    "static_text",
    "inline_script",
    "json_for_script",
]

#: The vis-network build pyvis ships (pyvis/lib/vis-<version>/).
VIS_NETWORK_VERSION = "9.1.2"


@functools.cache
def vis_network_js() -> str:
    """The standalone vis-network script bundled in the installed pyvis package."""
    path = Path(pyvis.__file__).parent / "lib" / f"vis-{VIS_NETWORK_VERSION}" / "vis-network.min.js"
    if not path.exists():
        raise GraphkamError(
            f"vis-network {VIS_NETWORK_VERSION} is missing from pyvis at {path}: "
            "reinstall with `pip install 'pyvis>=0.3.2'`"
        )
    return path.read_text(encoding="utf-8")


@functools.cache
def static_text(name: str) -> str:
    """A file of visualizations/static (our page scripts and styles)."""
    return (resources.files("visualizations") / "static" / name).read_text(encoding="utf-8")


def inline_script(text: str) -> Markup:
    """Script text safe to place between <script> tags (no closing tag can end it early)."""
    return Markup(re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE))


def json_for_script(data: Any) -> Markup:
    """JSON for a <script type="application/json"> block: <, > and & escaped as \\u sequences."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
