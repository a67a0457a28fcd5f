"""The mission runner: each mission runs in a worker thread of the process that accepted it.

The thread outlives the request that started the mission (a client that goes
away changes nothing), but not the process: while missions run, one heartbeat
thread renews their lease every ``HEARTBEAT_SECONDS`` (one UPDATE for all), and
a mission left ``running`` or ``queued`` by a process that died, or whose lease
lapsed, is failed as interrupted (``stellary_core.mission_recovery``).

One run: claim the queued mission, read its card as the agent, build the
agent's provider and a ToolBox that
- refuses tools outside the agent's list (ai/toolbox.py) and calls beyond its
  rate limits (a failed step),
- stops at the first call after the mission was cancelled,
- in ``supervised`` and ``approval`` modes turns each write into a proposal
  (checked first, so a malformed call fails its step instead of becoming one),
then hand the provider a sink that stores each step as it comes. Every step is
its own short write transaction: a long mission never holds the database.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any
from weakref import WeakKeyDictionary

from pydantic import ValidationError
from sqlalchemy import func, select

from stellary_core.ai.provider import MissionContext, MissionOutcome
from stellary_core.ai.providers import provider_named
from stellary_core.ai.steps import Step, ToolCallOutcome
from stellary_core.ai.toolbox import OperationToolBox, ProposeWrite
from stellary_core.clock import utcnow
from stellary_core.db import Database
from stellary_core.errors import StellaryError
from stellary_core.event_types import Actor
from stellary_core.models import Agent, AgentMission, AgentMissionStep, User
from stellary_core.operations import OperationRunner
from stellary_core.schemas.common import invalid_from
from stellary_core.services import agent_missions, agent_proposals
from stellary_core.tools.calls import call_tool
from stellary_core.tools.catalog import Tool, tool_named

log = logging.getLogger("stellary.missions")

_workers: WeakKeyDictionary[Database, MissionWorker] = WeakKeyDictionary()
_workers_lock = threading.Lock()


def worker_of(db: Database) -> MissionWorker:
    """This process's runner of ``db``'s missions."""
    with _workers_lock:
        found = _workers.get(db)
        if found is None:
            found = _workers[db] = MissionWorker(db)
        return found


class MissionWorker:
    def __init__(self, db: Database, heartbeat: float = agent_missions.HEARTBEAT_SECONDS) -> None:
        self.db = db
        self.identity = agent_missions.this_worker()
        self.heartbeat = heartbeat
        self._threads: dict[str, threading.Thread] = {}
        self._beating: threading.Thread | None = None
        self._lock = threading.Lock()
        self._disposed = threading.Event()
        db.call_on_dispose(self._disposed.set)  # no heartbeat outlives its database

    def start(self, mission_id: str) -> None:
        """Run the queued mission ``mission_id`` in a thread of its own."""
        thread = threading.Thread(target=self._run, args=(mission_id,), name=f"mission-{mission_id}", daemon=True)
        with self._lock:
            self._threads[mission_id] = thread
            if self._beating is None:
                self._beating = threading.Thread(target=self._beat, name="mission-heartbeat", daemon=True)
                self._beating.start()
        thread.start()

    def _beat(self) -> None:
        """Renew the lease on this worker's missions while it runs any; the thread ends with the last one."""
        while True:
            disposed = self._disposed.wait(self.heartbeat)
            with self._lock:
                mission_ids = list(self._threads)  # not yet started ones too: harmless, they are queued with a fresh lease
                if disposed or not mission_ids:
                    self._beating = None  # under the lock: a mission starting now starts a new heartbeat
                    return
            try:
                with self.db.session(write=True) as session:
                    agent_missions.renew(session, mission_ids, self.identity)
            except Exception:  # a missed beat is retried at the next; the lease outlasts several
                log.exception("mission heartbeat failed")

    def running(self) -> list[str]:
        with self._lock:
            return [mission_id for mission_id, thread in self._threads.items() if thread.is_alive()]

    def wait(self, timeout: float = 10.0) -> bool:
        """Wait for every mission of this worker to finish its run (tests, shutdown); False on timeout."""
        deadline = time.monotonic() + timeout
        with self._lock:
            threads = list(self._threads.values())
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return not any(thread.is_alive() for thread in threads)

    def _run(self, mission_id: str) -> None:
        try:
            MissionRun(self.db, mission_id, self.identity).run()
        except Exception:  # a bug must not leave the mission running forever: fail it, keep the trace in the log
            log.exception("mission %s failed", mission_id)
            MissionRun(self.db, mission_id, self.identity).end(MissionOutcome.failed("Internal error while running the mission"))
        finally:
            with self._lock:
                self._threads.pop(mission_id, None)


