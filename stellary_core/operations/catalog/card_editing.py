"""Saving a card as an editor does: fields, checklist, labels and custom fields in one transaction."""

from __future__ import annotations

from typing import Any

from stellary_core.errors import Invalid
from stellary_core.operations import refs
from stellary_core.operations.refs import InProject
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.board import CardCreateIn, CardOut, CardUpdateIn
from stellary_core.schemas.common import UtcDateTime
from stellary_core.services import card_versions, cards, custom_fields, labels


class SaveCard(InProject):
    """Either ``card`` with ``update`` (an edit) or ``column`` with ``create`` (a new card)."""

    card: str | None = None
    column: str | None = None
    create: CardCreateIn | None = None
    update: CardUpdateIn | None = None
    add_labels: list[str] = []
    remove_labels: list[str] = []
    field_values: dict[str, Any] = {}
    # The card's updatedAt as the caller last saw it: an edit of a card changed since is a 409 (undo sends it).
    expected_updated_at: UtcDateTime | None = None


@operation("save_card", input=SaveCard, output=CardOut, scope="projects:write", writes=True)
def save_card(ctx: OperationContext, given: SaveCard) -> CardOut:
    """Create or edit a card with its labels and custom-field values, all or nothing."""
    ws, project = refs.project(ctx, given)
    session, actor, workspace_id, project_id = ctx.session, ctx.actor, ws.workspace.id, project.id
    if given.card is None:
        if given.column is None or given.create is None:
            raise Invalid.field("column", "a new card needs a column and its fields")
        column = refs.column(ctx, project, given.column, field="column")
        card_id = cards.create_card(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, column_id=column.id, data=given.create
        ).card.id
    else:
        card = refs.card(ctx, project, given.card)
        card_versions.require_unchanged(session, actor=actor, card=card, expected=given.expected_updated_at)
        card_id = card.id
        if given.update is not None:
            cards.update_card(
                session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card_id, data=given.update
            )
            project_id = card.project_id  # an update naming projectId took it there: its labels and fields are that project's
    for label_id in given.add_labels:
        labels.add_label_to_card(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card_id, label_id=label_id
        )
    for label_id in given.remove_labels:
        labels.remove_label_from_card(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card_id, label_id=label_id
        )
    if given.field_values:
        custom_fields.set_field_values(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card_id,
            values=given.field_values,
        )
    return CardOut.of(cards.get_card(session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card_id))
