"""Start-up in a real terminal: from launching ``stellary`` until a card key is on screen.

    python bench/startup.py            # 0, 2,000 and 10,000 cards, median of 5 runs each
    python bench/startup.py --runs 9
    python bench/startup.py --smoke    # 0 cards, one run (CI)

Each run starts the command in a fresh tmux session (160x50) and polls
``tmux capture-pane`` until the text it waits for is on screen; the time runs
from just before tmux is asked to start the command. A bare Textual app
painting one line (bench/bare_app.py) is measured the same way in the same
run, interleaved with stellary, so a busy machine slows both alike: the goal
is a ratio, stellary's first paint within twice the bare app's. The same app
after importing stellary_core's models and schemas (``--with-core``) shows the
least a start that reads the database through stellary_core costs in one
process. ``stellary --help`` is timed too, as a plain process (goal: 150 ms).

Databases are seeded once, before any timing, in throwaway data directories:
the local profile with its "Getting Started" sample board (5 cards), plus for
N > 0 a demo project of N cards that is the project the app opens.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._tmux import (  # noqa: E402
    GIVE_UP_AFTER,
    POLL_INTERVAL,
    TMUX,
    capture,
    clean_env,
    compile_checkout,
    kill_server,
    kill_session,
    new_session,
    pane_pid,
    run_env,
    send_keys,
    start_server,
)

GOAL_RATIO = 2.0
HELP_GOAL_MS = 150.0
BARE_LINE = re.compile(r"BARE-1")
SNAPSHOT_FILE = "start-snapshot.json"  # stellary_tui.start_snapshot.FILE_NAME
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def seed(directory: Path, cards: int) -> str:
    """A profile (and for cards > 0 a demo project it opens first); returns the opened project's key prefix."""
    from sqlalchemy import select

    from stellary_core.config import Settings
    from stellary_core.db import open_database
    from stellary_core.models import Project
    from stellary_core.services import navigation, seeding

    db = open_database(Settings.from_env(data_dir=directory, database_url=f"sqlite:///{directory / 'stellary.db'}"))
    try:
        with db.session(write=True) as session:
            actor = seeding.create_local_profile(session, name="Bench User")
            sample = session.scalars(select(Project)).one()
            opened = sample
            if cards:
                opened = seeding.seed_demo_project(
                    session, actor=actor, workspace_id=sample.workspace_id, cards=cards, with_labels=True
                )
                navigation.set_preference(session, actor=actor, name="last_project", value=opened.id)
            return opened.key_prefix
    finally:
        db.dispose()


@dataclass(frozen=True)
class Start:
    wall: float  # seconds from launching the command until its text was on screen
    cpu: float  # CPU seconds the process had used by then (user + system; nan where /proc is missing)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` so far (clock ticks of /proc/<pid>/stat, 10 ms each)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return math.nan
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def time_to_text(
    command: list[str], wanted: re.Pattern[str], env: dict[str, str], *, quit_key: str | None = None
) -> Start:
    """Launch ``command`` in a new 160x50 tmux session and time it until ``wanted`` is on screen.

    With ``quit_key`` the command is then quit with that key and waited for, as a user quits
    (stellary saves its start-up snapshot on the way out); otherwise its session is killed.
    """
    session = f"run{time.monotonic_ns()}"
    started = time.perf_counter()
    new_session(session, command, env)
    try:
        pid = pane_pid(session)
        while True:
            screen = capture(session)
            if wanted.search(screen):
                seen = Start(time.perf_counter() - started, _cpu_seconds(pid))
                if quit_key is not None:
                    _quit(session, quit_key)
                return seen
            if time.perf_counter() - started > GIVE_UP_AFTER:
                raise RuntimeError(f"{' '.join(command)}: {wanted.pattern!r} not on screen after {GIVE_UP_AFTER:.0f} s:\n{screen}")
            time.sleep(POLL_INTERVAL)
    finally:
        kill_session(session)


def _quit(session: str, key: str) -> None:
    """Press ``key`` and wait for the command (and so its session) to end."""
    send_keys(session, key)
    deadline = time.perf_counter() + GIVE_UP_AFTER
    while subprocess.run([*TMUX, "has-session", "-t", session], capture_output=True).returncode == 0:
        if time.perf_counter() > deadline:
            raise RuntimeError(f"{session} did not quit on {key}")
        time.sleep(POLL_INTERVAL)


def stellary_start(
    command: list[str], wanted: re.Pattern[str], env: dict[str, str], data_dir: Path, *, snapshot: bool
) -> Start:
    """stellary started after a clean exit (its start-up snapshot there) or without one (the first start after a change)."""
    saved = data_dir / SNAPSHOT_FILE
    if not snapshot:
        saved.unlink(missing_ok=True)
    elif not saved.exists():
        raise RuntimeError(f"no start-up snapshot in {data_dir}: the previous run did not save one")
    return time_to_text(command, wanted, env, quit_key="C-q")


def time_process(command: list[str], env: dict[str, str]) -> Start:
    started = time.perf_counter()
    before = os.times()
    subprocess.run(command, env=clean_env() | env, check=True, stdout=subprocess.DEVNULL)
    after = os.times()
    cpu = after.children_user - before.children_user + after.children_system - before.children_system
    return Start(time.perf_counter() - started, cpu)


