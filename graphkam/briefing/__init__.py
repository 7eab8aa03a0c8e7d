"""The pre-visit brief: build it from an account's subgraph, render it as text, Markdown, HTML."""

from __future__ import annotations

from graphkam.briefing.build import *  # noqa: F403
from graphkam.briefing.build import __all__ as _build_all
from graphkam.briefing.goals import *  # noqa: F403
from graphkam.briefing.goals import __all__ as _goals_all
from graphkam.briefing.render import *  # noqa: F403
from graphkam.briefing.render import __all__ as _render_all

__all__ = [*_build_all, *_goals_all, *_render_all]
