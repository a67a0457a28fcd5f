"""Checklist items of a card, one at a time; each change answers with the card."""

from __future__ import annotations

from stellary_core.operations import refs
from stellary_core.operations.refs import OnCard
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.board import CardOut
from stellary_core.schemas.checklists import ChecklistItemCreateIn, ChecklistItemUpdateIn
from stellary_core.schemas.common import OkResponse
from stellary_core.services import checklists

WRITE = "projects:write"


class AddChecklistItem(OnCard):
    data: ChecklistItemCreateIn


@operation("add_checklist_item", input=AddChecklistItem, output=CardOut, scope=WRITE, writes=True)
def add_checklist_item(ctx: OperationContext, given: AddChecklistItem) -> CardOut:
    """Add an item to a card's checklist, at ``order`` or at the end."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    details = checklists.add_checklist_item(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id, data=given.data
    )
    return CardOut.of(details)


class OnChecklistItem(OnCard):
    item: str


class UpdateChecklistItem(OnChecklistItem):
    data: ChecklistItemUpdateIn


@operation("update_checklist_item", input=UpdateChecklistItem, output=CardOut, scope=WRITE, writes=True)
def update_checklist_item(ctx: OperationContext, given: UpdateChecklistItem) -> CardOut:
    """Rename, check or uncheck, or move a checklist item."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    details = checklists.update_checklist_item(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id,
        item_id=given.item, data=given.data,
    )
    return CardOut.of(details)


@operation("delete_checklist_item", input=OnChecklistItem, output=OkResponse, scope=WRITE, writes=True)
def delete_checklist_item(ctx: OperationContext, given: OnChecklistItem) -> OkResponse:
    """Delete a checklist item; the ones after it move up."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    checklists.delete_checklist_item(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id,
        item_id=given.item,
    )
    return OkResponse()
