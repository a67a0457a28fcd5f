"""Proposals of agents: a write a supervised or approval-mode agent wants made, waiting for a person.

Rules:
- every workspace member reads a mission's proposals; deciding one (approve or
  reject) is for pilotage reviewers and owners, and for the mission's
  requester (else a 403); another workspace's proposal is a 404;
- only a pending proposal is decided, only while its mission is running or
  awaiting approval (a 409). The two modes differ here: a supervised agent's
  proposals are decided one by one as they come, even while it still works;
  an approval-mode agent's are one batch, decided once the agent has finished
  (the mission awaits approval; before that, a 409);
- approving runs the tool (operations/catalog/agent_proposals.py); a run that
  fails leaves the proposal pending with its ``error``;
- when the last pending proposal of a mission awaiting approval is decided,
  the mission completes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.errors import Conflict, Forbidden, NotFound
from stellary_core.event_types import Actor, AgentProposalDecided, AgentProposalMade
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import Agent, AgentMission, AgentProposal
from stellary_core.principal import Principal
from stellary_core.services import access, agent_missions
from stellary_core.services.access import WorkspaceAccess
from stellary_core.services.pilotage_access import pilotage_role

DECIDERS = ("reviewer", "owner")


def list_proposals(session: Session, *, actor: Principal, workspace_id: str, mission_id: str) -> list[AgentProposal]:
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    mission = agent_missions.mission_of_workspace(session, workspace_id, mission_id)
    return agent_missions.proposals_of(session, mission.id)


def of_agent(
    session: Session, *, actor: Principal, workspace_id: str, agent: Agent, status: str | None = "pending"
) -> list[AgentProposal]:
    """The proposals of the agent's missions (of one status, pending unless told; None: all), oldest first."""
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    query = (
        select(AgentProposal)
        .join(AgentMission, AgentMission.id == AgentProposal.mission_id)
        .where(AgentMission.agent_id == agent.id)
        .order_by(AgentProposal.created_at, AgentProposal.id)
    )
    if status is not None:
        query = query.where(AgentProposal.status == status)
    return list(session.scalars(query))


def propose(session: Session, mission: AgentMission, tool: str, arguments: dict[str, Any]) -> AgentProposal:
    """Record a write the agent wants made; a ``proposal`` step and event tell the stream and the TUI."""
    proposal = AgentProposal(
        workspace_id=mission.workspace_id, mission_id=mission.id, tool=tool, arguments=arguments, created_at=utcnow()
    )
    session.add(proposal)
    session.flush()
    _step(session, mission, proposal, f"Proposed {tool}: waits for a person's approval")
    emit(session, _event(AgentProposalMade, Actor("agent", mission.agent_id, mission.requester_id or mission.agent_id), mission, proposal))
    return proposal


def proposal_to_decide(
    session: Session, *, actor: Principal, workspace_id: str, proposal_id: str
) -> tuple[WorkspaceAccess, AgentProposal, AgentMission, Agent]:
    """The proposal, if ``actor`` may decide it now: 404, 403 and 409 as the rules say."""
    ws = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    proposal = session.get(AgentProposal, proposal_id) if is_id(proposal_id) else None
    if proposal is None or proposal.workspace_id != workspace_id:
        raise NotFound("Proposal not found")
    mission = session.get(AgentMission, proposal.mission_id)
    agent = session.get(Agent, mission.agent_id) if mission is not None else None
    assert mission is not None and agent is not None  # foreign keys, deleted with them
    if actor.kind == "agent":
        raise Forbidden("An agent cannot decide proposals; a person does")
    if pilotage_role(ws) not in DECIDERS and mission.requester_id != actor.user_id:
        raise Forbidden("Only pilotage reviewers and owners, or the mission's requester, can decide its proposals")
    if proposal.status != "pending":
        raise Conflict(f"This proposal is already {proposal.status}")
    if mission.status not in ("running", "awaiting_approval"):
        raise Conflict(f"The mission is {mission.status}: its proposals can no longer be decided")
    if agent.autonomy_mode == "approval" and mission.status != "awaiting_approval":
        raise Conflict("This agent's proposals are reviewed as one batch, once its mission has finished collecting them")
    return ws, proposal, mission, agent


def decide(
    session: Session,
    proposal: AgentProposal,
    mission: AgentMission,
    status: str,
    actor: Actor,
    *,
    reason: str | None = None,
    result: Any = None,
    closing: bool = False,
) -> None:
    """Mark ``proposal`` approved or rejected; the last one decided completes a mission awaiting approval."""
    proposal.status = status
    proposal.reason = reason
    # A person's id; none when the runner closed it (a failed or interrupted mission).
    proposal.decided_by = actor.user_id if actor.kind != "agent" else None
    proposal.decided_at = utcnow()
    proposal.result = result
    if status == "approved":
        proposal.error = None
    session.flush()
    _step(session, mission, proposal, reason or f"{proposal.tool} {status}")
    emit(session, _event(AgentProposalDecided, actor, mission, proposal))
    if closing or mission.status != "awaiting_approval":
        return
    if not agent_missions.proposals_of(session, mission.id, status="pending"):
        agent_missions.set_status(session, mission, "completed", actor)


def record_failure(session: Session, proposal: AgentProposal, mission: AgentMission, message: str) -> None:
    """Running an approved proposal failed: it stays pending with the error, and the stream says so."""
    proposal.error = message
    session.flush()
    agent_missions.record_step(
        session, mission, "log", {"message": f"Running {proposal.tool} failed: {message}", "proposalId": proposal.id}
    )


def _step(session: Session, mission: AgentMission, proposal: AgentProposal, message: str) -> None:
    data = {
        "proposalId": proposal.id, "status": proposal.status, "tool": proposal.tool,
        "arguments": dict(proposal.arguments), "message": message,
    }  # fmt: skip
    agent_missions.record_step(session, mission, "proposal", data)


def _event(kind: type[AgentProposalMade] | type[AgentProposalDecided], actor: Actor, mission: AgentMission, proposal: AgentProposal) -> Any:
    return kind(
        actor=actor,
        workspace_id=mission.workspace_id,
        data={
            "missionId": mission.id, "agentId": mission.agent_id, "proposalId": proposal.id, "tool": proposal.tool,
            "status": proposal.status, "requesterId": mission.requester_id,
        },
    )  # fmt: skip
