"""graphkam: a stakeholder relationship graph engine for key-account management."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """`__version__`, read from the installed metadata on first use (importlib.metadata costs
    tens of milliseconds that `graphkam -h` need not pay)."""
    if name != "__version__":
        raise AttributeError(f"module 'graphkam' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("graphkam")
    except PackageNotFoundError:  # running from a checkout that was never installed
        value = "0+unknown"
    globals()["__version__"] = value
    return value
