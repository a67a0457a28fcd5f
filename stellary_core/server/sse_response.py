"""The response of a server-sent event stream that a stopping server may cancel (GET /events, a mission's stream).

Such a stream ends only when its client leaves, so a stopping uvicorn cancels it
once the graceful shutdown is over. Uncaught, that cancellation reached uvicorn,
which logged a CancelledError traceback per open stream. For a stream, being
cancelled is its normal end: it closes its body and returns.
"""

from __future__ import annotations

import asyncio
import contextlib

from fastapi.responses import StreamingResponse
from starlette.types import Receive, Scope, Send


class EventStreamResponse(StreamingResponse):
    media_type = "text/event-stream"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None:
                task.uncancel()  # taken as the stream's end, on purpose
            # The body's end, so the server sees a finished response and closes the connection without a word.
            # It is written at once; only a client that stopped reading makes it wait, until the loop's own
            # last cancellation (the process is ending): then the stream simply stops.
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await send({"type": "http.response.body", "body": b"", "more_body": False})
