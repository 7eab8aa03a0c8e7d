"""CLI commands: history, erase, export-person."""

from __future__ import annotations
