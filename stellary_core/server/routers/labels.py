"""Project labels and putting them on cards, bound to operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from stellary_core.operations.catalog import labels as ops
from stellary_core.schemas.board import CardOut
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.labels import LabelCreateIn, LabelOut, LabelUpdateIn
from stellary_core.server.deps import Actor, OrgSlug, ProjectId, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Labels"])
P = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}"
LabelId = Annotated[str, Path(alias="labelId")]
CardId = Annotated[str, Path(alias="cardId")]


@router.get(P + "/labels", response_model=list[LabelOut], openapi_extra=runs(ops.list_labels))
def list_labels(request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, actor: Actor) -> Response:
    given = ops.InProject(org_slug=org, ws_slug=ws, project=project_id)
    return respond(request, ops.list_labels, actor, given)


@router.post(P + "/labels", status_code=201, response_model=LabelOut, openapi_extra=runs(ops.create_label))
def create_label(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, body: LabelCreateIn, actor: Actor
) -> Response:
    given = ops.CreateLabel(org_slug=org, ws_slug=ws, project=project_id, data=body)
    return respond(request, ops.create_label, actor, given, status=201)


@router.patch(P + "/labels/{labelId}", response_model=LabelOut, openapi_extra=runs(ops.update_label))
def update_label(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, label_id: LabelId, body: LabelUpdateIn,
    actor: Actor,
) -> Response:
    given = ops.UpdateLabel(org_slug=org, ws_slug=ws, project=project_id, label=label_id, data=body)
    return respond(request, ops.update_label, actor, given)


@router.delete(P + "/labels/{labelId}", response_model=OkResponse, openapi_extra=runs(ops.delete_label))
def delete_label(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, label_id: LabelId, actor: Actor
) -> Response:
    given = ops.OnLabel(org_slug=org, ws_slug=ws, project=project_id, label=label_id)
    return respond(request, ops.delete_label, actor, given)


@router.post(
    P + "/cards/{cardId}/labels/{labelId}", status_code=201, response_model=CardOut,
    openapi_extra=runs(ops.add_label_to_card),
)
def add_label_to_card(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, card_id: CardId, label_id: LabelId, actor: Actor
) -> Response:
    given = ops.CardLabel(org_slug=org, ws_slug=ws, project=project_id, card=card_id, label=label_id)
    return respond(request, ops.add_label_to_card, actor, given, status=201)


@router.delete(
    P + "/cards/{cardId}/labels/{labelId}", response_model=OkResponse, openapi_extra=runs(ops.remove_label_from_card)
)
def remove_label_from_card(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, card_id: CardId, label_id: LabelId, actor: Actor
) -> Response:
    # The contract: every DELETE answers {"ok": true}, so the card the service returns is not sent.
    given = ops.CardLabel(org_slug=org, ws_slug=ws, project=project_id, card=card_id, label=label_id)
    return respond(request, ops.remove_label_from_card, actor, given)
