"""GET /events from ``stellary serve --workers 2``: a write through either worker reaches every stream as its event."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from stellary_core.db import Database
from tests.remote.conftest import free_port, register
from tests.remote.test_events import QUIET, Listener, listening

STREAMS = 4  # each on its own connection: the kernel hands each to either worker
WRITES = 10  # each on a fresh connection too


@pytest.fixture
def two_workers(db: Database, tmp_path: Path) -> Iterator[str]:
    port = free_port()
    log = tmp_path / "serve.log"
    env = {key: value for key, value in os.environ.items() if not key.startswith("STELLARY_")}
    command = [sys.executable, "-m", "stellary_tui.cli", "serve", "--workers", "2", "--host", "127.0.0.1", "--port", str(port),
               "--data-dir", str(db.settings.data_dir), "--database-url", db.url]  # fmt: skip
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 60
        while log.read_text().count("Application startup complete") < 2:
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


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
