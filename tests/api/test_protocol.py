"""api/protocol.py: every connection `graphkam serve` accepts has TCP_NODELAY, also on the
socket uvicorn binds for `--workers N` (proto 0, where asyncio leaves Nagle's algorithm on).

Real parts: an asyncio server on a loopback socket bound the way uvicorn binds it, a real
client connection, uvicorn's own protocol as the control (it must show the problem)."""

from __future__ import annotations

import asyncio
import socket

import pytest
from uvicorn.config import Config
from uvicorn.protocols.http.auto import AutoHTTPProtocol
from uvicorn.server import ServerState

from api.protocol import NoDelayHTTPProtocol


async def _nodelay_of_accepted(protocol_class: type[asyncio.Protocol]) -> int:
    """TCP_NODELAY of the server side of one connection accepted through `protocol_class`."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # as uvicorn's bind_socket
    listener.bind(("127.0.0.1", 0))
    assert listener.proto == 0
    config = Config(app=lambda scope, receive, send: None, log_level="warning")
    state = ServerState()
    made: list[asyncio.Transport] = []

    class Probe(protocol_class):  # type: ignore[misc,valid-type]
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            made.append(transport)

    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: Probe(config=config, server_state=state, app_state={}), sock=listener
    )
    try:
        _, writer = await asyncio.open_connection(*listener.getsockname())
        for _ in range(100):
            if made:
                break
            await asyncio.sleep(0.01)
        sock = made[0].get_extra_info("socket")
        value = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        writer.close()
        made[0].close()
        return int(value)
    finally:
        server.close()


@pytest.mark.parametrize(
    "protocol_class,expected",
    [(AutoHTTPProtocol, 0), (NoDelayHTTPProtocol, 1)],
    ids=["uvicorn-control", "graphkam"],
)
def test_accepted_connections_have_tcp_nodelay(
    protocol_class: type[asyncio.Protocol], expected: int
) -> None:
    assert bool(asyncio.run(_nodelay_of_accepted(protocol_class))) is bool(expected)
