"""Writes the token uses noted while authenticating, once the response has gone out."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from stellary_core.token_uses import TokenUseRecorder


class TokenUseMiddleware:
    def __init__(self, app: ASGIApp, *, recorder: TokenUseRecorder) -> None:
        self.app = app
        self.recorder = recorder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            # A failed request still counts as a use; the flush never raises for a busy database.
            if self.recorder.has_pending:
                await run_in_threadpool(self.recorder.flush)
