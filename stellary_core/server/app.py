"""The FastAPI application and ``stellary serve``."""

from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from stellary_core import __version__
from stellary_core.db import Database
from stellary_core.schemas.common import ErrorResponse
from stellary_core.server.body_limits import MEGABYTE, BodyLimitMiddleware, RouteBodyLimit
from stellary_core.server.errors import envelope, install_error_handlers
from stellary_core.server.routers import all_routers
from stellary_core.server.routers import attachments as attachment_routes
from stellary_core.server.routers import transfer as transfer_routes
from stellary_core.server.token_uses import TokenUseMiddleware
from stellary_core.services import attachments
from stellary_core.token_uses import TokenUseRecorder

log = logging.getLogger("stellary.server")
_SAFE_REQUEST_ID = re.compile(rb"[A-Za-z0-9._-]{1,64}")

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in (
        (400, "Validation failed"),
        (401, "Missing, invalid, expired or revoked token"),
        (403, "Role or token scope forbids this"),
        (404, "Not found, or not visible to the caller"),
        (409, "Conflict"),
        (429, "Too many requests"),
        (503, "The database stayed busy; nothing was changed, retry after Retry-After seconds"),
    )
}

# Every other body is bounded at 1 MB (body_limits.DEFAULT_BODY_LIMIT).
BODY_LIMITS = (
    RouteBodyLimit("POST", transfer_routes.IMPORT_PATH, 10 * MEGABYTE),
    # The same bound as the upload's own streaming check, so both refuse alike.
    RouteBodyLimit("POST", attachment_routes.A, attachments.MAX_UPLOAD_BODY, attachments.too_large().message),
)


class RequestIdMiddleware:
    """Every response carries ``X-Request-ID`` (the client's, if it sent a sane one)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"")
        # A client's id is echoed only if it is short and harmless in logs and headers (UUIDs are).
        request_id = incoming if _SAFE_REQUEST_ID.fullmatch(incoming) else secrets.token_hex(8).encode()

        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Starlette answers unhandled errors outside every middleware, so that 500
            # would lack the request id: answer it here, with the envelope and no trace.
            log.exception("unhandled error (request %s)", request_id.decode())
            if started:
                raise
            body = json.dumps(envelope(500, "Internal server error")).encode()
            await send_with_id(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
                }
            )
            await send({"type": "http.response.body", "body": body})


def create_app(db: Database, *, mcp: bool = False, host: str = "127.0.0.1", stateless_mcp: bool = False) -> FastAPI:
    """The REST API; with ``mcp``, MCP over Streamable HTTP at /mcp too (``host`` decides its Host check;
    ``stateless_mcp`` when several workers serve it, see ``mcp_over_http``)."""
    lifespan = None
    mcp_http = None
    if mcp:
        # Imported here: the MCP SDK is slow to load and only ``stellary serve`` wants it.
        from stellary_core.mcp.http import mcp_over_http

        mcp_http = mcp_over_http(db, host=host, stateless=stateless_mcp)

        @asynccontextmanager
        async def lifespan(_: FastAPI) -> AsyncIterator[None]:
            async with mcp_http.running():
                yield

    app = FastAPI(
        title="Stellary REST API",
        version=__version__,
        description="The Stellary REST API, served by the terminal app's embedded core.",
        responses=ERROR_RESPONSES,
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.token_uses = TokenUseRecorder(db)
    install_error_handlers(app)
    for router in all_routers():
        app.include_router(router)
    if mcp_http is not None:
        app.router.routes.append(mcp_http.route)
    app.add_middleware(TokenUseMiddleware, recorder=app.state.token_uses)
    app.add_middleware(BodyLimitMiddleware, routes=BODY_LIMITS)
    # Added last, so outermost: even a refused body's 413 carries the request id.
    app.add_middleware(RequestIdMiddleware)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        # Validation errors are 400 with the error envelope, never FastAPI's 422.
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                operation.get("responses", {}).pop("422", None)
        for name in ("HTTPValidationError", "ValidationError"):
            schema.get("components", {}).get("schemas", {}).pop(name, None)
        schema.setdefault("components", {}).setdefault("securitySchemes", {})["bearer"] = {
            "type": "http",
            "scheme": "bearer",
            "description": "A JWT from /auth/login or a personal access token (synth_...)",
        }
        schema["security"] = [{"bearer": []}]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def start_background_work(db: Database) -> None:
    """What a serving process runs beside its requests; every worker of ``stellary serve --workers N`` runs it.

    Each piece is safe to run in several processes at once: a due date's firing and a
    mission's run are claimed in the database (one INSERT or UPDATE that only one
    process wins), and recovery fails only missions whose process is gone or let its lease lapse.
    """
    from stellary_core.automations.due_dates import start_due_date_checks
    from stellary_core.mission_recovery import recover_interrupted, start_lease_checks

    db.checkpoint_in_background()
    start_due_date_checks(db)  # due_date_reached rules fire from whichever process claims them first
    recover_interrupted(db)  # missions a dead process was running are failed, not left running forever
    start_lease_checks(db)  # ...and so are those of a server, on any machine, that stops later


def serving_app(db: Database, host: str = "127.0.0.1", *, one_of_several_workers: bool = False) -> FastAPI:
    """The app ``stellary serve`` serves, its background work started."""
    start_background_work(db)
    return create_app(db, mcp=True, host=host, stateless_mcp=one_of_several_workers)


# Seconds a stopping server gives open requests to end. Event streams (GET /events, a mission's
# stream) never end by themselves: without a limit, ctrl+c waited for every connected TUI.
GRACEFUL_SHUTDOWN_SECONDS = 3


def serve(db: Database, host: str = "127.0.0.1", port: int = 3001) -> None:
    """Serve ``db`` from this process (one worker)."""
    import uvicorn

    uvicorn.run(
        serving_app(db, host), host=host, port=port, log_level="info", timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS
    )
