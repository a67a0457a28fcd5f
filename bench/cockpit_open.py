"""The Cockpit (C) of a busy workspace: time from the key to its tables drawn with the data.

    python bench/cockpit_open.py            # 200 missions, 1,000 todos, 300 decisions, 500 active docs
    python bench/cockpit_open.py --smoke    # a tenth of that, 3 openings

"Open" is measured from the C key on the board to the first line the missions
table draws once the cockpit has read its state (and proposed actions) and
filled every table; the cockpit is closed (escape) between openings. "Reload"
is a change committed elsewhere to that same first line redrawn with it.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import PaintProbe, demo_database, summary  # noqa: E402
from bench.views_open import wait_until  # noqa: E402
from stellary_core.db import Database  # noqa: E402
from stellary_core.models import PilotageDecision, PilotageDoc, PilotageMission, PilotageTodo  # noqa: E402
from stellary_core.principal import Principal  # noqa: E402
from stellary_core.schemas.pilotage import MissionUpdateIn  # noqa: E402
from stellary_core.schemas.proposed_actions import ProposeActionIn  # noqa: E402
from stellary_core.services import pilotage, proposed_actions  # noqa: E402
from stellary_tui.app import StellaryApp  # noqa: E402
from stellary_tui.screens.cockpit import CockpitScreen  # noqa: E402
from stellary_tui.views.kanban import KanbanBoard  # noqa: E402
from stellary_tui.widgets.row_table import RowTable  # noqa: E402

SIZE = (160, 50)
STATUSES = ("to_launch", "in_progress", "blocked", "done")
TODO_STATUSES = ("todo", "in_progress", "blocked", "done")


def seed(db: Database, actor: Principal, workspace_id: str, scale: float) -> str:
    """Bulk rows (as an import would make them), plus a few proposals through the service; the first mission's id."""
    missions, todos, decisions, docs = (int(n * scale) for n in (200, 1000, 300, 500))
    with db.session(write=True) as session:
        made = [
            PilotageMission(
                workspace_id=workspace_id, objective=f"Mission {n}", module=f"module {n % 7}", status=STATUSES[n % 4],
                blocked_reason="waits on another team" if STATUSES[n % 4] == "blocked" else None, cycle="v1",
                created_by=actor.user_id,
            )
            for n in range(missions)
        ]
        session.add_all(made)
        session.flush()
        session.add_all(
            PilotageTodo(
                workspace_id=workspace_id, label=f"Todo {n}", mission_id=made[n % missions].id, status=TODO_STATUSES[n % 4],
                cycle="v1", created_by=actor.user_id,
            )
            for n in range(todos)
        )
        session.add_all(
            PilotageDecision(workspace_id=workspace_id, title=f"Decision {n}", decided_by=actor.user_id, cycle="v1")
            for n in range(decisions)
        )
        session.add_all(
            PilotageDoc(workspace_id=workspace_id, title=f"Doc {n}", source_type="product", created_by=actor.user_id)
            for n in range(docs)
        )
        for n in range(10):
            data = ProposeActionIn(action_type="create_todo", explanation=f"Proposal {n}", payload={"label": f"From AI {n}"})
            proposed_actions.propose(session, actor=actor, workspace_id=workspace_id, data=data)
        first = made[0].id
    return first


# The state a drawn line must not show: the one read before a change (None: any state will do).
BEFORE: list[object] = [None]


def filled(table: Any) -> bool:
    """A line of the missions table drawn with the data, and with data newer than ``BEFORE``."""
    screen = table.screen
    if not isinstance(screen, CockpitScreen) or table.id != "missions" or not table.row_count:
        return False
    return screen.state is not None and screen.state is not BEFORE[0]


async def measure(scale: float, openings: int) -> dict[str, str]:
    db, actor, workspace_id, _project_id = demo_database(40)
    first_mission = seed(db, actor, workspace_id, scale)
    probe = PaintProbe(RowTable, filled)
    opens: list[float] = []
    reloads: list[float] = []
    try:
        app = StellaryApp(database=db, watch_interval=3600)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(lambda: bool(app.screen.query(KanbanBoard)))
            board = app.screen.query_one(KanbanBoard)
            await wait_until(lambda: board.board is not None)
            await pilot.pause(0.2)
            for n in range(openings):
                probe.arm()
                pressed = time.perf_counter()
                await pilot.press("C")
                await wait_until(lambda: probe.painted_at is not None)
                assert probe.painted_at is not None
                opens.append(probe.painted_at - pressed)  # when drawn, not when this loop saw it
                screen = app.screen
                assert isinstance(screen, CockpitScreen)
                await pilot.pause(0.2)
                # A change elsewhere: the cockpit reads the state again and redraws.
                state = BEFORE[0] = screen.state
                probe.arm()
                changed = time.perf_counter()
                with db.session(write=True) as session:
                    data = MissionUpdateIn(objective=f"Mission 0, renamed {n}")
                    pilotage.update_mission(session, actor=actor, workspace_id=workspace_id, mission_id=first_mission, data=data)
                await wait_until(lambda: screen.state is not state and probe.painted_at is not None)
                assert probe.painted_at is not None
                reloads.append(probe.painted_at - changed)
                BEFORE[0] = None
                await pilot.press("escape")
                await pilot.pause(0.2)
    finally:
        probe.restore()
        db.dispose()
    return {"open": summary(opens), "reload": summary(reloads)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="a tenth of the data, 3 openings")
    args = parser.parse_args()
    scale, openings = (0.1, 3) if args.smoke else (1.0, 10)
    result = asyncio.run(measure(scale, openings))
    print(f"cockpit open (C → tables drawn): {result['open']}")
    print(f"cockpit reload (change elsewhere → redrawn, debounce included): {result['reload']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
