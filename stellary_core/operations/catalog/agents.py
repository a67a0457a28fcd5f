"""Agents, their missions and their proposals (workspace-level: W/agents, W/missions, W/proposals).

Starting a mission stores it queued; once that commits, this process's mission
worker runs it (ai/mission_runner.py), unless the agent is ``external``: an
assistant connected through ``stellary mcp`` picks it up (agent_runtime.py).

Approving a proposal runs its tool's operation in the approver's transaction,
inside a savepoint, as the agent (a principal of kind ``agent``) acting for the
approver, with the approver's scopes: if it fails, what it wrote is undone, the
error is kept on the proposal (which stays pending) and the caller gets a 409.
People decide; an agent principal may not manage agents, start missions or
decide proposals.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, ValidationError

from stellary_core.db import database_of, keep_on_error
from stellary_core.errors import Conflict, StellaryError
from stellary_core.event_types import Actor
from stellary_core.events import call_after_commit
from stellary_core.models import Agent, AgentMission, AgentMissionStep, AgentProposal
from stellary_core.operations import refs
from stellary_core.operations.refs import InWorkspace
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.operations.runner import authorize
from stellary_core.principal import Principal, PrincipalKind
from stellary_core.schemas.agents import (
    AgentCreateIn,
    AgentOut,
    AgentUpdateIn,
    AgentMissionCreateIn,
    AgentMissionOut,
    MissionSummaryOut,
    ProposalOut,
    ProposalRejectIn,
    RateLimitsOut,
    StepOut,
)
from stellary_core.schemas.common import ApiModel, OkResponse, invalid_from
from stellary_core.services import agent_missions, agent_proposals, agents
from stellary_core.services.agent_missions import MissionView

READ = "projects:read"
WRITE = "projects:write"
PEOPLE: frozenset[PrincipalKind] = frozenset({"jwt", "pat", "local"})
NOT_AN_AGENT = "{kind} cannot do this: agents and their proposals are managed by people"


def agent_out(agent: Agent) -> AgentOut:
    return AgentOut(
        id=agent.id,
        workspace_id=agent.workspace_id,
        name=agent.name,
        slug=agent.slug,
        autonomy_mode=agent.autonomy_mode,  # type: ignore[arg-type]
        tools=list(agent.tools),
        rate_limits=RateLimitsOut(per_minute=agent.per_minute, per_hour=agent.per_hour),
        provider=agent.provider,  # type: ignore[arg-type]
        enabled=agent.enabled,
        created_by=agent.created_by,
        created_at=agent.created_at,
        updated_at=agent.updated_at,
    )


def step_out(step: AgentMissionStep) -> StepOut:
    return StepOut.model_validate({"seq": step.seq, "kind": step.kind, "at": step.created_at, **step.data})


def summary_out(mission: AgentMission) -> MissionSummaryOut:
    return MissionSummaryOut.model_validate(mission)


def mission_out(found: MissionView) -> AgentMissionOut:
    summary = summary_out(found.mission)
    return AgentMissionOut(
        **dict(summary),
        steps=[step_out(step) for step in found.steps],
        proposals=[ProposalOut.model_validate(p) for p in found.proposals],
    )


# -- agents ------------------------------------------------------------------------------


@operation("list_agents", input=InWorkspace, output=list[AgentOut], scope=READ, writes=False)
def list_agents(ctx: OperationContext, given: InWorkspace) -> list[AgentOut]:
    """The workspace's agents, by name, with their mode, tools, rate limits and provider."""
    ws = refs.workspace(ctx, given)
    return [agent_out(a) for a in agents.list_agents(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id)]


class OnAgent(InWorkspace):
    agent: str


@operation("get_agent", input=OnAgent, output=AgentOut, scope=READ, writes=False)
def get_agent(ctx: OperationContext, given: OnAgent) -> AgentOut:
    """One agent by id or slug."""
    ws = refs.workspace(ctx, given)
    return agent_out(agents.get_agent(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, agent=given.agent))


class CreateAgent(InWorkspace):
    data: AgentCreateIn


