"""MCP over Streamable HTTP at /mcp of a real ``stellary serve`` on loopback, with the REST API's tokens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from stellary_core.db import Database
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.tools.catalog import TOOLS
from tests.tools.conftest import serve
from tests.tools.sessions import call, call_every_tool, refusal
from tests.tools.world import World

pytestmark = pytest.mark.anyio


@pytest.fixture
def url(data_dir: Path) -> Iterator[str]:
    yield from serve(data_dir)


def token_of(db: Database, who: Principal, *scopes: str) -> str:
    payload = {"data": {"name": "assistant", **({"scopes": list(scopes)} if scopes else {})}}
    return str(OperationRunner(db).run("create_api_token", who, payload).token)


class Mcp:
    """An MCP client session over HTTP with a bearer token."""

    def __init__(self, url: str, token: str) -> None:
        self.http = httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"})
        self.client = Client(streamable_http_client(f"{url}/mcp", http_client=self.http))

    async def __aenter__(self) -> Client:
        await self.http.__aenter__()
        return await self.client.__aenter__()

    async def __aexit__(self, *exc: object) -> None:
        await self.client.__aexit__(None, None, None)
        await self.http.__aexit__(None, None, None)


async def test_mcp_needs_a_bearer_token_as_rest_does(db: Database, url: str, world: World) -> None:
    hello = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    async with httpx.AsyncClient() as http:
        missing = await http.post(f"{url}/mcp", json=hello)
        assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
        assert missing.json() == {"statusCode": 401, "message": "Missing or malformed bearer token", "error": "Unauthorized"}
        wrong = await http.post(f"{url}/mcp", json=hello, headers={"Authorization": "Bearer synth_" + "0" * 40})
        assert wrong.status_code == 401 and wrong.json()["message"] == "Invalid, expired or revoked token"


async def test_every_tool_over_http_and_a_card_made_over_mcp_is_seen_over_rest(db: Database, url: str, world: World) -> None:
    token = token_of(db, world.me)
    async with Mcp(url, token) as client:
        assert [t.name for t in (await client.list_tools()).tools] == [t.name for t in TOOLS]
        assert client.instructions and "GS-12" in client.instructions
        key = await call_every_tool(client, world)
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}) as http:
        listed = await http.get(f"{url}/orgs/acme/workspaces/eng/projects/{world.billing}/cards")
        assert listed.status_code == 200
        made = next(c for c in listed.json() if c["key"] == key)
        assert made["title"] == "Made over MCP" and made["description"] == "Shipped"


async def test_token_scopes_and_organizations_bound_what_an_http_session_does(db: Database, url: str, world: World) -> None:
    async with Mcp(url, token_of(db, world.me, "projects:read")) as reader:
        assert (await call(reader, "get_card_details", {"card": "BILL-1"}))["status"] == "todo"
        assert await refusal(reader, "move_card", {"card": "BILL-1", "column": "Done"}) == (
            "Token is missing the required scope: projects:write"
        )
    async with Mcp(url, token_of(db, world.eve)) as stranger:
        assert await refusal(stranger, "get_project_details", {"project": world.billing}) == "Project not found"
        assert await refusal(stranger, "move_card", {"card": "BILL-1", "column": "Done"}) == "Card not found"
        assert (await call(stranger, "list_projects", {}))["projects"][0]["name"] == "Secret"
    assert OperationRunner(db).run("get_card_details", world.me, {"card": "BILL-1"}).status == "todo"


async def test_a_session_answers_only_the_user_who_opened_it(db: Database, url: str, world: World) -> None:
    hello = {
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}},
    }  # fmt: skip
    mine, eves = token_of(db, world.me), token_of(db, world.eve)
    accept = {"Accept": "application/json, text/event-stream"}
    async with httpx.AsyncClient() as http:
        opened = await http.post(f"{url}/mcp", json=hello, headers={**accept, "Authorization": f"Bearer {mine}"})
        assert opened.status_code == 200
        session = opened.headers["mcp-session-id"]
        call_tool = {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "list_projects", "arguments": {}}}
        hijack = await http.post(
            f"{url}/mcp", json=call_tool,
            headers={**accept, "Authorization": f"Bearer {eves}", "mcp-session-id": session, "mcp-protocol-version": "2025-06-18"},
        )  # fmt: skip
        assert hijack.status_code == 404
        # The opener's own token reaches the session (the 404 was the binding, not the request).
        own = await http.post(
            f"{url}/mcp", json=call_tool,
            headers={**accept, "Authorization": f"Bearer {mine}", "mcp-session-id": session, "mcp-protocol-version": "2025-06-18"},
        )  # fmt: skip
        assert own.status_code == 200
