"""The pilotage state is read as plain rows: a weekly review loads no ORM object of its items.

Building and tracking ~1,500 objects was half of the Cockpit's read (bench/screens_terminal.py);
the state's output is checked field by field by tests/api/test_pilotage.py and bench/cockpit.py.
"""

from __future__ import annotations

from stellary_core.db import Database
from stellary_core.models import PilotageDecision, PilotageDoc, PilotageMission, PilotagePriority, PilotageTodo
from stellary_core.operations.catalog.pilotage import state_out
from stellary_core.services import seeding
from stellary_core.services.pilotage_state import StateQuery, load_state
from tests.tui.cockpit_data import seed_cockpit

ITEMS = (PilotageMission, PilotagePriority, PilotageTodo, PilotageDecision, PilotageDoc)


def test_a_detailed_weekly_review_loads_no_item_object(db: Database) -> None:
    with db.session(write=True) as session:
        actor, project = seeding.create_demo_profile(session, cards=5)
        workspace_id = project.workspace_id
    seed_cockpit(db, actor, workspace_id)
    with db.session() as session:
        state = load_state(
            session, actor=actor, workspace_id=workspace_id,
            query=StateQuery(intent="weekly_review", detail_level="detailed"),
        )  # fmt: skip
        loaded = [obj for obj in session.identity_map.values() if isinstance(obj, ITEMS)]
    assert loaded == []
    out = state_out(state)
    assert out.missions and out.todos and out.decisions and out.active_docs and out.active_priorities
