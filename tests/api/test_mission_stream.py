"""The mission stream read by a real client (httpx, streaming) from a real server (uvicorn on 127.0.0.1)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from stellary_core import mission_stream
from stellary_core.ai.mission_runner import worker_of
from stellary_core.db import Database
from stellary_core.models import AgentMission, AgentMissionStep
from stellary_core.server.app import create_app
from tests.served import served


@dataclass(frozen=True)
class Event:
    name: str
    data: dict[str, Any]
    id: int | None


@pytest.fixture
def server_url(db: Database) -> Iterator[str]:
    with served(create_app(db)) as url:
        yield url
        assert worker_of(db).wait(10)


class Api:
    def __init__(self, http: httpx.Client) -> None:
        self.http = http
        registered = http.post("/auth/register", json={"email": "ann@example.com", "password": "secure-pass-123", "name": "Ann"})
        assert registered.status_code == 201, registered.text
        http.headers["Authorization"] = f"Bearer {registered.json()['access_token']}"
        org = http.get("/organizations").json()[0]["slug"]
        self.W = f"/orgs/{org}/workspaces/personal"
        project = self.ok(http.post(f"{self.W}/projects", json={"name": "Launch"}))
        self.P = f"{self.W}/projects/{project['id']}"
        column = http.get(f"{self.P}/columns").json()[0]["id"]
        self.card = self.ok(http.post(f"{self.P}/columns/{column}/cards", json={"title": "Release"}))["id"]

    @staticmethod
    def ok(response: httpx.Response) -> dict[str, Any]:
        assert response.status_code < 300, response.text
        body: dict[str, Any] = response.json()
        return body

    def agent(self, **fields: Any) -> str:
        return str(self.ok(self.http.post(f"{self.W}/agents", json={"name": "Bot", "slug": "bot", **fields}))["id"])

    def mission(self, agent: str, prompt: str) -> str:
        body = {"cardId": self.card, "prompt": prompt}
        return str(self.ok(self.http.post(f"{self.W}/agents/{agent}/missions", json=body))["id"])


def read_events(response: httpx.Response, until: str | None = "done") -> Iterator[Event]:
    """The events of a stream, up to ``until`` (None: until the server closes it; a read timeout if it never does)."""
    name, data, event_id = "message", "", None
    for line in response.iter_lines():
        if line.startswith(":"):
            continue
        if line == "":
            if data:
                event = Event(name, json.loads(data), event_id)
                yield event
                if event.name == until:
                    return
            name, data, event_id = "message", "", None
            continue
        field, _, value = line.partition(": ")
        if field == "event":
            name = value
        elif field == "data":
            data += value
        elif field == "id":
            event_id = int(value)


@pytest.fixture
def api(server_url: str) -> Iterator[Api]:
    with httpx.Client(base_url=server_url, timeout=10) as http:
        yield Api(http)


def stops_listening(mission: str, within: float = 5) -> bool:
    """Whether the server's stream lets go of the mission's hub (just after its last event: the client may read it first)."""
    deadline = time.monotonic() + within
    while mission_stream.listening(mission) and time.monotonic() < deadline:
        time.sleep(0.05)
    return mission_stream.listening(mission) == 0


def stream(api: Api, mission: str, **headers: str) -> Any:
    return api.http.stream("GET", f"{api.W}/missions/{mission}/stream", headers=headers)


def test_a_late_subscriber_gets_the_past_steps_then_done_and_the_stream_closes(api: Api, db: Database) -> None:
    mission = api.mission(api.agent(autonomyMode="autonomous"), "move to Done; comment: shipped")
    assert worker_of(db).wait(10)
    with stream(api, mission) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = list(read_events(response, until=None))  # the server closes the stream after done
    names = [e.name for e in events]
    assert names == ["status", "status", "step", "tool_call", "step", "tool_call", "step", "status", "done"]
    assert [e.id for e in events[:-1]] == list(range(1, 9))
    assert [e.data["status"] for e in events if e.name == "status"] == ["queued", "running", "completed"]
    assert events[3].data["tool"] == "move_card" and events[4].data["outcome"] == "result"
    assert events[-1].data == {"status": "completed", "result": api.http.get(f"{api.W}/missions/{mission}").json()["result"], "error": None}
    # Last-Event-ID: only what came after it.
    with stream(api, mission, **{"Last-Event-ID": "6"}) as response:
        assert [e.id for e in read_events(response)] == [7, 8, None]


def test_a_subscriber_hears_steps_live_as_the_mission_waits_and_ends(api: Api, db: Database) -> None:
    """Replay first, then live: proposals decided by another client reach the open stream, then done."""
    mission = api.mission(api.agent(), "archive; comment: bye")
    assert worker_of(db).wait(10)
    proposals = api.http.get(f"{api.W}/missions/{mission}/proposals").json()
    heard: list[Event] = []
    opened = threading.Event()

    def listen() -> None:
        with httpx.Client(base_url=str(api.http.base_url), headers=api.http.headers, timeout=10) as own:
            with own.stream("GET", f"{api.W}/missions/{mission}/stream") as response:
                for event in read_events(response):
                    heard.append(event)
                    if event.name == "status" and event.data["status"] == "awaiting_approval":
                        opened.set()

    listener = threading.Thread(target=listen)
    listener.start()
    assert opened.wait(10), "the replay did not arrive"
    replayed = len(heard)
    api.ok(api.http.post(f"{api.W}/proposals/{proposals[0]['id']}/reject", json={"reason": "not yet"}))
    api.ok(api.http.post(f"{api.W}/proposals/{proposals[1]['id']}/approve"))
    listener.join(10)
    assert not listener.is_alive()
    live = heard[replayed:]
    assert [(e.name, e.data.get("status")) for e in live] == [
        ("proposal", "rejected"), ("proposal", "approved"), ("status", "completed"), ("done", "completed"),
    ]
    assert live[0].data["message"] == "not yet" and live[0].data["proposalId"] == proposals[0]["id"]
    assert stops_listening(mission)  # the stream let go of the hub


def test_steps_another_process_writes_reach_the_stream_by_polling(api: Api, db: Database) -> None:
    """A mission run elsewhere: its steps are only in the database (nothing goes through this process's hub)."""
    mission = api.mission(api.agent(provider="external"), "comment: from afar")
    heard: list[Event] = []

    def listen() -> None:
        with httpx.Client(base_url=str(api.http.base_url), headers=api.http.headers, timeout=10) as own:
            with own.stream("GET", f"{api.W}/missions/{mission}/stream") as response:
                heard.extend(read_events(response))

    listener = threading.Thread(target=listen)
    listener.start()
    time.sleep(0.3)
    with db.session(write=True) as session:
        found = session.get(AgentMission, mission)
        assert found is not None
        # Written as another process would: the step and the end, without the hub hearing them.
        found.step_count += 1
        session.add(AgentMissionStep(mission_id=mission, seq=found.step_count, kind="log", data={"message": "elsewhere"}))
        found.status, found.result = "completed", "done elsewhere"
        found.step_count += 1
        session.add(AgentMissionStep(mission_id=mission, seq=found.step_count, kind="status", data={"status": "completed"}))
    listener.join(10)
    assert not listener.is_alive()
    assert [(e.name, e.data.get("message") or e.data.get("status")) for e in heard] == [
        ("status", "queued"), ("log", "elsewhere"), ("status", "completed"), ("done", "completed"),
    ]
    assert heard[-1].data["result"] == "done elsewhere"


def test_a_stream_survives_a_client_that_goes_away(api: Api, db: Database) -> None:
    mission = api.mission(api.agent(), "comment: still here")
    with stream(api, mission) as response:
        first = next(read_events(response))
        assert first.name == "status"
    # The client is gone; the mission went on and waits for its proposal.
    assert worker_of(db).wait(10)
    assert api.http.get(f"{api.W}/missions/{mission}").json()["status"] == "awaiting_approval"
    assert stops_listening(mission)
