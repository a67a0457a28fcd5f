"""The TUI runs the ``due_date_reached`` checks itself: a due date that passed while nothing ran fires at start-up."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from stellary_core import clock
from stellary_core.db import Database, open_database
from stellary_core.models import AutomationTrace, Workspace
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.services import accounts
from stellary_tui.app import StellaryApp
from tests.conftest import point_stellary_at
from tests.tui.conftest import settle

pytestmark = pytest.mark.anyio
START = datetime(2026, 3, 2, 9, 0)


async def test_a_due_date_passed_while_the_app_was_closed_fires_when_it_starts(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    point_stellary_at(db, monkeypatch)  # on PostgreSQL the app finds the database by its URL, not the data directory
    clock.freeze(START)
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Ada")
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
    me = Principal(user_id=user.id, kind="local")
    run = OperationRunner(db).run
    project: Any = run("create_project", me, {"workspaceId": workspace_id, "data": {"name": "Ops"}})
    where = {"workspaceId": workspace_id, "project": project.id}
    run("create_automation", me, {**where, "data": {
        "name": "Late is high", "trigger": "due_date_reached", "action": {"type": "set_priority", "priority": "high"},
    }})
    card: Any = run("create_card", me, {**where, "data": {"title": "Renew the certificate", "priority": "low",
                                                     "dueDate": (START + timedelta(hours=1)).isoformat()}})
    data_dir = db.settings.data_dir
    db.dispose()
    clock.freeze(START + timedelta(hours=2))  # the due date passed while no process ran
    app = StellaryApp(data_dir=data_dir, watch_interval=3600)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        for _ in range(100):  # the start-up check runs on its own thread
            reopened = open_database(db.settings, migrate=False)
            try:
                with reopened.session() as session:
                    fired = list(session.scalars(select(AutomationTrace)))
            finally:
                reopened.dispose()
            if fired:
                break
            await pilot.pause(0.05)
    assert [(t.card_id, t.trigger, t.result) for t in fired] == [(card.id, "due_date_reached", "success")]
