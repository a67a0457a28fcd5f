"""Column commands of the main screen: add, rename, move and delete columns of the current scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from stellary_core.column_names import clash_message, clashing_name
from stellary_core.operations.catalog.board import (
    CreateColumn,
    DeleteColumn,
    UpdateColumn,
    create_column,
    delete_column,
    update_column,
)
from stellary_core.schemas.board import Category, ColumnCreateIn, ColumnUpdateIn
from stellary_core.schemas.common import hidden_character_problem
from stellary_tui.plurals import count
from stellary_tui.screens.column_dialog import ColumnDialog
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog, PromptDialog

if TYPE_CHECKING:
    from stellary_tui.screens.main import MainScreen


def check_name(value: str) -> str | None:
    """The schemas' rules for a name, asked before the dialog closes (a pasted bidi override included)."""
    return "must be at most 200 characters" if len(value) > 200 else hidden_character_problem(value)


def name_free_in(names: list[str]) -> Callable[[str], str | None]:
    """A check refusing the name of another column of the scope, in the words the core answers a clash."""

    def check(value: str) -> str | None:
        existing = clashing_name(value, names)
        return clash_message(existing) if existing is not None else None

    return check


def _no_column(screen: MainScreen) -> None:
    """A column key with no column to act on says why."""
    reason = "Open a project first." if screen.board is None else "This scope has no columns yet: c adds one."
    screen.notify(reason, severity="warning")


def action_new_column(screen: MainScreen) -> None:
    project, workspace, board = screen.project, screen.workspace, screen.board
    if project is None or workspace is None or board is None:
        return
    current = screen.board_view.current_column
    order = current.order + 1 if current else None
    scope_id = board.scope.id

    def create(answer: tuple[str, str] | None) -> None:
        if answer:
            name, category = answer
            # The dialog offers only categories, and the model checks it again.
            data = ColumnCreateIn(name=name, order=order, scope_id=scope_id, category=cast("Category", category))
            screen.app.run_operation(  # type: ignore[attr-defined]
                create_column,
                CreateColumn(workspace_id=workspace.id, project=project.id, data=data),
                then=lambda column: screen.load_board(focus_column_id=column.id),
            )

    after = current.category if current else None
    screen.app.push_screen(ColumnDialog(after=after, check=name_free_in([c.name for c in board.columns])), create)


def action_rename_column(screen: MainScreen) -> None:
    project, workspace, column, board = screen.project, screen.workspace, screen.board_view.current_column, screen.board
    if project is None or workspace is None or column is None or board is None:
        _no_column(screen)
        return
    taken = name_free_in([c.name for c in board.columns if c.id != column.id])

    def rename(name: str | None) -> None:
        if name and name != column.name:
            screen.app.run_operation(  # type: ignore[attr-defined]
                update_column,
                UpdateColumn(
                    workspace_id=workspace.id, project=project.id, column=column.id, data=ColumnUpdateIn(name=name)
                ),
                then=lambda _: screen.load_board(),
            )

    screen.app.push_screen(
        PromptDialog("Rename column", value=column.name, validate=lambda name: check_name(name) or taken(name)), rename
    )


def action_move_column(screen: MainScreen, direction: int) -> None:
    project, workspace, column, board = (
        screen.project,
        screen.workspace,
        screen.board_view.current_column,
        screen.board,
    )
    if project is None or workspace is None or column is None or board is None:
        _no_column(screen)
        return
    order = column.order + direction
    if not 0 <= order < len(board.columns):
        screen.notify(f"“{column.name}” is already the {'first' if direction < 0 else 'last'} column.", severity="warning")
        return
    screen.app.run_operation(  # type: ignore[attr-defined]
        update_column,
        UpdateColumn(workspace_id=workspace.id, project=project.id, column=column.id, data=ColumnUpdateIn(order=order)),
        then=lambda _: screen.load_board(focus_column_id=column.id),
    )


def action_delete_column(screen: MainScreen) -> None:
    project, workspace, column, board = (
        screen.project,
        screen.workspace,
        screen.board_view.current_column,
        screen.board,
    )
    if project is None or workspace is None or column is None or board is None:
        _no_column(screen)
        return
    held = len(board.cards.get(column.id, []))

    def delete(move_to: str | None) -> None:
        screen.app.run_operation(  # type: ignore[attr-defined]
            delete_column,
            DeleteColumn(workspace_id=workspace.id, project=project.id, column=column.id, move_cards_to=move_to),
            then=lambda _: screen.load_board(),
        )

    if held == 0:
        # Archived cards may still live in it: the service refuses then, with a clear message.
        screen.app.push_screen(
            ConfirmDialog(f"Delete the empty column “{column.name}”?"),
            lambda ok: delete(None) if ok else None,
        )
        return
    others = [(c.id, c.name) for c in board.columns if c.id != column.id]
    if not others:
        screen.notify("This is the only column: its cards have nowhere to go.", severity="warning")
        return
    screen.app.push_screen(
        ChoiceDialog(
            f"Delete “{column.name}”",
            others,
            hint=f"It holds {count(held, 'card')}. Move them to:",
        ),
        lambda target: delete(target) if target else None,
    )