class MissionRun:
    """One run of one mission."""

    def __init__(self, db: Database, mission_id: str, identity: str) -> None:
        self.db = db
        self.mission_id = mission_id
        self.identity = identity
        self.runner = OperationRunner(db)

    def _mission(self, session: Any) -> AgentMission:
        found = session.get(AgentMission, self.mission_id)
        assert found is not None
        return found

    def run(self) -> None:
        with self.db.session(write=True) as session:
            mission = self._mission(session)
            if mission.status != "queued" or not agent_missions.claim(session, mission, self.identity):
                return
            agent = session.get(Agent, mission.agent_id)
            assert agent is not None
            self.agent_id, self.mode, self.allowed = agent.id, agent.autonomy_mode, list(agent.tools)
            self.per_minute, self.per_hour, provider_name = agent.per_minute, agent.per_hour, agent.provider
            requester = session.get(User, mission.requester_id) if mission.requester_id else None
            self.actor = agent_missions.agent_principal(mission, agent.id)
            card_id, prompt = mission.card_id, mission.prompt
        try:
            provider = provider_named(provider_name, self.db.settings)
            card = self._card(card_id)
        except StellaryError as error:
            self.end(MissionOutcome.failed(error.message))
            return
        context = MissionContext(card, prompt, requester.email if requester is not None else None)
        tools = MissionToolBox(self, self.allowed, propose=None if self.mode == "autonomous" else self.propose)
        outcome = provider.run_mission(context, tools, self.record)
        self.end(outcome)

    def _card(self, card_id: str) -> Mapping[str, Any]:
        details = tool_named("get_card_details")
        assert details is not None
        return dict(call_tool(self.runner, self.actor, details, {"card": card_id}).value)

    # -- what the provider calls -----------------------------------------------------------

    def record(self, step: Step) -> None:
        with self.db.session(write=True) as session:
            agent_missions.record_step(session, self._mission(session), step.kind, step.as_json())

    def propose(self, tool: Tool, arguments: Mapping[str, Any]) -> str:
        with self.db.session(write=True) as session:
            made = agent_proposals.propose(session, self._mission(session), tool.name, dict(arguments))
            return f"Proposal {made.id}: {tool.name} waits for a person's approval"

    def refusal(self) -> str | None:
        """Why the next tool call may not run: the mission no longer runs, or the agent is over its rate."""
        now = utcnow()
        with self.db.session() as session:
            status = session.scalar(select(AgentMission.status).where(AgentMission.id == self.mission_id))
            if status != "running":
                return f"The mission is {status}: no more tool calls"
            for limit, seconds, per in ((self.per_minute, 60, "minute"), (self.per_hour, 3600, "hour")):
                # The call being checked is already a stored step (providers report a call, then make it).
                calls = session.scalar(
                    select(func.count())
                    .select_from(AgentMissionStep)
                    .join(AgentMission, AgentMission.id == AgentMissionStep.mission_id)
                    .where(
                        AgentMission.agent_id == self.agent_id,
                        AgentMissionStep.kind == "tool_call",
                        AgentMissionStep.created_at > now - timedelta(seconds=seconds),
                    )
                )
                if int(calls or 0) > limit:
                    return f"Rate limit: this agent may make {limit} tool calls per {per}"
        return None

    def end(self, outcome: MissionOutcome) -> None:
        with self.db.session(write=True) as session:
            mission = self._mission(session)
            if mission.status != "running":
                return  # cancelled meanwhile: the cancel said how it ended
            actor = Actor("agent", mission.agent_id, mission.requester_id or mission.agent_id)
            if outcome.completed:
                agent_missions.finish(session, mission, actor, result=outcome.result)
            else:
                agent_missions.finish(session, mission, actor, error=outcome.error or "The mission failed")


class MissionToolBox:
    """The agent's tools for one run: the operations' ToolBox, behind the run's rate limits and cancellation."""

    def __init__(self, run: MissionRun, allowed: Sequence[str], *, propose: ProposeWrite | None) -> None:
        self._run = run
        self._propose = propose
        self._inner = OperationToolBox(run.runner, run.actor, allowed, propose=self._checked_proposal if propose else None)

    @property
    def allowed(self) -> Sequence[Tool]:
        return self._inner.allowed

    def call(self, name: str, arguments: Mapping[str, Any]) -> ToolCallOutcome:
        refused = self._run.refusal()
        if refused is not None:
            return ToolCallOutcome.error(refused)
        try:
            return self._inner.call(name, arguments)
        except _Malformed as bad:
            return ToolCallOutcome.error(f"{name}: {bad.message}")

    def _checked_proposal(self, tool: Tool, arguments: Mapping[str, Any]) -> str:
        try:
            tool.operation.input.model_validate(tool.arguments.payload(arguments))
        except ValidationError as error:
            raise _Malformed(tool.arguments.translate(invalid_from(error)).message) from None
        assert self._propose is not None
        return self._propose(tool, arguments)


class _Malformed(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
