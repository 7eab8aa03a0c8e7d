"""CLI commands: render pages."""

from __future__ import annotations
