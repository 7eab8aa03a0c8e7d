"""Business value: tier suggestion (RFM, CLV, potential, NPS), the health index and its alerts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphkam.lazy import lazy_exports

if TYPE_CHECKING:
    from graphkam.business.alerts import *  # noqa: F403
    from graphkam.business.config import *  # noqa: F403
    from graphkam.business.csv_facts import *  # noqa: F403
    from graphkam.business.health import *  # noqa: F403
    from graphkam.business.rfm import *  # noqa: F403
    from graphkam.business.signals import *  # noqa: F403
    from graphkam.business.tiering import *  # noqa: F403

#: The submodules whose `__all__` the package re-exports, in `__all__` order; each is imported
#: on first use of one of its names (graphkam/lazy.py), so importing the package costs nothing.
_MODULES = (
    "config",
    "rfm",
    "tiering",
    "health",
    "alerts",
    "csv_facts",
    "signals",
)

__getattr__ = lazy_exports(__name__, _MODULES, globals())
