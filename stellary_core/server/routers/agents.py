"""W/agents, W/missions, W/proposals: the workspace's agents, their missions and proposals, bound to operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from stellary_core.operations.catalog import agents as ops
from stellary_core.schemas.agents import (
    AgentCreateIn,
    AgentOut,
    AgentUpdateIn,
    AgentMissionCreateIn,
    AgentMissionOut,
    MissionSummaryOut,
    ProposalOut,
    ProposalRejectIn,
)
from stellary_core.schemas.common import OkResponse
from stellary_core.server.deps import Actor, OrgSlug, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Agents"])
W = "/orgs/{orgSlug}/workspaces/{wsSlug}"
A = W + "/agents/{agentId}"
M = W + "/missions/{missionId}"
PR = W + "/proposals/{proposalId}"
AgentId = Annotated[str, Path(alias="agentId")]
MissionId = Annotated[str, Path(alias="missionId")]
ProposalId = Annotated[str, Path(alias="proposalId")]


@router.get(W + "/agents", response_model=list[AgentOut], openapi_extra=runs(ops.list_agents))
def list_agents(request: Request, org: OrgSlug, ws: WsSlug, actor: Actor) -> Response:
    return respond(request, ops.list_agents, actor, ops.InWorkspace(org_slug=org, ws_slug=ws))


@router.post(W + "/agents", status_code=201, response_model=AgentOut, openapi_extra=runs(ops.create_agent))
def create_agent(request: Request, org: OrgSlug, ws: WsSlug, body: AgentCreateIn, actor: Actor) -> Response:
    return respond(request, ops.create_agent, actor, ops.CreateAgent(org_slug=org, ws_slug=ws, data=body), status=201)


@router.get(A, response_model=AgentOut, openapi_extra=runs(ops.get_agent))
def get_agent(request: Request, org: OrgSlug, ws: WsSlug, agent_id: AgentId, actor: Actor) -> Response:
    return respond(request, ops.get_agent, actor, ops.OnAgent(org_slug=org, ws_slug=ws, agent=agent_id))


@router.patch(A, response_model=AgentOut, openapi_extra=runs(ops.update_agent))
def update_agent(
    request: Request, org: OrgSlug, ws: WsSlug, agent_id: AgentId, body: AgentUpdateIn, actor: Actor
) -> Response:
    given = ops.UpdateAgent(org_slug=org, ws_slug=ws, agent=agent_id, data=body)
    return respond(request, ops.update_agent, actor, given)


@router.delete(A, response_model=OkResponse, openapi_extra=runs(ops.delete_agent))
def delete_agent(request: Request, org: OrgSlug, ws: WsSlug, agent_id: AgentId, actor: Actor) -> Response:
    return respond(request, ops.delete_agent, actor, ops.OnAgent(org_slug=org, ws_slug=ws, agent=agent_id))


@router.post(A + "/missions", status_code=201, response_model=AgentMissionOut, openapi_extra=runs(ops.start_mission))
def start_mission(
    request: Request, org: OrgSlug, ws: WsSlug, agent_id: AgentId, body: AgentMissionCreateIn, actor: Actor
) -> Response:
    given = ops.StartMission(org_slug=org, ws_slug=ws, agent=agent_id, data=body)
    return respond(request, ops.start_mission, actor, given, status=201)


@router.get(A + "/missions", response_model=list[MissionSummaryOut], openapi_extra=runs(ops.list_missions))
def list_missions(
    request: Request,
    org: OrgSlug,
    ws: WsSlug,
    agent_id: AgentId,
    actor: Actor,
    limit: Annotated[int | None, Query(description="max results, 1-500 (newest first; 50 unless given)")] = None,
) -> Response:
    # A dict, so the runner checks the limit and answers a bad one with the usual 400.
    given = {"orgSlug": org, "wsSlug": ws, "agent": agent_id, "limit": limit}
    return respond(request, ops.list_missions, actor, given)


@router.get(M, response_model=AgentMissionOut, openapi_extra=runs(ops.get_mission))
def get_mission(request: Request, org: OrgSlug, ws: WsSlug, mission_id: MissionId, actor: Actor) -> Response:
    return respond(request, ops.get_mission, actor, ops.OnMission(org_slug=org, ws_slug=ws, mission=mission_id))


@router.post(M + "/cancel", response_model=AgentMissionOut, openapi_extra=runs(ops.cancel_mission))
def cancel_mission(request: Request, org: OrgSlug, ws: WsSlug, mission_id: MissionId, actor: Actor) -> Response:
    return respond(request, ops.cancel_mission, actor, ops.OnMission(org_slug=org, ws_slug=ws, mission=mission_id))


@router.get(M + "/proposals", response_model=list[ProposalOut], openapi_extra=runs(ops.list_mission_proposals))
def list_proposals(request: Request, org: OrgSlug, ws: WsSlug, mission_id: MissionId, actor: Actor) -> Response:
    given = ops.OnMission(org_slug=org, ws_slug=ws, mission=mission_id)
    return respond(request, ops.list_mission_proposals, actor, given)


@router.post(PR + "/approve", response_model=ProposalOut, openapi_extra=runs(ops.approve_proposal))
def approve(request: Request, org: OrgSlug, ws: WsSlug, proposal_id: ProposalId, actor: Actor) -> Response:
    given = ops.OnProposal(org_slug=org, ws_slug=ws, proposal=proposal_id)
    return respond(request, ops.approve_proposal, actor, given)


@router.post(PR + "/reject", response_model=ProposalOut, openapi_extra=runs(ops.reject_proposal))
def reject(
    request: Request, org: OrgSlug, ws: WsSlug, proposal_id: ProposalId, actor: Actor, body: ProposalRejectIn | None = None
) -> Response:
    given = ops.RejectProposal(org_slug=org, ws_slug=ws, proposal=proposal_id, data=body or ProposalRejectIn())
    return respond(request, ops.reject_proposal, actor, given)
