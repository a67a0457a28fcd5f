"""Saved filters of a scope (``P/scopes/:scopeId/filters``): an extension of the reference.

A saved filter is a name for a filter-language query (the ``q`` of ``GET P/cards``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.scopes import SavedFilterCreateIn, SavedFilterOut
from stellary_core.server.deps import DbSession, ProjectId, ProjectsActor, WorkspaceCtx
from stellary_core.services import saved_filters

router = APIRouter(tags=["Saved filters"])
F = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}/scopes/{scopeId}/filters"
ScopeId = Annotated[str, Path(alias="scopeId")]
FilterId = Annotated[str, Path(alias="filterId")]


@router.get(F, response_model=list[SavedFilterOut])
def list_saved_filters(
    ws: WorkspaceCtx, project_id: ProjectId, scope_id: ScopeId, session: DbSession, actor: ProjectsActor
) -> list[SavedFilterOut]:
    found = saved_filters.list_saved_filters(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, scope_id=scope_id
    )
    return [SavedFilterOut.model_validate(f) for f in found]


@router.post(F, status_code=201, response_model=SavedFilterOut)
def create_saved_filter(
    ws: WorkspaceCtx,
    project_id: ProjectId,
    scope_id: ScopeId,
    body: SavedFilterCreateIn,
    session: DbSession,
    actor: ProjectsActor,
) -> SavedFilterOut:
    saved = saved_filters.create_saved_filter(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, scope_id=scope_id, data=body
    )
    return SavedFilterOut.model_validate(saved)


@router.delete(F + "/{filterId}", response_model=OkResponse)
def delete_saved_filter(
    ws: WorkspaceCtx, project_id: ProjectId, scope_id: ScopeId, filter_id: FilterId, session: DbSession, actor: ProjectsActor
) -> OkResponse:
    saved_filters.delete_saved_filter(
        session,
        actor=actor,
        workspace_id=ws.workspace.id,
        project_id=project_id,
        scope_id=scope_id,
        filter_id=filter_id,
    )
    return OkResponse()
