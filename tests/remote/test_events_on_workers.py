"""GET /events from ``stellary serve --workers 2``: a write through either worker reaches every stream as its event."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from stellary_core.db import Database
from tests.remote.conftest import register
from tests.served import serve_workers
from tests.remote.test_events import QUIET, Listener, listening

STREAMS = 4  # each on its own connection: the kernel hands each to either worker
WRITES = 10  # each on a fresh connection too


@pytest.fixture
def two_workers(db: Database, tmp_path: Path) -> Iterator[str]:
    with serve_workers(db.settings.data_dir, db.url, tmp_path / "serve.log") as (url, _server):
        yield url


def _heard(stream: Listener, expected: int, within: float = 20.0) -> list[tuple[str, str | None]]:
    """(event name, card id) of what ``stream`` sends: ``expected`` messages or ``within`` seconds, then QUIET more."""
    heard: list[tuple[str, str | None]] = []
    deadline = time.monotonic() + within
    try:
        while True:
            wait = max(0.05, deadline - time.monotonic()) if len(heard) < expected else QUIET
            name, data = stream.messages.get(timeout=wait)
            heard.append((name, data.get("cardId")))
    except queue.Empty:
        return heard


def test_writes_through_either_worker_reach_every_stream_as_domain_events_once(two_workers: str) -> None:
    alice = register(two_workers, "alice@example.com")
    mallory = register(two_workers, "mallory@example.com", project="Heist")
    with ExitStack() as stack:
        alices = [stack.enter_context(listening(two_workers, alice.token)) for _ in range(STREAMS)]
        mallorys = stack.enter_context(listening(two_workers, mallory.token))
        made = sorted(alice.add_card(f"Card {n}")["id"] for n in range(WRITES))
        for stream in alices:
            assert sorted(_heard(stream, WRITES), key=str) == [("domain", card) for card in made]
        assert _heard(mallorys, 0) == []  # not even a "changed"
