"""Fail the missions a stopped process left queued or running: at start-up, and periodically in a server.

Missions run in a worker thread of the process that accepted them
(ai/mission_runner.py), which renews their heartbeat while it runs them; when
that process dies, so does the run. A mission is interrupted when its process
is of this host and gone (seen at once), or when its heartbeat is older than
the lease, whatever its host (a server on another machine that stopped). The
server (each worker of ``stellary serve --workers N``) and the TUI call
``recover_interrupted`` when they start, and a server keeps checking
(``start_lease_checks``). Kept apart from the runner, so the TUI's start pays
for one read, not for loading the providers.
"""

from __future__ import annotations

from sqlalchemy import select

from stellary_core.clock import utcnow
from stellary_core.db import Database
from stellary_core.models import AgentMission
from stellary_core.periodic_checks import PeriodicCheck
from stellary_core.services import agent_missions

# Half the lease: a lapsed mission is failed at most a lease and a half after its process stopped.
CHECK_INTERVAL = agent_missions.LEASE_SECONDS / 2


def recover_interrupted(db: Database) -> list[str]:
    """The ids of the missions failed as interrupted (most checks find none and write nothing)."""
    now = utcnow()
    with db.session() as session:
        held = session.execute(
            select(AgentMission.worker, AgentMission.heartbeat_at).where(AgentMission.status.in_(agent_missions.LIVE))
        ).all()
    if not any(agent_missions.why_interrupted(worker, beat, now) for worker, beat in held):
        return []
    with db.session(write=True) as session:
        return agent_missions.mark_interrupted(session, now)


def start_lease_checks(db: Database, interval: float = CHECK_INTERVAL) -> PeriodicCheck:
    """Fail lapsed missions every ``interval`` seconds (the start-up recovery has just run: the first check
    waits an interval); stopped when the database is disposed."""
    return PeriodicCheck(db, recover_interrupted, interval, name="mission-leases", first_now=False).start()
