"""Sending a card to another scope or project: the picker, then ``relocate_card``, then where it went."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stellary_core.operations.catalog.views import CardRow
    from stellary_core.schemas.board import CardOut
    from stellary_tui.screens.main import MainScreen
    from stellary_tui.screens.move_dialog import MoveTarget


def move_elsewhere(screen: MainScreen, card: CardRow) -> None:
    """Ask where the card goes (project, scope, column) and move it there."""
    # The picker and the operation load when first used: the first screen does without them.
    from stellary_core.operations.catalog.board import RelocateCard
    from stellary_tui.screens.move_dialog import CardPlace, MoveCardDialog

    project, workspace, scope_id = screen.project, screen.workspace, screen.scope_id
    if project is None or workspace is None or scope_id is None:
        return
    here = CardPlace(project.id, scope_id, card.column_id)

    def chosen(target: MoveTarget | None) -> None:
        if target is None:
            return
        if target.place == here:
            screen.notify(f"{card.key} is already in {target.column.name}.", severity="warning")
            return
        given = RelocateCard(
            workspace_id=workspace.id, project=project.id, card=card.id,
            to_project=target.project.id, to_scope=target.scope.id, column=target.column.id,
        )  # fmt: skip
        screen.app.run_operation(  # type: ignore[attr-defined]
            "relocate_card", given, then=lambda moved: landed(target, moved)
        )

    def landed(target: MoveTarget, moved: CardOut) -> None:
        renamed = f" as {moved.key}" if moved.key != card.key else ""
        screen._card_changed(f"Moved {card.key} to {target.path(within=project.id)}{renamed}")

    board = screen.board
    column = next((c.name for c in board.columns if c.id == card.column_id), "?") if board else "?"
    named = " › ".join([project.name, board.scope.name if board else "?", column])
    screen.app.push_screen(MoveCardDialog(workspace.id, card.key, card.title, here, named), chosen)
