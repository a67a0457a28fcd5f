"""POST /operations/{operationName}: any operation of the registry, by name (an extension).

The TUI connected to a team server runs every operation through this one route,
as the bearer token's principal and through the same runner as every other
route, so scopes, kinds and rules are checked exactly as for REST. The body is
the operation's input (camelCase JSON), the answer its output as REST writes it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Request, Response

from stellary_core.errors import NotFound
from stellary_core.operations import get_operation
from stellary_core.principal import Principal
from stellary_core.server.deps import authenticated
from stellary_core.server.operations import EVERY_OPERATION, SCOPE_KEY, respond

router = APIRouter(tags=["Operations"])


@router.post("/operations/{operationName}", openapi_extra={SCOPE_KEY: EVERY_OPERATION})
def run_operation(
    request: Request,
    name: Annotated[str, Path(alias="operationName")],
    actor: Annotated[Principal, Depends(authenticated)],
    body: Annotated[dict[str, Any] | None, Body()] = None,
) -> Response:
    """Extension (not in the Stellary reference): run operation ``name`` with the body as its input.

    Scopes and caller kinds are checked as for the operation's own route; an unknown name is a 404.
    """
    try:
        op = get_operation(name)
    except KeyError:
        raise NotFound(f"No operation named {name!r}") from None
    return respond(request, op, actor, body or {})
