"""GET /events read by a real client (httpx, streaming) from a real server (uvicorn on 127.0.0.1)."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from sqlalchemy.exc import OperationalError

from stellary_core.db import Database, open_database
from stellary_core.event_journal import JournalPage
from stellary_core.event_types import DomainEvent
from stellary_core.event_wire import event_to_wire
from stellary_core.operations import OperationRunner
from stellary_core.operations.catalog.board import CreateCard
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn
from stellary_tui.server_events import sse_messages
from tests.remote.conftest import Account, ServeProcess, register

QUIET = 1.5  # how long a stream that should stay silent is watched


class Listener:
    """One user's /events stream, read by a thread into a queue of (event name, data)."""

    def __init__(self, base_url: str, token: str) -> None:
        self.messages: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()
        self._client = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        self._ready = threading.Event()
        self._response: httpx.Response | None = None
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        assert self._ready.wait(10), "the stream did not open"

    def _read(self) -> None:
        try:
            with self._client.stream("GET", "/events") as response:
                self._response = response
                assert response.status_code == 200
                for name, data in sse_messages(response.iter_lines()):
                    if name == "ready":
                        self._ready.set()
                    else:
                        self.messages.put((name, json.loads(data)))
        except httpx.HTTPError:
            pass  # closed by the test

    def next(self, timeout: float = 5.0) -> tuple[str, dict[str, Any]]:
        return self.messages.get(timeout=timeout)

    def domain_events(self, within: float) -> list[dict[str, Any]]:
        found = []
        try:
            while True:
                name, data = self.messages.get(timeout=within)
                if name == "domain":
                    found.append(data)
        except queue.Empty:
            return found

    def close(self) -> None:
        self._client.close()
        self._thread.join(timeout=5)


@contextmanager
def listening(base_url: str, token: str) -> Iterator[Listener]:
    listener = Listener(base_url, token)
    try:
        yield listener
    finally:
        listener.close()


def test_a_change_reaches_its_members_as_the_event_itself(server_url: str) -> None:
    alice = register(server_url, "alice@example.com")
    with listening(server_url, alice.token) as stream:
        card = alice.add_card("Release notes")
        name, event = stream.next()
    assert name == "domain"
    assert event["type"] == "card_created"
    assert (event["projectId"], event["cardId"]) == (alice.project["id"], card["id"])
    assert event["actor"]["userId"] == alice.call("GET", "/auth/me")["user"]["id"]


def test_another_organizations_user_hears_nothing_of_it(server_url: str) -> None:
    alice = register(server_url, "alice@example.com")
    mallory = register(server_url, "mallory@example.com", project="Heist")
    with listening(server_url, alice.token) as alices, listening(server_url, mallory.token) as mallorys:
        alice.add_card("Secret plan")
        alice.call("PATCH", alice.project_path, json={"name": "Renamed"})
        assert [event["type"] for event in alices.domain_events(within=QUIET)] == ["card_created", "project_updated"]
        assert mallorys.domain_events(within=QUIET) == []
        mallory.add_card("Own card")  # her stream works: it was quiet for the right reason
        assert [event["type"] for event in mallorys.domain_events(within=QUIET)] == ["card_created"]


def test_a_commit_of_another_process_reaches_its_members_as_the_event_and_no_one_else(server_url: str, db: Database) -> None:
    alice = register(server_url, "alice@example.com")
    mallory = register(server_url, "mallory@example.com", project="Heist")
    user_id = alice.call("GET", "/auth/me")["user"]["id"]
    # A second connection pool of its own, as another worker or a local app on the same database has.
    other = open_database(db.settings, migrate=False)
    committed: list[DomainEvent] = []
    other.events.subscribe(committed.append)
    try:
        with listening(server_url, alice.token) as alices, listening(server_url, mallory.token) as mallorys:
            given = CreateCard(
                workspace_id=alice.project["workspaceId"], project=alice.project["id"], data=CardCreateIn(title="From elsewhere")
            )
            OperationRunner(other).run("create_card", Principal(user_id=user_id, kind="jwt"), given)
            name, event = alices.next(timeout=10)
            # Not even a bare "changed": Mallory may not know that anything happened in Alice's workspace.
            with pytest.raises(queue.Empty):
                mallorys.next(timeout=QUIET)
            with pytest.raises(queue.Empty):
                alices.next(timeout=QUIET)  # once
    finally:
        other.dispose()
    assert name == "domain"
    assert [event] == [event_to_wire(e) for e in committed if e.type == "card_created"]


def test_a_commit_of_another_process_is_announced_as_changed_when_the_journal_cannot_be_read(
    server_url: str, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = register(server_url, "alice@example.com")
    other = open_database(db.settings, migrate=False)

    def unreadable(*_: Any) -> JournalPage:
        raise OperationalError("SELECT ... FROM event_journal", {}, Exception("the journal is away"))

    try:
        with listening(server_url, alice.token) as stream:
            monkeypatch.setattr(db.journal, "read_after", unreadable)
            alice_id = alice.call("GET", "/auth/me")["user"]["id"]
            given = CreateCard(
                workspace_id=alice.project["workspaceId"], project=alice.project["id"], data=CardCreateIn(title="From elsewhere")
            )
            OperationRunner(other).run("create_card", Principal(user_id=alice_id, kind="jwt"), given)
            name, _ = stream.next(timeout=10)
    finally:
        other.dispose()
    assert name == "changed"


def test_a_token_without_the_read_scope_is_refused(server_url: str) -> None:
    alice = register(server_url, "alice@example.com")
    token = alice.call("POST", "/api-tokens", json={"name": "notes", "scopes": ["notifications:read"]})["token"]
    answer = httpx.get(f"{server_url}/events", headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert answer.status_code == 403
    assert "projects:read" in answer.json()["message"]


def test_without_a_token_the_stream_is_a_401(server_url: str) -> None:
    answer = httpx.get(f"{server_url}/events", timeout=5)
    assert answer.status_code == 401


@pytest.mark.parametrize("seconds", [0.3])
def test_silence_is_broken_by_keepalive_comments(server_url: str, monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    from stellary_core.server.routers import events

    monkeypatch.setattr(events, "KEEPALIVE_SECONDS", seconds)
    alice = register(server_url, "alice@example.com")
    with httpx.Client(base_url=server_url, headers={"Authorization": f"Bearer {alice.token}"}, timeout=5) as http:
        with http.stream("GET", "/events") as response:
            lines = response.iter_lines()
            seen = [next(lines) for _ in range(5)]
    assert ": keepalive" in seen


def test_a_server_with_a_client_listening_stops_on_one_interrupt(serve_process: ServeProcess) -> None:
    """ctrl+c stops the server even while a TUI follows /events (it waited for the stream to end, forever)."""
    account = register(serve_process.url, "ann@example.com")
    listener = Listener(serve_process.url, account.token)
    try:
        assert serve_process.interrupt(within=20) == 0
    finally:
        listener.close()
