"""CLI edit commands: `add stakeholder`, `set`, `link`, `unlink`, `team add`.

People, colleagues and accounts are named by id, name or an unambiguous part of a name. Every
edit is validated like an import and recorded in the history (graphkam/edits.py).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from graphkam.cli.common import (
    JsonOpt,
    StoreOpt,
    app,
    cli_errors,
    command_group,
    open_cli_store,
    print_json,
)

if TYPE_CHECKING:
    from graphkam.edits import EditResult

__all__ = ["add_app", "team_app"]

add_app = command_group("add", "Add people to the map.")
team_app = command_group("team", "Our account teams.")

AccountOpt = Annotated[
    str | None,
    typer.Option("--account", help="Look people up in this account (id or name) only."),
]


@add_app.command("stakeholder")
@cli_errors
def add_stakeholder_command(
    account: Annotated[str, typer.Argument(help="Account: id, name or a part of the name.")],
    name: Annotated[str, typer.Argument(help="The person's full name.")],
    title: Annotated[str | None, typer.Option(help="Job title (roles are suggested from it).")] = (
        None
    ),
    role: Annotated[
        list[str] | None, typer.Option(help="A decision role; repeatable.", show_default=False)
    ] = None,
    stance: Annotated[str | None, typer.Option(help="champion .. opponent, or unknown.")] = None,
    influence: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="Influence 0..1.")
    ] = None,
    department: Annotated[
        str | None, typer.Option(help="Department id or name (created when new).")
    ] = None,
    email: Annotated[str | None, typer.Option(help="E-mail address (personal data).")] = None,
    store: StoreOpt = None,
    json: JsonOpt = False,
) -> None:
    """Add a stakeholder to an account."""
    from graphkam.edits import add_stakeholder

    values: dict[str, Any] = {
        "title": title,
        "roles": role or None,
        "stance": stance,
        "influence": influence,
        "department": department,
        "emails": [email] if email else None,
    }
    with open_cli_store(store) as st:
        result = add_stakeholder(st, account, name, {k: v for k, v in values.items() if v})
    _print(result, json)


@app.command("set")
@cli_errors
def set_command(
    person: Annotated[str, typer.Argument(help="Stakeholder: id, name or a part of the name.")],
    assignments: Annotated[
        list[str],
        typer.Argument(
            help="FIELD=VALUE: stance, influence, title, department, status, name, phone, "
            "roles (roles=a,b sets, roles+=x adds, roles-=x removes); accept=ROLE|all and "
            "reject=ROLE|all for suggested roles; VALUE '-' clears.",
            show_default=False,
        ),
    ],
    account: AccountOpt = None,
    store: StoreOpt = None,
    json: JsonOpt = False,
) -> None:
    """Change fields of a stakeholder, e.g. `graphkam set Petra stance=supporter influence=0.7`."""
    from graphkam.edits import set_fields

    with open_cli_store(store) as st:
        result = set_fields(st, person, assignments, account)
    _print(result, json)


@app.command("link")
@cli_errors
def link_command(
    a: Annotated[str, typer.Argument(help="From: a person, colleague or account (id or name).")],
    type: Annotated[
        str, typer.Argument(help="reports_to, influences, relates_to, allied_with, knows, ...")
    ],
    b: Annotated[str, typer.Argument(help="To: a person, colleague or account (id or name).")],
    weight: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="influences: how much A sways B.")
    ] = None,
    strength: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="relates_to/knows: tie strength.")
    ] = None,
    last_contact: Annotated[
        str | None, typer.Option(help="relates_to: last contact YYYY-MM-DD.")
    ] = None,
    account: AccountOpt = None,
    store: StoreOpt = None,
    json: JsonOpt = False,
) -> None:
    """Draw a relationship, e.g. `graphkam link "Li Na" reports_to "Wang"` (updates it when it
    exists)."""
    from graphkam.edits import link

    values = {"weight": weight, "strength": strength, "last_contact": last_contact}
    with open_cli_store(store) as st:
        result = link(st, a, type, b, {k: v for k, v in values.items() if v is not None}, account)
    _print(result, json)


@app.command("unlink")
@cli_errors
def unlink_command(
    a: Annotated[str, typer.Argument(help="From (id or name).")],
    type: Annotated[str, typer.Argument(help="The relationship type.")],
    b: Annotated[str, typer.Argument(help="To (id or name).")],
    account: AccountOpt = None,
    store: StoreOpt = None,
    json: JsonOpt = False,
) -> None:
    """Delete a relationship (recorded in the history)."""
    from graphkam.edits import unlink

    with open_cli_store(store) as st:
        result = unlink(st, a, type, b, account)
    _print(result, json)


@team_app.command("add")
@cli_errors
def team_add_command(
    member: Annotated[str, typer.Argument(help="Our colleague: id or name (new with --role).")],
    account: Annotated[str, typer.Argument(help="Account: id or name.")],
    role: Annotated[
        str | None,
        typer.Option(help="account_manager, solution_manager, delivery_manager, ..."),
    ] = None,
    store: StoreOpt = None,
    json: JsonOpt = False,
) -> None:
    """Put a colleague on an account's team (a new colleague needs --role)."""
    from graphkam.edits import team_add

    with open_cli_store(store) as st:
        result = team_add(st, member, account, role)
    _print(result, json)


def _print(result: EditResult, json: bool) -> None:
    if json:
        print_json(result)
        return
    lines = [f"{result.action} {result.subject}"]
    for field, (before, after) in result.changes.items():
        lines.append(f"  {field}: {_show(before)} -> {_show(after)}")
    if result.action == "set" and not result.changes:
        lines = [f"unchanged {result.subject}"]
    sys.stdout.write("\n".join(lines) + "\n")


def _show(value: object) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v.get("role", v)) if isinstance(v, dict) else str(v) for v in value)
    return str(value)
