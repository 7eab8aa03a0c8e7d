"""Business value: tier suggestion (RFM, CLV, potential, NPS), the health index and its alerts."""

from __future__ import annotations

from graphkam.business.alerts import *  # noqa: F403
from graphkam.business.alerts import __all__ as _alerts_all
from graphkam.business.config import *  # noqa: F403
from graphkam.business.config import __all__ as _config_all
from graphkam.business.csv_facts import *  # noqa: F403
from graphkam.business.csv_facts import __all__ as _csv_all
from graphkam.business.health import *  # noqa: F403
from graphkam.business.health import __all__ as _health_all
from graphkam.business.rfm import *  # noqa: F403
from graphkam.business.rfm import __all__ as _rfm_all
from graphkam.business.signals import *  # noqa: F403
from graphkam.business.signals import __all__ as _signals_all
from graphkam.business.tiering import *  # noqa: F403
from graphkam.business.tiering import __all__ as _tiering_all

__all__ = [
    *_config_all,
    *_rfm_all,
    *_tiering_all,
    *_health_all,
    *_alerts_all,
    *_csv_all,
    *_signals_all,
]
