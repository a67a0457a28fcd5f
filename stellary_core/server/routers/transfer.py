"""Project export and import: ``GET P/export`` and ``POST W/projects/import``.

``/projects/import`` sits beside ``/projects/{projectId}``, which has no POST,
so the router never mistakes "import" for a project id.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from stellary_core.schemas.projects import ProjectOut
from stellary_core.schemas.transfer import ProjectSnapshot
from stellary_core.server.deps import DbSession, ProjectId, ProjectsActor, WorkspaceCtx
from stellary_core.services import transfer

router = APIRouter(tags=["Project Import & Export"])
PS = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects"
IMPORT_PATH = PS + "/import"


@router.get(
    PS + "/{projectId}/export",
    response_class=JSONResponse,
    responses={200: {"model": ProjectSnapshot, "description": "The project as a stellary.project/1 snapshot"}},
)
def export_project(ws: WorkspaceCtx, project_id: ProjectId, session: DbSession, actor: ProjectsActor) -> Any:
    """Export a project as a complete JSON snapshot (scopes, columns, cards, comments, labels, fields, relations)."""
    return JSONResponse(transfer.export_project(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id))


@router.post(IMPORT_PATH, status_code=201, response_model=ProjectOut)
def import_project(ws: WorkspaceCtx, body: ProjectSnapshot, session: DbSession, actor: ProjectsActor) -> ProjectOut:
    """Import a project from a snapshot (or the reference's simpler body). Up to 50 columns and 500 cards."""
    return ProjectOut.of(transfer.import_project(session, actor=actor, workspace_id=ws.workspace.id, data=body))
