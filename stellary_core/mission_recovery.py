"""At start-up: fail the missions a dead process of this host left queued or running.

Missions run in a worker thread of the process that accepted them
(ai/mission_runner.py); when that process dies, so does the run. The server
(each worker of ``stellary serve --workers N``) and the TUI call
``recover_interrupted`` when they start; a mission whose process still lives,
such as a sibling worker's, is left running. Kept apart from the runner, so the
TUI's start pays for one read, not for loading the providers.
"""

from __future__ import annotations

from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import AgentMission
from stellary_core.services import agent_missions


def recover_interrupted(db: Database) -> list[str]:
    """The ids of the missions failed as interrupted (most starts find none and write nothing)."""
    with db.session() as session:
        workers = session.scalars(
            select(AgentMission.worker).where(AgentMission.status.in_(("queued", "running"))).distinct()
        ).all()
    if not any(agent_missions.orphaned(worker) for worker in workers):
        return []
    with db.session(write=True) as session:
        return agent_missions.mark_interrupted(session)
