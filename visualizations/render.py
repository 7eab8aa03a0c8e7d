"""The Jinja2 environment of the pages: autoescaping on, templates from visualizations/templates."""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

__all__ = ["environment"]


@functools.cache
def environment() -> Environment:
    """One shared environment; every `{{ value }}` is HTML-escaped unless marked safe."""
    return Environment(
        loader=PackageLoader("visualizations", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
