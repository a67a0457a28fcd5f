"""Project export and import: ``GET P/export`` and ``POST W/projects/import``, bound to operations.

``/projects/import`` sits beside ``/projects/{projectId}``, which has no POST,
so the router never mistakes "import" for a project id.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from stellary_core.operations.catalog import transfer as ops
from stellary_core.schemas.projects import ProjectOut
from stellary_core.schemas.transfer import ProjectSnapshot
from stellary_core.server.deps import Actor, OrgSlug, ProjectId, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Project Import & Export"])
PS = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects"
IMPORT_PATH = PS + "/import"


@router.get(
    PS + "/{projectId}/export",
    response_class=JSONResponse,
    responses={200: {"model": ProjectSnapshot, "description": "The project as a stellary.project/1 snapshot"}},
    openapi_extra=runs(ops.export_project),
)
def export_project(
    request: Request,
    org: OrgSlug,
    ws: WsSlug,
    project_id: ProjectId,
    actor: Actor,
    with_files: Annotated[
        bool, Query(alias="withFiles", description="include the cards' attachments as base64 (5 MB in all at most)")
    ] = False,
) -> Response:
    """Export a project as a complete JSON snapshot (scopes, columns, cards, comments, labels, fields, relations)."""
    given = ops.ExportProject(org_slug=org, ws_slug=ws, project=project_id, with_files=with_files)
    return respond(request, ops.export_project, actor, given)


@router.post(IMPORT_PATH, status_code=201, response_model=ProjectOut, openapi_extra=runs(ops.import_project))
def import_project(request: Request, org: OrgSlug, ws: WsSlug, body: ProjectSnapshot, actor: Actor) -> Response:
    """Import a project from a snapshot (or the reference's simpler body). Up to 50 columns and 500 cards."""
    given = ops.ImportProject(org_slug=org, ws_slug=ws, data=body)
    return respond(request, ops.import_project, actor, given, status=201)
