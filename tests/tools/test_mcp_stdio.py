"""``stellary mcp`` over stdio, driven by the official MCP client as an assistant would drive it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from mcp import Client, MCPError, StdioServerParameters

from stellary_core.db import Database
from stellary_core.mcp.guides import GUIDES, PROJECTS_URI
from stellary_core.operations import OperationRunner
from stellary_core.tools.catalog import TOOLS
from tests.tools.conftest import ROOT, STELLARY, stellary_env
from tests.tools.sessions import call, call_every_tool, refusal
from tests.tools.world import World

pytestmark = pytest.mark.anyio


def stdio(data_dir: Path, token: str | None = None) -> StdioServerParameters:
    command, *args = STELLARY
    return StdioServerParameters(command=command, args=[*args, "mcp"], env=stellary_env(data_dir, token), cwd=ROOT)


def make_token(db: Database, world: World, *scopes: str) -> str:
    created = OperationRunner(db).run("create_api_token", world.me, {"data": {"name": "assistant", "scopes": list(scopes)}})
    return str(created.token)


async def test_the_server_lists_every_tool_with_schemas_and_gives_its_bearings(data_dir: Path) -> None:
    async with Client(stdio(data_dir)) as client:
        assert client.instructions and "GS-12" in client.instructions and "search_cards" in client.instructions
        listed = {tool.name: tool for tool in (await client.list_tools()).tools}
        assert list(listed) == [tool.name for tool in TOOLS]
        for tool in listed.values():
            assert tool.description and len(tool.description) > 40
            assert tool.input_schema["type"] == "object" and tool.output_schema and tool.output_schema["type"] == "object"
            assert "$ref" not in json.dumps(tool.input_schema)
        create = listed["create_card"].input_schema
        assert create["required"] == ["project", "title"] and "dueDate" in create["properties"]
        assert listed["list_cards"].input_schema["properties"]["query"]["description"].startswith("Filter language")
        assert listed["list_cards"].annotations and listed["list_cards"].annotations.read_only_hint
        resources = {str(r.uri) for r in (await client.list_resources()).resources}
        assert resources == {g.uri for g in GUIDES} | {PROJECTS_URI}
        guide = (await client.read_resource(GUIDES[0].uri)).contents[0]
        assert "list_cards" in guide.text  # type: ignore[union-attr]
        mine = json.loads((await client.read_resource(PROJECTS_URI)).contents[0].text)  # type: ignore[union-attr]
        assert [p["name"] for p in mine["projects"]] == ["Getting Started", "Website", "Website", "Billing"]


async def test_every_tool_works_on_a_seeded_project_as_the_local_profile(db: Database, data_dir: Path, world: World) -> None:
    async with Client(stdio(data_dir)) as client:
        key = await call_every_tool(client, world)
    # The writes went through the operations: the card is there, with its activity.
    card = OperationRunner(db).run("get_card_details", world.me, {"card": key})
    assert card.status == "done" and card.assignee_id == world.bob.user_id and card.comment_count == 1
    activity = OperationRunner(db).run("list_card_activity", world.me, {"project": "Billing", "card": key})
    assert len(activity) >= 4


async def test_errors_are_tool_errors_with_the_rest_message_and_the_server_carries_on(data_dir: Path, world: World) -> None:
    async with Client(stdio(data_dir)) as client:
        assert await refusal(client, "create_card", {"project": "Billing"}) == "title: is required"
        assert await refusal(client, "create_card", {"project": "Billing", "title": "x", "colour": "red"}) == "colour: is not allowed"
        assert (await refusal(client, "update_card", {"card": "BILL-1", "priority": "urgent"})).startswith("priority: Input should be")
        assert (await refusal(client, "list_cards", {"query": "owner:bob"})).startswith("query: unknown filter 'owner:'")
        assert "the columns are 'To Do', 'In Progress', 'Done'" in await refusal(client, "move_card", {"card": "BILL-1", "column": "Doing"})
        ambiguous = await refusal(client, "get_project_details", {"project": "Website"})
        assert world.my_website in ambiguous and world.team_website in ambiguous
        # Another organization's project and cards do not exist for this user.
        assert await refusal(client, "get_project_details", {"project": world.secret}) == "Project not found"
        assert await refusal(client, "get_card_details", {"card": "SECR-1"}) == "Card not found"
        assert await refusal(client, "list_cards", {"project": "Secret"}) == "Project not found"
        with pytest.raises(MCPError, match="Unknown tool"):
            await client.call_tool("drop_database", {})
        assert (await call(client, "get_card_details", {"card": "BILL-2"}))["key"] == "BILL-2"


async def test_a_read_only_token_reads_but_cannot_write_over_mcp(db: Database, data_dir: Path, world: World) -> None:
    token = make_token(db, world, "projects:read")
    async with Client(stdio(data_dir, token)) as client:
        assert (await call(client, "get_card_details", {"card": "BILL-1"}))["status"] == "todo"
        assert await refusal(client, "move_card", {"card": "BILL-1", "column": "Done"}) == (
            "Token is missing the required scope: projects:write"
        )
        assert "projects:write" in await refusal(client, "create_card", {"project": "Billing", "title": "x"})
    assert OperationRunner(db).run("get_card_details", world.me, {"card": "BILL-1"}).status == "todo"


async def test_a_bad_token_stops_the_server_at_start(data_dir: Path) -> None:
    command, *args = STELLARY
    done = subprocess.run(
        [command, *args, "mcp"], cwd=ROOT, env=stellary_env(data_dir, "synth_" + "x" * 40),
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1
    assert "Invalid, expired or revoked token" in done.stderr and done.stdout == ""


def test_a_malformed_message_gets_a_protocol_error_and_nothing_crashes(data_dir: Path) -> None:
    """Raw JSON-RPC, as a buggy client might send it: garbage and bad params are answered or skipped, never fatal."""
    process = subprocess.Popen(
        [*STELLARY, "mcp"], cwd=ROOT, env=stellary_env(data_dir), text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None and process.stdout is not None

    def send(message: Any) -> None:
        assert process.stdin is not None
        process.stdin.write((message if isinstance(message, str) else json.dumps(message)) + "\n")
        process.stdin.flush()

    def answer() -> Any:
        assert process.stdout is not None
        return json.loads(process.stdout.readline())

    try:
        hello = {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": hello})
        assert answer()["result"]["serverInfo"]["name"] == "stellary"
        send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        send("this is not JSON")
        send({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "list_cards", "arguments": [1, 2]}})
        assert answer()["error"]["code"] == -32602
        send({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "get_card_details", "arguments": {"card": "GS-1"}}})
        reply = answer()
        assert reply["id"] == 3 and reply["result"]["isError"] is False
    finally:
        process.stdin.close()
        assert process.wait(timeout=30) == 0
