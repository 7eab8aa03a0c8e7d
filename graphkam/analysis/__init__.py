"""Relationship analytics on one account's projection, and the portfolio scan.

The library API the CLI and the HTTP API call; every function takes `as_of` and returns pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphkam.lazy import lazy_exports

if TYPE_CHECKING:
    from graphkam.analysis.altpaths import *  # noqa: F403
    from graphkam.analysis.blockers import *  # noqa: F403
    from graphkam.analysis.brokers import *  # noqa: F403
    from graphkam.analysis.config import *  # noqa: F403
    from graphkam.analysis.coverage import *  # noqa: F403
    from graphkam.analysis.diff import *  # noqa: F403
    from graphkam.analysis.forecast import *  # noqa: F403
    from graphkam.analysis.gaps import *  # noqa: F403
    from graphkam.analysis.influence import *  # noqa: F403
    from graphkam.analysis.known import *  # noqa: F403
    from graphkam.analysis.paths import *  # noqa: F403
    from graphkam.analysis.portfolio import *  # noqa: F403
    from graphkam.analysis.projection import *  # noqa: F403
    from graphkam.analysis.recommendations import *  # noqa: F403
    from graphkam.analysis.report import *  # noqa: F403
    from graphkam.analysis.stake import *  # noqa: F403
    from graphkam.analysis.threading import *  # noqa: F403
    from graphkam.analysis.whatif import *  # noqa: F403

#: The submodules whose `__all__` the package re-exports, in `__all__` order; each is imported
#: on first use of one of its names (graphkam/lazy.py), so importing the package costs nothing.
_MODULES = (
    "config",
    "known",
    "projection",
    "influence",
    "coverage",
    "threading",
    "brokers",
    "paths",
    "altpaths",
    "gaps",
    "recommendations",
    "report",
    "whatif",
    "portfolio",
    "stake",
    "forecast",
    "diff",
    "blockers",
)

__getattr__ = lazy_exports(__name__, _MODULES, globals())