@operation(
    "create_agent", input=CreateAgent, output=AgentOut, scope=WRITE, writes=True, kinds=PEOPLE, refusal=NOT_AN_AGENT
)
def create_agent(ctx: OperationContext, given: CreateAgent) -> AgentOut:
    """Create an agent (workspace admins): name, slug, mode, tools, rate limits, provider."""
    ws = refs.workspace(ctx, given)
    return agent_out(agents.create_agent(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, data=given.data))


class UpdateAgent(OnAgent):
    data: AgentUpdateIn


@operation(
    "update_agent", input=UpdateAgent, output=AgentOut, scope=WRITE, writes=True, kinds=PEOPLE, refusal=NOT_AN_AGENT
)
def update_agent(ctx: OperationContext, given: UpdateAgent) -> AgentOut:
    """Change an agent (workspace admins); only the fields given change."""
    ws = refs.workspace(ctx, given)
    found = agents.update_agent(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, agent=given.agent, data=given.data)
    return agent_out(found)


@operation(
    "delete_agent", input=OnAgent, output=OkResponse, scope=WRITE, writes=True, kinds=PEOPLE, refusal=NOT_AN_AGENT
)
def delete_agent(ctx: OperationContext, given: OnAgent) -> OkResponse:
    """Delete an agent (workspace admins), with its missions and their proposals."""
    ws = refs.workspace(ctx, given)
    agents.delete_agent(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, agent=given.agent)
    return OkResponse()


# -- missions ----------------------------------------------------------------------------


class StartMission(OnAgent):
    data: AgentMissionCreateIn


@operation(
    "start_mission", input=StartMission, output=AgentMissionOut, scope=WRITE, writes=True, kinds=PEOPLE, refusal=NOT_AN_AGENT
)
def start_mission(ctx: OperationContext, given: StartMission) -> AgentMissionOut:
    """Give an agent a mission on a card: it runs in this process (or waits for an outside agent) after the commit."""
    ws = refs.workspace(ctx, given)
    agent = agents.get_agent(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, agent=given.agent)
    card, _ = agent_missions.card_for_mission(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, card_id=given.data.card_id
    )
    mission = agent_missions.start_mission(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, agent=agent, card=card, prompt=given.data.prompt
    )
    if agent.provider != "external":
        from stellary_core.ai.mission_runner import worker_of

        db, mission_id = database_of(ctx.session), mission.id
        call_after_commit(ctx.session, lambda: worker_of(db).start(mission_id))
    return mission_out(agent_missions.view(ctx.session, mission))


class ListMissions(OnAgent):
    limit: Annotated[int, Field(ge=1, le=agent_missions.LIST_MAX)] | None = None


@operation("list_missions", input=ListMissions, output=list[MissionSummaryOut], scope=READ, writes=False)
def list_missions(ctx: OperationContext, given: ListMissions) -> list[MissionSummaryOut]:
    """An agent's missions, newest first (``limit``, 50 by default)."""
    ws = refs.workspace(ctx, given)
    found = agent_missions.list_missions(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, agent=given.agent, limit=given.limit
    )
    return [summary_out(m) for m in found]


class OnMission(InWorkspace):
    mission: str


@operation("get_mission", input=OnMission, output=AgentMissionOut, scope=READ, writes=False)
def get_mission(ctx: OperationContext, given: OnMission) -> AgentMissionOut:
    """A mission with its status, steps, proposals, result, error and timings."""
    ws = refs.workspace(ctx, given)
    found = agent_missions.get_mission(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, mission_id=given.mission)
    return mission_out(found)


class MissionSteps(OnMission):
    after_seq: Annotated[int, Field(ge=0)] = 0


class MissionStepsOut(ApiModel):
    status: str
    result: str | None
    error: str | None
    steps: list[StepOut]


@operation("list_mission_steps", input=MissionSteps, output=MissionStepsOut, scope=READ, writes=False)
def list_mission_steps(ctx: OperationContext, given: MissionSteps) -> MissionStepsOut:
    """A mission's status and its steps after ``afterSeq``: what its stream replays, and polls for."""
    ws = refs.workspace(ctx, given)
    mission = agent_missions.mission_of_workspace(ctx.session, ws.workspace.id, given.mission)
    found = agent_missions.view(ctx.session, mission, after_seq=given.after_seq)
    steps = [step_out(step) for step in found.steps]
    return MissionStepsOut(status=mission.status, result=mission.result, error=mission.error, steps=steps)


