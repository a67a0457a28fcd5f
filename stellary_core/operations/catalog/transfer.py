"""Project export and import as ``stellary.project/1`` snapshots."""

from __future__ import annotations

from typing import Any

from stellary_core.operations import refs
from stellary_core.operations.refs import InProject, InWorkspace
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.projects import ProjectOut
from stellary_core.schemas.transfer import ProjectSnapshot
from stellary_core.services import transfer


class ExportProject(InProject):
    # The cards' attachment files too, as base64 (a few MB in all at most): off by default, as in the reference.
    with_files: bool = False


@operation("export_project", input=ExportProject, output=dict[str, Any], scope="projects:read", writes=False)
def export_project(ctx: OperationContext, given: ExportProject) -> dict[str, Any]:
    """A complete JSON snapshot of a project: scopes, columns, cards, comments, labels, fields, relations (and files)."""
    ws, project = refs.project(ctx, given)
    return transfer.export_project(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, with_files=given.with_files
    )


class ImportProject(InWorkspace):
    data: ProjectSnapshot


@operation("import_project", input=ImportProject, output=ProjectOut, scope="projects:write", writes=True)
def import_project(ctx: OperationContext, given: ImportProject) -> ProjectOut:
    """Create a project from a snapshot (or the reference's simpler body), its files included, all or nothing."""
    ws = refs.workspace(ctx, given)
    return ProjectOut.of(transfer.import_project(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, data=given.data))
