"""The mission lease: a running mission's process renews its heartbeat, and any server fails a mission whose lease lapsed.

A server on another machine that stopped cannot be seen by its process id: its
missions are failed once their heartbeat is older than ``LEASE_SECONDS``, with the
same step, event and rejected proposals as the recovery of a dead local process.
Runs on SQLite and PostgreSQL alike (``STELLARY_TEST_DATABASE_URL``).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import update

from stellary_core.ai.mission_runner import MissionWorker
from stellary_core.clock import utcnow
from stellary_core.db import Database, open_database
from stellary_core.event_types import DomainEvent, MissionEnded
from stellary_core.mission_recovery import recover_interrupted, start_lease_checks
from stellary_core.models import AgentMission, Card
from stellary_core.schemas.agents import AgentCreateIn
from stellary_core.services import agent_missions, agents
from tests.ai.chat_server import Answer, Script, chat_server, completion, says
from tests.core.test_mission_recovery import mission, status_of
from tests.tools.world import World, build_world

STALE = timedelta(seconds=agent_missions.LEASE_SECONDS + 1)


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)


def beat_at(db: Database, mission_id: str, at: datetime) -> None:
    with db.session(write=True) as session:
        session.execute(update(AgentMission).where(AgentMission.id == mission_id).values(heartbeat_at=at))


def heartbeat_of(db: Database, mission_id: str) -> datetime | None:
    with db.session() as session:
        found = session.get(AgentMission, mission_id)
        assert found is not None
        return found.heartbeat_at


def test_a_mission_of_another_host_whose_lease_lapsed_is_failed(db: Database, world: World) -> None:
    stale = mission(db, world, "otherhost:123")
    fresh = mission(db, world, "otherhost:124")
    stale_queued = mission(db, world, "otherhost:125", "queued")
    outside = mission(db, world, None, "queued")  # an outside agent's: no process of ours holds a lease on it
    for held in (stale, stale_queued, outside):
        beat_at(db, held, utcnow() - STALE)
    ended: list[DomainEvent] = []
    db.events.subscribe(lambda event: ended.append(event) if isinstance(event, MissionEnded) else None)

    assert sorted(recover_interrupted(db)) == sorted([stale, stale_queued])

    assert status_of(db, stale) == ("failed", agent_missions.LEASE_EXPIRED)
    assert agent_missions.LEASE_EXPIRED.startswith("The server running this mission stopped")
    assert status_of(db, stale_queued)[0] == "failed"
    assert status_of(db, fresh) == ("running", None)
    assert status_of(db, outside) == ("queued", None)
    assert sorted((e.data["missionId"], e.data["status"], e.data["error"]) for e in ended) == sorted(
        (m, "failed", agent_missions.LEASE_EXPIRED) for m in (stale, stale_queued)
    )
    with db.session() as session:
        view = agent_missions.view(session, session.get(AgentMission, stale))  # type: ignore[arg-type]
        assert [(p.status, p.reason) for p in view.proposals] == [("rejected", "The mission failed")]
        assert view.steps[-1].data == {"status": "failed", "message": agent_missions.LEASE_EXPIRED}
    assert recover_interrupted(db) == []  # nothing left to do: no write


def test_a_fresh_heartbeat_keeps_a_mission_of_another_host_running(db: Database, world: World) -> None:
    almost = mission(db, world, "otherhost:123")
    beat_at(db, almost, utcnow() - STALE + timedelta(seconds=5))
    assert recover_interrupted(db) == []
    assert status_of(db, almost) == ("running", None)


def test_a_server_keeps_failing_lapsed_missions_while_it_runs(db: Database, world: World) -> None:
    """Not only at start-up: the periodic check fails a mission whose server stopped after this one started."""
    start_lease_checks(db, interval=0.1)  # stopped when the database is disposed
    lapsing = mission(db, world, "otherhost:123")
    beat_at(db, lapsing, utcnow() - STALE)
    deadline = time.monotonic() + 10
    while status_of(db, lapsing)[0] == "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert status_of(db, lapsing) == ("failed", agent_missions.LEASE_EXPIRED)


@pytest.fixture
def slow_model() -> Iterator[str]:
    """A model server that takes 1.5 s to answer: the mission stays running meanwhile."""
    with chat_server(Script([Answer(body=completion(says("Done.")), delay=1.5)])) as url:
        yield url


def test_a_running_missions_heartbeat_advances(db: Database, world: World, slow_model: str) -> None:
    settings = dataclasses.replace(db.settings, ai_base_url=slow_model, ai_model="scripted-model")
    served = open_database(settings, migrate=False)  # the process running the mission, with its model
    try:
        with served.session(write=True) as session:
            agent = agents.create_agent(
                session, actor=world.me, workspace_id=world.personal_id,
                data=AgentCreateIn(name="Model", slug="model", provider="openai"),
            )  # fmt: skip
            card = session.query(Card).filter(Card.key == "GS-1").one()
            mission_id = agent_missions.start_mission(
                session, actor=world.me, workspace_id=world.personal_id, agent=agent, card=card, prompt="archive"
            ).id
        runner = MissionWorker(served, heartbeat=0.1)
        runner.start(mission_id)
        seen: list[datetime] = []
        deadline = time.monotonic() + 1.2  # within the model's 1.5 s: the mission runs all along
        while time.monotonic() < deadline:
            assert status_of(db, mission_id)[0] in ("queued", "running")
            beat = heartbeat_of(db, mission_id)
            if beat is not None and (not seen or beat > seen[-1]):
                seen.append(beat)
            time.sleep(0.05)
        assert len(seen) >= 4, seen  # claimed, then renewed every 0.1 s while the model thinks
        assert runner.wait(10)
        assert status_of(db, mission_id) == ("completed", None)
    finally:
        served.dispose()


def test_a_heartbeat_is_no_change_to_other_processes_watchers(db: Database, world: World) -> None:
    # A TUI on the same database reloaded every screen at each beat (every 10 s) while a mission ran.
    from stellary_core.watch import ChangeWatcher

    running = mission(db, world, "thishost:1")
    beating = open_database(db.settings, migrate=False)  # the process running the mission
    watcher = ChangeWatcher(db)
    try:
        assert not watcher.changed()
        with beating.session(write=True) as session:
            assert agent_missions.renew(session, [running], "thishost:1") == 1
        assert not watcher.changed()
        assert heartbeat_of(db, running) is not None
        with beating.session(write=True) as session:  # a write that shows: still heard
            session.execute(update(Card).where(Card.key == "GS-1").values(title="Renamed elsewhere"))
        assert watcher.changed()
    finally:
        watcher.close()
        beating.dispose()
