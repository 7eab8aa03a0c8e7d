"""The lazy command registry lists exactly the commands the modules define, and `graphkam -h`
prints what Typer prints when every command module is imported (the oracle: Typer's own
listing, built in a child process that imports all modules first)."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer._click.utils import make_default_short_help

from graphkam.cli import app
from graphkam.cli.registry import COMMANDS

#: Every module of graphkam.cli that registers commands (the modules `graphkam/cli/__init__.py`
#: imported before the registry existed).
COMMAND_MODULES = (
    "analysis",
    "bench",
    "browse",
    "business",
    "capture",
    "coach",
    "data",
    "demo",
    "edit",
    "history",
    "render",
    "serve",
    "stores",
    "visits",
)

#: `graphkam -h` the way Typer builds it with every command module imported (eagerly) and its
#: own group class (the app as it was before the registry).
EAGER_HELP = """
import importlib, sys, typer.main
from typer.core import TyperGroup
for m in {modules!r}:
    importlib.import_module("graphkam.cli." + m)
from graphkam.cli.common import app
app.info.cls = TyperGroup
command = typer.main.get_command(app)
assert type(command) is TyperGroup
ctx = command.context_class(command, info_name="graphkam", terminal_width={width})
sys.stdout.write(command.get_help(ctx) + "\\n")
"""

LAZY_HELP = """
import sys
from graphkam.cli.common import app
import typer.main
command = typer.main.get_command(app)
ctx = command.context_class(command, info_name="graphkam", terminal_width={width})
sys.stdout.write(command.get_help(ctx) + "\\n")
print(sorted(m for m in sys.modules if m.startswith("graphkam.cli.")), file=sys.stderr)
"""


def _child(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )


def _all_commands() -> dict[str, tuple[str, str]]:
    """name -> (module, help) of every command and group, with every command module loaded
    (built by Typer itself, as its own group would hold them)."""
    import graphkam.cli

    for module in pkgutil.iter_modules(graphkam.cli.__path__):  # every module, new ones too
        importlib.import_module(f"graphkam.cli.{module.name}")
    options = {"pretty_exceptions_short": True, "rich_markup_mode": None}
    found: dict[str, tuple[str, str]] = {}
    for info in app.registered_commands:
        command = typer.main.get_command_from_info(info, **options)  # type: ignore[arg-type]
        assert command.name and info.callback is not None
        found[command.name] = (info.callback.__module__, command.help or "")
    for group_info in app.registered_groups:
        group = typer.main.get_group_from_info(group_info, suggest_commands=True, **options)  # type: ignore[arg-type]
        # a group's module: the one that defines its commands
        first = next(iter(group.commands.values()))
        assert group.name and first.callback is not None
        found[group.name] = (_defining_module(first.callback), group.help or "")
    return found


def _defining_module(callback: object) -> str:
    """The module of a Typer command's callback (Typer wraps it; the wrapper keeps __wrapped__)."""
    while hasattr(callback, "__wrapped__"):
        callback = callback.__wrapped__
    return str(callback.__module__)  # type: ignore[attr-defined]


def test_registry_names_every_command_once_with_its_module_and_first_sentence() -> None:
    """The registry and the modules agree: same names, each command's own module, and the
    summary is the first sentence of its help (click's short help with no width limit)."""
    found = _all_commands()
    fix = "update COMMANDS in graphkam/cli/registry.py"
    assert sorted(COMMANDS) == sorted(found), fix
    for name, (module, help_text) in found.items():
        entry = COMMANDS[name]
        assert f"graphkam.cli.{entry.module}" == module, f"{name}: {fix}"
        assert entry.summary == make_default_short_help(help_text, 10**6), f"{name}: {fix}"


@pytest.mark.parametrize("width", [60, 80, 100, 200])
def test_lazy_help_equals_typer_help_with_every_module_loaded(width: int) -> None:
    """At every width the lazily built `graphkam -h` is what Typer prints with all commands
    built, in the same order (the order the modules were imported in before the registry)."""
    eager = _child(EAGER_HELP.format(modules=COMMAND_MODULES, width=width)).stdout
    lazy = _child(LAZY_HELP.format(width=width))
    assert "Commands:" in eager
    assert lazy.stdout.rstrip() == eager.rstrip()
    # and it imported no command module to print it
    loaded = json.loads(lazy.stderr.strip().replace("'", '"'))
    assert loaded == ["graphkam.cli.common", "graphkam.cli.registry"]


def test_a_command_loads_only_its_own_module() -> None:
    """`graphkam accounts -h` imports graphkam.cli.browse (and what it imports), not the
    modules of other commands."""
    code = (
        "import runpy, sys\n"
        "sys.argv = ['graphkam', 'accounts', '-h']\n"
        "try:\n    runpy.run_module('graphkam', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('graphkam.cli.')), file=sys.stderr)\n"
    )
    done = _child(code)
    assert "List accounts" in done.stdout
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1].replace("'", '"')))
    assert "graphkam.cli.browse" in loaded
    assert not loaded & {"graphkam.cli.analysis", "graphkam.cli.serve", "graphkam.cli.bench"}


def test_commands_run_through_the_lazy_group(tmp_path: Path) -> None:
    """A command not yet imported runs from a fresh process: `graphkam init-store` then
    `graphkam accounts --json` on the new store (an empty list)."""
    store = f"sqlite:///{tmp_path}/g.db"
    for argv in (["init-store", store], ["accounts", "--store", store, "--json"]):
        done = subprocess.run(
            [sys.executable, "-m", "graphkam", *argv],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
