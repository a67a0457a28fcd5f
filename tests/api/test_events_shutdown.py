"""A server that stops while clients stream GET /events ends their streams quietly: no traceback in its log.

The streams never end by themselves, so uvicorn cancels them once its graceful
shutdown (GRACEFUL_SHUTDOWN_SECONDS) is over; a stream must take that as its end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from stellary_core.db import Database
from tests.served import free_port

ROOT = Path(__file__).resolve().parents[2]
STELLARY = [sys.executable, "-c", "import sys; from stellary_tui.cli import main; sys.exit(main())"]


def _stream_until_closed(base: str, token: str, heard: list[str]) -> None:
    """Read /events until the server closes it (``heard`` gets each line, and a last "closed")."""
    try:
        with httpx.Client(base_url=base, timeout=httpx.Timeout(30, read=60)) as http:
            with http.stream("GET", "/events", headers={"Authorization": f"Bearer {token}"}) as response:
                heard.append(str(response.status_code))
                for line in response.iter_lines():
                    heard.append(line)
    except httpx.HTTPError:
        pass  # the server went away: what the test waits for
    heard.append("closed")


def test_stopping_the_server_ends_open_event_streams_without_a_traceback(db: Database, tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*STELLARY, "serve", "--host", "127.0.0.1", "--port", str(port),
             "--data-dir", str(db.settings.data_dir), "--database-url", db.url],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={k: v for k, v in os.environ.items() if k != "STELLARY_DATABASE_URL"},
        )  # fmt: skip
    streams: list[list[str]] = []
    try:
        deadline = time.monotonic() + 60
        while "Application startup complete" not in log.read_text():
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        registered = httpx.post(
            f"{base}/auth/register", json={"email": "sse@example.com", "password": "secure-pass-123", "name": "Sse"}
        )
        assert registered.status_code == 201, registered.text
        token = registered.json()["access_token"]
        streams = [[] for _ in range(2)]
        readers = [threading.Thread(target=_stream_until_closed, args=(base, token, heard), daemon=True) for heard in streams]
        for reader in readers:
            reader.start()
        while not all("event: ready" in heard for heard in streams):
            assert time.monotonic() < deadline, streams
            time.sleep(0.05)
    finally:
        server.send_signal(signal.SIGINT)  # ctrl+c, how a person stops it
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
    said = log.read_text()
    assert server.returncode in (0, -signal.SIGINT), said  # uvicorn may re-raise the signal it stopped on
    assert all(heard[0] == "200" and heard[-1] == "closed" for heard in streams), streams
    for noise in ("Traceback", "CancelledError", "Exception in ASGI application", "without completing response"):
        assert noise not in said, said
