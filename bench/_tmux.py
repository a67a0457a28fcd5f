"""A private tmux server for the real-terminal benchmarks (bench/startup.py, bench/screens_terminal.py).

Every run gets its own server (``-L``, no user configuration), so no session of
the user's is touched; ``kill_server`` ends it and every pane in it.
"""

from __future__ import annotations

import compileall
import os
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (160, 50)
POLL_INTERVAL = 0.01
# A command that never shows its text would hang the run; fail loudly instead.
GIVE_UP_AFTER = 60.0
TMUX = ["tmux", "-L", f"stellary-bench-{os.getpid()}", "-f", "/dev/null"]


def compile_checkout() -> None:
    """Byte-compile the checkout, as `pip install` leaves an installed copy.

    A checkout run with PYTHONDONTWRITEBYTECODE (as some shells and CI set) would
    otherwise compile every module on every start, which no user's start does.
    """
    for package in ("stellary_core", "stellary_tui", "bench"):
        compileall.compile_dir(ROOT / package, quiet=1)


def clean_env() -> dict[str, str]:
    """This environment without the caller's Stellary settings or tmux session."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("STELLARY_", "TMUX"))}


def run_env(data_dir: Path | None) -> dict[str, str]:
    """What a run adds to the clean environment."""
    # The checkout under test, even when the virtualenv's editable install points elsewhere.
    env = {"PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    if data_dir is not None:
        env["STELLARY_DATA_DIR"] = str(data_dir)
    return env


def start_server() -> None:
    """One server for the whole run, kept alive by an idle session, so no run pays for starting it."""
    subprocess.run([*TMUX, "new-session", "-d", "-s", "hold", "sleep", "86400"], env=clean_env(), check=True)


def kill_server() -> None:
    subprocess.run([*TMUX, "kill-server"], check=False, capture_output=True)


def new_session(session: str, command: list[str], env: dict[str, str]) -> None:
    """``command`` as the pane's own process (no shell between) in a new SIZE session."""
    env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
    subprocess.run(
        [*TMUX, "new-session", "-d", "-s", session, "-x", str(SIZE[0]), "-y", str(SIZE[1]), *env_args, *command],
        check=True,
    )


def kill_session(session: str) -> None:
    subprocess.run([*TMUX, "kill-session", "-t", session], check=False, capture_output=True)


def pane_pid(session: str) -> int:
    return int(
        subprocess.run(
            [*TMUX, "display-message", "-p", "-t", session, "#{pane_pid}"], capture_output=True, text=True, check=True
        ).stdout
    )


def send_keys(session: str, *keys: str) -> None:
    subprocess.run([*TMUX, "send-keys", "-t", session, *keys], check=True)


def capture(session: str) -> str:
    return subprocess.run([*TMUX, "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=False).stdout


def poll(session: str, done: Callable[[str], bool], started: float, what: str) -> str:
    """Capture the pane every POLL_INTERVAL until ``done(screen)``; the screen that satisfied it."""
    while True:
        screen = capture(session)
        if done(screen):
            return screen
        if time.perf_counter() - started > GIVE_UP_AFTER:
            raise RuntimeError(f"{session}: {what} not on screen after {GIVE_UP_AFTER:.0f} s:\n{screen}")
        time.sleep(POLL_INTERVAL)


def wait_for(session: str, wanted: re.Pattern[str]) -> float:
    """Seconds from now until ``wanted`` is on the pane."""
    started = time.perf_counter()
    poll(session, lambda screen: wanted.search(screen) is not None, started, repr(wanted.pattern))
    return time.perf_counter() - started
