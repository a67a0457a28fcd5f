"""Project custom field definitions and the values on a card."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path

from stellary_core.schemas.board import CardOut
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.custom_fields import (
    CustomFieldCreateIn,
    CustomFieldOut,
    CustomFieldUpdateIn,
)
from stellary_core.server.deps import DbSession, ProjectId, ProjectsActor, WorkspaceCtx
from stellary_core.services import custom_fields

router = APIRouter(tags=["Custom Fields"])
P = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}"
FieldId = Annotated[str, Path(alias="fieldId")]
CardId = Annotated[str, Path(alias="cardId")]
# fieldId -> value (null clears); each value is checked against its field's type by the service.
FieldValues = Annotated[dict[str, Any], Body(examples=[{"665f1a2b3c4d5e6f7a8b9c0d": "High"}])]


@router.get(P + "/custom-fields", response_model=list[CustomFieldOut])
def list_custom_fields(ws: WorkspaceCtx, project_id: ProjectId, session: DbSession, actor: ProjectsActor) -> list[CustomFieldOut]:
    found = custom_fields.list_custom_fields(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id)
    return [CustomFieldOut.model_validate(f) for f in found]


@router.post(P + "/custom-fields", status_code=201, response_model=CustomFieldOut)
def create_custom_field(
    ws: WorkspaceCtx, project_id: ProjectId, body: CustomFieldCreateIn, session: DbSession, actor: ProjectsActor
) -> CustomFieldOut:
    created = custom_fields.create_custom_field(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, data=body)
    return CustomFieldOut.model_validate(created)


@router.patch(P + "/custom-fields/{fieldId}", response_model=CustomFieldOut)
def update_custom_field(
    ws: WorkspaceCtx, project_id: ProjectId, field_id: FieldId, body: CustomFieldUpdateIn, session: DbSession, actor: ProjectsActor
) -> CustomFieldOut:
    updated = custom_fields.update_custom_field(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, field_id=field_id, data=body
    )
    return CustomFieldOut.model_validate(updated)


@router.delete(P + "/custom-fields/{fieldId}", response_model=OkResponse)
def delete_custom_field(
    ws: WorkspaceCtx, project_id: ProjectId, field_id: FieldId, session: DbSession, actor: ProjectsActor
) -> OkResponse:
    custom_fields.delete_custom_field(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, field_id=field_id)
    return OkResponse()


@router.patch(P + "/cards/{cardId}/custom-fields", response_model=CardOut)
def set_card_field_values(
    ws: WorkspaceCtx, project_id: ProjectId, card_id: CardId, body: FieldValues, session: DbSession, actor: ProjectsActor
) -> CardOut:
    details = custom_fields.set_field_values(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id, values=body
    )
    return CardOut.of(details)
