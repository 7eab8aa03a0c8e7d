"""Lazy package exports (PEP 562): a package re-exports its submodules' `__all__` and imports
a submodule only when one of its names is first used.

So `from graphkam.analysis import GapKind` loads `graphkam.analysis.config` alone, and a CLI
command (or `graphkam -h`) that needs no analysis starts without NetworkX and SciPy.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, modules: Sequence[str], namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """The `__getattr__` of `package`: a public name of one of its `modules` (imported in that
    order until one exports it, then cached in the package's `namespace`), or `__all__` (every
    module's public names, in order)."""

    def __getattr__(name: str) -> Any:
        if name == "__all__":
            names = [n for m in modules for n in importlib.import_module(f"{package}.{m}").__all__]
            namespace["__all__"] = names
            return names
        for m in modules:
            module = importlib.import_module(f"{package}.{m}")
            if name in module.__all__:
                value = getattr(module, name)
                namespace[name] = value
                return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
