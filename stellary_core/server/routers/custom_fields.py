"""Project custom field definitions and the values on a card, bound to operations."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Request, Response

from stellary_core.operations.catalog import custom_fields as ops
from stellary_core.schemas.board import CardOut
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.custom_fields import CustomFieldCreateIn, CustomFieldOut, CustomFieldUpdateIn
from stellary_core.server.deps import Actor, OrgSlug, ProjectId, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Custom Fields"])
P = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}"
FieldId = Annotated[str, Path(alias="fieldId")]
CardId = Annotated[str, Path(alias="cardId")]
# fieldId -> value (null clears); each value is checked against its field's type by the service.
FieldValues = Annotated[dict[str, Any], Body(examples=[{"665f1a2b3c4d5e6f7a8b9c0d": "High"}])]


@router.get(P + "/custom-fields", response_model=list[CustomFieldOut], openapi_extra=runs(ops.list_custom_fields))
def list_custom_fields(request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, actor: Actor) -> Response:
    given = ops.InProject(org_slug=org, ws_slug=ws, project=project_id)
    return respond(request, ops.list_custom_fields, actor, given)


@router.post(
    P + "/custom-fields", status_code=201, response_model=CustomFieldOut, openapi_extra=runs(ops.create_custom_field)
)
def create_custom_field(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, body: CustomFieldCreateIn, actor: Actor
) -> Response:
    given = ops.CreateCustomField(org_slug=org, ws_slug=ws, project=project_id, data=body)
    return respond(request, ops.create_custom_field, actor, given, status=201)


@router.patch(
    P + "/custom-fields/{fieldId}", response_model=CustomFieldOut, openapi_extra=runs(ops.update_custom_field)
)
def update_custom_field(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, field_id: FieldId, body: CustomFieldUpdateIn,
    actor: Actor,
) -> Response:
    given = ops.UpdateCustomField(org_slug=org, ws_slug=ws, project=project_id, field=field_id, data=body)
    return respond(request, ops.update_custom_field, actor, given)


@router.delete(P + "/custom-fields/{fieldId}", response_model=OkResponse, openapi_extra=runs(ops.delete_custom_field))
def delete_custom_field(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, field_id: FieldId, actor: Actor
) -> Response:
    given = ops.OnCustomField(org_slug=org, ws_slug=ws, project=project_id, field=field_id)
    return respond(request, ops.delete_custom_field, actor, given)


@router.patch(
    P + "/cards/{cardId}/custom-fields", response_model=CardOut, openapi_extra=runs(ops.set_card_field_values)
)
def set_card_field_values(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, card_id: CardId, body: FieldValues,
    actor: Actor,
) -> Response:
    given = ops.SetCardFieldValues(org_slug=org, ws_slug=ws, project=project_id, card=card_id, values=body)
    return respond(request, ops.set_card_field_values, actor, given)
