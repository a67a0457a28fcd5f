"""Checklist items of a card, one at a time, bound to operations; every change answers with the card."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from stellary_core.operations.catalog import checklists as ops
from stellary_core.schemas.board import CardOut
from stellary_core.schemas.checklists import ChecklistItemCreateIn, ChecklistItemUpdateIn
from stellary_core.schemas.common import OkResponse
from stellary_core.server.deps import Actor, OrgSlug, ProjectId, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Checklists"])
P = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}"
CardId = Annotated[str, Path(alias="cardId")]
ItemId = Annotated[str, Path(alias="itemId")]


@router.post(
    P + "/cards/{cardId}/checklist", status_code=201, response_model=CardOut, openapi_extra=runs(ops.add_checklist_item)
)
def add_checklist_item(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, card_id: CardId, body: ChecklistItemCreateIn,
    actor: Actor,
) -> Response:
    given = ops.AddChecklistItem(org_slug=org, ws_slug=ws, project=project_id, card=card_id, data=body)
    return respond(request, ops.add_checklist_item, actor, given, status=201)


@router.patch(
    P + "/cards/{cardId}/checklist/{itemId}", response_model=CardOut, openapi_extra=runs(ops.update_checklist_item)
)
def update_checklist_item(
    request: Request,
    org: OrgSlug,
    ws: WsSlug,
    project_id: ProjectId,
    card_id: CardId,
    item_id: ItemId,
    body: ChecklistItemUpdateIn,
    actor: Actor,
) -> Response:
    given = ops.UpdateChecklistItem(org_slug=org, ws_slug=ws, project=project_id, card=card_id, item=item_id, data=body)
    return respond(request, ops.update_checklist_item, actor, given)


@router.delete(
    P + "/cards/{cardId}/checklist/{itemId}", response_model=OkResponse, openapi_extra=runs(ops.delete_checklist_item)
)
def delete_checklist_item(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, card_id: CardId, item_id: ItemId, actor: Actor
) -> Response:
    # The contract: every DELETE answers {"ok": true}.
    given = ops.OnChecklistItem(org_slug=org, ws_slug=ws, project=project_id, card=card_id, item=item_id)
    return respond(request, ops.delete_checklist_item, actor, given)
