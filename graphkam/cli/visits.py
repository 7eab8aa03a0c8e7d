"""CLI commands of the rep's visit loop: `brief` before a visit, `log-visit` after it."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer
from rich.table import Table

from graphkam.analysis import analyze_account
from graphkam.analysis.coalitions import find_coalitions
from graphkam.briefing import BriefFormat, build_brief, render_brief
from graphkam.business import health_index
from graphkam.cli.common import (
    AsOfOpt,
    JsonOpt,
    LangOpt,
    StoreOpt,
    app,
    cli_errors,
    console,
    open_cli_store,
    parse_as_of,
    print_json,
)
from graphkam.errors import InvalidInputError
from graphkam.i18n import Lang
from graphkam.visits import log_visit, parse_purpose, parse_stance_changes

__all__ = ["log_visit_command", "brief_command", "coalitions_command"]


def _ids(value: str) -> list[str]:
    return [p.strip() for p in value.split(",") if p.strip()]


@app.command("log-visit")
@cli_errors
def log_visit_command(
    account: Annotated[str, typer.Argument(help="Account id.")],
    with_: Annotated[
        str, typer.Option("--with", help="Their people met, comma-separated stakeholder ids.")
    ],
    by: Annotated[str, typer.Option("--by", help="Our people present, comma-separated ids.")],
    purpose: Annotated[
        str, typer.Option(help="signing | relationship | progress | solution | research")
    ],
    notes: Annotated[str | None, typer.Option(help="What happened (free text).")] = None,
    stance: Annotated[
        list[str] | None,
        typer.Option(help="A stance change seen at the visit, ID=STANCE; repeatable."),
    ] = None,
    date: Annotated[str | None, typer.Option(help="Visit date YYYY-MM-DD; default today.")] = None,
    store: StoreOpt = None,
    json: JsonOpt = False,
) -> None:
    """Record a visit in one step: the interaction, refreshed ties and stance changes."""
    changes = parse_stance_changes(stance or [])
    when = None
    if date is not None:
        try:
            when = dt.date.fromisoformat(date)
        except ValueError:
            raise InvalidInputError(f"--date: '{date}' is not a date (use YYYY-MM-DD)") from None
    with open_cli_store(store) as st:
        result = log_visit(
            st, account, _ids(with_), _ids(by), purpose, notes=notes, stances=changes, date=when
        )
    if json:
        print_json(result)
        return
    visit = result.interaction
    console.print(
        f"logged {visit.purpose.value} visit {visit.id} to {account} on {visit.date}: "
        f"{', '.join(visit.team)} met {', '.join(visit.stakeholders)}"
    )
    for label in result.ties_created:
        console.print(f"  new tie {label}")
    for label in result.ties_refreshed:
        console.print(f"  refreshed {label}")
    for ident, (old, new) in result.stance_changes.items():
        console.print(f"  stance of {ident}: {old.value} -> {new.value}")


@app.command("brief")
@cli_errors
def brief_command(
    account: Annotated[str, typer.Argument(help="Account id.")],
    meet: Annotated[
        str | None,
        typer.Option(help="Whom you will meet, comma-separated ids; default the key people."),
    ] = None,
    purpose: Annotated[
        str, typer.Option(help="signing | relationship | progress | solution | research")
    ] = "relationship",
    fmt: Annotated[BriefFormat, typer.Option("--format", help="text, md or html.")] = (
        BriefFormat.TEXT
    ),
    reader: Annotated[
        str | None,
        typer.Option(help="Team member reading it: personal notes show if on the account team."),
    ] = None,
    include_personal: Annotated[
        bool, typer.Option("--include-personal", help="Show personal notes regardless.")
    ] = False,
    as_of: AsOfOpt = None,
    store: StoreOpt = None,
    json: JsonOpt = False,
    lang: LangOpt = Lang.EN,
) -> None:
    """The pre-visit brief: decision chain, people to meet, competitors, gaps and a goal."""
    when = parse_as_of(as_of)
    with open_cli_store(store) as st:
        sub = st.account_subgraph(account)
    may_see = include_personal or (
        reader is not None and any(m.id == reader and account in m.accounts for m in sub.team)
    )
    health = health_index(sub, when).index
    result = build_brief(
        sub, when, parse_purpose(purpose), _ids(meet) if meet else None,
        may_see_notes=may_see, health=health,
    )  # fmt: skip
    if json:
        print_json(result)
    else:
        sys.stdout.write(render_brief(result, fmt, lang))


@app.command("coalitions")
@cli_errors
def coalitions_command(
    account: Annotated[str, typer.Argument(help="Account id.")],
    k: Annotated[
        int | None, typer.Option("--k", min=1, help="Split into exactly N coalitions.")
    ] = None,
    as_of: AsOfOpt = None,
    store: StoreOpt = None,
    json: JsonOpt = False,
) -> None:
    """The factions of the buying committee, their stance, influence and our ties into them."""
    when = parse_as_of(as_of)
    with open_cli_store(store) as st:
        sub = st.account_subgraph(account)
    analysis = analyze_account(sub, when, brokers=False, recommendations=False)
    report = find_coalitions(sub, k, influence={i.id: i.score for i in analysis.influence})
    if json:
        print_json(report)
        return
    names = {s.id: s.name for s in sub.stakeholders}
    title = f"{len(report.coalitions)} coalitions in {account} (Q = {report.modularity:.3f})"
    table = Table(title=title)
    for col in ("#", "members", "stance", "influence", "decision makers", "our ties"):
        table.add_column(col)
    for c in report.coalitions:
        table.add_row(
            str(c.index + 1),
            _people(c.members, names),
            f"{c.stance:+.2f}",
            f"{c.influence:.2f}",
            ", ".join(names[m] for m in c.decision_makers) or "—",
            str(len(c.our_relationships)),
        )
    console.print(table)


def _people(ids: list[str], names: dict[str, str], shown: int = 6) -> str:
    """'N people: A, B, C, …' with the first `shown` names."""
    head = ", ".join(names[i] for i in ids[:shown])
    more = ", …" if len(ids) > shown else ""
    return f"{len(ids)}: {head}{more}"
