"""CLI commands: analysis."""

from __future__ import annotations
