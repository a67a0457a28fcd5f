"""A FastAPI app served by uvicorn on a free loopback port, in a thread of the test's process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI


@contextmanager
def served(app: FastAPI, *, graceful_shutdown: float | None = None) -> Iterator[str]:
    """The base URL of ``app`` while the block runs; the server stops after it.

    ``graceful_shutdown``: seconds open requests get at the stop (an event stream never ends by itself).
    """
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", timeout_graceful_shutdown=graceful_shutdown)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def free_port() -> int:
    """A loopback port nobody listens on now (a child process binds it next)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serve_workers(data_dir: Path, database_url: str, log: Path, workers: int = 2) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``stellary serve --workers N`` as a child process: its base URL and process once every worker has started.

    Stopped with SIGTERM after the block (killed if it will not stop), so the caller can check its exit and its log.
    """
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("STELLARY_")}
    command = [sys.executable, "-m", "stellary_tui.cli", "serve", "--workers", str(workers), "--host", "127.0.0.1",
               "--port", str(port), "--data-dir", str(data_dir), "--database-url", database_url]  # fmt: skip
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 60
        # Every worker has built its app (and started its background checks) once each said so.
        while log.read_text().count("Application startup complete") < workers:
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
