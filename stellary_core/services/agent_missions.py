"""Agent missions: started on a card, run by a provider or an outside agent, logged step by step.

Rules:
- any workspace member starts a mission, on a card of the workspace they can
  see (another's card is a 404), with an enabled agent (a disabled one is a
  409); more missions than the agent's ``perMinute`` or ``perHour`` is a 429;
- lifecycle ``queued`` → ``running`` → ``awaiting_approval`` → ``completed``
  | ``failed`` | ``cancelled``; only a queued, running or awaiting mission is
  cancelled (else a 409), by its requester or a workspace admin (else a 403);
  a mission that ends leaves no proposal pending: they are rejected with it;
- every status change and proposal is a step of the mission (what its stream
  shows), emits a typed event for the TUI, and ``awaiting_approval`` and the
  end notify the requester (services/activity.py).

Steps are stored in the transaction that makes them and handed to the live
streams of this process once it commits (``stellary_core.mission_stream``).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from stellary_core import mission_stream
from stellary_core.clock import iso_z, utcnow
from stellary_core.db import unwatched
from stellary_core.errors import Conflict, Forbidden, NotFound, RateLimited
from stellary_core.event_types import (
    Actor,
    MissionAwaitingApproval,
    MissionEnded,
    MissionQueued,
    MissionStarted,
    WorkspaceEvent,
)
from stellary_core.events import call_after_commit, emit
from stellary_core.ids import is_id
from stellary_core.models import MISSION_ENDED, Agent, AgentMission, AgentMissionStep, AgentProposal, Card, Project
from stellary_core.principal import ALL_SCOPES, Principal
from stellary_core.services import access
from stellary_core.services.agents import agent_of_workspace

CANCELLABLE = ("queued", "running", "awaiting_approval")
LIST_DEFAULT, LIST_MAX = 50, 500
INTERRUPTED = "interrupted: the process running the mission stopped before it ended"
# The process running a mission renews its heartbeat every HEARTBEAT_SECONDS; a mission whose
# heartbeat is older than LEASE_SECONDS has lost its process, on this host or another.
HEARTBEAT_SECONDS = 10.0
LEASE_SECONDS = 60.0
LEASE_EXPIRED = f"The server running this mission stopped: no sign of it for {LEASE_SECONDS:.0f} seconds"
LIVE = ("queued", "running")


def this_worker() -> str:
    """How a mission names the process running it: the host and the process id."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


@dataclass(frozen=True)
class MissionView:
    mission: AgentMission
    steps: list[AgentMissionStep]
    proposals: list[AgentProposal]


def step_json(step: AgentMissionStep) -> dict[str, Any]:
    """A step as the wire and the stream carry it (StepOut's fields)."""
    return {"seq": step.seq, "kind": step.kind, "at": iso_z(step.created_at), **step.data}


# -- finding -------------------------------------------------------------------


def mission_of_workspace(session: Session, workspace_id: str, mission_id: str) -> AgentMission:
    found = session.get(AgentMission, mission_id) if is_id(mission_id) else None
    if found is None or found.workspace_id != workspace_id:
        raise NotFound("Mission not found")
    return found


def get_mission(session: Session, *, actor: Principal, workspace_id: str, mission_id: str) -> MissionView:
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    return view(session, mission_of_workspace(session, workspace_id, mission_id))


def view(session: Session, mission: AgentMission, *, after_seq: int = 0) -> MissionView:
    steps = session.scalars(
        select(AgentMissionStep)
        .where(AgentMissionStep.mission_id == mission.id, AgentMissionStep.seq > after_seq)
        .order_by(AgentMissionStep.seq)
    )
    return MissionView(mission, list(steps), proposals_of(session, mission.id))


def proposals_of(session: Session, mission_id: str, *, status: str | None = None) -> list[AgentProposal]:
    query = select(AgentProposal).where(AgentProposal.mission_id == mission_id)
    if status is not None:
        query = query.where(AgentProposal.status == status)
    return list(session.scalars(query.order_by(AgentProposal.created_at, AgentProposal.id)))


def list_missions(
    session: Session, *, actor: Principal, workspace_id: str, agent: str, limit: int | None = None
) -> list[AgentMission]:
    """An agent's missions, newest first."""
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    found = agent_of_workspace(session, workspace_id, agent)
    query = (
        select(AgentMission)
        .where(AgentMission.agent_id == found.id)
        .order_by(AgentMission.created_at.desc(), AgentMission.id.desc())
        .limit(limit or LIST_DEFAULT)
    )
    return list(session.scalars(query))


