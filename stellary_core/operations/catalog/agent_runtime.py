"""The agent runtime over MCP: an assistant connected through ``stellary mcp`` acts as an ``external`` agent.

The loop: ``stellary_init`` (which agents it may run, and how), then
``wait_for_mission`` (a long poll) or ``get_next_mission``, which claim the
oldest queued mission of the agent and answer it with its card; the assistant
works with the board tools as its own user, then ``complete_mission`` (with,
for a supervised or approval-mode agent, the writes it proposes instead of
making them) or ``fail_mission``. ``get_agent_status`` and
``list_agent_proposals`` tell it where things stand.

Running an agent's missions is managing the agent: workspace admins only.

``list_agent_proposals`` is not ``list_pending_proposals``: that one is the
published tool of pilotage's proposed actions (contract section 8), with its
own shape and the ``pilotage:read`` scope; this one lists the proposals of an
agent's missions (tool calls waiting for a person), under ``projects:read``.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

from pydantic import Field, ValidationError
from sqlalchemy import func, select

from stellary_core.db import database_of
from stellary_core.errors import Conflict, Invalid
from stellary_core.event_types import Actor
from stellary_core.models import Agent, AgentMission
from stellary_core.operations import refs
from stellary_core.operations.catalog.agents import (
    NOT_AN_AGENT,
    PEOPLE,
    OnAgent,
    OnMission,
    agent_out,
    summary_out,
)
from stellary_core.operations.refs import InWorkspace
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.operations.runner import OperationRunner
from stellary_core.schemas.agents import AgentOut, MissionSummaryOut, ProposalOut, ProposalStatus, ToolName
from stellary_core.schemas.common import ApiModel, InputModel, invalid_from
from stellary_core.services import access, agent_missions, agent_proposals, agents
from stellary_core.services.access import WorkspaceAccess

READ = "projects:read"
WRITE = "projects:write"
WAIT_MAX = 60
POLL_SECONDS = 0.25
RECENT = 5

INSTRUCTIONS = (
    "You are {agent}, a Stellary agent ({mode}). Loop: call wait_for_mission (or get_next_mission) with "
    "agent={slug}; it answers a mission: a card and a prompt. Do what the prompt asks on that card with these "
    "tools only: {tools}. {writes} Then call complete_mission with a short result, or fail_mission saying why."
)
WRITES = {
    "autonomous": "Make the writes yourself.",
    "supervised": "Do not make writes yourself: list each one in complete_mission's proposals; a person approves them.",
    "approval": "Do not make writes yourself: list them all in complete_mission's proposals, one batch for a person.",
}


def _runtime_access(ctx: OperationContext, given: InWorkspace) -> WorkspaceAccess:
    ws = refs.workspace(ctx, given)
    access.require_workspace_admin(ws, "run an agent's missions")
    return ws


def _external(ctx: OperationContext, ws: WorkspaceAccess, name: str) -> Agent:
    agent = agents.agent_of_workspace(ctx.session, ws.workspace.id, name)
    if agent.provider != "external":
        raise Conflict(f"Agent {agent.slug!r} is run by Stellary's {agent.provider} provider, not by an outside agent")
    return agent


class RuntimeOut(ApiModel):
    workspace_id: str
    agents: list[AgentOut]
    queued: int
    instructions: list[str]


class InitRuntime(InWorkspace):
    agent: str | None = None


@operation("stellary_init", input=InitRuntime, output=RuntimeOut, scope=READ, writes=False)
def stellary_init(ctx: OperationContext, given: InitRuntime) -> RuntimeOut:
    """The outside agents of a workspace you may run (or the one named), their queued missions, and how to run them."""
    ws = _runtime_access(ctx, given)
    if given.agent is not None:
        found = [_external(ctx, ws, given.agent)]
    else:
        found = [a for a in agents.list_agents(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id) if a.provider == "external"]
    queued = ctx.session.scalar(
        select(func.count())
        .select_from(AgentMission)
        .where(AgentMission.agent_id.in_([a.id for a in found]), AgentMission.status == "queued")
    )
    told = [
        INSTRUCTIONS.format(
            agent=a.name, mode=a.autonomy_mode, slug=a.slug, tools=", ".join(a.tools) or "none", writes=WRITES[a.autonomy_mode]
        )
        for a in found
    ]
    return RuntimeOut(workspace_id=ws.workspace.id, agents=[agent_out(a) for a in found], queued=int(queued or 0), instructions=told)


class MissionBriefOut(MissionSummaryOut):
    autonomy_mode: str
    tools: list[str]
    card: dict[str, Any]


class NextMissionOut(ApiModel):
    """``mission`` is null when none is queued (or none came before the wait ended)."""

    mission: MissionBriefOut | None


def _brief(ctx: OperationContext, mission: AgentMission, agent: Agent) -> MissionBriefOut:
    from stellary_core.operations.catalog.board import get_card_details
    from stellary_core.operations.refs import OnCard

    card = get_card_details.run(ctx, OnCard(workspace_id=mission.workspace_id, card=mission.card_id))
    return MissionBriefOut(
        **dict(summary_out(mission)),
        autonomy_mode=agent.autonomy_mode,
        tools=list(agent.tools),
        card=get_card_details.dump(card),
    )


@operation(
    "get_next_mission", input=OnAgent, output=NextMissionOut, scope=WRITE, writes=True, kinds=PEOPLE, refusal=NOT_AN_AGENT
)
def get_next_mission(ctx: OperationContext, given: OnAgent) -> NextMissionOut:
    """Take the oldest queued mission of an outside agent (it becomes running), with its card; null when none waits."""
    ws = _runtime_access(ctx, given)
    agent = _external(ctx, ws, given.agent)
    queued = ctx.session.scalars(
        select(AgentMission)
        .where(AgentMission.agent_id == agent.id, AgentMission.status == "queued")
        .order_by(AgentMission.created_at, AgentMission.id)
    )
    for mission in queued:
        if agent_missions.claim(ctx.session, mission, None):
            return NextMissionOut(mission=_brief(ctx, mission, agent))
    return NextMissionOut(mission=None)


class WaitForMission(OnAgent):
    timeout_seconds: Annotated[float, Field(gt=0, le=WAIT_MAX)] = 25


@operation("wait_for_mission", input=WaitForMission, output=NextMissionOut, scope=READ, writes=False)
def wait_for_mission(ctx: OperationContext, given: WaitForMission) -> NextMissionOut:
    """Wait up to timeoutSeconds for a mission of an outside agent and take it, as get_next_mission does."""
    ws = _runtime_access(ctx, given)
    _external(ctx, ws, given.agent)
    ctx.session.rollback()  # no read transaction held while waiting
    runner = OperationRunner(database_of(ctx.session))
    claim = OnAgent(workspace_id=ws.workspace.id, agent=given.agent)
    deadline = time.monotonic() + given.timeout_seconds
    while True:
        # Each try is its own short write (get_next_mission, with its own scope check): nothing is held between.
        found: NextMissionOut = runner.run(get_next_mission, ctx.actor, claim)
        if found.mission is not None or time.monotonic() >= deadline:
            return found
        time.sleep(min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))


class ProposedCall(InputModel):
    tool: ToolName
    arguments: dict[str, Any] = Field(default_factory=dict)


class CompleteMission(OnMission):
    result: Annotated[str, Field(min_length=1, max_length=5000)]
    proposals: list[ProposedCall] = Field(default_factory=list, max_length=100)


def _running_external(ctx: OperationContext, given: OnMission) -> tuple[AgentMission, Agent]:
    ws = _runtime_access(ctx, given)
    mission = agent_missions.mission_of_workspace(ctx.session, ws.workspace.id, given.mission)
    agent = ctx.session.get(Agent, mission.agent_id)
    assert agent is not None
    if agent.provider != "external":
        raise Conflict(f"This mission is run by Stellary's {agent.provider} provider, not by an outside agent")
    if mission.status != "running":
        raise Conflict(f"Only a running mission can be completed or failed; this one is {mission.status}")
    return mission, agent


def _check_proposal(agent: Agent, index: int, call: ProposedCall) -> None:
    from stellary_core.tools.catalog import tool_named

    field = f"proposals.{index}.tool"
    tool = tool_named(call.tool)
    if tool is None or tool.name not in agent.tools:
        raise Invalid.field(field, f"{call.tool!r} is not one of this agent's tools ({', '.join(agent.tools) or 'none'})")
    if not tool.writes:
        raise Invalid.field(field, f"{call.tool} only reads: call it yourself")
    try:
        tool.operation.input.model_validate(tool.arguments.payload(call.arguments))
    except ValidationError as error:
        raise Invalid.field(f"proposals.{index}.arguments", tool.arguments.translate(invalid_from(error)).message) from None


@operation(
    "complete_mission", input=CompleteMission, output=MissionSummaryOut, scope=WRITE, writes=True, kinds=PEOPLE,
    refusal=NOT_AN_AGENT,
)  # fmt: skip
def complete_mission(ctx: OperationContext, given: CompleteMission) -> MissionSummaryOut:
    """Finish a running mission with its result; proposals (writes for a person to approve) make it await approval."""
    mission, agent = _running_external(ctx, given)
    if given.proposals and agent.autonomy_mode == "autonomous":
        raise Invalid.field("proposals", "an autonomous agent makes its writes itself")
    for index, call in enumerate(given.proposals):
        _check_proposal(agent, index, call)
    for call in given.proposals:
        agent_proposals.propose(ctx.session, mission, call.tool, dict(call.arguments))
    agent_missions.finish(ctx.session, mission, Actor.of(ctx.actor), result=given.result)
    return summary_out(mission)


class FailMission(OnMission):
    error: Annotated[str, Field(min_length=1, max_length=5000)]


@operation(
    "fail_mission", input=FailMission, output=MissionSummaryOut, scope=WRITE, writes=True, kinds=PEOPLE,
    refusal=NOT_AN_AGENT,
)  # fmt: skip
def fail_mission(ctx: OperationContext, given: FailMission) -> MissionSummaryOut:
    """End a running mission as failed, saying why (the requester is told)."""
    mission, _ = _running_external(ctx, given)
    agent_missions.finish(ctx.session, mission, Actor.of(ctx.actor), error=given.error)
    return summary_out(mission)


class AgentStatusOut(ApiModel):
    agent: AgentOut
    missions: dict[str, int]
    pending_proposals: int
    recent: list[MissionSummaryOut]


@operation("get_agent_status", input=OnAgent, output=AgentStatusOut, scope=READ, writes=False)
def get_agent_status(ctx: OperationContext, given: OnAgent) -> AgentStatusOut:
    """An agent with its missions counted by status, its pending proposals and its latest missions."""
    ws = refs.workspace(ctx, given)
    agent = agents.get_agent(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, agent=given.agent)
    counted = ctx.session.execute(
        select(AgentMission.status, func.count()).where(AgentMission.agent_id == agent.id).group_by(AgentMission.status)
    ).all()
    pending = agent_proposals.of_agent(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, agent=agent)
    recent = agent_missions.list_missions(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, agent=agent.id, limit=RECENT
    )
    return AgentStatusOut(
        agent=agent_out(agent),
        missions={str(status): int(count) for status, count in counted},
        pending_proposals=len(pending),
        recent=[summary_out(m) for m in recent],
    )


class ListAgentProposals(OnAgent):
    status: ProposalStatus | None = "pending"


@operation("list_agent_proposals", input=ListAgentProposals, output=list[ProposalOut], scope=READ, writes=False)
def list_agent_proposals(ctx: OperationContext, given: ListAgentProposals) -> list[ProposalOut]:
    """The proposals of an agent's missions (pending ones unless status says), oldest first."""
    ws = refs.workspace(ctx, given)
    agent = agents.get_agent(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, agent=given.agent)
    found = agent_proposals.of_agent(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, agent=agent, status=given.status
    )
    return [ProposalOut.model_validate(p) for p in found]

