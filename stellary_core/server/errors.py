"""The one place that turns errors into the wire envelope."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from stellary_core.db import is_busy, is_conflict

from stellary_core.errors import Busy, FieldError, RateLimited, StellaryError

log = logging.getLogger("stellary.server")


def envelope(status: int, message: str, details: list[FieldError] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"statusCode": status, "message": message, "error": HTTPStatus(status).phrase}
    if details:
        body["details"] = [{"field": d.field, "message": d.message} for d in details]
    return body


def _field_name(loc: tuple[Any, ...]) -> str:
    # Only the first part says where (body, query...): a body field may itself be named "query".
    parts = [str(p) for p in (loc[1:] if loc and loc[0] in ("body", "query", "path", "header") else loc)]
    return ".".join(parts) or "body"


def _validation_details(exc: RequestValidationError) -> list[FieldError]:
    details = []
    for err in exc.errors():
        message = str(err.get("msg", "is invalid"))
        if err.get("type") == "json_invalid":
            # Its loc is a character offset, not a field.
            details.append(FieldError("body", "is not valid JSON"))
            continue
        if err.get("type") == "extra_forbidden":
            message = "is not allowed"
        elif err.get("type") == "missing":
            message = "is required"
        elif message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        details.append(FieldError(_field_name(tuple(err.get("loc", ()))), message))
    return details


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StellaryError)
    async def domain_error(_request: Request, exc: StellaryError) -> JSONResponse:
        retry_after = exc.retry_after if isinstance(exc, (RateLimited, Busy)) else None
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
        return JSONResponse(envelope(exc.status, exc.message, exc.details), status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(envelope(400, "Validation failed", _validation_details(exc)), status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        return JSONResponse(envelope(exc.status_code, message), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(OperationalError)
    async def database_error(_request: Request, exc: OperationalError) -> JSONResponse:
        # A lock that outlasted the busy timeout, or a deadlock, outside a unit of work (which maps them itself).
        if is_busy(exc) or is_conflict(exc):
            busy = Busy()
            return JSONResponse(
                envelope(busy.status, busy.message), status_code=busy.status, headers={"Retry-After": str(busy.retry_after)}
            )
        log.exception("database error", exc_info=exc)
        return JSONResponse(envelope(500, "Internal server error"), status_code=500)

    @app.exception_handler(Exception)
    async def unexpected_error(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return JSONResponse(envelope(500, "Internal server error"), status_code=500)
