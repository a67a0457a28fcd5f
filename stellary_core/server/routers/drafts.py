"""W/project-drafts: the AI project wizard, bound to operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Request, Response

from stellary_core.operations.catalog import drafts as ops
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.drafts import DraftCreateIn, DraftOut, DraftRefineIn, DraftUpdateIn
from stellary_core.server.deps import Actor, OrgSlug, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["AI Project Wizard"])
W = "/orgs/{orgSlug}/workspaces/{wsSlug}"
D = W + "/project-drafts/{draftId}"
DraftId = Annotated[str, Path(alias="draftId")]


@router.post(W + "/project-drafts", status_code=201, response_model=DraftOut, openapi_extra=runs(ops.create_project_draft))
def create_draft(request: Request, org: OrgSlug, ws: WsSlug, body: DraftCreateIn, actor: Actor) -> Response:
    given = ops.CreateDraft(org_slug=org, ws_slug=ws, data=body)
    return respond(request, ops.create_project_draft, actor, given, status=201)


@router.get(W + "/project-drafts", response_model=list[DraftOut], openapi_extra=runs(ops.list_project_drafts))
def list_drafts(request: Request, org: OrgSlug, ws: WsSlug, actor: Actor) -> Response:
    return respond(request, ops.list_project_drafts, actor, ops.ListDrafts(org_slug=org, ws_slug=ws))


@router.get(D, response_model=DraftOut, openapi_extra=runs(ops.get_project_draft))
def get_draft(request: Request, org: OrgSlug, ws: WsSlug, draft_id: DraftId, actor: Actor) -> Response:
    return respond(request, ops.get_project_draft, actor, ops.OnDraft(org_slug=org, ws_slug=ws, draft=draft_id))


@router.patch(D, response_model=DraftOut, openapi_extra=runs(ops.update_project_draft))
def update_draft(
    request: Request, org: OrgSlug, ws: WsSlug, draft_id: DraftId, body: DraftUpdateIn, actor: Actor
) -> Response:
    given = ops.UpdateDraft(org_slug=org, ws_slug=ws, draft=draft_id, data=body)
    return respond(request, ops.update_project_draft, actor, given)


@router.delete(D, response_model=OkResponse, openapi_extra=runs(ops.delete_project_draft))
def delete_draft(request: Request, org: OrgSlug, ws: WsSlug, draft_id: DraftId, actor: Actor) -> Response:
    return respond(request, ops.delete_project_draft, actor, ops.OnDraft(org_slug=org, ws_slug=ws, draft=draft_id))


@router.post(D + "/refine", response_model=DraftOut, openapi_extra=runs(ops.refine_project_draft))
def refine_draft(
    request: Request,
    org: OrgSlug,
    ws: WsSlug,
    draft_id: DraftId,
    actor: Actor,
    # Optional, as the reference's example sends none: no answers skips the round's questions.
    body: Annotated[DraftRefineIn | None, Body()] = None,
) -> Response:
    given = ops.RefineDraft(org_slug=org, ws_slug=ws, draft=draft_id, data=body or DraftRefineIn())
    return respond(request, ops.refine_project_draft, actor, given)


@router.post(D + "/generate-roadmap", response_model=DraftOut, openapi_extra=runs(ops.generate_roadmap))
def generate_roadmap(request: Request, org: OrgSlug, ws: WsSlug, draft_id: DraftId, actor: Actor) -> Response:
    return respond(request, ops.generate_roadmap, actor, ops.OnDraft(org_slug=org, ws_slug=ws, draft=draft_id))


@router.post(D + "/execute", response_model=DraftOut, openapi_extra=runs(ops.execute_project_draft))
def execute_draft(request: Request, org: OrgSlug, ws: WsSlug, draft_id: DraftId, actor: Actor) -> Response:
    return respond(request, ops.execute_project_draft, actor, ops.OnDraft(org_slug=org, ws_slug=ws, draft=draft_id))
