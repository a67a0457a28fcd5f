"""REST bindings of operations: a route hands its path, query and body to the runner, once."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from stellary_core.operations import Operation, OperationRunner
from stellary_core.principal import Principal


OPERATION_KEY = "x-stellary-operation"
# Routes that run no single operation of their own say which scope they check (the scope tests read it).
SCOPE_KEY = "x-stellary-scope"
EVERY_OPERATION = "the named operation's"  # POST /operations/{operationName}: the runner checks that operation's scope


def runs(op: Operation[Any, Any]) -> dict[str, Any]:
    """``openapi_extra`` naming the operation a route runs: documented, and checked by the scope tests."""
    return {OPERATION_KEY: op.name}


def runner_of(request: Request) -> OperationRunner:
    # Built per request (it holds nothing but the database), so swapping app.state.db is enough.
    return OperationRunner(request.app.state.db)


def respond(
    request: Request, op: Operation[Any, Any], actor: Principal, payload: Any, *, status: int = 200
) -> Response:
    """Run ``op`` and answer its output as JSON bytes built once (FastAPI does not re-validate a Response)."""
    result = runner_of(request).run(op, actor, payload)
    return Response(content=op.dump_json(result), status_code=status, media_type="application/json")
