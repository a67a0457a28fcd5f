"""A fault inside a tool is a tool error for the assistant and a trace in the log, never the end of the session."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from mcp import Client

from stellary_core.db import Database
from stellary_core.errors import Unauthorized
from stellary_core.mcp.server import build_server
from stellary_core.principal import Principal
from tests.tools.world import World

pytestmark = pytest.mark.anyio


async def test_a_bug_in_a_tool_is_an_internal_error_and_the_next_call_works(
    db: Database, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    calls = 0

    def actor_of(_ctx: Any) -> Principal:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("boom: a bug, with details no client should see")
        return world.me

    async with Client(build_server(db, actor_of)) as client:
        with caplog.at_level(logging.ERROR, logger="stellary.mcp"):
            failed = await client.call_tool("get_card_details", {"card": "BILL-1"})
        assert failed.is_error and failed.content[0].text == "Internal server error"  # type: ignore[union-attr]
        assert "boom" in caplog.text
        worked = await client.call_tool("get_card_details", {"card": "BILL-1"})
        assert not worked.is_error and worked.structured_content["key"] == "BILL-1"  # type: ignore[index,union-attr]


async def test_a_refused_caller_gets_the_rest_message(db: Database, world: World) -> None:
    def nobody(_ctx: Any) -> Principal:
        raise Unauthorized("Invalid, expired or revoked token")

    async with Client(build_server(db, nobody)) as client:
        refused = await client.call_tool("list_projects", {})
        assert refused.is_error and refused.content[0].text == "Invalid, expired or revoked token"  # type: ignore[union-attr]