# -- steps and status ----------------------------------------------------------


def record_step(session: Session, mission: AgentMission, kind: str, data: dict[str, Any]) -> AgentMissionStep:
    """Store the next step of ``mission``; the live streams of this process get it once this commits."""
    mission.step_count += 1
    step = AgentMissionStep(mission_id=mission.id, seq=mission.step_count, kind=kind, data=data, created_at=utcnow())
    session.add(step)
    session.flush()
    published = step_json(step)
    call_after_commit(session, lambda: mission_stream.publish(mission.id, published))
    return step


def _event(kind: type[WorkspaceEvent], actor: Actor, mission: AgentMission, **data: Any) -> WorkspaceEvent:
    return kind(
        actor=actor,
        workspace_id=mission.workspace_id,
        data={
            "missionId": mission.id, "agentId": mission.agent_id, "cardId": mission.card_id,
            "status": mission.status, "requesterId": mission.requester_id, **data,
        },
    )  # fmt: skip


def set_status(
    session: Session, mission: AgentMission, status: str, actor: Actor, *, message: str | None = None
) -> None:
    """Move ``mission`` to ``status``: a step, an event, and the end's timestamps and leftover proposals."""
    mission.status = status
    now = utcnow()
    if status == "running" and mission.started_at is None:
        mission.started_at = now
    data: dict[str, Any] = {"status": status}
    if message:
        data["message"] = message
    if status in MISSION_ENDED:
        mission.finished_at = now
        _close_pending(session, mission, actor, f"The mission {'was ' if status == 'cancelled' else ''}{status}")
    record_step(session, mission, "status", data)
    if status == "running":
        emit(session, _event(MissionStarted, actor, mission))
    elif status == "awaiting_approval":
        emit(session, _event(MissionAwaitingApproval, actor, mission))
    elif status in MISSION_ENDED:
        emit(session, _event(MissionEnded, actor, mission, **({"error": mission.error} if mission.error else {})))


def _close_pending(session: Session, mission: AgentMission, actor: Actor, reason: str) -> None:
    # Imported here: proposals decide and complete missions, missions reject proposals.
    from stellary_core.services import agent_proposals

    for proposal in proposals_of(session, mission.id, status="pending"):
        agent_proposals.decide(session, proposal, mission, "rejected", actor, reason=reason, closing=True)


def finish(session: Session, mission: AgentMission, actor: Actor, *, result: str | None = None, error: str | None = None) -> None:
    """The run is over: failed with ``error``, else awaiting approval while proposals are pending, else completed."""
    if error is not None:
        mission.error = error
        set_status(session, mission, "failed", actor, message=error)
        return
    mission.result = result
    if proposals_of(session, mission.id, status="pending"):
        set_status(session, mission, "awaiting_approval", actor)
    else:
        set_status(session, mission, "completed", actor)


# -- starting, cancelling --------------------------------------------------------


def _count_since(session: Session, agent_id: str, since: datetime) -> int:
    query = select(func.count()).select_from(AgentMission).where(
        AgentMission.agent_id == agent_id, AgentMission.created_at > since
    )
    return int(session.scalar(query) or 0)


def check_mission_rate(session: Session, agent: Agent) -> None:
    """A 429 when the agent already started ``perMinute`` missions this minute or ``perHour`` this hour."""
    now = utcnow()
    for limit, window, per in ((agent.per_minute, 60, "minute"), (agent.per_hour, 3600, "hour")):
        if _count_since(session, agent.id, now - timedelta(seconds=window)) >= limit:
            raise RateLimited(
                f"Agent {agent.slug!r} may start {limit} missions per {per}; try again later", retry_after=window
            )


def card_for_mission(session: Session, *, actor: Principal, workspace_id: str, card_id: str) -> tuple[Card, Project]:
    """The card a mission is about: of this workspace and visible to ``actor``; else a 404."""
    card = session.get(Card, card_id) if is_id(card_id) else None
    project = session.get(Project, card.project_id) if card is not None else None
    if card is None or project is None or project.workspace_id != workspace_id:
        raise NotFound("Card not found")
    return card, project


