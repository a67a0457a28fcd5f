"""Fixtures for the tools: the world on disk, and how to start ``stellary`` the way a user does."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from stellary_core.db import Database
from tests.conftest import POSTGRES_ADMIN_URL, point_stellary_at
from tests.tools.world import World, build_world

ROOT = Path(__file__).resolve().parents[2]
# ``python -m stellary_tui.cli`` from this checkout: the console script of the shared virtualenv may run another one.
STELLARY = [sys.executable, "-m", "stellary_tui.cli"]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)


@pytest.fixture
def data_dir(db: Database, world: World, monkeypatch: pytest.MonkeyPatch) -> Path:
    point_stellary_at(db, monkeypatch)
    return db.settings.data_dir


def stellary_env(data_dir: Path, token: str | None = None) -> dict[str, str]:
    """The environment of a ``stellary`` child: this one's, pointed at ``data_dir``, with or without a token."""
    env = {k: v for k, v in os.environ.items() if k != "STELLARY_TOKEN"}
    if POSTGRES_ADMIN_URL is None:  # on PostgreSQL, the data_dir fixture named the test's database
        env.pop("STELLARY_DATABASE_URL", None)
    env["STELLARY_DATA_DIR"] = str(data_dir)
    if token is not None:
        env["STELLARY_TOKEN"] = token
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"stellary serve exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port}")


def serve(data_dir: Path) -> Iterator[str]:
    """A real ``stellary serve`` on a free loopback port; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [*STELLARY, "serve", "--port", str(port), "--data-dir", str(data_dir)],
        cwd=ROOT, env=stellary_env(data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
