"""Relationship analytics on one account's projection, and the portfolio scan."""

from __future__ import annotations

from graphkam.analysis.config import *  # noqa: F403
from graphkam.analysis.config import __all__ as _config_all

__all__ = [*_config_all]
