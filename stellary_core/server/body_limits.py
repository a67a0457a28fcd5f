"""Request bodies are bounded before anything reads them whole.

Without a bound, an unauthenticated client can make the server hold any body
in memory (a 200 MB JSON body to ``/auth/login`` grew it by 570 MB). This
middleware runs before routing and parsing: a declared ``Content-Length`` over
the route's limit is answered 413 without reading a byte of the body, and a
body without one (chunked) is counted as it streams through ``receive`` and
cut off at the first chunk that passes the limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from stellary_core.server.errors import envelope

MEGABYTE = 1024 * 1024
DEFAULT_BODY_LIMIT = MEGABYTE


@dataclass(frozen=True)
class RouteBodyLimit:
    """A route that may take a larger body than the default."""

    method: str
    path: str  # the route's template, e.g. "/orgs/{orgSlug}/..."
    limit: int
    message: str | None = None  # what the 413 says instead of the default wording


@dataclass(frozen=True)
class _Limit:
    limit: int
    message: str


def _default_message(limit: int) -> str:
    size = f"{limit // MEGABYTE} MB" if limit % MEGABYTE == 0 else f"{limit} bytes"
    return f"The request body may be at most {size}"


class BodyTooLarge(HTTPException):
    """Raised from ``receive``, so the app's error handler answers it with the envelope.

    An HTTP error, because FastAPI turns any other error met while reading a body into a 400.
    """

    def __init__(self, message: str) -> None:
        super().__init__(status_code=413, detail=message)


class BodyLimitMiddleware:
    def __init__(
        self, app: ASGIApp, *, default: int = DEFAULT_BODY_LIMIT, routes: Iterable[RouteBodyLimit] = ()
    ) -> None:
        self.app = app
        self._default = _Limit(default, _default_message(default))
        self._routes: list[tuple[str, re.Pattern[str], _Limit]] = [
            (r.method.upper(), compile_path(r.path)[0], _Limit(r.limit, r.message or _default_message(r.limit)))
            for r in routes
        ]

    def limit_for(self, method: str, path: str) -> _Limit:
        for route_method, pattern, limit in self._routes:
            if method == route_method and pattern.match(path):
                return limit
        return self._default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        root_path: str = scope.get("root_path", "")
        if root_path and path.startswith(root_path):
            path = path[len(root_path) :]
        bound = self.limit_for(scope["method"], path)

        declared = _declared_length(scope)
        if declared is not None and declared > bound.limit:
            # Answer before the app runs: nothing reads the body, and the server discards it.
            await _answer_413(scope, receive, send, bound.message)
            return

        received = 0
        exceeded = False

        async def bounded_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                raise BodyTooLarge(bound.message)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > bound.limit:
                    exceeded = True
                    raise BodyTooLarge(bound.message)
            return message

        await self.app(scope, bounded_receive, send)


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers") or ():
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


async def _answer_413(scope: Scope, receive: Receive, send: Send, message: str) -> None:
    await JSONResponse(envelope(413, message), status_code=413)(scope, receive, send)
