"""Request dependencies: the session, the authenticated principal and its scope.

Every route declares the area it belongs to by the principal type it asks for
(``ProjectsActor``, ``AccountActor``...). Reads need ``<area>:read`` and
writes ``<area>:write``: this is the one scope mechanism of the server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from stellary_core.db import Database
from stellary_core.errors import Forbidden, Unauthorized
from stellary_core.operations import get_operation
from stellary_core.operations.runner import authorize
from stellary_core.principal import Principal
from stellary_core.scopes import Area, require_scope, scope_for
from stellary_core.services import access, accounts
from stellary_core.services.access import WorkspaceAccess
from stellary_core.server.operations import OPERATION_KEY
from stellary_core.token_uses import TokenUseRecorder

_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def get_session(request: Request) -> Iterator[Session]:
    """A session per request; writes begin IMMEDIATE so they never fail on a lock upgrade."""
    db = database(request)
    with db.session(write=request.method not in _READ_METHODS) as session:
        yield session


# "function" scope: the unit of work commits before the response is sent, so a
# client never sees a success for a write that then failed to commit.
DbSession = Annotated[Session, Depends(get_session, scope="function")]


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


def scoped(area: Area) -> Callable[..., Principal]:
    def check(request: Request, principal: Annotated[Principal, Depends(authenticated)]) -> Principal:
        require_scope(principal, scope_for(area, write=request.method not in _READ_METHODS))
        return principal

    check.__name__ = f"requires_{area}_scope"
    return check


def jwt_only(principal: Annotated[Principal, Depends(authenticated)]) -> Principal:
    """Token management accepts only a JWT, so a PAT can never mint or see tokens."""
    if principal.kind == "pat":
        raise Forbidden("API tokens can only be managed with a JWT session, not with a personal access token")
    return principal


# Routes bound to operations take any authenticated principal: the runner checks scopes.
def operation_actor(request: Request, principal: Annotated[Principal, Depends(authenticated)]) -> Principal:
    """The principal, already checked against the scope of the operation the route runs.

    The runner checks again for every caller; checking here too answers a token
    without the scope 403 before its body is validated, as for unbound routes.
    """
    route = request.scope.get("route")
    name = (getattr(route, "openapi_extra", None) or {}).get(OPERATION_KEY)
    if name is not None:
        authorize(get_operation(name), principal)
    return principal


Actor = Annotated[Principal, Depends(operation_actor)]
ProjectsActor = Annotated[Principal, Depends(scoped("projects"))]
PilotageActor = Annotated[Principal, Depends(scoped("pilotage"))]
NotificationsActor = Annotated[Principal, Depends(scoped("notifications"))]
AccountActor = Annotated[Principal, Depends(scoped("account"))]
JwtActor = Annotated[Principal, Depends(jwt_only)]

OrgSlug = Annotated[str, Path(alias="orgSlug")]
WsSlug = Annotated[str, Path(alias="wsSlug")]
ProjectId = Annotated[str, Path(alias="projectId")]


def workspace_from_path(session: DbSession, actor: ProjectsActor, org_slug: OrgSlug, ws_slug: WsSlug) -> WorkspaceAccess:
    return access.workspace_by_slugs(session, actor=actor, org_slug=org_slug, ws_slug=ws_slug)


WorkspaceCtx = Annotated[WorkspaceAccess, Depends(workspace_from_path)]
