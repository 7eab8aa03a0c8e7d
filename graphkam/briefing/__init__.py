"""The pre-visit brief: build it from an account's subgraph, render it as text, Markdown, HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphkam.lazy import lazy_exports

if TYPE_CHECKING:
    from graphkam.briefing.build import *  # noqa: F403
    from graphkam.briefing.goals import *  # noqa: F403
    from graphkam.briefing.render import *  # noqa: F403

#: The submodules whose `__all__` the package re-exports, in `__all__` order; each is imported
#: on first use of one of its names (graphkam/lazy.py), so importing the package costs nothing.
_MODULES = (
    "build",
    "goals",
    "render",
)

__getattr__ = lazy_exports(__name__, _MODULES, globals())
