"""`graphkam demo`: load the sample portfolio, show what graphkam finds, then serve the pages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import quote

import typer

from graphkam.cli.analysis import portfolio_command
from graphkam.cli.browse import accounts
from graphkam.cli.business import alerts_command, tier_command
from graphkam.cli.common import StoreOpt, app, cli_errors, console, err_console, open_cli_store
from graphkam.cli.visits import brief_command
from graphkam.sample import SAMPLE_AS_OF, load_sample
from graphkam.settings import get_settings

__all__ = ["demo_command", "DEMO_BRIEF_ACCOUNT"]

#: The account whose pre-visit brief the demo prints (a competitor owns its technical buyer).
DEMO_BRIEF_ACCOUNT = "sz-data"


@app.command("demo")
@cli_errors
def demo_command(
    store: StoreOpt = None,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the API and pages afterwards.")
    ] = False,
    host: Annotated[str, typer.Option(help="Interface to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port to serve on.", min=1, max=65535)] = 8000,
) -> None:
    """Load the shipped sample portfolio and show what graphkam finds in it."""
    url = store or get_settings().store
    as_of = SAMPLE_AS_OF.isoformat()
    with open_cli_store(url) as st:
        summary = st.import_map(load_sample(), source="sample portfolio")
    err_console.print(
        f"loaded the sample portfolio into {url}: {summary.counts.get('accounts', 0)} accounts, "
        f"{summary.counts.get('stakeholders', 0)} stakeholders, "
        f"{summary.counts.get('interactions', 0)} visits (analysed as of {as_of})",
        highlight=False,
    )
    accounts(store=url, json=False)
    portfolio_command(store=url, as_of=as_of)
    tier_command(store=url, as_of=as_of)
    alerts_command(store=url, as_of=as_of)
    console.rule(f"pre-visit brief: {DEMO_BRIEF_ACCOUNT}")
    brief_command(DEMO_BRIEF_ACCOUNT, purpose="solution", as_of=as_of, store=url)
    console.rule("next")
    console.print(
        f"the sample is in {url}; point every command at it with\n  export GRAPHKAM_STORE={url}",
        soft_wrap=True,
        highlight=False,
        markup=False,
    )
    if serve:
        _serve(url, host, port)
    else:
        console.print("next: `graphkam serve` for the API and pages, `graphkam -h` for more")


def _serve(url: str, host: str, port: int) -> None:
    """Serve the API with a fresh admin token and print the page URLs."""
    import uvicorn

    from api.app import create_app
    from graphkam.auth import Role, UserStore

    users_db = Path(url.removeprefix("sqlite:///")).with_suffix(".users.db")
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        users_db = Path("graphkam-demo.users.db")
    users = UserStore(users_db)
    _, token = users.add_user(f"demo-{len(users.list_users()) + 1}", Role.ADMIN)
    base = f"http://{host}:{port}"
    pages = f"/portfolio?as_of={SAMPLE_AS_OF}"
    console.rule("serving")
    lines = [
        f"sign in:         {base}/login?next={quote(pages)}",
        f"admin token:     {token}  (paste it into the sign-in form; API: Bearer TOKEN)",
        f"account page:    {base}/accounts/dl-energy/graph?as_of={SAMPLE_AS_OF}",
        f"API docs:        {base}/docs",
        "Ctrl-C stops the server.",
    ]
    for line in lines:  # whole lines, never wrapped: the URLs are copied from here
        console.print(line, soft_wrap=True, highlight=False)
    uvicorn.run(create_app(url, users_db=users_db), host=host, port=port, log_level="warning")
