"""Gap rules, one registered rule per gap kind, one module per family (see `base`).

`python -m graphkam.analysis.gaprules` prints the docs/scores.md gap table from the rules.
"""

from __future__ import annotations

from graphkam.analysis.gaprules import people, roles, team  # noqa: F401  (registers the rules)
from graphkam.analysis.gaprules.base import RULES, Finding, GapContext, GapRule, gap_rule
from graphkam.analysis.gaprules.table import TABLE_BEGIN, TABLE_END, rules_table

__all__ = [
    "RULES",
    "Finding",
    "GapContext",
    "GapRule",
    "gap_rule",
    "rules_table",
    "TABLE_BEGIN",
    "TABLE_END",
]
