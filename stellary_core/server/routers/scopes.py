"""Scopes of a project and their views (``P/scopes``, ``P/scopes/:scopeId/views``), bound to operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from stellary_core.operations.catalog import scopes as ops
from stellary_core.operations.refs import InProject
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.scopes import (
    ScopeCreateIn,
    ScopeDetailOut,
    ScopeOut,
    ScopeUpdateIn,
    ScopeViewsOut,
    ScopeViewUpdateIn,
)
from stellary_core.server.deps import Actor, OrgSlug, ProjectId, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Scopes"])
S = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}/scopes"
ScopeId = Annotated[str, Path(alias="scopeId")]


@router.post(S, status_code=201, response_model=ScopeDetailOut, openapi_extra=runs(ops.create_scope))
def create_scope(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, body: ScopeCreateIn, actor: Actor
) -> Response:
    given = ops.CreateScope(org_slug=org, ws_slug=ws, project=project_id, data=body)
    return respond(request, ops.create_scope, actor, given, status=201)


@router.get(S, response_model=list[ScopeOut], openapi_extra=runs(ops.list_scopes))
def list_scopes(request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, actor: Actor) -> Response:
    given = InProject(org_slug=org, ws_slug=ws, project=project_id)
    return respond(request, ops.list_scopes, actor, given)


@router.get(S + "/{scopeId}", response_model=ScopeDetailOut, openapi_extra=runs(ops.get_scope))
def get_scope(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, scope_id: ScopeId, actor: Actor
) -> Response:
    given = ops.OnScope(org_slug=org, ws_slug=ws, project=project_id, scope_id=scope_id)
    return respond(request, ops.get_scope, actor, given)


@router.patch(S + "/{scopeId}", response_model=ScopeDetailOut, openapi_extra=runs(ops.update_scope))
def update_scope(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, scope_id: ScopeId, body: ScopeUpdateIn,
    actor: Actor,
) -> Response:
    given = ops.UpdateScope(org_slug=org, ws_slug=ws, project=project_id, scope_id=scope_id, data=body)
    return respond(request, ops.update_scope, actor, given)


@router.delete(S + "/{scopeId}", response_model=OkResponse, openapi_extra=runs(ops.delete_scope))
def delete_scope(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, scope_id: ScopeId, actor: Actor
) -> Response:
    given = ops.OnScope(org_slug=org, ws_slug=ws, project=project_id, scope_id=scope_id)
    return respond(request, ops.delete_scope, actor, given)


@router.get(S + "/{scopeId}/views", response_model=ScopeViewsOut, openapi_extra=runs(ops.get_scope_views))
def get_views(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, scope_id: ScopeId, actor: Actor
) -> Response:
    given = ops.OnScope(org_slug=org, ws_slug=ws, project=project_id, scope_id=scope_id)
    return respond(request, ops.get_scope_views, actor, given)


@router.patch(S + "/{scopeId}/views", response_model=ScopeViewsOut, openapi_extra=runs(ops.set_scope_view))
def set_active_view(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, scope_id: ScopeId, body: ScopeViewUpdateIn,
    actor: Actor,
) -> Response:
    given = ops.SetScopeView(org_slug=org, ws_slug=ws, project=project_id, scope_id=scope_id, data=body)
    return respond(request, ops.set_scope_view, actor, given)
