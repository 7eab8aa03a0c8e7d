"""The command registry: every `graphkam` command's name, module and summary, so that the help
screen lists them all without importing any of them.

`graphkam -h` used to import every command module (and with them pydantic models, settings,
rich and the option enums) just to print one line per command. The root group here
(`LazyGroup`) lists `COMMANDS` in order with their summaries, and imports a command's module only
when that command is run or asked for its own help. The summary is the first sentence of the
command's docstring (what click shows, cut to the screen's width); a test checks every entry
against the command it names, so the listing cannot drift from the commands.
"""

from __future__ import annotations

import importlib
from gettext import gettext as _
from typing import NamedTuple

import typer.main
from typer._click import Command, Context, HelpFormatter
from typer.core import TyperCommand, TyperGroup

__all__ = ["Entry", "COMMANDS", "LazyGroup"]


class Entry(NamedTuple):
    """Where a command lives (a module of `graphkam.cli`) and the first sentence of its help."""

    module: str
    summary: str


#: Every command and command group, in the order `graphkam -h` lists them.
COMMANDS: dict[str, Entry] = {
    "analyze": Entry(
        "analysis",
        "Analyse one account: influence, support, coverage, threading, brokers, gaps, next steps.",
    ),
    "path": Entry(
        "analysis",
        "The warm introduction path: the strongest chain from our people to a stakeholder.",
    ),
    "what-if": Entry(
        "analysis",
        "What if people leave: changes in coverage, threading, net support and gaps.",
    ),
    "portfolio": Entry(
        "analysis",
        "Every account's gaps, ranked by the value at stake (value x share at risk), healthy "
        "last; each row with the one next action and who owns it.",
    ),
    "generate": Entry(
        "bench",
        "Generate a synthetic portfolio (seeded; dates relative to 2026-11-15) into a file or "
        "store.",
    ),
    "bench": Entry(
        "bench",
        "Measure import throughput, one-account latency, the portfolio scan and the API.",
    ),
    "accounts": Entry(
        "browse",
        "List accounts: id, name, tier, stakeholders and our relationships into each.",
    ),
    "show": Entry(
        "browse",
        "Show an account's stakeholders: roles (suggested ones marked ?), stance, influence and "
        "our best relationship.",
    ),
    "tier": Entry(
        "business",
        "Suggest each account's tier from business value; mismatches are listed first.",
    ),
    "health": Entry(
        "business",
        "The account's health index with its components, or a timeline with --from.",
    ),
    "alerts": Entry(
        "business",
        "Accounts whose health fell sharply, and key-person events (a decision maker or "
        "champion left, turned negative, or a new decision maker appeared).",
    ),
    "refresh": Entry(
        "coach",
        "Ties to renew across the portfolio before they decay: whom to meet, who should go, by "
        "when; ranked by value at stake per day left (docs/scores.md, decay forecast).",
    ),
    "diff": Entry(
        "coach",
        "What changed in the account's map between two dates: people joined and left, role and "
        "stance changes, ties gained, lost and decayed, threading, gaps and health before and "
        "after.",
    ),
    "blockers": Entry(
        "coach",
        "Who can move a blocker: for each skeptic or opponent in (or swaying) the decision, the "
        "people we reach whose stance weighs most in theirs, with the path and why.",
    ),
    "import": Entry(
        "data",
        "Import account maps and CSV files into the store, merging into what is stored.",
    ),
    "export": Entry(
        "data",
        "Export the whole store as an account map (YAML/JSON), GraphML or CSV.",
    ),
    "log-visit": Entry(
        "visits",
        "Record a visit in one step: the interaction, refreshed ties and stance changes.",
    ),
    "brief": Entry(
        "visits",
        "The pre-visit brief: decision chain, people to meet, competitors, gaps and a goal.",
    ),
    "coalitions": Entry(
        "visits",
        "The factions of the buying committee, their stance, influence and our ties into them.",
    ),
    "demo": Entry(
        "demo",
        "Load the shipped sample portfolio and show what graphkam finds in it.",
    ),
    "set": Entry("edit", "Change fields of a stakeholder, e.g."),
    "link": Entry("edit", "Draw a relationship, e.g."),
    "unlink": Entry("edit", "Delete a relationship (recorded in the history)."),
    "history": Entry(
        "history",
        "Show who changed what in an account, and when, oldest first.",
    ),
    "erase": Entry(
        "history",
        "Erase a person's personal data everywhere (right to erasure), leaving a tombstone.",
    ),
    "export-person": Entry(
        "history",
        "Print everything held on one person as JSON (node, relationships, visits, history).",
    ),
    "render": Entry(
        "render",
        "Write a self-contained HTML page (works offline): `render ACCOUNT -o FILE.html` for an "
        "account's relationship graph, `render --portfolio -o FILE.html` for the portfolio.",
    ),
    "serve": Entry(
        "serve",
        "Serve the HTTP API (docs at /docs, schema at /openapi.json, sign-in at /login).",
    ),
    "init-store": Entry(
        "stores",
        "Create the store's schema (tables, or Neo4j constraints and indexes) and upgrade a "
        "store in an older layout in place; safe to repeat.",
    ),
    "copy": Entry("stores", "Copy a whole portfolio from one store to another (e.g."),
    "capture": Entry(
        "capture",
        "Visits from calendar exports and contacts from mail headers (see docs/capture.md).",
    ),
    "add": Entry("edit", "Add people to the map."),
    "team": Entry("edit", "Our account teams."),
    "users": Entry("serve", "Users of the HTTP API and their bearer tokens."),
}


class LazyGroup(TyperGroup):
    """The root `graphkam` group: lists `COMMANDS` by name and summary, and imports a command's
    module (which registers its commands on the app) only when the command is looked up.

    Commands whose module is already imported (a test or another command imported it) are
    built as Typer builds them; so are the ones a module registers when it is loaded here.
    """

    def list_commands(self, ctx: Context) -> list[str]:
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self._load(COMMANDS[cmd_name].module)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The "Commands" section: what Typer prints, with the summaries of commands not yet
        loaded taken from the registry (click shortens both the same way)."""
        listed = [(name, self._listed(name)) for name in self.list_commands(ctx)]
        listed = [(name, cmd) for name, cmd in listed if not cmd.hidden]
        if not listed:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in listed)
        with formatter.section(_("Commands")):
            formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in listed])

    def _listed(self, name: str) -> Command:
        """The loaded command, or a stand-in carrying its registered summary."""
        loaded = self.commands.get(name)
        if loaded is not None:
            return loaded
        return TyperCommand(name=name, help=COMMANDS[name].summary)

    def _load(self, module: str) -> None:
        """Import `graphkam.cli.<module>` and build the commands and groups it registered."""
        importlib.import_module(f"graphkam.cli.{module}")
        from graphkam.cli.common import app

        options = {
            "pretty_exceptions_short": app.pretty_exceptions_short,
            "rich_markup_mode": app.rich_markup_mode,
        }
        for info in app.registered_commands:
            assert info.callback is not None
            name = info.name or typer.main.get_command_name(info.callback.__name__)
            if name not in self.commands:
                self.commands[name] = typer.main.get_command_from_info(info, **options)
        for group_info in app.registered_groups:
            if group_info.name not in self.commands:
                group = typer.main.get_group_from_info(
                    group_info, suggest_commands=app.suggest_commands, **options
                )
                self.commands[group.name or ""] = group
