"""The MCP server: every tool of ``stellary_core.tools``, the workflow guides and the caller's projects.

Built on the SDK's low-level ``Server``: the tools come from the registry
(schemas from the operations' models), so there is nothing to declare twice.
A tool runs its operation in a worker thread (the database is synchronous)
as the principal ``actor_of`` returns for the request: the stdio command's
user, or the bearer of the HTTP request. A refused or failed call is a tool
error (``isError``) carrying the REST message; only a malformed request (an
unknown tool, arguments that are not an object) is a protocol error.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import anyio
import mcp.types as types
from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel import Server
from mcp.shared.exceptions import MCPError

from stellary_core import __version__
from stellary_core.db import Database
from stellary_core.errors import StellaryError
from stellary_core.mcp.guides import GUIDES, INSTRUCTIONS, PROJECTS_URI
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.tools.calls import ToolResult, call_tool, output_schema
from stellary_core.tools.catalog import TOOLS, Tool, tool_named

log = logging.getLogger("stellary.mcp")

Context = ServerRequestContext[Any, Any]
# Who acts for a request; called in a worker thread, so it may read the database. Raises StellaryError.
ActorOf = Callable[[Context], Principal]
INTERNAL_ERROR = "Internal server error"


def describe(tool: Tool) -> types.Tool:
    return types.Tool(
        name=tool.name,
        description=tool.description,
        input_schema=tool.arguments.schema,
        output_schema=output_schema(tool),
        annotations=types.ToolAnnotations(read_only_hint=not tool.writes, destructive_hint=False, open_world_hint=False),
    )


def answer(result: ToolResult) -> dict[str, Any]:
    """A tool's result in the wire form of ``CallToolResult``.

    The structured part is JSON data dumped from our validated output models.
    Handed over as a ``CallToolResult`` model, it would be walked once more by
    the SDK's ``model_dump`` before the SDK validates and dumps the result
    against the protocol version's shape anyway (its surface check, which a
    dict goes through all the same): a 5,000-card list paid ~35 ms for that
    extra walk.
    """
    # The envelope (content, isError, resultType...) as the model writes it; only the big part is added as is.
    envelope = types.CallToolResult(content=[types.TextContent(text=result.text)]).model_dump(
        by_alias=True, mode="json", exclude_none=True
    )
    envelope["structuredContent"] = result.structured
    return envelope


def _error(message: str) -> types.CallToolResult:
    return types.CallToolResult(content=[types.TextContent(text=message)], is_error=True)


def build_server(db: Database, actor_of: ActorOf) -> Server[Any]:
    runner = OperationRunner(db)
    listed = [describe(tool) for tool in TOOLS]

    def run(ctx: Context, tool: Tool, arguments: dict[str, Any]) -> ToolResult:
        return call_tool(runner, actor_of(ctx), tool, arguments)

    async def list_tools(ctx: Context, params: types.PaginatedRequestParams | None) -> types.ListToolsResult:
        return types.ListToolsResult(tools=listed)

    async def call(ctx: Context, params: types.CallToolRequestParams) -> types.CallToolResult | dict[str, Any]:
        tool = tool_named(params.name)
        if tool is None:
            raise MCPError(types.INVALID_PARAMS, f"Unknown tool: {params.name}")
        try:
            result = await anyio.to_thread.run_sync(run, ctx, tool, dict(params.arguments or {}))
        except StellaryError as error:
            return _error(error.message)
        except Exception:  # a bug must not end the session: the assistant gets a tool error, the log the trace
            log.exception("tool %s failed", tool.name)
            return _error(INTERNAL_ERROR)
        return answer(result)

    async def list_resources(ctx: Context, params: types.PaginatedRequestParams | None) -> types.ListResourcesResult:
        guides = [
            types.Resource(uri=g.uri, name=g.slug, title=g.title, description=g.description, mime_type="text/markdown")
            for g in GUIDES
        ]
        projects = types.Resource(
            uri=PROJECTS_URI,
            name="projects",
            title="Your projects",
            description="The workspaces and projects you can see, with ids, names and card key prefixes.",
            mime_type="application/json",
        )
        return types.ListResourcesResult(resources=[*guides, projects])

    def your_projects(ctx: Context) -> str:
        actor = actor_of(ctx)
        found = {
            name: call_tool(runner, actor, tool, {}).value
            for name, tool in (("workspaces", tool_named("list_workspaces")), ("projects", tool_named("list_projects")))
            if tool is not None
        }
        return json.dumps(found, ensure_ascii=False, indent=1)

    async def read_resource(ctx: Context, params: types.ReadResourceRequestParams) -> types.ReadResourceResult:
        uri = str(params.uri)
        for guide in GUIDES:
            if guide.uri == uri:
                return types.ReadResourceResult(
                    contents=[types.TextResourceContents(uri=uri, mime_type="text/markdown", text=guide.text)]
                )
        if uri != PROJECTS_URI:
            raise MCPError(types.INVALID_PARAMS, f"Unknown resource: {uri}")
        try:
            text = await anyio.to_thread.run_sync(your_projects, ctx)
        except StellaryError as error:
            raise MCPError(types.INVALID_REQUEST, error.message) from None
        return types.ReadResourceResult(
            contents=[types.TextResourceContents(uri=uri, mime_type="application/json", text=text)]
        )

    server: Server[Any] = Server(
        "stellary",
        version=__version__,
        title="Stellary",
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_list_resources=list_resources,
        on_read_resource=read_resource,
    )
    # Registered as a plain request handler, whose results may be the wire dict (``answer``); the
    # constructor's on_call_tool is typed to return the model only.
    server.add_request_handler("tools/call", types.CallToolRequestParams, call)
    return server
