"""The browser sign-in page: a form that POSTs the token (never a URL holding it)."""

from __future__ import annotations

from html import escape

__all__ = ["signin_page", "safe_next"]

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>graphkam — sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem; }}
label, input, button {{ display: block; width: 100%; font-size: 1rem; }}
input {{ margin: .4rem 0 1rem; padding: .4rem; box-sizing: border-box; }}
button {{ padding: .5rem; }}
.error {{ color: #a40000; }}
</style></head>
<body><h1>graphkam</h1>
{message}
<form method="post" action="/login" autocomplete="off">
<label for="token">Your access token (from <code>graphkam users add</code>)</label>
<input id="token" name="token" type="password" required maxlength="200" autofocus>
<input name="next" type="hidden" value="{next}">
<button type="submit">Sign in</button>
</form></body></html>
"""


def safe_next(value: str | None, default: str = "/portfolio") -> str:
    """`value` if it is a local path (one leading slash, no backslash, no control character);
    else `default` — the sign-in never redirects to another site."""
    if (
        not value
        or len(value) > 500
        or not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(ord(c) < 32 or ord(c) == 127 for c in value)
    ):
        return default
    return value


def signin_page(next_path: str | None = None, message: str | None = None) -> str:
    """The sign-in form; after signing in the browser goes to `next_path` (a local path)."""
    shown = f'<p class="error" role="alert">{escape(message)}</p>' if message else ""
    return _PAGE.format(message=shown, next=escape(safe_next(next_path), quote=True))
