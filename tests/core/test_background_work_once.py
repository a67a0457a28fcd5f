"""Background work of several server workers on one database: a mission runs once, a live worker's mission is left alone.

Each "worker" is its own Database on the same database (what another process holds),
on SQLite or PostgreSQL alike (``STELLARY_TEST_DATABASE_URL``).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from stellary_core.ai.mission_runner import MissionRun
from stellary_core.db import Database, open_database
from stellary_core.mission_recovery import recover_interrupted
from stellary_core.models import AgentMission, AgentMissionStep, AgentProposal
from tests.core.test_mission_recovery import mission, status_of
from tests.tools.world import World, build_world


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)


@pytest.fixture
def other(db: Database) -> Iterator[Database]:
    """A second worker's Database on the same database."""
    second = open_database(db.settings, migrate=False)
    yield second
    second.dispose()


def test_two_workers_racing_for_one_queued_mission_run_it_once(db: Database, other: Database, world: World) -> None:
    mission_id = mission(db, world, "queued-by:1", "queued")
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def run(database: Database, identity: str) -> None:
        start.wait()
        try:
            MissionRun(database, mission_id, identity).run()
        except BaseException as error:  # reported below: a thread's exception would be lost
            failures.append(error)

    threads = [threading.Thread(target=run, args=(database, name)) for database, name in ((db, "w1:1"), (other, "w2:2"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    with db.session() as session:
        statuses = [
            step.data["status"]
            for step in session.scalars(
                select(AgentMissionStep).where(AgentMissionStep.mission_id == mission_id, AgentMissionStep.kind == "status")
            )
        ]
        proposals = session.scalars(select(AgentProposal).where(AgentProposal.mission_id == mission_id)).all()
        found = session.get(AgentMission, mission_id)
        assert found is not None
        winner = found.worker
    # One run: it went "running" once and proposed its one write once.
    assert statuses == ["queued", "running", "awaiting_approval"]
    assert len(proposals) == 1
    assert winner in ("w1:1", "w2:2")


def test_a_worker_starting_leaves_the_missions_of_a_live_sibling_running(db: Database, other: Database, world: World) -> None:
    """Another worker of this host (a live process) is running its mission: a worker's start-up recovery keeps it."""
    sibling = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        running = mission(db, world, f"{socket.gethostname()}:{sibling.pid}")
        assert recover_interrupted(other) == []
        assert status_of(db, running)[0] == "running"
    finally:
        sibling.kill()
        sibling.wait(timeout=10)
    # Once that process is gone, the next worker to start fails its mission as interrupted.
    assert recover_interrupted(other) == [running]
    assert status_of(db, running)[0] == "failed"
