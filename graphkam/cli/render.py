"""CLI command `render`: write an account's graph page or the portfolio page as one HTML file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated
from urllib.parse import quote, unquote

import typer

from graphkam.analysis import AnalysisConfig
from graphkam.cli.common import (
    AsOfOpt,
    LangOpt,
    StoreOpt,
    app,
    cli_errors,
    err_console,
    open_cli_store,
    parse_as_of,
)
from graphkam.errors import InvalidInputError
from graphkam.filenames import path_inside, safe_filename
from graphkam.i18n import Lang
from graphkam.model import NodeKind
from graphkam.stores import Store

__all__ = ["render_command"]


@app.command("render")
@cli_errors
def render_command(
    account: Annotated[
        str | None,
        typer.Argument(help="The account id (omit with --portfolio).", show_default=False),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="The HTML file to write.", show_default=False),
    ] = None,
    portfolio: Annotated[
        bool, typer.Option("--portfolio", help="Render the portfolio page instead of one account.")
    ] = False,
    all_accounts: Annotated[
        bool,
        typer.Option(
            "--all-accounts",
            help="With --portfolio: also write every account's page beside it, as ID.html "
            "(ids made safe as file names: nothing is written outside that folder).",
        ),
    ] = False,
    notes: Annotated[
        bool,
        typer.Option(
            "--notes", help="Include stakeholders' personal notes (sensitive; off by default)."
        ),
    ] = False,
    as_of: AsOfOpt = None,
    store: StoreOpt = None,
    lang: LangOpt = Lang.EN,
) -> None:
    """Write a self-contained HTML page (works offline): `render ACCOUNT -o FILE.html` for an
    account's relationship graph, `render --portfolio -o FILE.html` for the portfolio."""
    if output is None:
        raise InvalidInputError("-o/--output: name the HTML file to write")
    if portfolio == (account is not None):
        raise InvalidInputError("give either ACCOUNT or --portfolio (exactly one of them)")
    if all_accounts and not portfolio:
        raise InvalidInputError("--all-accounts only goes with --portfolio")
    day = parse_as_of(as_of)
    config = AnalysisConfig.from_settings()
    with open_cli_store(store, create=False) as st:
        if account is not None:
            _write(output, account_html(st, account, day, config, notes, lang))
            return
        from visualizations import portfolio_page_from_store

        html = portfolio_page_from_store(st, day, config, account_url=_page_url)
        _write(output, html)
        if all_accounts:
            for acc in st.list_nodes(NodeKind.ACCOUNT):
                target = path_inside(output.parent, safe_filename(acc.id, ".html"))
                _write(target, account_html(st, acc.id, day, config, notes, lang))


def _page_url(quoted_account: str) -> str:
    """The portfolio's link (it passes the URL-quoted id) to the account page written beside
    it, under the same sanitised name."""
    return quote(safe_filename(unquote(quoted_account), ".html"))


def account_html(
    st: Store, account: str, day: date, config: AnalysisConfig, notes: bool, lang: Lang = Lang.EN
) -> str:
    """The graph page of one account from the store (see visualizations.from_store)."""
    from visualizations import account_page_from_store

    return account_page_from_store(st, account, day, config, notes, lang=lang)


def _write(path: Path, html: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError(f"-o: cannot write '{path}': {exc.strerror or exc}") from None
    err_console.print(f"wrote {path}", markup=False, highlight=False)
