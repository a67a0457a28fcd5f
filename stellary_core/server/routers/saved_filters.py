"""Saved filters of a scope (``P/scopes/:scopeId/filters``): an extension of the reference.

A saved filter is a name for a filter-language query (the ``q`` of ``GET P/cards``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from stellary_core.operations.catalog import saved_filters as ops
from stellary_core.operations.catalog.scopes import OnScope
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.scopes import SavedFilterCreateIn, SavedFilterOut
from stellary_core.server.deps import Actor, OrgSlug, ProjectId, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Saved filters"])
F = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}/scopes/{scopeId}/filters"
ScopeId = Annotated[str, Path(alias="scopeId")]
FilterId = Annotated[str, Path(alias="filterId")]


@router.get(F, response_model=list[SavedFilterOut], openapi_extra=runs(ops.list_saved_filters))
def list_saved_filters(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, scope_id: ScopeId, actor: Actor
) -> Response:
    given = OnScope(org_slug=org, ws_slug=ws, project=project_id, scope_id=scope_id)
    return respond(request, ops.list_saved_filters, actor, given)


@router.post(F, status_code=201, response_model=SavedFilterOut, openapi_extra=runs(ops.create_saved_filter))
def create_saved_filter(
    request: Request,
    org: OrgSlug,
    ws: WsSlug,
    project_id: ProjectId,
    scope_id: ScopeId,
    body: SavedFilterCreateIn,
    actor: Actor,
) -> Response:
    given = ops.CreateSavedFilter(org_slug=org, ws_slug=ws, project=project_id, scope_id=scope_id, data=body)
    return respond(request, ops.create_saved_filter, actor, given, status=201)


@router.delete(F + "/{filterId}", response_model=OkResponse, openapi_extra=runs(ops.delete_saved_filter))
def delete_saved_filter(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, scope_id: ScopeId, filter_id: FilterId,
    actor: Actor,
) -> Response:
    given = ops.DeleteSavedFilter(org_slug=org, ws_slug=ws, project=project_id, scope_id=scope_id, filter_id=filter_id)
    return respond(request, ops.delete_saved_filter, actor, given)
