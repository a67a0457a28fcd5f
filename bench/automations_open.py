"""The Automations screen (A) of a project with 50 rules: time from the key to the rules drawn.

    python bench/automations_open.py            # 50 rules on a 200-card demo project, 10 opens
    python bench/automations_open.py --smoke    # 3 opens (CI)

Each open presses A on the board, waits for the first line of the rules
table drawn once it holds the 50 rows (read through the operations: the rules,
then the project's columns, labels, custom fields and members, which the rows
are said with), then closes it with escape. The first open is given apart (it
imports the screen and the rule editor), the others as median and p95.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from bench._harness import PaintProbe, summary  # noqa: E402
from bench.views_open import wait_until  # noqa: E402
from stellary_core.config import Settings  # noqa: E402
from stellary_core.db import open_database  # noqa: E402
from stellary_core.models import BoardColumn, Label  # noqa: E402
from stellary_core.operations import OperationRunner  # noqa: E402
from stellary_core.services import seeding  # noqa: E402
from stellary_tui.app import StellaryApp  # noqa: E402
from stellary_tui.views.kanban import KanbanBoard  # noqa: E402
from textual.widgets import DataTable  # noqa: E402

SIZE = (160, 50)
RULES = 50
TRIGGERS = ("task_created", "task_moved", "task_status_changed", "task_assigned", "checklist_complete")


def seed(directory: Path) -> Any:
    db = open_database(Settings.from_env(data_dir=directory))
    with db.session(write=True) as session:
        actor, project = seeding.create_demo_profile(session, cards=200, with_labels=True)
        workspace_id, project_id = project.workspace_id, project.id
    with db.session() as session:
        columns = list(session.scalars(select(BoardColumn.id).where(BoardColumn.project_id == project_id)))
        labels = list(session.scalars(select(Label.id).where(Label.project_id == project_id)))
    runner = OperationRunner(db)
    for n in range(RULES):
        conditions = {"all": [
            {"field": "toColumnId", "op": "eq", "value": columns[n % len(columns)]},
            {"field": "labelIds", "op": "in", "value": labels[: 1 + n % len(labels)]},
            {"field": "priority", "op": "neq", "value": "low"},
        ]}
        action = {"type": "move_card", "columnId": columns[(n + 1) % len(columns)]} if n % 2 else {"type": "set_priority", "priority": "high"}
        runner.run("create_automation", actor, {
            "workspaceId": workspace_id, "project": project_id,
            "data": {"name": f"Rule {n + 1}", "trigger": TRIGGERS[n % len(TRIGGERS)], "conditions": conditions, "action": action},
        })
    return db


async def measure(opens: int) -> list[float]:
    db = seed(Path(tempfile.mkdtemp(prefix="stellary-bench-")))
    probe = PaintProbe(DataTable, lambda table: table.id == "rules-table" and table.row_count == RULES)
    app = StellaryApp(database=db, watch_interval=3600)
    app.animation_level = "none"
    samples: list[float] = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(lambda: any(s.query(KanbanBoard) and s.query_one(KanbanBoard).board for s in app.screen_stack))
            for _ in range(opens):
                probe.arm()
                start = time.perf_counter()
                await pilot.press("A")
                await wait_until(lambda: probe.painted_at is not None)
                samples.append((probe.painted_at or 0) - start)
                await pilot.press("escape")
                await pilot.pause(0.1)
    finally:
        probe.restore()
        db.dispose()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    samples = asyncio.run(measure(3 if args.smoke else 10))
    print(f"Automations screen, {RULES} rules: first open {samples[0] * 1000:.0f} ms; then {summary(samples[1:])}")


if __name__ == "__main__":
    main()
