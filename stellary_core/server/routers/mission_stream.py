"""GET W/missions/:missionId/stream: a mission's steps as server-sent events, live.

Events: ``status``, ``step`` (a plan or a tool call's result), ``tool_call``,
``proposal``, ``log``, each with the step as JSON and its ``seq`` as the event
id, then ``done`` (the final status, result and error) when the mission ends,
and the stream closes. A late subscriber gets the past steps first; one that
sends ``Last-Event-ID`` gets only the steps after it.

Where the steps come from: the steps of a mission this process runs (or
decides) reach the stream as soon as they commit, through the in-process hub
(stellary_core.mission_stream). A mission run by another process (the TUI
while this is the server) writes its steps to the database only, so the stream
also polls the stored steps every ``POLL_SECONDS``: one small indexed read per
subscriber, and no step is missed whoever wrote it (``seq`` drops duplicates).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from stellary_core import mission_stream
from stellary_core.models import MISSION_ENDED
from stellary_core.operations.catalog import agents as ops
from stellary_core.principal import Principal
from stellary_core.server.deps import Actor, OrgSlug, WsSlug
from stellary_core.server.operations import runner_of, runs
from stellary_core.server.sse_response import EventStreamResponse

router = APIRouter(tags=["Agents"])
STREAM = "/orgs/{orgSlug}/workspaces/{wsSlug}/missions/{missionId}/stream"
POLL_SECONDS = 1.0
KEEPALIVE_SECONDS = 15.0
EVENT_OF_KIND = {"status": "status", "proposal": "proposal", "tool_call": "tool_call", "log": "log"}  # else "step"
MissionId = Annotated[str, Path(alias="missionId")]


def sse(event: str, data: dict[str, Any], event_id: int | None = None) -> bytes:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


def _step_event(step: dict[str, Any]) -> bytes:
    return sse(EVENT_OF_KIND.get(str(step["kind"]), "step"), step, int(step["seq"]))


def _wire(step: Any) -> dict[str, Any]:
    wired: dict[str, Any] = step.model_dump(mode="json", by_alias=True, exclude_none=True)
    return wired


class _Stream:
    """One subscriber: the hub feeds ``queue`` from any thread; reads go through the operation, as the caller."""

    def __init__(self, request: Request, actor: Principal, org: str, ws: str, mission_id: str, after: int) -> None:
        self.runner = runner_of(request)
        self.actor = actor
        self.where = {"org_slug": org, "ws_slug": ws, "mission": mission_id}
        self.mission_id = mission_id
        self.last = after
        self.loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.unsubscribe = mission_stream.subscribe(mission_id, self._heard)

    def _heard(self, step: dict[str, Any]) -> None:
        self.loop.call_soon_threadsafe(self.queue.put_nowait, step)

    async def read(self) -> ops.MissionStepsOut:
        given = ops.MissionSteps(**self.where, after_seq=self.last)
        found: ops.MissionStepsOut = await run_in_threadpool(self.runner.run, ops.list_mission_steps, self.actor, given)
        return found

    def new(self, steps: list[Any]) -> list[bytes]:
        out = []
        for step in steps:
            if step.seq > self.last:
                out.append(_step_event(_wire(step)))
                self.last = step.seq
        return out

    async def events(self, first: ops.MissionStepsOut) -> AsyncIterator[bytes]:
        try:
            for chunk in self.new(first.steps):
                yield chunk
            state = first
            idle = 0.0
            while state.status not in MISSION_ENDED:
                try:
                    heard = await asyncio.wait_for(self.queue.get(), timeout=POLL_SECONDS)
                except TimeoutError:
                    state = await self.read()  # another process's steps, and the end of a mission run elsewhere
                    chunks = self.new(state.steps)
                    for chunk in chunks:
                        yield chunk
                    idle = 0.0 if chunks else idle + POLL_SECONDS
                    if idle >= KEEPALIVE_SECONDS:
                        idle = 0.0
                        yield b": keepalive\n\n"
                    continue
                idle = 0.0
                if int(heard["seq"]) <= self.last:
                    continue
                if int(heard["seq"]) > self.last + 1 or heard.get("status") in MISSION_ENDED:
                    # A gap (a step another process wrote) or the end: the database has it all, in order.
                    state = await self.read()
                    for chunk in self.new(state.steps):
                        yield chunk
                    continue
                yield _step_event(heard)
                self.last = int(heard["seq"])
            yield sse("done", {"status": state.status, "result": state.result, "error": state.error})
        finally:
            self.unsubscribe()


@router.get(STREAM, openapi_extra=runs(ops.list_mission_steps), response_class=StreamingResponse)
async def stream_mission(
    request: Request,
    org: OrgSlug,
    ws: WsSlug,
    mission_id: MissionId,
    actor: Actor,
    last_event_id: Annotated[int | None, Header(alias="Last-Event-ID", ge=0)] = None,
) -> StreamingResponse:
    # Subscribed before the first read, so a step committed in between is heard (and deduplicated by seq).
    stream = _Stream(request, actor, org, ws, mission_id, last_event_id or 0)
    try:
        first = await stream.read()  # a mission the caller cannot see is a 404 here, before any event
    except BaseException:
        stream.unsubscribe()
        raise
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return EventStreamResponse(stream.events(first), headers=headers)
