"""``stellary web`` run as a subprocess on a free loopback port, killed with every app it started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_listening(port: int, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"stellary web exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"stellary web did not listen on port {port} within {timeout:.0f} s")


@contextmanager
def stellary_web(data_dir: Path, log: Path) -> Iterator[str]:
    """The URL of ``stellary web --data-dir data_dir``; its output goes to ``log``."""
    port = free_port()
    environment = {key: value for key, value in os.environ.items() if not key.startswith("STELLARY_")}
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "stellary_tui.cli", "web", "--port", str(port), "--data-dir", str(data_dir)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=environment,
            # The app processes textual-serve starts per tab join this group.
            start_new_session=True,
        )
        try:
            wait_until_listening(port, process, timeout=30)
            yield f"http://127.0.0.1:{port}/"
        finally:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(timeout=10)
