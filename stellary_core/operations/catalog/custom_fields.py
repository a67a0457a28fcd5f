"""Project custom field definitions and the values on a card."""

from __future__ import annotations

from typing import Any

from stellary_core.operations import refs
from stellary_core.operations.refs import InProject, OnCard
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.board import CardOut
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.custom_fields import CustomFieldCreateIn, CustomFieldOut, CustomFieldUpdateIn, Option
from stellary_core.services import custom_fields

READ = "projects:read"
WRITE = "projects:write"


@operation("list_custom_fields", input=InProject, output=list[CustomFieldOut], scope=READ, writes=False)
def list_custom_fields(ctx: OperationContext, given: InProject) -> list[CustomFieldOut]:
    """The custom field definitions of a project, in order."""
    ws, project = refs.project(ctx, given)
    found = custom_fields.list_custom_fields(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id)
    return [CustomFieldOut.model_validate(f) for f in found]


class CreateCustomField(InProject):
    data: CustomFieldCreateIn


@operation("create_custom_field", input=CreateCustomField, output=CustomFieldOut, scope=WRITE, writes=True)
def create_custom_field(ctx: OperationContext, given: CreateCustomField) -> CustomFieldOut:
    """Define a custom field (text, number, select, multi-select, date or boolean) on a project."""
    ws, project = refs.project(ctx, given)
    created = custom_fields.create_custom_field(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, data=given.data
    )
    return CustomFieldOut.model_validate(created)


class OnCustomField(InProject):
    field: str


class UpdateCustomField(OnCustomField):
    data: CustomFieldUpdateIn


@operation("update_custom_field", input=UpdateCustomField, output=CustomFieldOut, scope=WRITE, writes=True)
def update_custom_field(ctx: OperationContext, given: UpdateCustomField) -> CustomFieldOut:
    """Rename a custom field, change its type or its options."""
    ws, project = refs.project(ctx, given)
    updated = custom_fields.update_custom_field(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, field_id=given.field,
        data=given.data,
    )
    return CustomFieldOut.model_validate(updated)


class RenameCustomFieldOption(OnCustomField):
    option: str  # the option as it is named now
    to: Option


@operation(
    "rename_custom_field_option", input=RenameCustomFieldOption, output=CustomFieldOut, scope=WRITE, writes=True
)
def rename_custom_field_option(ctx: OperationContext, given: RenameCustomFieldOption) -> CustomFieldOut:
    """Rename one option of a select or multi-select field; cards that chose it keep it under the new name."""
    ws, project = refs.project(ctx, given)
    renamed = custom_fields.rename_option(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, field_id=given.field,
        option=given.option, to=given.to,
    )
    return CustomFieldOut.model_validate(renamed)


@operation("delete_custom_field", input=OnCustomField, output=OkResponse, scope=WRITE, writes=True)
def delete_custom_field(ctx: OperationContext, given: OnCustomField) -> OkResponse:
    """Delete a custom field and its values on every card."""
    ws, project = refs.project(ctx, given)
    custom_fields.delete_custom_field(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, field_id=given.field
    )
    return OkResponse()


class SetCardFieldValues(OnCard):
    # field id -> value (null clears); each value is checked against its field's type.
    values: dict[str, Any]


@operation("set_card_field_values", input=SetCardFieldValues, output=CardOut, scope=WRITE, writes=True)
def set_card_field_values(ctx: OperationContext, given: SetCardFieldValues) -> CardOut:
    """Set or clear (with null) a card's custom field values, keyed by field id; all or nothing."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    details = custom_fields.set_field_values(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id,
        values=given.values,
    )
    return CardOut.of(details)
