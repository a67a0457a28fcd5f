"""MCP over Streamable HTTP at ``/mcp`` of ``stellary serve``, behind the REST API's bearer tokens.

Every request to ``/mcp`` is authenticated as a REST request is (JWT or
personal access token, 401 with the error envelope without one); the
principal rides in the ASGI scope to the tool handler, which runs as it, so
each message acts with the scopes of the token that sent it. A session is
bound to the user who opened it: another user's token gets "Session not
found" from the SDK, as if it did not exist.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.auth.provider import AccessToken
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from stellary_core.db import Database
from stellary_core.errors import StellaryError, Unauthorized
from stellary_core.mcp.server import Context, build_server
from stellary_core.principal import Principal
from stellary_core.server.deps import authenticated
from stellary_core.server.errors import envelope

PATH = "/mcp"
_PRINCIPAL = "stellary.principal"
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def actor_of(ctx: Context) -> Principal:
    """The principal the endpoint authenticated for the HTTP request that carried this message."""
    request = ctx.request
    principal = request.scope.get("state", {}).get(_PRINCIPAL) if isinstance(request, Request) else None
    if not isinstance(principal, Principal):
        raise Unauthorized()
    return principal


class McpEndpoint:
    """ASGI: authenticate, then hand the request to the SDK's session manager."""

    def __init__(self, manager: StreamableHTTPSessionManager) -> None:
        self.manager = manager

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            # The same check as every REST route (a PAT's use is noted for lastUsedAt too).
            principal = await run_in_threadpool(authenticated, Request(scope, receive))
        except StellaryError as error:
            headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
            response = JSONResponse(envelope(error.status, error.message), status_code=error.status, headers=headers)
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})[_PRINCIPAL] = principal
        # The SDK binds a session to the identity that opened it; the raw token is never kept.
        identity = AccessToken(token="", client_id=principal.user_id, subject=principal.user_id, scopes=sorted(principal.scopes))
        scope["user"] = AuthenticatedUser(identity)
        await self.manager.handle_request(scope, receive, send)


@dataclass(frozen=True)
class McpHttp:
    route: Route
    manager: StreamableHTTPSessionManager

    def running(self) -> AbstractAsyncContextManager[None]:
        """Enter for the server's lifetime (the host app's lifespan): it owns the sessions' tasks."""
        return self.manager.run()


def mcp_over_http(db: Database, *, host: str, stateless: bool = False) -> McpHttp:
    """The ``/mcp`` route of the REST app. On loopback, Host and Origin must be local (DNS-rebinding guard).

    ``stateless`` when several server workers share the port: a session lives in the process that
    opened it, and the next request of its client may reach another worker ("Session not found").
    Every tool call stands alone (each message is authenticated), so nothing is lost without sessions.
    """
    security: TransportSecuritySettings | None = None
    if host in _LOOPBACK:
        security = TransportSecuritySettings(
            enable_dns_rebinding_protection=True,
            allowed_hosts=["127.0.0.1:*", "localhost:*", "[::1]:*"],
            allowed_origins=["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"],
        )
    manager = StreamableHTTPSessionManager(app=build_server(db, actor_of), security_settings=security, stateless=stateless)
    endpoint: Any = McpEndpoint(manager)
    return McpHttp(Route(PATH, endpoint=endpoint, methods=["GET", "POST", "DELETE"]), manager)
