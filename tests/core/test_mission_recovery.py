"""A mission whose process died is failed as interrupted at the next start, and only such a mission."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from stellary_core.config import Settings
from stellary_core.db import Database, open_database
from stellary_core.mission_recovery import recover_interrupted
from stellary_core.models import AgentMission, Card
from stellary_core.schemas.agents import AgentCreateIn
from stellary_core.services import agent_missions, agent_proposals, agents
from tests.tools.world import World, build_world


def dead_pid() -> int:
    """The id of a process of this host that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    return int(done.stdout)


def mission(db: Database, world: World, worker: str | None, status: str = "running", *, slug: str = "bot") -> str:
    with db.session(write=True) as session:
        found = [a for a in agents.list_agents(session, actor=world.me, workspace_id=world.personal_id) if a.slug == slug]
        agent = found[0] if found else agents.create_agent(
            session, actor=world.me, workspace_id=world.personal_id, data=AgentCreateIn(name="Bot", slug=slug)
        )
        card = session.query(Card).filter(Card.key == "GS-1").one()
        made = agent_missions.start_mission(
            session, actor=world.me, workspace_id=world.personal_id, agent=agent, card=card, prompt="archive"
        )
        made.status, made.worker = status, worker
        if status == "running":
            agent_proposals.propose(session, made, "update_card", {"card": "GS-1", "archived": True})
        return made.id


def status_of(db: Database, mission_id: str) -> tuple[str, str | None]:
    with db.session() as session:
        found = session.get(AgentMission, mission_id)
        assert found is not None
        return found.status, found.error


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)


def test_only_the_missions_of_a_dead_process_of_this_host_are_failed(db: Database, world: World) -> None:
    host = socket.gethostname()
    dead = mission(db, world, f"{host}:{dead_pid()}")
    queued_dead = mission(db, world, f"{host}:{dead_pid()}", "queued")
    mine = mission(db, world, agent_missions.this_worker())
    elsewhere = mission(db, world, "another-host:1")
    outside = mission(db, world, None, "queued")  # an outside agent's: waits in the database, for no process
    assert sorted(recover_interrupted(db)) == sorted([dead, queued_dead])
    assert status_of(db, dead) == ("failed", agent_missions.INTERRUPTED)
    assert status_of(db, queued_dead)[0] == "failed"
    for untouched, status in ((mine, "running"), (elsewhere, "running"), (outside, "queued")):
        assert status_of(db, untouched)[0] == status
    with db.session() as session:
        view = agent_missions.view(session, session.get(AgentMission, dead))  # type: ignore[arg-type]
        assert [(p.status, p.reason) for p in view.proposals] == [("rejected", "The mission failed")]
        assert (view.steps[-1].kind, view.steps[-1].data["status"]) == ("status", "failed")
    assert recover_interrupted(db) == []  # nothing left to do: no write


def test_stellary_serve_fails_the_interrupted_missions_when_it_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from stellary_core.server.app import serve

    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)  # the server itself is not the point
    db = open_database(Settings.from_env(data_dir=tmp_path))
    try:
        world = build_world(db)
        left = mission(db, world, f"{socket.gethostname()}:{dead_pid()}")
        serve(db, port=0)
        assert status_of(db, left) == ("failed", agent_missions.INTERRUPTED)
    finally:
        db.dispose()
