"""CLI commands: data."""

from __future__ import annotations
