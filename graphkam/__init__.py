"""graphkam: a stakeholder relationship graph engine for key-account management."""

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    __version__ = version("graphkam")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"
