"""CLI commands: `serve` (the HTTP API under uvicorn) and `users add` / `list` / `revoke`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from graphkam.auth import DEFAULT_TOKEN_DAYS, Role
from graphkam.cli.common import (
    JsonOpt,
    StoreOpt,
    app,
    cli_errors,
    command_group,
    console,
    err_console,
    open_cli_store,
)
from graphkam.cli.output import FormatOpt, Listing, choose_format, emit
from graphkam.errors import InvalidInputError
from graphkam.model import NodeKind
from graphkam.settings import get_settings

__all__ = [
    "serve_command",
    "users_app",
    "users_add_command",
    "users_list_command",
    "users_revoke_command",
]

UsersDbOpt = Annotated[
    Path | None,
    typer.Option(
        "--users-db",
        help="Users file (default GRAPHKAM_USERS_DB, else ./graphkam-users.db).",
        show_default=False,
    ),
]

users_app = command_group("users", "Users of the HTTP API and their bearer tokens.")


@app.command("serve")
@cli_errors
def serve_command(
    store: StoreOpt = None,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.", min=0, max=65535)] = 8000,
    users_db: UsersDbOpt = None,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            "--forwarded-allow-ips",
            help="Proxies (comma-separated IPs) whose X-Forwarded-Proto/For to trust; "
            "behind a TLS proxy this makes the session cookie Secure.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Server processes (default: the number of CPU cores). They share the store "
            "and the users file, so sessions and ETags hold across them.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (docs at /docs, schema at /openapi.json, sign-in at /login)."""
    import os

    import uvicorn

    url = store or get_settings().store
    count = workers or os.cpu_count() or 1
    # Each worker builds its app from the environment (api.app:create_served_app).
    os.environ["GRAPHKAM_STORE"] = url
    if users_db is not None:
        os.environ["GRAPHKAM_USERS_DB"] = str(users_db)
    err_console.print(
        f"graphkam API on http://{host}:{port} with {count} worker"
        f"{'s' if count > 1 else ''} (sign in at /login, docs at /docs)",
        highlight=False,
    )
    uvicorn.run(
        "api.app:create_served_app",  # the API depends on graphkam; only this command reaches up
        factory=True,
        http="api.protocol:NoDelayHTTPProtocol",  # TCP_NODELAY: see api/protocol.py
        workers=count,
        host=host,
        port=port,
        log_level="info",
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips or "127.0.0.1",
    )


@users_app.command("add")
@cli_errors
def users_add_command(
    name: Annotated[str, typer.Argument(help="User name (unique).", show_default=False)],
    role: Annotated[Role, typer.Option("--role", help="rep, coach or admin.", show_default=False)],
    member: Annotated[
        str | None,
        typer.Option(
            "--member",
            help="The team member this user acts as (needed for rep and coach).",
            show_default=False,
        ),
    ] = None,
    expires_days: Annotated[
        float,
        typer.Option("--expires-days", help="Days until the token stops working.", min=1, max=3660),
    ] = DEFAULT_TOKEN_DAYS,
    store: StoreOpt = None,
    users_db: UsersDbOpt = None,
) -> None:
    """Create a user and print their bearer token (shown once; only its hash is kept)."""
    from graphkam.auth import AuthSettings, UserStore

    if member is not None:
        with open_cli_store(store) as st:
            if st.node_refs([member]).get(member, (None,))[0] is not NodeKind.TEAM_MEMBER:
                raise InvalidInputError(
                    f"--member: no team member with id '{member}' in the store; "
                    "import the team first or check the id"
                )
    users = UserStore(users_db or AuthSettings().users_db)
    user, token = users.add_user(name, role, member, expires_days)
    expires = user.expires.isoformat(timespec="minutes") if user.expires else "never"
    err_console.print(
        f"created {user.role.value} '{user.name}' (token expires {expires}); "
        "the token below is shown only once:",
        highlight=False,
        markup=False,
    )
    console.print(token, highlight=False, markup=False)


@users_app.command("list")
@cli_errors
def users_list_command(
    users_db: UsersDbOpt = None, json: JsonOpt = False, format: FormatOpt = None
) -> None:
    """List users (name, role, team member, created, expires, revoked); never their tokens."""
    from graphkam.auth import AuthSettings, UserStore

    fmt = choose_format(format, json)
    users = UserStore(users_db or AuthSettings().users_db).list_users()

    def when(moment: dt.datetime | None) -> str:
        return moment.isoformat(timespec="seconds") if moment else ""

    listing = Listing(("name", "role", "member", "created", "expires", "revoked"))
    for u in users:
        listing.add(
            u.name, u.role.value, u.member or "", when(u.created), when(u.expires), when(u.revoked)
        )
    emit(listing, fmt, [u.model_dump(mode="json") for u in users])


@users_app.command("revoke")
@cli_errors
def users_revoke_command(
    name: Annotated[str, typer.Argument(help="User name.", show_default=False)],
    users_db: UsersDbOpt = None,
) -> None:
    """Revoke a user's token and end their browser sessions at once (cannot be undone)."""
    from graphkam.auth import AuthSettings, UserStore

    user = UserStore(users_db or AuthSettings().users_db).revoke_user(name)
    err_console.print(
        f"revoked '{user.name}': the token and every session of this user stop working now",
        highlight=False,
        markup=False,
    )
