"""Scopes of a project (its boards) and the view each one shows."""

from __future__ import annotations

from stellary_core.operations import refs
from stellary_core.operations.refs import InProject
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.scopes import (
    ScopeCreateIn,
    ScopeDetailOut,
    ScopeOut,
    ScopeUpdateIn,
    ScopeViewsOut,
    ScopeViewUpdateIn,
)
from stellary_core.services import scopes

READ = "projects:read"
WRITE = "projects:write"


class OnScope(InProject):
    """A scope of the project, by id."""

    scope_id: str


def _views(views: scopes.ScopeViews) -> ScopeViewsOut:
    return ScopeViewsOut.model_validate({"available": list(views.available), "activeView": views.active_view})


@operation("list_scopes", input=InProject, output=list[ScopeOut], scope=READ, writes=False)
def list_scopes(ctx: OperationContext, given: InProject) -> list[ScopeOut]:
    """The scopes of a project in order, each with its card and column counts."""
    ws, project = refs.project(ctx, given)
    found = scopes.list_scopes(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id)
    return [ScopeOut.of(s) for s in found]


@operation("get_scope", input=OnScope, output=ScopeDetailOut, scope=READ, writes=False)
def get_scope(ctx: OperationContext, given: OnScope) -> ScopeDetailOut:
    """One scope with its columns and views."""
    ws, project = refs.project(ctx, given)
    details = scopes.get_scope(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, scope_id=given.scope_id
    )
    return ScopeDetailOut.of(details)


class CreateScope(InProject):
    data: ScopeCreateIn


@operation("create_scope", input=CreateScope, output=ScopeDetailOut, scope=WRITE, writes=True)
def create_scope(ctx: OperationContext, given: CreateScope) -> ScopeDetailOut:
    """Add a scope after the others, with the default columns or those of a template."""
    ws, project = refs.project(ctx, given)
    details = scopes.create_scope(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, data=given.data
    )
    return ScopeDetailOut.of(details)


class UpdateScope(OnScope):
    data: ScopeUpdateIn


@operation("update_scope", input=UpdateScope, output=ScopeDetailOut, scope=WRITE, writes=True)
def update_scope(ctx: OperationContext, given: UpdateScope) -> ScopeDetailOut:
    """Rename, describe or reorder a scope, or merge settings into it."""
    ws, project = refs.project(ctx, given)
    details = scopes.update_scope(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, scope_id=given.scope_id,
        data=given.data,
    )
    return ScopeDetailOut.of(details)


@operation("delete_scope", input=OnScope, output=OkResponse, scope=WRITE, writes=True)
def delete_scope(ctx: OperationContext, given: OnScope) -> OkResponse:
    """Delete a scope with its columns, cards and saved filters (never the default scope)."""
    ws, project = refs.project(ctx, given)
    scopes.delete_scope(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, scope_id=given.scope_id
    )
    return OkResponse()


@operation("get_scope_views", input=OnScope, output=ScopeViewsOut, scope=READ, writes=False)
def get_scope_views(ctx: OperationContext, given: OnScope) -> ScopeViewsOut:
    """The views a scope can show and the one it shows now."""
    ws, project = refs.project(ctx, given)
    return _views(
        scopes.get_views(
            ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, scope_id=given.scope_id
        )
    )


class SetScopeView(OnScope):
    data: ScopeViewUpdateIn


@operation("set_scope_view", input=SetScopeView, output=ScopeViewsOut, scope=WRITE, writes=True)
def set_scope_view(ctx: OperationContext, given: SetScopeView) -> ScopeViewsOut:
    """Choose which view (kanban, list, calendar, roadmap, stats) a scope shows."""
    ws, project = refs.project(ctx, given)
    views = scopes.set_active_view(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, scope_id=given.scope_id,
        view=given.data.active_view,
    )
    return _views(views)
