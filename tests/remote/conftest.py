"""A team server on loopback: in this process (uvicorn in a thread) or as a real ``stellary serve`` child."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from stellary_core.db import Database
from stellary_core.server.app import create_app
from tests.served import free_port, served

PASSWORD = "secure-pass-123"


@pytest.fixture
def server_url(db: Database) -> Iterator[str]:
    """``create_app(db)`` served by uvicorn on a free loopback port, in a thread of this process."""
    with served(create_app(db), graceful_shutdown=1) as url:
        yield url


@dataclass
class Account:
    """A user registered on a server through REST, with a project of their own."""

    base_url: str
    email: str
    token: str = ""
    org: str = ""
    project: dict[str, Any] = field(default_factory=dict)
    columns: list[dict[str, Any]] = field(default_factory=list)

    @property
    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, headers={"Authorization": f"Bearer {self.token}"}, timeout=10)

    @property
    def project_path(self) -> str:
        return f"/orgs/{self.org}/workspaces/personal/projects/{self.project['id']}"

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        with self.http as http:
            response = http.request(method, path, **kwargs)
        assert response.status_code < 300, response.text
        return response.json()

    def add_card(self, title: str, column: int = 0) -> dict[str, Any]:
        created: dict[str, Any] = self.call(
            "POST", f"{self.project_path}/columns/{self.columns[column]['id']}/cards", json={"title": title}
        )
        return created


def register(base_url: str, email: str, project: str = "Launch") -> Account:
    account = Account(base_url, email)
    with httpx.Client(base_url=base_url, timeout=10) as http:
        registered = http.post("/auth/register", json={"email": email, "password": PASSWORD, "name": email.split("@")[0]})
        assert registered.status_code == 201, registered.text
    account.token = registered.json()["access_token"]
    account.org = account.call("GET", "/organizations")[0]["slug"]
    account.project = account.call("POST", f"/orgs/{account.org}/workspaces/personal/projects", json={"name": project})
    account.columns = account.call("GET", f"{account.project_path}/columns")
    return account


class ServeProcess:
    """``stellary serve`` as a child process on one loopback port, which can be stopped and started again."""

    def __init__(self, db: Database, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log
        self._env = {key: value for key, value in os.environ.items() if not key.startswith("STELLARY_")}
        # The test's own database (a file, or a PostgreSQL database): the child serves it.
        self._env["STELLARY_DATABASE_URL"] = db.settings.database_url
        self._env["STELLARY_DATA_DIR"] = str(db.settings.data_dir)
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "stellary_tui.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        with self._log.open("ab") as output:
            self._process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, env=self._env
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"stellary serve exited with {self._process.returncode}: {self._log.read_text()}")
            try:
                if httpx.get(f"{self.url}/openapi.json", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("stellary serve did not answer within 60 s")

    def interrupt(self, within: float) -> int | None:
        """ctrl+c, as at a terminal; its exit code, or None if it was still running ``within`` seconds later."""
        assert self._process is not None
        self._process.send_signal(signal.SIGINT)
        try:
            return self._process.wait(timeout=within)
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        """Killed, as a crash or a pulled cable would leave the clients: no goodbye."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(timeout=10)
        self._process = None


@pytest.fixture
def serve_process(db: Database, tmp_path: Path) -> Iterator[ServeProcess]:
    served = ServeProcess(db, tmp_path / "serve.log")
    served.start()
    yield served
    served.stop()


@pytest.fixture
def anyio_backend() -> str:
    """Pilot tests run on asyncio through anyio's pytest plugin."""
    return "asyncio"
