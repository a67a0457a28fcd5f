"""Changes to many cards at once, all or nothing."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from stellary_core.errors import FieldError, Invalid
from stellary_core.operations import refs
from stellary_core.operations.refs import InProject
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.board import CardCreateIn, CardOut
from stellary_core.services import cards

MAX_CARDS_PER_BATCH = 100


class CreateCardsBulk(InProject):
    """Cards to create, in this order, at the end of one column (by id or name, the first column when none)
    unless each gives its order."""

    column: str | None = None
    cards: Annotated[list[CardCreateIn], Field(min_length=1, max_length=MAX_CARDS_PER_BATCH)]


def _at(index: int, error: Invalid) -> Invalid:
    # Name the card that failed, as import names "cards.3.dueDate".
    where = f"cards.{index}"
    details = [FieldError(f"{where}.{d.field}", d.message) for d in error.details]
    return Invalid(f"{where}.{error.message}" if error.details else f"{where}: {error.message}", details=details)


@operation("create_cards_bulk", input=CreateCardsBulk, output=list[CardOut], scope="projects:write", writes=True)
def create_cards_bulk(ctx: OperationContext, given: CreateCardsBulk) -> list[CardOut]:
    """Create up to 100 cards in one column, all or nothing: one card that cannot be made leaves no card made."""
    ws, project = refs.project(ctx, given)
    column = refs.column(ctx, project, given.column) if given.column is not None else refs.first_column(ctx, project)
    made = []
    for index, data in enumerate(given.cards):
        try:
            details = cards.create_card(
                ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, column_id=column.id,
                data=data, event_data={"bulk": True},  # cards entering the board in a batch (an automation trigger)
            )
        except Invalid as error:
            # The runner rolls the whole unit of work back, the cards made before this one included.
            raise _at(index, error) from error
        made.append(CardOut.of(details))
    return made
