"""``stellary mcp``: the MCP server over the process's stdin and stdout, as one user."""

from __future__ import annotations

from collections.abc import Callable

import anyio
from mcp.server.stdio import stdio_server

from stellary_core.db import Database
from stellary_core.mcp.server import build_server
from stellary_core.principal import Principal


def serve_stdio(db: Database, actor: Callable[[], Principal]) -> None:
    """Serve until the client closes stdin. ``actor`` is asked at every call (it may re-check a token)."""
    server = build_server(db, lambda _ctx: actor())

    async def main() -> None:
        # While serving, the SDK points fd 1 at stderr: a stray print cannot corrupt the protocol.
        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())

    anyio.run(main)
