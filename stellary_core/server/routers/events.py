"""GET /events: the domain events the caller may see, as server-sent events (an extension).

The TUI connected to a team server reloads from these as it does from its own
in-process events. Each event is ``event: domain`` with the event as JSON
(``stellary_core.event_wire``), whichever process committed it (other
processes' commits come from the event journal); ``event: changed`` says
something was committed that the journal could not tell (it was unreadable,
or the event is of a newer version): reload everything. ``event: ready`` opens every
connection, and a ``: keepalive`` comment follows every ``KEEPALIVE_SECONDS``
of silence, so the client and proxies notice a dead connection.
Events are filtered here, on the server: only those of the workspaces and
organizations the caller is in, and those about the caller's own account.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from stellary_core.db import Database
from stellary_core.event_types import DomainEvent
from stellary_core.event_wire import event_to_wire
from stellary_core.principal import Principal
from stellary_core.scopes import require_scope
from stellary_core.server.deps import authenticated
from stellary_core.server.operations import SCOPE_KEY
from stellary_core.server.event_feed import MEMBERSHIP_EVENTS, EventFeed, Visibility
from stellary_core.server.sse_response import EventStreamResponse

router = APIRouter(tags=["Events"])
KEEPALIVE_SECONDS = 15.0
READ_SCOPE = "projects:read"


def _sse(event: str, data: dict[str, Any]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


def feed_of(request: Request) -> EventFeed:
    """The app's one feed, made on first use (an app that nobody streams from runs no watcher)."""
    feed: EventFeed | None = getattr(request.app.state, "event_feed", None)
    if feed is None or feed.db is not request.app.state.db:  # the app's database was swapped (tests do)
        feed = request.app.state.event_feed = EventFeed(request.app.state.db)
    return feed


class _Subscription:
    """One client: the feed's threads put events on ``queue``; the stream filters and writes them."""

    def __init__(self, db: Database, actor: Principal, visibility: Visibility) -> None:
        self.db = db
        self.actor = actor
        self.visibility = visibility
        self.loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue[DomainEvent | None] = asyncio.Queue()

    def deliver(self, event: DomainEvent | None) -> None:
        try:
            self.loop.call_soon_threadsafe(self.queue.put_nowait, event)
        except RuntimeError:  # the loop is closing: the stream is over
            pass

    async def events(self, unsubscribe: Any) -> AsyncIterator[bytes]:
        try:
            yield _sse("ready", {"userId": self.actor.user_id})
            while True:
                try:
                    event = await asyncio.wait_for(self.queue.get(), timeout=KEEPALIVE_SECONDS)
                except TimeoutError:
                    yield b": keepalive\n\n"
                    continue
                if event is None or event.type in MEMBERSHIP_EVENTS:
                    self.visibility = await run_in_threadpool(Visibility.read, self.db, self.actor.user_id)
                if event is None:
                    yield _sse("changed", {})
                elif self.visibility.may_see(event):
                    yield _sse("domain", event_to_wire(event))
        finally:
            unsubscribe()


@router.get("/events", response_class=StreamingResponse, openapi_extra={SCOPE_KEY: READ_SCOPE})
async def stream_events(request: Request, actor: Annotated[Principal, Depends(authenticated)]) -> StreamingResponse:
    """Extension (not in the Stellary reference): the changes the caller may see, as server-sent events.

    ``ready`` first, then ``domain`` (one change, as JSON, from this process or another) and
    ``changed`` (a commit the journal could not tell: reload); a ``: keepalive`` comment after
    15 s of silence. Needs ``projects:read``.
    """
    require_scope(actor, READ_SCOPE)
    db: Database = request.app.state.db
    visibility = await run_in_threadpool(Visibility.read, db, actor.user_id)
    subscription = _Subscription(db, actor, visibility)
    unsubscribe = await run_in_threadpool(feed_of(request).subscribe, subscription.deliver)
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return EventStreamResponse(subscription.events(unsubscribe), headers=headers)