def start_mission(
    session: Session, *, actor: Principal, workspace_id: str, agent: Agent, card: Card, prompt: str
) -> AgentMission:
    if not agent.enabled:
        raise Conflict(f"Agent {agent.slug!r} is disabled; enable it to give it missions")
    check_mission_rate(session, agent)
    now = utcnow()
    mission = AgentMission(
        workspace_id=workspace_id,
        agent_id=agent.id,
        card_id=card.id,
        project_id=card.project_id,
        prompt=prompt,
        requester_id=actor.user_id,
        scopes=sorted(actor.scopes & frozenset(ALL_SCOPES)),
        status="queued",
        # An outside agent's mission waits for it in the database: no process of ours runs it.
        worker=None if agent.provider == "external" else this_worker(),
        created_at=now,
        heartbeat_at=None if agent.provider == "external" else now,
    )
    session.add(mission)
    session.flush()
    record_step(session, mission, "status", {"status": "queued"})
    emit(session, _event(MissionQueued, Actor.of(actor), mission))
    return mission


def cancel_mission(session: Session, *, actor: Principal, workspace_id: str, mission_id: str) -> AgentMission:
    ws = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    mission = mission_of_workspace(session, workspace_id, mission_id)
    if mission.requester_id != actor.user_id and not ws.is_admin:
        raise Forbidden("Only the mission's requester or a workspace admin can cancel it")
    if mission.status not in CANCELLABLE:
        raise Conflict(f"Only a queued, running or awaiting mission can be cancelled; this one is {mission.status}")
    set_status(session, mission, "cancelled", Actor.of(actor), message="Cancelled")
    return mission


def agent_principal(mission: AgentMission, agent_id: str, on_behalf_of: str | None = None) -> Principal:
    """The agent acting for a person: the requester while it runs, the approver when a proposal is approved."""
    user_id = on_behalf_of or mission.requester_id
    if user_id is None:
        raise Conflict("The person this mission acts for no longer exists")
    return Principal(user_id=user_id, kind="agent", scopes=frozenset(mission.scopes), token_id=agent_id)


# -- recovery --------------------------------------------------------------------


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def orphaned(worker: str | None) -> bool:
    """Whether ``worker`` names a process of this host that is gone (the fast path: no lease to wait for)."""
    if not worker:
        return False
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    return int(pid) != os.getpid() and not _alive(int(pid))


def lapsed(worker: str | None, heartbeat_at: datetime | None, now: datetime) -> bool:
    """Whether the process ``worker``, of any host, let its lease on a mission run out."""
    if not worker:
        return False  # an outside agent's mission: no process of ours holds it
    return heartbeat_at is None or heartbeat_at < now - timedelta(seconds=LEASE_SECONDS)


def why_interrupted(worker: str | None, heartbeat_at: datetime | None, now: datetime) -> str | None:
    """Why a queued or running mission counts as interrupted, or None while its process may still run it."""
    if orphaned(worker):
        return INTERRUPTED
    if lapsed(worker, heartbeat_at, now):
        return LEASE_EXPIRED
    return None


def mark_interrupted(session: Session, now: datetime | None = None) -> list[str]:
    """Fail the queued or running missions whose process died or let its lease lapse."""
    moment = now or utcnow()
    found = list(session.scalars(select(AgentMission).where(AgentMission.status.in_(LIVE)).with_for_update()))
    failed = []
    for mission in found:
        reason = why_interrupted(mission.worker, mission.heartbeat_at, moment)
        if reason is None:
            continue
        mission.error = reason
        agent_id = mission.agent_id
        actor = Actor("agent", agent_id, mission.requester_id or agent_id)
        set_status(session, mission, "failed", actor, message=reason)
        failed.append(mission.id)
    return failed


def renew(session: Session, mission_ids: Collection[str], worker: str) -> int:
    """Renew ``worker``'s lease on the missions it still runs; how many it holds."""
    if not mission_ids:
        return 0
    unwatched(session)  # only the lease moves: nothing any client shows
    renewed = session.execute(
        update(AgentMission)
        .where(AgentMission.id.in_(sorted(mission_ids)), AgentMission.worker == worker, AgentMission.status.in_(LIVE))
        .values(heartbeat_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(renewed.rowcount)  # type: ignore[attr-defined]


def claim(session: Session, mission: AgentMission, worker: str | None) -> bool:
    """Take a queued mission to run it; False when another took it or it was cancelled meanwhile."""
    taken = session.execute(
        update(AgentMission)
        .where(AgentMission.id == mission.id, AgentMission.status == "queued")
        .values(status="running", worker=worker, heartbeat_at=None if worker is None else utcnow())
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return False
    session.refresh(mission)
    set_status(session, mission, "running", Actor("agent", mission.agent_id, mission.requester_id or mission.agent_id))
    return True
