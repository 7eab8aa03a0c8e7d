"""Relationship analytics on one account's projection, and the portfolio scan.

The library API the CLI and the HTTP API call; every function takes `as_of` and returns pydantic.
"""

from __future__ import annotations

from graphkam.analysis.altpaths import *  # noqa: F403
from graphkam.analysis.altpaths import __all__ as _altpaths_all
from graphkam.analysis.blockers import *  # noqa: F403
from graphkam.analysis.blockers import __all__ as _blockers_all
from graphkam.analysis.brokers import *  # noqa: F403
from graphkam.analysis.brokers import __all__ as _brokers_all
from graphkam.analysis.config import *  # noqa: F403
from graphkam.analysis.config import __all__ as _config_all
from graphkam.analysis.coverage import *  # noqa: F403
from graphkam.analysis.coverage import __all__ as _coverage_all
from graphkam.analysis.diff import *  # noqa: F403
from graphkam.analysis.diff import __all__ as _diff_all
from graphkam.analysis.forecast import *  # noqa: F403
from graphkam.analysis.forecast import __all__ as _forecast_all
from graphkam.analysis.gaps import *  # noqa: F403
from graphkam.analysis.gaps import __all__ as _gaps_all
from graphkam.analysis.influence import *  # noqa: F403
from graphkam.analysis.influence import __all__ as _influence_all
from graphkam.analysis.known import *  # noqa: F403
from graphkam.analysis.known import __all__ as _known_all
from graphkam.analysis.paths import *  # noqa: F403
from graphkam.analysis.paths import __all__ as _paths_all
from graphkam.analysis.portfolio import *  # noqa: F403
from graphkam.analysis.portfolio import __all__ as _portfolio_all
from graphkam.analysis.projection import *  # noqa: F403
from graphkam.analysis.projection import __all__ as _projection_all
from graphkam.analysis.recommendations import *  # noqa: F403
from graphkam.analysis.recommendations import __all__ as _recommendations_all
from graphkam.analysis.report import *  # noqa: F403
from graphkam.analysis.report import __all__ as _report_all
from graphkam.analysis.stake import *  # noqa: F403
from graphkam.analysis.stake import __all__ as _stake_all
from graphkam.analysis.threading import *  # noqa: F403
from graphkam.analysis.threading import __all__ as _threading_all
from graphkam.analysis.whatif import *  # noqa: F403
from graphkam.analysis.whatif import __all__ as _whatif_all

__all__ = [
    *_config_all,
    *_known_all,
    *_projection_all,
    *_influence_all,
    *_coverage_all,
    *_threading_all,
    *_brokers_all,
    *_paths_all,
    *_altpaths_all,
    *_gaps_all,
    *_recommendations_all,
    *_report_all,
    *_whatif_all,
    *_portfolio_all,
    *_stake_all,
    *_forecast_all,
    *_diff_all,
    *_blockers_all,
]