def interleaved(runs: int, measures: dict[str, Callable[[], Start]]) -> dict[str, list[Start]]:
    """Each measure once per round, round after round, after one untimed warm-up round (disk cache)."""
    for measure in measures.values():
        measure()
    samples: dict[str, list[Start]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            samples[name].append(measure())
    return samples


def medians(samples: list[Start]) -> Start:
    """Median wall and median CPU time, in milliseconds."""
    return Start(statistics.median(s.wall for s in samples) * 1000, statistics.median(s.cpu for s in samples) * 1000)


def _runs_text(samples: dict[str, list[Start]]) -> str:
    return "; ".join(
        f"{name}: " + ", ".join(f"{s.wall * 1000:.0f} ({s.cpu * 1000:.0f})" for s in values) for name, values in samples.items()
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (default 5)")
    parser.add_argument("--smoke", action="store_true", help="0 cards, one run (CI: it only has to work)")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("bench/startup.py needs tmux", file=sys.stderr)
        return 1
    sizes = (0,) if args.smoke else (0, 2_000, 10_000)
    runs = 1 if args.smoke else args.runs
    bin_dir = Path(sys.executable).parent
    stellary = str(bin_dir / "stellary") if (bin_dir / "stellary").exists() else None
    # Without the console script (a venv without the package installed), the same entry point by hand.
    stellary_cmd = [stellary] if stellary else [sys.executable, "-m", "stellary_tui.cli"]
    bare_cmd = [sys.executable, str(ROOT / "bench" / "bare_app.py")]
    core_cmd = [*bare_cmd, "--with-core"]

    compile_checkout()
    workdir = Path(tempfile.mkdtemp(prefix="stellary-startup-"))
    rows: list[tuple[str, Start, Start, Start, Start]] = []
    try:
        start_server()
        prefixes = {cards: seed(workdir / f"cards-{cards}", cards) for cards in sizes}
        for cards in sizes:
            wanted = re.compile(rf"\b{re.escape(prefixes[cards])}-\d+\b")
            data_dir = workdir / f"cards-{cards}"
            env = run_env(data_dir)
            # In each round the cold start (no snapshot) comes first and saves the snapshot the next one uses.
            samples = interleaved(
                runs,
                {
                    "bare": lambda: time_to_text(bare_cmd, BARE_LINE, run_env(None)),
                    "core": lambda: time_to_text(core_cmd, BARE_LINE, run_env(None)),
                    "cold": lambda: stellary_start(stellary_cmd, wanted, env, data_dir, snapshot=False),  # noqa: B023
                    "stellary": lambda: stellary_start(stellary_cmd, wanted, env, data_dir, snapshot=True),  # noqa: B023
                },
            )
            bare, core, cold, app = (medians(samples[name]) for name in ("bare", "core", "cold", "stellary"))
            rows.append((f"{cards:,}", bare, core, cold, app))
            print(
                f"{cards:>6,} cards: stellary {app.wall:.0f} ms, bare Textual app {bare.wall:.0f} ms,"
                f" ratio {app.wall / bare.wall:.2f} (CPU {app.cpu / bare.cpu:.2f}); without a snapshot {cold.wall:.0f} ms"
                f"  [wall (CPU) ms of each run: {_runs_text(samples)}]",
                flush=True,
            )
        help_samples = interleaved(
            runs,
            {
                "help": lambda: time_process([*stellary_cmd, "--help"], run_env(None)),
                "python": lambda: time_process([sys.executable, "-c", "pass"], run_env(None)),
            },
        )
        help_run, python_run = medians(help_samples["help"]), medians(help_samples["python"])
    finally:
        kill_server()
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        "\n| cards | bare Textual app | bare app + stellary_core's models and schemas | stellary, no snapshot"
        " | stellary | stellary ÷ bare |"
        "\n|---|---|---|---|---|---|"
    )
    for label, bare, core, cold, app in rows:
        print(
            f"| {label} | {bare.wall:.0f} ms (CPU {bare.cpu:.0f}) | {core.wall:.0f} ms (CPU {core.cpu:.0f}):"
            f" {core.wall / bare.wall:.2f}× ({core.cpu / bare.cpu:.2f}×) | {cold.wall:.0f} ms (CPU {cold.cpu:.0f}):"
            f" {cold.wall / bare.wall:.2f}× | {app.wall:.0f} ms (CPU {app.cpu:.0f})"
            f" | **{app.wall / bare.wall:.2f}×** (CPU {app.cpu / bare.cpu:.2f}×) |"
        )
    print(
        f"\n`stellary --help`: {help_run.wall:.0f} ms (CPU {help_run.cpu:.0f} ms);"
        f" `python -c pass`: {python_run.wall:.0f} ms (CPU {python_run.cpu:.0f} ms)"
    )
    met = all(app.wall <= GOAL_RATIO * bare.wall for _, bare, _core, _cold, app in rows) and help_run.wall <= HELP_GOAL_MS
    print(f"goal (first paint <= {GOAL_RATIO:g}x the bare app, --help <= {HELP_GOAL_MS:.0f} ms): {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
