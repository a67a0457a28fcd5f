"""One change applied to many cards (the list view's bulk actions), as one operation.

The whole call is one transaction; inside it each card has its own savepoint
(as ``services.bulk_cards`` does), so a card that cannot be changed is
reported by key while the others still change. A column or label that is not
the project's refuses the whole call.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from stellary_core.operations import refs
from stellary_core.operations.refs import InProject, OperationInput
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.board import Priority
from stellary_core.services import bulk_cards
from stellary_core.services.bulk_cards import BulkFailure, BulkOutcome

__all__ = [
    "AddLabel", "Archive", "BulkEditCards", "BulkFailure", "BulkOutcome", "MoveTo", "RemoveLabel", "Restore", "SetPriority",
]


class MoveTo(OperationInput):
    """Move each card to the end of a column (by id or name)."""

    kind: Literal["move"] = "move"
    column: str


class SetPriority(OperationInput):
    """Give each card a priority; null clears it."""

    kind: Literal["priority"] = "priority"
    priority: Priority | None


class AddLabel(OperationInput):
    """Put a project label on each card."""

    kind: Literal["add_label"] = "add_label"
    label_id: str


class RemoveLabel(OperationInput):
    """Take a project label off each card."""

    kind: Literal["remove_label"] = "remove_label"
    label_id: str


class Archive(OperationInput):
    """Archive each card."""

    kind: Literal["archive"] = "archive"


class Restore(OperationInput):
    """Take each card out of the archive (to the end of its column)."""

    kind: Literal["restore"] = "restore"


class BulkEditCards(InProject):
    card_ids: list[str]
    change: Annotated[MoveTo | SetPriority | AddLabel | RemoveLabel | Archive | Restore, Field(discriminator="kind")]


@operation("bulk_edit_cards", input=BulkEditCards, output=BulkOutcome, scope="projects:write", writes=True)
def bulk_edit_cards(ctx: OperationContext, given: BulkEditCards) -> BulkOutcome:
    """Move, prioritize, label, unlabel, archive or restore many cards; answers which changed, which already were, which failed."""
    ws, project = refs.project(ctx, given)
    session, actor, ids = ctx.session, ctx.actor, given.card_ids
    where = {"workspace_id": ws.workspace.id, "project_id": project.id}
    change = given.change
    if isinstance(change, MoveTo):
        column = refs.column(ctx, project, change.column, field="columnId")
        return bulk_cards.move_cards(session, actor=actor, card_ids=ids, column_id=column.id, **where)
    if isinstance(change, SetPriority):
        return bulk_cards.set_priority(session, actor=actor, card_ids=ids, priority=change.priority, **where)
    if isinstance(change, AddLabel):
        return bulk_cards.add_label(session, actor=actor, card_ids=ids, label_id=change.label_id, **where)
    if isinstance(change, Restore):
        return bulk_cards.restore_cards(session, actor=actor, card_ids=ids, **where)
    if isinstance(change, RemoveLabel):
        return bulk_cards.remove_label(session, actor=actor, card_ids=ids, label_id=change.label_id, **where)
    return bulk_cards.archive_cards(session, actor=actor, card_ids=ids, **where)
