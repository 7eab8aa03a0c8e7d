"""CLI commands: tiering, health and alerts."""

from __future__ import annotations
