"""CLI commands of the rep's visit loop: `brief` before a visit, `log-visit` after it."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from graphkam.analysis import analyze_account
from graphkam.analysis.coalitions import find_coalitions
from graphkam.analysis.known import load_known
from graphkam.briefing import BriefFormat, build_brief, render_brief
from graphkam.business import health_index
from graphkam.cli.common import (
    AsOfOpt,
    JsonOpt,
    LangOpt,
    StoreOpt,
    app,
    cli_errors,
    open_cli_store,
    parse_as_of,
    print_json,
)
from graphkam.cli.output import FormatOpt, Listing, choose_format, emit
from graphkam.errors import InvalidInputError
from graphkam.i18n import Lang
from graphkam.identity import resolve_id, resolve_many
from graphkam.model import NodeKind
from graphkam.visits import log_visit, parse_purpose, parse_stance_changes

__all__ = ["log_visit_command", "brief_command", "coalitions_command"]


def _ids(value: str) -> list[str]:
    return [p.strip() for p in value.split(",") if p.strip()]


@app.command("log-visit")
@cli_errors
def log_visit_command(
    account: Annotated[str, typer.Argument(help="Account: id, name or a part of the name.")],
    with_: Annotated[
        str,
        typer.Option(
            "--with", help="Their people met, comma-separated: ids, names or parts of names."
        ),
    ],
    by: Annotated[
        str, typer.Option("--by", help="Our people present, comma-separated: ids or names.")
    ],
    purpose: Annotated[
        str, typer.Option(help="signing | relationship | progress | solution | research")
    ],
    notes: Annotated[str | None, typer.Option(help="What happened (free text).")] = None,
    stance: Annotated[
        list[str] | None,
        typer.Option(help="A stance seen at the visit, PERSON=STANCE (a person met); repeatable."),
    ] = None,
    strength: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Strength (0..1) of every tie at the visit; default: a new tie starts at 0.5 "
            "(threads ~66 days at the default half-life), an existing one gains 0.05.",
        ),
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
    with open_cli_store(store, create=False) as st:
        acct = resolve_id(st, account, [NodeKind.ACCOUNT], field="account")
        theirs = resolve_many(st, _ids(with_), [NodeKind.STAKEHOLDER], acct, field="with")
        ours = resolve_many(st, _ids(by), [NodeKind.TEAM_MEMBER], field="by")
        who = resolve_many(st, list(changes), [NodeKind.STAKEHOLDER], acct, field="stance")
        stances = dict(zip(who, changes.values(), strict=True))
        result = log_visit(
            st, acct, theirs, ours, purpose, notes=notes, stances=stances, date=when,
            strength=strength,
        )  # fmt: skip
        sub = st.account_subgraph(acct)
    if json:
        print_json(result)
        return
    names = {n.id: n.name for n in [*sub.stakeholders, *sub.team]}

    def tie(label: str) -> str:
        a, _, b = label.partition("->")
        return f"{names.get(a, a)} -> {names.get(b, b)}"

    visit = result.interaction
    lines = [
        f"logged {visit.purpose.value} visit {visit.id} to {sub.account.name} on {visit.date}: "
        f"{', '.join(names.get(i, i) for i in visit.team)} met "
        f"{', '.join(names.get(i, i) for i in visit.stakeholders)}"
    ]
    lines += [f"  new tie {tie(label)}" for label in result.ties_created]
    lines += [f"  refreshed {tie(label)}" for label in result.ties_refreshed]
    for ident, (old, new) in result.stance_changes.items():
        lines.append(f"  stance of {names.get(ident, ident)}: {old.value} -> {new.value}")
    sys.stdout.write("\n".join(lines) + "\n")


@app.command("brief")
@cli_errors
def brief_command(
    account: Annotated[str, typer.Argument(help="Account: id, name or a part of the name.")],
    meet: Annotated[
        str | None,
        typer.Option(
            help="Whom you will meet, comma-separated ids or names; default the key people."
        ),
    ] = None,
    purpose: Annotated[
        str, typer.Option(help="signing | relationship | progress | solution | research")
    ] = "relationship",
    fmt: Annotated[BriefFormat, typer.Option("--format", help="text, md or html.")] = (
        BriefFormat.TEXT
    ),
    reader: Annotated[
        str | None,
        typer.Option(
            help="Team member reading it (id or name): personal notes show if on the account team."
        ),
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
    with open_cli_store(store, create=False) as st:
        account = resolve_id(st, account, [NodeKind.ACCOUNT], field="account")
        met = (
            resolve_many(st, _ids(meet), [NodeKind.STAKEHOLDER], account, "meet") if meet else None
        )
        if reader is not None:
            reader = resolve_id(st, reader, [NodeKind.TEAM_MEMBER], field="reader")
        sub = load_known(st, account, when)
    may_see = include_personal or (
        reader is not None and any(m.id == reader and account in m.accounts for m in sub.team)
    )
    health = health_index(sub, when).index
    result = build_brief(
        sub, when, parse_purpose(purpose), met,
        may_see_notes=may_see, health=health,
    )  # fmt: skip
    if json:
        print_json(result)
    else:
        sys.stdout.write(render_brief(result, fmt, lang))


@app.command("coalitions")
@cli_errors
def coalitions_command(
    account: Annotated[str, typer.Argument(help="Account: id, name or a part of the name.")],
    k: Annotated[
        int | None, typer.Option("--k", min=1, help="Split into exactly N coalitions.")
    ] = None,
    as_of: AsOfOpt = None,
    store: StoreOpt = None,
    json: JsonOpt = False,
    format: FormatOpt = None,
) -> None:
    """The factions of the buying committee, their stance, influence and our ties into them."""
    fmt = choose_format(format, json)
    when = parse_as_of(as_of)
    with open_cli_store(store, create=False) as st:
        account = resolve_id(st, account, [NodeKind.ACCOUNT], field="account")
        sub = load_known(st, account, when)
    analysis = analyze_account(sub, when, brokers=False, recommendations=False)
    report = find_coalitions(sub, k, influence={i.id: i.score for i in analysis.influence})
    names = {s.id: s.name for s in sub.stakeholders}
    listing = Listing(
        ("#", "members", "stance", "influence", "decision makers", "our ties"),
        title=f"{len(report.coalitions)} coalitions in {sub.account.name} "
        f"(Q = {report.modularity:.3f})",
    )
    for c in report.coalitions:
        listing.add(
            str(c.index + 1),
            _people(c.members, names),
            f"{c.stance:+.2f}",
            f"{c.influence:.2f}",
            ", ".join(names[m] for m in c.decision_makers) or "—",
            str(len(c.our_relationships)),
        )
    emit(listing, fmt, report)


def _people(ids: list[str], names: dict[str, str]) -> str:
    """'N: A, B, C' with every name (a listing never cuts values)."""
    return f"{len(ids)}: " + ", ".join(names[i] for i in ids)
