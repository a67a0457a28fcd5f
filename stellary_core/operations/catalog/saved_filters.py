"""Saved filters of a scope: a name for a query of the filter language (the ``q`` of list_cards)."""

from __future__ import annotations

from stellary_core.operations import refs
from stellary_core.operations.catalog.scopes import OnScope
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.scopes import SavedFilterCreateIn, SavedFilterOut
from stellary_core.services import saved_filters

READ = "projects:read"
WRITE = "projects:write"


@operation("list_saved_filters", input=OnScope, output=list[SavedFilterOut], scope=READ, writes=False)
def list_saved_filters(ctx: OperationContext, given: OnScope) -> list[SavedFilterOut]:
    """The saved filters of a scope."""
    ws, project = refs.project(ctx, given)
    found = saved_filters.list_saved_filters(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, scope_id=given.scope_id
    )
    return [SavedFilterOut.model_validate(f) for f in found]


class CreateSavedFilter(OnScope):
    data: SavedFilterCreateIn


@operation("create_saved_filter", input=CreateSavedFilter, output=SavedFilterOut, scope=WRITE, writes=True)
def create_saved_filter(ctx: OperationContext, given: CreateSavedFilter) -> SavedFilterOut:
    """Save a filter-language query under a name in a scope."""
    ws, project = refs.project(ctx, given)
    saved = saved_filters.create_saved_filter(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, scope_id=given.scope_id,
        data=given.data,
    )
    return SavedFilterOut.model_validate(saved)


class DeleteSavedFilter(OnScope):
    filter_id: str


@operation("delete_saved_filter", input=DeleteSavedFilter, output=OkResponse, scope=WRITE, writes=True)
def delete_saved_filter(ctx: OperationContext, given: DeleteSavedFilter) -> OkResponse:
    """Delete a saved filter of a scope."""
    ws, project = refs.project(ctx, given)
    saved_filters.delete_saved_filter(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, scope_id=given.scope_id,
        filter_id=given.filter_id,
    )
    return OkResponse()
