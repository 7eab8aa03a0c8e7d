"""The HTTP protocol `graphkam serve` runs: uvicorn's own, with TCP_NODELAY on every connection.

With `--workers N` uvicorn binds the listening socket itself (`socket(AF_INET, SOCK_STREAM)`,
whose `proto` is 0), and asyncio sets TCP_NODELAY on accepted connections only when `proto` is
IPPROTO_TCP. Without it, Nagle's algorithm holds back the last segment of each answer until
the client's delayed ACK: about 40 ms added to every request, however fast the route.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.auto import AutoHTTPProtocol

__all__ = ["NoDelayHTTPProtocol"]


class NoDelayHTTPProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
    """uvicorn's HTTP protocol (httptools, else h11), TCP_NODELAY set on connect."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)  # type: ignore[arg-type]
