"""Projects of a workspace, templates, portfolio and project members, bound to operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from stellary_core.operations.catalog import projects as ops
from stellary_core.operations.refs import InProject, InWorkspace
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.projects import (
    PortfolioEntryOut,
    ProjectCreateIn,
    ProjectMemberAddIn,
    ProjectMemberOut,
    ProjectOut,
    ProjectUpdateIn,
    TemplateOut,
)
from stellary_core.server.deps import Actor, OrgSlug, ProjectId, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Projects"])
UserId = Annotated[str, Path(alias="userId")]
PS = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects"
P = PS + "/{projectId}"


@router.post(PS, status_code=201, response_model=ProjectOut, openapi_extra=runs(ops.create_project))
def create_project(request: Request, org: OrgSlug, ws: WsSlug, body: ProjectCreateIn, actor: Actor) -> Response:
    given = ops.CreateProject(org_slug=org, ws_slug=ws, data=body)
    return respond(request, ops.create_project, actor, given, status=201)


@router.get(PS, response_model=list[ProjectOut], openapi_extra=runs(ops.list_projects))
def list_projects(request: Request, org: OrgSlug, ws: WsSlug, actor: Actor) -> Response:
    return respond(request, ops.list_projects, actor, InWorkspace(org_slug=org, ws_slug=ws))


@router.get(PS + "/portfolio", response_model=list[PortfolioEntryOut], openapi_extra=runs(ops.get_portfolio))
def portfolio(request: Request, org: OrgSlug, ws: WsSlug, actor: Actor) -> Response:
    return respond(request, ops.get_portfolio, actor, InWorkspace(org_slug=org, ws_slug=ws))


@router.get(PS + "/templates", response_model=list[TemplateOut], openapi_extra=runs(ops.list_templates))
def templates(request: Request, org: OrgSlug, ws: WsSlug, actor: Actor) -> Response:
    return respond(request, ops.list_templates, actor, InWorkspace(org_slug=org, ws_slug=ws))


@router.get(P, response_model=ProjectOut, openapi_extra=runs(ops.get_project_details))
def get_project(request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, actor: Actor) -> Response:
    given = InProject(org_slug=org, ws_slug=ws, project=project_id)
    return respond(request, ops.get_project_details, actor, given)


@router.patch(P, response_model=ProjectOut, openapi_extra=runs(ops.update_project))
def update_project(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, body: ProjectUpdateIn, actor: Actor
) -> Response:
    given = ops.UpdateProject(org_slug=org, ws_slug=ws, project=project_id, data=body)
    return respond(request, ops.update_project, actor, given)


@router.delete(P, response_model=OkResponse, openapi_extra=runs(ops.delete_project))
def delete_project(request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, actor: Actor) -> Response:
    given = InProject(org_slug=org, ws_slug=ws, project=project_id)
    return respond(request, ops.delete_project, actor, given)


@router.get(P + "/members", response_model=list[ProjectMemberOut], openapi_extra=runs(ops.list_project_members))
def list_members(request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, actor: Actor) -> Response:
    given = InProject(org_slug=org, ws_slug=ws, project=project_id)
    return respond(request, ops.list_project_members, actor, given)


@router.post(
    P + "/members", status_code=201, response_model=ProjectMemberOut, openapi_extra=runs(ops.add_project_member)
)
def add_member(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, body: ProjectMemberAddIn, actor: Actor
) -> Response:
    given = ops.AddProjectMember(org_slug=org, ws_slug=ws, project=project_id, data=body)
    return respond(request, ops.add_project_member, actor, given, status=201)


@router.delete(P + "/members/{userId}", response_model=OkResponse, openapi_extra=runs(ops.remove_project_member))
def remove_member(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, user_id: UserId, actor: Actor
) -> Response:
    given = ops.RemoveProjectMember(org_slug=org, ws_slug=ws, project=project_id, user=user_id)
    return respond(request, ops.remove_project_member, actor, given)
