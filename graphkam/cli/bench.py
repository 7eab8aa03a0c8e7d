"""CLI commands: generate and bench."""

from __future__ import annotations
