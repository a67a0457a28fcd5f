"""A project's automation rules and their execution traces, bound to operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from stellary_core.operations.catalog import automations as ops
from stellary_core.schemas.automations import AutomationCreateIn, AutomationOut, AutomationTraceOut, AutomationUpdateIn
from stellary_core.schemas.common import OkResponse
from stellary_core.server.deps import Actor, OrgSlug, ProjectId, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Automations"])
P = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}"
RuleId = Annotated[str, Path(alias="ruleId")]


@router.get(P + "/automations", response_model=list[AutomationOut], openapi_extra=runs(ops.list_automations))
def list_automations(request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, actor: Actor) -> Response:
    given = ops.InProject(org_slug=org, ws_slug=ws, project=project_id)
    return respond(request, ops.list_automations, actor, given)


@router.post(P + "/automations", status_code=201, response_model=AutomationOut, openapi_extra=runs(ops.create_automation))
def create_automation(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, body: AutomationCreateIn, actor: Actor
) -> Response:
    given = ops.CreateAutomation(org_slug=org, ws_slug=ws, project=project_id, data=body)
    return respond(request, ops.create_automation, actor, given, status=201)


@router.get(P + "/automations/{ruleId}", response_model=AutomationOut, openapi_extra=runs(ops.get_automation))
def get_automation(request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, rule_id: RuleId, actor: Actor) -> Response:
    given = ops.OnRule(org_slug=org, ws_slug=ws, project=project_id, rule=rule_id)
    return respond(request, ops.get_automation, actor, given)


@router.patch(P + "/automations/{ruleId}", response_model=AutomationOut, openapi_extra=runs(ops.update_automation))
def update_automation(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, rule_id: RuleId, body: AutomationUpdateIn,
    actor: Actor,
) -> Response:
    given = ops.UpdateAutomation(org_slug=org, ws_slug=ws, project=project_id, rule=rule_id, data=body)
    return respond(request, ops.update_automation, actor, given)


@router.delete(P + "/automations/{ruleId}", response_model=OkResponse, openapi_extra=runs(ops.delete_automation))
def delete_automation(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, rule_id: RuleId, actor: Actor
) -> Response:
    given = ops.OnRule(org_slug=org, ws_slug=ws, project=project_id, rule=rule_id)
    return respond(request, ops.delete_automation, actor, given)


@router.patch(
    P + "/automations/{ruleId}/toggle", response_model=AutomationOut, openapi_extra=runs(ops.toggle_automation)
)
def toggle_automation(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, rule_id: RuleId, actor: Actor
) -> Response:
    given = ops.OnRule(org_slug=org, ws_slug=ws, project=project_id, rule=rule_id)
    return respond(request, ops.toggle_automation, actor, given)


@router.get(
    P + "/automations/{ruleId}/traces", response_model=list[AutomationTraceOut],
    openapi_extra=runs(ops.get_automation_traces),
)
def get_automation_traces(
    request: Request,
    org: OrgSlug,
    ws: WsSlug,
    project_id: ProjectId,
    rule_id: RuleId,
    actor: Actor,
    limit: Annotated[int, Query(description="newest traces to return, 1-500")] = 50,
) -> Response:
    given = ops.RuleTraces(org_slug=org, ws_slug=ws, project=project_id, rule=rule_id, limit=limit)
    return respond(request, ops.get_automation_traces, actor, given)
