"""CLI commands that browse the store: `accounts`, `show`."""

from __future__ import annotations

from typing import Annotated

import typer

from graphkam.cli.common import (
    JsonOpt,
    StoreOpt,
    app,
    cli_errors,
    open_cli_store,
)
from graphkam.cli.output import FormatOpt, Listing, choose_format, emit
from graphkam.documents import AccountSubgraph
from graphkam.identity import resolve_id
from graphkam.model import NodeKind, RelType, Stakeholder

__all__ = ["accounts", "show"]


@app.command("accounts")
@cli_errors
def accounts(store: StoreOpt = None, json: JsonOpt = False, format: FormatOpt = None) -> None:
    """List accounts: id, name, tier, stakeholders and our relationships into each."""
    fmt = choose_format(format, json)
    with open_cli_store(store, create=False) as st:
        rows = [_account_row(sub) for sub in st.iter_subgraphs()]
    listing = Listing(
        ("id", "name", "tier", "stakeholders", "our relationships"),
        title=f"{len(rows)} accounts",
        right=frozenset({"stakeholders", "our relationships"}),
    )
    for r in rows:
        listing.add(r["id"], r["name"], r["tier"], r["stakeholders"], r["relationships"])
    emit(listing, fmt, rows)


def _account_row(sub: AccountSubgraph) -> dict[str, object]:
    ours = sum(1 for r in sub.relationships if r.type is RelType.RELATES_TO)
    acc = sub.account
    return {
        "id": acc.id,
        "name": acc.name,
        "tier": acc.tier.value,
        "stakeholders": len(sub.stakeholders),
        "relationships": ours,
    }


@app.command("show")
@cli_errors
def show(
    account: Annotated[str, typer.Argument(help="Account: id, name or a part of the name.")],
    store: StoreOpt = None,
    json: JsonOpt = False,
    format: FormatOpt = None,
) -> None:
    """Show an account's stakeholders: roles (suggested ones marked ?), stance, influence and
    our best relationship."""
    fmt = choose_format(format, json)
    with open_cli_store(store, create=False) as st:
        sub = st.account_subgraph(resolve_id(st, account, [NodeKind.ACCOUNT], field="account"))
    rows = [_stakeholder_row(sub, s) for s in sub.stakeholders]
    acc = sub.account
    listing = Listing(
        ("id", "name", "title", "roles", "stance", "influence", "our best relationship"),
        title=f"{acc.name} ({acc.id}) · tier {acc.tier.value} · {len(rows)} stakeholders",
    )
    for r in rows:
        best = r["best"]
        best_text = (
            f"{best['member']} {best['strength']:.2f}"
            + (f" (last {best['last_contact']})" if best["last_contact"] else "")
            if best
            else "—"
        )
        listing.add(
            r["id"],
            r["name"],
            r["title"] or "",
            ", ".join(r["roles"])
            or ", ".join(f"{g['role']}? {g['confidence']:.2f}" for g in r["suggested_roles"]),
            r["stance"],
            f"{r['influence']:.2f}",
            best_text,
        )
    emit(listing, fmt, {"account": acc.model_dump(mode="json"), "stakeholders": rows})


def _stakeholder_row(sub: AccountSubgraph, s: Stakeholder) -> dict[str, object]:
    names = {m.id: m.name for m in sub.team}
    ties = [r for r in sub.relationships if r.type is RelType.RELATES_TO and r.to_id == s.id]
    best = max(ties, key=lambda r: (r.strength or 0.0, r.last_contact or ""), default=None)
    return {
        "id": s.id,
        "name": s.name,
        "title": s.title,
        "roles": [r.value for r in s.roles],
        "suggested_roles": [g.model_dump(mode="json") for g in s.suggested_roles],
        "stance": s.stance.value,
        "influence": s.influence,
        "status": s.status.value,
        "best": None
        if best is None
        else {
            "member": names.get(best.from_id, best.from_id),
            "strength": best.strength or 0.0,
            "last_contact": best.last_contact.isoformat() if best.last_contact else None,
        },
    }
