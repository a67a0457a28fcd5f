"""Projects of a workspace, templates, portfolio and project members."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.projects import (
    ColumnCountOut,
    PortfolioEntryOut,
    ProjectCreateIn,
    ProjectMemberAddIn,
    ProjectMemberOut,
    ProjectOut,
    ProjectUpdateIn,
    TemplateOut,
)
from stellary_core.server.deps import DbSession, ProjectId, ProjectsActor, WorkspaceCtx
from stellary_core.services import projects

router = APIRouter(tags=["Projects"])
UserId = Annotated[str, Path(alias="userId")]
PS = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects"
P = PS + "/{projectId}"


@router.post(PS, status_code=201, response_model=ProjectOut)
def create_project(ws: WorkspaceCtx, body: ProjectCreateIn, session: DbSession, actor: ProjectsActor) -> ProjectOut:
    return ProjectOut.of(projects.create_project(session, actor=actor, workspace_id=ws.workspace.id, data=body))


@router.get(PS, response_model=list[ProjectOut])
def list_projects(ws: WorkspaceCtx, session: DbSession, actor: ProjectsActor) -> list[ProjectOut]:
    return [ProjectOut.of(v) for v in projects.list_projects(session, actor=actor, workspace_id=ws.workspace.id)]


@router.get(PS + "/portfolio", response_model=list[PortfolioEntryOut])
def portfolio(ws: WorkspaceCtx, session: DbSession, actor: ProjectsActor) -> list[PortfolioEntryOut]:
    return [
        PortfolioEntryOut(
            id=e.id,
            name=e.name,
            card_count=e.card_count,
            open_count=e.open_count,
            done_count=e.done_count,
            overdue_count=e.overdue_count,
            completion=e.completion,
            by_column=[ColumnCountOut(column_id=c.column_id, name=c.name, count=c.count) for c in e.by_column],
            last_activity_at=e.last_activity_at,
        )
        for e in projects.portfolio(session, actor=actor, workspace_id=ws.workspace.id)
    ]


@router.get(PS + "/templates", response_model=list[TemplateOut])
def templates(ws: WorkspaceCtx) -> list[TemplateOut]:
    return [TemplateOut.model_validate(t) for t in projects.list_templates()]


@router.get(P, response_model=ProjectOut)
def get_project(ws: WorkspaceCtx, project_id: ProjectId, session: DbSession, actor: ProjectsActor) -> ProjectOut:
    return ProjectOut.of(projects.get_project(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id))


@router.patch(P, response_model=ProjectOut)
def update_project(
    ws: WorkspaceCtx, project_id: ProjectId, body: ProjectUpdateIn, session: DbSession, actor: ProjectsActor
) -> ProjectOut:
    view = projects.update_project(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, data=body)
    return ProjectOut.of(view)


@router.delete(P, response_model=OkResponse)
def delete_project(ws: WorkspaceCtx, project_id: ProjectId, session: DbSession, actor: ProjectsActor) -> OkResponse:
    projects.delete_project(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id)
    return OkResponse()


@router.get(P + "/members", response_model=list[ProjectMemberOut])
def list_members(ws: WorkspaceCtx, project_id: ProjectId, session: DbSession, actor: ProjectsActor) -> list[ProjectMemberOut]:
    members = projects.list_members(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id)
    return [ProjectMemberOut.model_validate(m) for m in members]


@router.post(P + "/members", status_code=201, response_model=ProjectMemberOut)
def add_member(
    ws: WorkspaceCtx, project_id: ProjectId, body: ProjectMemberAddIn, session: DbSession, actor: ProjectsActor
) -> ProjectMemberOut:
    view = projects.add_member(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, email=body.email)
    return ProjectMemberOut.model_validate(view)


@router.delete(P + "/members/{userId}", response_model=OkResponse)
def remove_member(
    ws: WorkspaceCtx, project_id: ProjectId, user_id: UserId, session: DbSession, actor: ProjectsActor
) -> OkResponse:
    projects.remove_member(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, user_id=user_id)
    return OkResponse()
