"""Project export and import as ``stellary.project/1`` snapshots."""

from __future__ import annotations

from typing import Any

from stellary_core.operations import refs
from stellary_core.operations.refs import InProject, InWorkspace
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.projects import ProjectOut
from stellary_core.schemas.transfer import ProjectSnapshot
from stellary_core.services import transfer


@operation("export_project", input=InProject, output=dict[str, Any], scope="projects:read", writes=False)
def export_project(ctx: OperationContext, given: InProject) -> dict[str, Any]:
    """A complete JSON snapshot of a project: scopes, columns, cards, comments, labels, fields, relations."""
    ws, project = refs.project(ctx, given)
    return transfer.export_project(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id)


class ImportProject(InWorkspace):
    data: ProjectSnapshot


@operation("import_project", input=ImportProject, output=ProjectOut, scope="projects:write", writes=True)
def import_project(ctx: OperationContext, given: ImportProject) -> ProjectOut:
    """Create a project from a snapshot (or the reference's simpler body), all or nothing."""
    ws = refs.workspace(ctx, given)
    return ProjectOut.of(transfer.import_project(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, data=given.data))
