"""Project labels and putting them on cards."""

from __future__ import annotations

from stellary_core.operations import refs
from stellary_core.operations.refs import InProject, OnCard
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.board import CardOut
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.labels import LabelCreateIn, LabelOut, LabelUpdateIn
from stellary_core.services import labels

READ = "projects:read"
WRITE = "projects:write"


@operation("list_labels", input=InProject, output=list[LabelOut], scope=READ, writes=False)
def list_labels(ctx: OperationContext, given: InProject) -> list[LabelOut]:
    """The labels of a project."""
    ws, project = refs.project(ctx, given)
    found = labels.list_labels(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id)
    return [LabelOut.model_validate(label) for label in found]


class CreateLabel(InProject):
    data: LabelCreateIn


@operation("create_label", input=CreateLabel, output=LabelOut, scope=WRITE, writes=True)
def create_label(ctx: OperationContext, given: CreateLabel) -> LabelOut:
    """Add a label (a name and a #rrggbb colour) to a project."""
    ws, project = refs.project(ctx, given)
    label = labels.create_label(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, data=given.data
    )
    return LabelOut.model_validate(label)


class OnLabel(InProject):
    label: str


class UpdateLabel(OnLabel):
    data: LabelUpdateIn


@operation("update_label", input=UpdateLabel, output=LabelOut, scope=WRITE, writes=True)
def update_label(ctx: OperationContext, given: UpdateLabel) -> LabelOut:
    """Rename or recolour a label."""
    ws, project = refs.project(ctx, given)
    label = labels.update_label(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, label_id=given.label,
        data=given.data,
    )
    return LabelOut.model_validate(label)


@operation("delete_label", input=OnLabel, output=OkResponse, scope=WRITE, writes=True)
def delete_label(ctx: OperationContext, given: OnLabel) -> OkResponse:
    """Delete a label; the cards that carried it lose it."""
    ws, project = refs.project(ctx, given)
    labels.delete_label(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, label_id=given.label)
    return OkResponse()


class CardLabel(OnCard):
    # The label's id, or its name in any case (what an assistant or a prompt knows it by).
    label: str


@operation("add_label_to_card", input=CardLabel, output=CardOut, scope=WRITE, writes=True)
def add_label_to_card(ctx: OperationContext, given: CardLabel) -> CardOut:
    """Put a project label (by id or name) on a card."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    details = labels.add_label_to_card(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id,
        label_id=refs.label(ctx, project, given.label).id,
    )
    return CardOut.of(details)


@operation("remove_label_from_card", input=CardLabel, output=OkResponse, scope=WRITE, writes=True)
def remove_label_from_card(ctx: OperationContext, given: CardLabel) -> OkResponse:
    """Take a label (by id or name) off a card."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    labels.remove_label_from_card(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id,
        label_id=refs.label(ctx, project, given.label).id,
    )
    return OkResponse()
