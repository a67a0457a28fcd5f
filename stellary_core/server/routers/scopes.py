"""Scopes of a project and their views (``P/scopes``, ``P/scopes/:scopeId/views``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.scopes import (
    ScopeCreateIn,
    ScopeDetailOut,
    ScopeOut,
    ScopeUpdateIn,
    ScopeViewsOut,
    ScopeViewUpdateIn,
)
from stellary_core.server.deps import DbSession, ProjectId, ProjectsActor, WorkspaceCtx
from stellary_core.services import scopes

router = APIRouter(tags=["Scopes"])
S = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}/scopes"
ScopeId = Annotated[str, Path(alias="scopeId")]


def _views(views: scopes.ScopeViews) -> ScopeViewsOut:
    return ScopeViewsOut.model_validate({"available": list(views.available), "activeView": views.active_view})


@router.post(S, status_code=201, response_model=ScopeDetailOut)
def create_scope(
    ws: WorkspaceCtx, project_id: ProjectId, body: ScopeCreateIn, session: DbSession, actor: ProjectsActor
) -> ScopeDetailOut:
    details = scopes.create_scope(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, data=body)
    return ScopeDetailOut.of(details)


@router.get(S, response_model=list[ScopeOut])
def list_scopes(ws: WorkspaceCtx, project_id: ProjectId, session: DbSession, actor: ProjectsActor) -> list[ScopeOut]:
    found = scopes.list_scopes(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id)
    return [ScopeOut.of(s) for s in found]


@router.get(S + "/{scopeId}", response_model=ScopeDetailOut)
def get_scope(
    ws: WorkspaceCtx, project_id: ProjectId, scope_id: ScopeId, session: DbSession, actor: ProjectsActor
) -> ScopeDetailOut:
    details = scopes.get_scope(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, scope_id=scope_id)
    return ScopeDetailOut.of(details)


@router.patch(S + "/{scopeId}", response_model=ScopeDetailOut)
def update_scope(
    ws: WorkspaceCtx, project_id: ProjectId, scope_id: ScopeId, body: ScopeUpdateIn, session: DbSession, actor: ProjectsActor
) -> ScopeDetailOut:
    details = scopes.update_scope(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, scope_id=scope_id, data=body
    )
    return ScopeDetailOut.of(details)


@router.delete(S + "/{scopeId}", response_model=OkResponse)
def delete_scope(
    ws: WorkspaceCtx, project_id: ProjectId, scope_id: ScopeId, session: DbSession, actor: ProjectsActor
) -> OkResponse:
    scopes.delete_scope(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, scope_id=scope_id)
    return OkResponse()


@router.get(S + "/{scopeId}/views", response_model=ScopeViewsOut)
def get_views(
    ws: WorkspaceCtx, project_id: ProjectId, scope_id: ScopeId, session: DbSession, actor: ProjectsActor
) -> ScopeViewsOut:
    return _views(scopes.get_views(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, scope_id=scope_id))


@router.patch(S + "/{scopeId}/views", response_model=ScopeViewsOut)
def set_active_view(
    ws: WorkspaceCtx,
    project_id: ProjectId,
    scope_id: ScopeId,
    body: ScopeViewUpdateIn,
    session: DbSession,
    actor: ProjectsActor,
) -> ScopeViewsOut:
    views = scopes.set_active_view(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, scope_id=scope_id, view=body.active_view
    )
    return _views(views)
