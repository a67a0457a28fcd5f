"""Deleting a card so it can come back, and bringing it back: what the TUI's delete and its undo run."""

from __future__ import annotations

from stellary_core.operations import refs
from stellary_core.operations.refs import InProject, OnCard
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.board import CardOut
from stellary_core.schemas.common import ApiModel, UtcDateTime, UtcTimestamp
from stellary_core.services import trash

WRITE = "projects:write"


class TrashCard(OnCard):
    # The card's updatedAt as the caller last saw it: a card changed since is a 409, not deleted.
    expected_updated_at: UtcDateTime | None = None


class TrashedCardOut(ApiModel):
    id: str
    key: str
    title: str
    updated_at: UtcTimestamp  # the card's version when it was deleted
    kept_until: UtcTimestamp


@operation("trash_card", input=TrashCard, output=TrashedCardOut, scope=WRITE, writes=True)
def trash_card(ctx: OperationContext, given: TrashCard) -> TrashedCardOut:
    """Delete a card like delete_card, keeping a copy that restore_card can bring back for a week."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    view = trash.trash_card(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id,
        expected_updated_at=given.expected_updated_at,
    )
    return TrashedCardOut(id=view.card_id, key=view.key, title=view.title, updated_at=view.updated_at, kept_until=view.kept_until)


class RestoreCard(InProject):
    card: str  # the deleted card's id or key


class RestoredCardOut(ApiModel):
    card: CardOut
    left_out: list[str]  # what could not come back, in words (a label deleted since...)


@operation("restore_card", input=RestoreCard, output=RestoredCardOut, scope=WRITE, writes=True)
def restore_card(ctx: OperationContext, given: RestoreCard) -> RestoredCardOut:
    """Bring a card you deleted back from the trash, under its id and key, with what hung off it."""
    ws, project = refs.project(ctx, given)
    restored = trash.restore_card(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card=given.card
    )
    return RestoredCardOut(card=CardOut.of(restored.details), left_out=restored.left_out)
