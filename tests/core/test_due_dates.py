"""``due_date_reached``: each rule fires once per card and due date, whichever process checks, after a restart or a crash."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from stellary_core import clock
from stellary_core.automations import engine as engine_module
from stellary_core.automations.due_dates import check_due_dates, start_due_date_checks
from stellary_core.db import Database, open_database
from stellary_core.models import AutomationTrace, DueDateFiring, Workspace
from stellary_core.operations.catalog import automations as catalog
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


# -- exactly once per (rule, card, due date) -------------------------------------------------------


def add_rule(world: dict[str, Any], data: dict[str, Any]) -> str:
    return str(world["run"]("create_automation", world["me"], {**world["where"], "data": {"trigger": "due_date_reached", **data}}).id)


def firings(db: Database) -> set[tuple[str, str, datetime]]:
    with db.session() as session:
        return {(f.rule_id, f.card_id, f.due_date) for f in session.scalars(select(DueDateFiring))}


def test_a_run_that_dies_after_its_claim_fired_under_the_old_design_is_fired_by_the_next_check(
    db: Database, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process dying mid-run (here the action raising what no Stellary error is) leaves the firing to the next check."""
    labelled = add_rule(world, {"action": {"type": "set_status", "status": "in_progress"}})
    due = START + timedelta(days=1)
    late = card(world, "Late", due)

    def die(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("the process died here")

    carried = catalog.carry_out
    monkeypatch.setattr(catalog, "carry_out", die)
    crashed = check_due_dates(db, now=due + timedelta(minutes=1))
    assert traces(db) == [] and priority(db, world, late) == "low"
    monkeypatch.setattr(catalog, "carry_out", carried)  # the next check, in a process that lives
    fired = check_due_dates(db, now=due + timedelta(minutes=2))
    assert priority(db, world, late) == "high"
    assert sorted(t.rule_id for t in traces(db)) == sorted([world["rule"], labelled])
    assert (crashed, fired) == (0, 2)
    assert firings(db) == {(world["rule"], late, due), (labelled, late, due)}
    assert check_due_dates(db, now=due + timedelta(minutes=3)) == 0


def test_one_rule_dying_does_not_take_another_rule_s_firing_with_it(
    db: Database, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    second = add_rule(world, {"action": {"type": "set_status", "status": "in_progress"}})
    due = START + timedelta(days=1)
    late = card(world, "Late", due)
    carried = catalog.carry_out

    def second_dies(session: Any, **kwargs: Any) -> None:
        if kwargs["rule"].id == second:
            raise RuntimeError("the process died here")
        carried(session, **kwargs)

    monkeypatch.setattr(catalog, "carry_out", second_dies)
    check_due_dates(db, now=due + timedelta(minutes=1))
    assert firings(db) == {(world["rule"], late, due)} and priority(db, world, late) == "high"
    monkeypatch.setattr(catalog, "carry_out", carried)
    assert check_due_dates(db, now=due + timedelta(minutes=2)) == 1
    assert firings(db) == {(world["rule"], late, due), (second, late, due)}
    assert sorted(t.rule_id for t in traces(db)) == sorted([world["rule"], second])


def test_a_rule_whose_conditions_do_not_hold_is_recorded_and_not_looked_at_again(
    db: Database, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    due = START + timedelta(days=1)
    done = card(world, "Done already", due)
    world["run"]("update_card", world["me"], {**world["where"], "card": done, "data": {"status": "done"}})
    looked: list[dict[str, Any]] = []
    real_holds = engine_module.holds

    def counting_holds(conditions: dict[str, Any], facts: dict[str, Any]) -> bool:
        looked.append(facts)
        return real_holds(conditions, facts)

    monkeypatch.setattr(engine_module, "holds", counting_holds)
    assert check_due_dates(db, now=due + timedelta(minutes=1)) == 0
    assert len(looked) == 1 and firings(db) == {(world["rule"], done, due)} and traces(db) == []
    for minutes in (2, 3, 4):
        assert check_due_dates(db, now=due + timedelta(minutes=minutes)) == 0
    assert len(looked) == 1
    # The date has been dealt with: the card coming back to a state the rule acts on does not fire it late.
    world["run"]("update_card", world["me"], {**world["where"], "card": done, "data": {"status": "todo"}})
    assert check_due_dates(db, now=due + timedelta(minutes=5)) == 0
    assert priority(db, world, done) == "low"


def test_a_rule_enabled_later_fires_for_a_date_only_other_rules_fired(db: Database, world: dict[str, Any]) -> None:
    """Firings are per rule: one rule's firing no longer stands for another's."""
    later = add_rule(world, {"action": {"type": "set_status", "status": "in_progress"}, "enabled": False})
    due = START + timedelta(days=1)
    late = card(world, "Late", due)
    assert check_due_dates(db, now=due + timedelta(minutes=1)) == 1
    world["run"]("toggle_automation", world["me"], {**world["where"], "rule": later})
    assert check_due_dates(db, now=due + timedelta(minutes=2)) == 1
    assert firings(db) == {(world["rule"], late, due), (later, late, due)}


def test_a_second_process_finding_the_firing_taken_changes_nothing(db: Database, world: dict[str, Any]) -> None:
    """The claim is part of the run's transaction: a run that finds it taken applies no effect and writes no trace."""
    due = START + timedelta(days=1)
    late = card(world, "Late", due)
    assert check_due_dates(db, now=due + timedelta(minutes=1)) == 1
    world["run"]("update_card", world["me"], {**world["where"], "card": late, "data": {"priority": "low"}})
    actor = Principal(user_id=world["me"].user_id, kind="automation", token_id=world["rule"])
    late_run = catalog.RuleRun(
        rule_id=world["rule"], card_id=late, trigger="due_date_reached", event={"type": "due_date_reached"}, due_date=due
    )
    # What a process that read the card before the first one committed goes on to do.
    assert OperationRunner(db).run(catalog.run_automation, actor, late_run) is None
    assert OperationRunner(db).run(catalog.record_automation_failure, actor, catalog.RuleFailure(**late_run.model_dump(), error="x")) is None
    assert priority(db, world, late) == "low" and len(traces(db)) == 1


def test_two_processes_racing_over_many_rules_and_cards_fire_each_pair_once(db: Database, world: dict[str, Any]) -> None:
    rules = [world["rule"], *(add_rule(world, {"action": {"type": "set_status", "status": "in_progress"}}) for _ in range(2))]
    due = START + timedelta(days=1)
    cards = [card(world, f"Late {n}", due + timedelta(minutes=n)) for n in range(5)]
    other = second_process(db)
    fired: list[int] = []
    start = threading.Barrier(2)

    def check(database: Database) -> None:
        start.wait()
        for minutes in (10, 11):
            fired.append(check_due_dates(database, now=due + timedelta(minutes=minutes)))

    try:
        threads = [threading.Thread(target=check, args=(database,)) for database in (db, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        other.dispose()
    ran = sorted((t.rule_id or "", t.card_id or "") for t in traces(db))
    assert ran == sorted((rule, card_id) for rule in rules for card_id in cards)
    assert sum(fired) == 15 and len(firings(db)) == 15