@operation(
    "cancel_mission", input=OnMission, output=AgentMissionOut, scope=WRITE, writes=True, kinds=PEOPLE, refusal=NOT_AN_AGENT
)
def cancel_mission(ctx: OperationContext, given: OnMission) -> AgentMissionOut:
    """Cancel a queued, running or awaiting mission (its requester or a workspace admin); pending proposals are rejected."""
    ws = refs.workspace(ctx, given)
    mission = agent_missions.cancel_mission(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, mission_id=given.mission)
    return mission_out(agent_missions.view(ctx.session, mission))


# -- proposals ---------------------------------------------------------------------------


@operation("list_mission_proposals", input=OnMission, output=list[ProposalOut], scope=READ, writes=False)
def list_mission_proposals(ctx: OperationContext, given: OnMission) -> list[ProposalOut]:
    """A mission's proposals, oldest first, each with its tool call and decision."""
    ws = refs.workspace(ctx, given)
    found = agent_proposals.list_proposals(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, mission_id=given.mission)
    return [ProposalOut.model_validate(p) for p in found]


class OnProposal(InWorkspace):
    proposal: str


def _run_proposal(ctx: OperationContext, proposal: AgentProposal, agent: Agent, acting: Principal) -> Any:
    """Run the proposal's tool call as ``acting``; its JSON result, or the StellaryError that stopped it."""
    from stellary_core.tools.catalog import tool_named

    tool = tool_named(proposal.tool)
    if tool is None or tool.name not in agent.tools:
        raise Conflict(f"{proposal.tool} is no longer one of this agent's tools")
    try:
        given = tool.operation.input.model_validate(tool.arguments.payload(proposal.arguments))
    except ValidationError as error:
        raise tool.arguments.translate(invalid_from(error)) from None
    authorize(tool.operation, acting)
    with ctx.session.begin_nested():
        return tool.operation.dump(tool.operation.run(OperationContext(ctx.session, acting), given))


@operation(
    "approve_proposal", input=OnProposal, output=ProposalOut, scope=WRITE, writes=True, kinds=PEOPLE, refusal=NOT_AN_AGENT
)
def approve_proposal(ctx: OperationContext, given: OnProposal) -> ProposalOut:
    """Approve a pending proposal: its action runs now, as the agent acting for you, all or nothing."""
    ws = refs.workspace(ctx, given)
    _, proposal, mission, agent = agent_proposals.proposal_to_decide(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, proposal_id=given.proposal
    )
    acting = Principal(user_id=ctx.actor.user_id, kind="agent", scopes=ctx.actor.scopes, token_id=agent.id)
    try:
        result = _run_proposal(ctx, proposal, agent, acting)
    except StellaryError as error:
        agent_proposals.record_failure(ctx.session, proposal, mission, error.message)
        keep_on_error(ctx.session)  # the savepoint undid the action; the record of its failure commits
        raise Conflict(
            f"Running {proposal.tool} failed and changed nothing; the proposal stays pending: {error.message}",
            details=error.details,
        ) from error
    agent_proposals.decide(ctx.session, proposal, mission, "approved", Actor.of(ctx.actor), result=result)
    return ProposalOut.model_validate(proposal)


class RejectProposal(OnProposal):
    data: ProposalRejectIn


@operation(
    "reject_proposal", input=RejectProposal, output=ProposalOut, scope=WRITE, writes=True, kinds=PEOPLE,
    refusal=NOT_AN_AGENT,
)  # fmt: skip
def reject_proposal(ctx: OperationContext, given: RejectProposal) -> ProposalOut:
    """Reject a pending proposal, with a reason: nothing runs."""
    ws = refs.workspace(ctx, given)
    _, proposal, mission, _ = agent_proposals.proposal_to_decide(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, proposal_id=given.proposal
    )
    agent_proposals.decide(ctx.session, proposal, mission, "rejected", Actor.of(ctx.actor), reason=given.data.reason)
    return ProposalOut.model_validate(proposal)
