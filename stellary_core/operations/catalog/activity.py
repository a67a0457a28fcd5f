"""What happened to a card: its activity log."""

from __future__ import annotations

from stellary_core.operations import refs
from stellary_core.operations.refs import OnCard
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.activity_log import CardActivityOut
from stellary_core.services import activity_log


class CardActivity(OnCard):
    limit: int = 50


@operation("list_card_activity", input=CardActivity, output=list[CardActivityOut], scope="projects:read", writes=False)
def list_card_activity(ctx: OperationContext, given: CardActivity) -> list[CardActivityOut]:
    """A card's activity (moves, edits, comments...), newest first; limit 1-500, default 50."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    entries = activity_log.list_card_activity(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id,
        limit=given.limit,
    )
    return [CardActivityOut.model_validate(e) for e in entries]
