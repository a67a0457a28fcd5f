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
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (160, 50)
GOAL_RATIO = 2.0
HELP_GOAL_MS = 150.0
POLL_INTERVAL = 0.01
# A start that never shows its text would hang the run; fail loudly instead.
GIVE_UP_AFTER = 60.0
BARE_LINE = re.compile(r"BARE-1")
# Our own tmux server, without the user's configuration, so no other session is touched.
TMUX = ["tmux", "-L", f"stellary-bench-{os.getpid()}", "-f", "/dev/null"]


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


def _clean_env() -> dict[str, str]:
    """This environment without the caller's Stellary settings or tmux session."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("STELLARY_", "TMUX"))}


def _run_env(data_dir: Path | None) -> dict[str, str]:
    """What a run adds to the clean environment."""
    # The checkout under test, even when the virtualenv's editable install points elsewhere.
    env = {"PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    if data_dir is not None:
        env["STELLARY_DATA_DIR"] = str(data_dir)
    return env


def start_tmux_server() -> None:
    """One server for the whole run, kept alive by an idle session, so no run pays for starting it."""
    subprocess.run([*TMUX, "new-session", "-d", "-s", "hold", "sleep", "86400"], env=_clean_env(), check=True)


def time_to_text(command: list[str], wanted: re.Pattern[str], env: dict[str, str]) -> float:
    """Seconds from launching ``command`` in a new 160x50 tmux session until ``wanted`` is on screen."""
    session = f"run{time.monotonic_ns()}"
    env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
    started = time.perf_counter()
    subprocess.run(
        [*TMUX, "new-session", "-d", "-s", session, "-x", str(SIZE[0]), "-y", str(SIZE[1]), *env_args, *command],
        check=True,
    )
    try:
        while True:
            screen = subprocess.run(
                [*TMUX, "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=False
            ).stdout
            if wanted.search(screen):
                return time.perf_counter() - started
            if time.perf_counter() - started > GIVE_UP_AFTER:
                raise RuntimeError(f"{' '.join(command)}: {wanted.pattern!r} not on screen after {GIVE_UP_AFTER:.0f} s:\n{screen}")
            time.sleep(POLL_INTERVAL)
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", session], check=False, capture_output=True)


def time_process(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=_clean_env() | env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def interleaved(runs: int, measures: dict[str, Callable[[], float]]) -> dict[str, list[float]]:
    """Each measure once per round, round after round, after one untimed warm-up round (disk cache)."""
    for measure in measures.values():
        measure()
    samples: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            samples[name].append(measure())
    return samples


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
    stellary_cmd = [stellary] if stellary else [sys.executable, "-c", "import sys; from stellary_tui.cli import main; sys.exit(main())"]
    bare_cmd = [sys.executable, str(ROOT / "bench" / "bare_app.py")]
    core_cmd = [*bare_cmd, "--with-core"]

    workdir = Path(tempfile.mkdtemp(prefix="stellary-startup-"))
    rows: list[tuple[str, float, float, float]] = []
    try:
        start_tmux_server()
        prefixes = {cards: seed(workdir / f"cards-{cards}", cards) for cards in sizes}
        for cards in sizes:
            wanted = re.compile(rf"\b{re.escape(prefixes[cards])}-\d+\b")
            env = _run_env(workdir / f"cards-{cards}")
            samples = interleaved(
                runs,
                {
                    "bare": lambda: time_to_text(bare_cmd, BARE_LINE, _run_env(None)),
                    "core": lambda: time_to_text(core_cmd, BARE_LINE, _run_env(None)),
                    "stellary": lambda: time_to_text(stellary_cmd, wanted, env),  # noqa: B023 (run in this pass)
                },
            )
            bare, core, app = (median_ms(samples[name]) for name in ("bare", "core", "stellary"))
            rows.append((f"{cards:,}", bare, core, app))
            runs_text = "; ".join(f"{name}: {', '.join(f'{s * 1000:.0f}' for s in values)}" for name, values in samples.items())
            print(
                f"{cards:>6,} cards: stellary {app:.0f} ms, bare Textual app {bare:.0f} ms, ratio {app / bare:.2f}"
                f" (bare app importing stellary_core {core:.0f} ms)  [{runs_text}]",
                flush=True,
            )
        help_samples = interleaved(
            runs,
            {
                "help": lambda: time_process([*stellary_cmd, "--help"], _run_env(None)),
                "python": lambda: time_process([sys.executable, "-c", "pass"], _run_env(None)),
            },
        )
        help_ms, python_ms = median_ms(help_samples["help"]), median_ms(help_samples["python"])
        print(f"stellary --help: {help_ms:.0f} ms (python -c pass: {python_ms:.0f} ms)")
    finally:
        subprocess.run([*TMUX, "kill-server"], check=False, capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        "\n| cards | bare Textual app | bare app + stellary_core models and schemas | stellary | ratio to bare |"
        "\n|---|---|---|---|---|"
    )
    for label, bare, core, app in rows:
        print(f"| {label} | {bare:.0f} ms | {core:.0f} ms ({core / bare:.2f}×) | {app:.0f} ms | {app / bare:.2f} |")
    print(f"\n`stellary --help`: {help_ms:.0f} ms (`python -c pass`: {python_ms:.0f} ms)")
    met = all(app <= GOAL_RATIO * bare for _, bare, _core, app in rows) and help_ms <= HELP_GOAL_MS
    print(f"goal (first paint <= {GOAL_RATIO:g}x the bare app, --help <= {HELP_GOAL_MS:.0f} ms): {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
