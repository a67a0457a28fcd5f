"""``due_date_reached``: each card's due date fires once, whichever process checks, and after a restart."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from stellary_core import clock
from stellary_core.automations.due_dates import check_due_dates, start_due_date_checks
from stellary_core.db import Database, open_database
from stellary_core.models import AutomationTrace, Workspace
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.services import accounts

START = datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
    clock.freeze(START)
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Ada")
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
    me = Principal(user_id=user.id, kind="local")
    run = OperationRunner(db).run
    project = run("create_project", me, {"workspaceId": workspace_id, "data": {"name": "Ops"}})
    where = {"workspaceId": workspace_id, "project": project.id}
    rule = run("create_automation", me, {**where, "data": {
        "trigger": "due_date_reached", "action": {"type": "set_priority", "priority": "high"},
        "conditions": {"all": [{"field": "status", "op": "neq", "value": "done"}]},
    }})
    return {"me": me, "where": where, "rule": rule.id, "run": run}


def card(world: dict[str, Any], title: str, due: datetime) -> str:
    made = world["run"]("create_card", world["me"], {**world["where"], "data": {"title": title, "priority": "low", "dueDate": due.isoformat()}})
    return str(made.id)


def priority(db: Database, world: dict[str, Any], card_id: str) -> str:
    return str(OperationRunner(db).run("get_card_details", world["me"], {**world["where"], "card": card_id}).priority)


def traces(db: Database) -> list[AutomationTrace]:
    with db.session() as session:
        return list(session.scalars(select(AutomationTrace).order_by(AutomationTrace.at)))


def second_process(db: Database) -> Database:
    """Another Database on the same file: what another process opening it holds."""
    return open_database(db.settings, migrate=False)


def test_a_due_date_fires_once_across_two_databases_on_one_file(db: Database, world: dict[str, Any]) -> None:
    due = START + timedelta(days=1)
    late = card(world, "Late", due)
    card(world, "Not yet", START + timedelta(days=5))
    other = second_process(db)
    try:
        assert check_due_dates(db, now=due - timedelta(minutes=1)) == 0
        fired: list[int] = []
        start = threading.Barrier(2)

        def check(database: Database) -> None:
            start.wait()
            fired.append(check_due_dates(database, now=due + timedelta(minutes=1)))

        threads = [threading.Thread(target=check, args=(database,)) for database in (db, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(fired) == [0, 1]
        assert check_due_dates(other, now=due + timedelta(hours=1)) == 0
    finally:
        other.dispose()
    assert priority(db, world, late) == "high"
    (trace,) = traces(db)
    assert trace.result == "success" and trace.card_id == late and trace.trigger == "due_date_reached"
    assert trace.event["type"] == "due_date_reached" and trace.event["dueDate"] == "2026-03-03T09:00:00Z"
    assert trace.actor_id == world["me"].user_id  # the rule acts for its author


def test_after_a_restart_a_fired_date_stays_fired_and_a_missed_one_catches_up(db: Database, world: dict[str, Any]) -> None:
    first = card(world, "First", START + timedelta(days=1))
    assert check_due_dates(db, now=START + timedelta(days=2)) == 1
    # Down for a week: a date that passed meanwhile fires at the next start.
    missed = card(world, "Missed", START + timedelta(days=4))
    restarted = second_process(db)
    db.dispose()
    try:
        assert check_due_dates(restarted, now=START + timedelta(days=9)) == 1
        assert check_due_dates(restarted, now=START + timedelta(days=9)) == 0
        assert priority(restarted, world, missed) == "high" and priority(restarted, world, first) == "high"
        assert sorted(t.card_id or "" for t in traces(restarted)) == sorted([first, missed])
    finally:
        restarted.dispose()


def test_a_new_due_date_fires_again_and_a_rule_newer_than_the_date_does_not(db: Database, world: dict[str, Any]) -> None:
    moved = card(world, "Moved", START + timedelta(days=1))
    assert check_due_dates(db, now=START + timedelta(days=2)) == 1
    world["run"]("update_card", world["me"], {**world["where"], "card": moved, "data": {"priority": "low", "dueDate": "2026-03-06"}})
    assert check_due_dates(db, now=START + timedelta(days=5)) == 1
    assert priority(db, world, moved) == "high"
    clock.freeze(START + timedelta(days=10))
    world["run"]("toggle_automation", world["me"], {**world["where"], "rule": world["rule"]})  # off: nothing fires
    card(world, "While off", START + timedelta(days=11))
    assert check_due_dates(db, now=START + timedelta(days=12)) == 0


def test_the_checks_run_at_start_up_on_their_thread_and_stop_with_the_database(db: Database, world: dict[str, Any]) -> None:
    clock.freeze(None)  # the thread checks against the real clock: the card is due in the frozen past
    late = card(world, "Late", START + timedelta(days=1))
    checks = start_due_date_checks(db, interval=3600)
    deadline = time.monotonic() + 30
    while not traces(db) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [t.card_id for t in traces(db)] == [late]
    thread = checks._thread
    db.dispose()
    assert thread is not None and not thread.is_alive()
