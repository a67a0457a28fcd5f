"""Request dependencies: the database and the authenticated principal.

Every API route but register and login runs an operation, and the runner
checks that operation's scope and caller kind: one mechanism for REST, the
CLI, the TUI and (next) MCP. ``Actor`` also checks it before the body is read,
so a forbidden caller gets 403 rather than a validation error.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from stellary_core.db import Database
from stellary_core.errors import Unauthorized
from stellary_core.operations import get_operation
from stellary_core.operations.runner import authorize
from stellary_core.principal import Principal
from stellary_core.server.operations import OPERATION_KEY
from stellary_core.services import accounts
from stellary_core.token_uses import TokenUseRecorder


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Missing or malformed bearer token")
    return token.strip()


def authenticated(request: Request) -> Principal:
    """Only reads, in a session of its own (never the request's write lock).

    A PAT's lastUsedAt is written after the response (TokenUseMiddleware).
    """
    with database(request).session() as session:
        result = accounts.authenticate(session, bearer=_bearer(request))
    if result.token_use is not None:
        recorder: TokenUseRecorder = request.app.state.token_uses
        recorder.note(result.token_use)
    return result.principal


async def operation_actor(request: Request, principal: Annotated[Principal, Depends(authenticated)]) -> Principal:
    """The principal, already checked against the kind and scope of the operation the route runs.

    ``async``: it only compares names, and a sync dependency would cost a hop to the thread pool and back.
    """
    route = request.scope.get("route")
    name = (getattr(route, "openapi_extra", None) or {}).get(OPERATION_KEY)
    if name is not None:
        authorize(get_operation(name), principal)
    return principal


Actor = Annotated[Principal, Depends(operation_actor)]

OrgSlug = Annotated[str, Path(alias="orgSlug")]
WsSlug = Annotated[str, Path(alias="wsSlug")]
ProjectId = Annotated[str, Path(alias="projectId")]
