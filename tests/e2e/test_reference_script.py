"""The reference's curl examples, as a bash script, against a real `stellary serve` process."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("reference_script.sh")
STELLARY = Path(sys.executable).with_name("stellary")

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="the reference script needs curl")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _server_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STELLARY_", "JWT_"))}
    return env


@dataclass
class Server:
    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]


def _wait_until_listening(process: subprocess.Popen[bytes], port: int) -> None:
    """Poll the port until the server accepts connections (start-up, not a timing assertion)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"stellary serve exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("stellary serve did not start listening")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    port = _free_port()
    data_dir = tmp_path / "data"
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [str(STELLARY), "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", str(data_dir)],
        env=_server_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_listening(process, port)
        yield Server(f"http://127.0.0.1:{port}", data_dir, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _run_script(server: Server, email: str = "user@example.com") -> subprocess.CompletedProcess[str]:
    env = {**_server_env(), "STELLARY_URL": server.url, "STELLARY_EMAIL": email}
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=300)


def test_the_reference_script_runs_unchanged_against_stellary_serve(server: Server) -> None:
    result = _run_script(server)
    assert result.returncode == 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert "all calls answered as expected" in result.stdout
    assert result.stdout.count("\nok  ") >= 40
    # With no STELLARY_JWT_SECRET, the server made its secret in the data directory, private.
    secret = server.data_dir / "jwt-secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert (server.data_dir / "stellary.db").is_file()


def test_the_script_stops_at_the_first_unexpected_status(server: Server) -> None:
    assert _run_script(server, "twice@example.com").returncode == 0
    again = _run_script(server, "twice@example.com")  # the account exists now: register is a 409
    assert again.returncode != 0
    assert "FAIL: POST /auth/register answered 409, expected 201" in again.stderr
    assert "ok " not in again.stdout


def test_a_bad_jwt_expires_in_stops_serve_with_a_clear_message(tmp_path: Path) -> None:
    env = {**_server_env(), "JWT_EXPIRES_IN": "a week"}
    result = subprocess.run(
        [str(STELLARY), "serve", "--port", str(_free_port()), "--data-dir", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "JWT_EXPIRES_IN" in result.stderr and "7d, 12h, 30m or seconds" in result.stderr
