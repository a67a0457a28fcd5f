"""The Cockpit (C) and Documents (D) screens opened in a real terminal, beside a bare Textual floor.

    python bench/screens_terminal.py              # 200 missions, 1,000 todos, 300 decisions, 500 documents; 10 rounds
    python bench/screens_terminal.py --rounds 20
    python bench/screens_terminal.py --smoke      # a tenth of the items, 2 rounds (CI: it only has to run)

The data directory holds bench/cockpit.py's workspace (`seed_cockpit`) beside
a 200-card demo project, which `stellary` opens. `stellary` runs in a tmux
pane (160x50, bench/_tmux.py) and is left to show its board; then each round
presses C, polls `tmux capture-pane` until the first mission row of the
seeded data is on screen, presses escape and waits for it to go; then D, until
both the document tree's first title and the first line of the preview (the
first document's heading) are on screen, and escape. Each time runs from just
before `tmux send-keys`, so it holds the key's way through tmux, the app's
work and the terminal's paint, as a user meets them (the poll adds up to
~10 ms plus a capture).

Floor, in the same run, round after round between stellary's opens: a bare
Textual app (bench/screens_floor_app.py) in another pane of the same size,
holding the same rows in memory, pushes on the same keys a modal screen of
six DataTables given the rows they show (C) or a Tree of every document and
a Markdown of the first (D), timed the same way.
The first round is a warm-up (imports on first use) and is reported apart.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _tmux as tmux  # noqa: E402
from bench._api import cpu_seconds, seed  # noqa: E402
from bench.cockpit import FULL, SMOKE, seed_cockpit  # noqa: E402

GOAL_MS = 100.0
FLOOR_ROWS = 12  # rows the floor gives each table: a cockpit table shows 11 under its header
SETTLE = 0.3  # seconds left between a close and the next key, so one open's tail is not in the next
_BLOCKED_FIRST = "CASE status WHEN 'blocked' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'done' THEN 3 ELSE 2 END"


@dataclass(frozen=True)
class Expected:
    board: re.Pattern[str]  # a card key of the opened project
    mission: re.Pattern[str]  # the cockpit's first mission row
    tree: re.Pattern[str]  # the document tree's first title
    preview: re.Pattern[str]  # the first line of that document's preview
    floor_ready: re.Pattern[str]


def expected(database_file: Path, workspace_id: str, project_id: str) -> Expected:
    """What each screen shows first, read from the seeded data as the screens order it."""
    from bench.screens_floor_app import READY

    db = sqlite3.connect(database_file)
    try:
        (prefix,) = db.execute("SELECT key_prefix FROM projects WHERE id = ?", (project_id,)).fetchone()
        (objective,) = db.execute(
            f"SELECT objective FROM pilotage_missions WHERE workspace_id = ? ORDER BY {_BLOCKED_FIRST}, created_at, id",
            (workspace_id,),
        ).fetchone()
        titles = db.execute(
            "SELECT title, content_markdown FROM documents WHERE workspace_id = ? AND parent_id IS NULL "
            "ORDER BY lower(title), id",
            (workspace_id,),
        ).fetchall()
        every_title = {title for (title,) in db.execute("SELECT title FROM documents WHERE workspace_id = ?", (workspace_id,))}
    finally:
        db.close()
    title, markdown = titles[0]
    heading = markdown.splitlines()[0].lstrip("# ").strip()
    if heading in every_title:
        raise RuntimeError(f"the preview's first line {heading!r} is also a title: the tree would satisfy it")
    return Expected(
        board=re.compile(rf"\b{re.escape(prefix)}-\d+\b"),
        mission=re.compile(re.escape(objective[:30])),
        tree=re.compile(rf"{re.escape(title)}\b"),
        preview=re.compile(rf"{re.escape(heading)}\b"),
        floor_ready=re.compile(re.escape(READY)),
    )


def open_and_time(session: str, pid: int, key: str, wanted: dict[str, re.Pattern[str]]) -> dict[str, float]:
    """Press ``key``; seconds until each of ``wanted`` is first on screen, and the CPU seconds the app had
    used by the last of them ("cpu"). Then escape, and wait for them to go."""
    seen: dict[str, float] = {}

    def each_seen(screen: str) -> bool:
        now = time.perf_counter()
        for name, pattern in wanted.items():
            if name not in seen and pattern.search(screen):
                seen[name] = now - started
        return len(seen) == len(wanted)

    cpu = cpu_seconds(pid)
    started = time.perf_counter()
    tmux.send_keys(session, key)
    tmux.poll(session, each_seen, started, f"{key}: {', '.join(wanted)}")
    seen["cpu"] = cpu_seconds(pid) - cpu
    tmux.send_keys(session, "Escape")
    closed = time.perf_counter()
    tmux.poll(session, lambda screen: not any(p.search(screen) for p in wanted.values()), closed, f"{key} closed")
    time.sleep(SETTLE)
    return seen


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10, help="timed rounds (default 10)")
    parser.add_argument("--smoke", action="store_true", help="a tenth of the items, 2 rounds (CI)")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("bench/screens_terminal.py needs tmux", file=sys.stderr)
        return 1
    size, rounds = (SMOKE, 2) if args.smoke else (FULL, args.rounds)
    tmux.compile_checkout()
    seeded = seed(200)
    seed_cockpit(seeded, size)
    want = expected(seeded.database_file, seeded.workspace_id, seeded.project_id)
    stellary_cmd = [sys.executable, "-c", "import sys; from stellary_tui.cli import main; sys.exit(main())"]
    floor_cmd = [
        sys.executable, str(ROOT / "bench" / "screens_floor_app.py"), str(seeded.database_file), seeded.workspace_id,
        "--first-rows", str(FLOOR_ROWS),
    ]  # fmt: skip
    cockpit = {"missions": want.mission}
    documents = {"tree": want.tree, "preview": want.preview}
    moments = {"Cockpit": (*cockpit, "cpu"), "Documents": (*documents, "cpu")}
    samples: dict[str, list[float]] = {}
    first: dict[str, float] = {}
    try:
        tmux.start_server()
        tmux.new_session("stellary", stellary_cmd, tmux.run_env(seeded.directory))
        tmux.new_session("floor", floor_cmd, tmux.run_env(None))
        tmux.wait_for("stellary", want.board)
        tmux.wait_for("floor", want.floor_ready)
        pids = {name: tmux.pane_pid(name) for name in ("stellary", "floor")}
        time.sleep(1.0)  # the board's start-up work (watcher, snapshot) done
        for n in range(rounds + 1):
            measured = {
                **{f"Cockpit: {k}": v for k, v in open_and_time("stellary", pids["stellary"], "C", cockpit).items()},
                **{f"floor C: {k}": v for k, v in open_and_time("floor", pids["floor"], "C", cockpit).items()},
                **{f"Documents: {k}": v for k, v in open_and_time("stellary", pids["stellary"], "D", documents).items()},
                **{f"floor D: {k}": v for k, v in open_and_time("floor", pids["floor"], "D", documents).items()},
            }
            if n == 0:
                first = measured
                continue
            for name, value in measured.items():
                samples.setdefault(name, []).append(value)
    finally:
        tmux.kill_server()
        shutil.rmtree(seeded.directory, ignore_errors=True)

    print(f"items (missions / todos / decisions / documents): {size.label()}; {rounds} rounds after a warm-up")
    print("| moment | first open | open | floor (bare Textual, same rows) | ÷ floor |\n|---|---|---|---|---|")
    for screen, floor in (("Cockpit", "floor C"), ("Documents", "floor D")):
        for name in moments[screen]:
            mine, base = samples[f"{screen}: {name}"], samples[f"{floor}: {name}"]
            print(
                f"| {screen}: {'CPU used' if name == 'cpu' else name + ' drawn'} | {first[f'{screen}: {name}'] * 1000:.0f} ms | {summary(mine)} | {summary(base)}"
                f" | {statistics.median(mine) / statistics.median(base):.1f}× |"
            )
    met = all(
        statistics.median(samples[f"{screen}: {name}"]) * 1000 <= GOAL_MS
        for screen, names in (("Cockpit", cockpit), ("Documents", documents))
        for name in names
    )
    print(f"goal (each screen drawn, median <= {GOAL_MS:.0f} ms): {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
