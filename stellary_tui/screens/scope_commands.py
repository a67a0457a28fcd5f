"""Scope and filter commands of the main screen: switch and manage scopes, filter, saved filters."""

from __future__ import annotations

from functools import partial

from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Input

from stellary_core.errors import Invalid
from stellary_core.filters import CardQuery, parse
from stellary_core.operations.catalog import saved_filters, scopes
from stellary_core.operations.catalog.saved_filters import CreateSavedFilter
from stellary_core.operations.catalog.scopes import CreateScope, OnScope, UpdateScope
from stellary_core.operations.refs import InProject
from stellary_core.schemas.scopes import (
    SavedFilterCreateIn,
    SavedFilterOut,
    ScopeCreateIn,
    ScopeOut,
    ScopeUpdateIn,
)
from stellary_tui.plurals import count
from stellary_tui.screens.column_commands import check_name
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog, PromptDialog

if TYPE_CHECKING:
    from stellary_tui.screens.main import MainScreen

_NEW, _RENAME, _DELETE = "+new", "+rename", "+delete"
_SAVE, _CLEAR = "+save", "+clear"


# -- scopes --------------------------------------------------------------


def action_choose_scope(screen: MainScreen) -> None:
    project, workspace = screen.project, screen.workspace
    if project is None or workspace is None:
        return
    screen.app.run_operation(  # type: ignore[attr-defined]
        scopes.list_scopes,
        InProject(workspace_id=workspace.id, project=project.id),
        then=partial(_scope_menu, screen),
    )


def _scope_menu(screen: MainScreen, found: list[ScopeOut]) -> None:
    choices = [
        (
            scope.id,
            f"{'● ' if scope.id == screen.scope_id else '  '}{scope.name}  ({count(scope.card_count, 'card')})",
        )
        for scope in found
    ]
    choices.append((_NEW, "  ＋ New scope…"))
    current = next((s for s in found if s.id == screen.scope_id), None)
    if current is not None:
        choices.append((_RENAME, f"  ✎ Rename “{current.name}”…"))
        if not current.is_default:
            choices.append((_DELETE, f"  ✕ Delete “{current.name}” and its cards…"))
    screen.app.push_screen(
        ChoiceDialog("Scopes of this project", choices), partial(_scope_chosen, screen)
    )


def _scope_chosen(screen: MainScreen, choice: str | None) -> None:
    project, workspace, scope_id = screen.project, screen.workspace, screen.scope_id
    if choice is None or project is None or workspace is None:
        return
    if choice == _NEW:

        def create(name: str | None) -> None:
            if name:
                screen.app.run_operation(  # type: ignore[attr-defined]
                    scopes.create_scope,
                    CreateScope(workspace_id=workspace.id, project=project.id, data=ScopeCreateIn(name=name)),
                    then=lambda made: open_scope(screen, made.id),
                )

        screen.app.push_screen(
            PromptDialog(
                "New scope", placeholder="Scope name (a phase or work package)", validate=check_name
            ),
            create,
        )
    elif choice == _RENAME and scope_id is not None:

        def rename(name: str | None) -> None:
            if name:
                screen.app.run_operation(  # type: ignore[attr-defined]
                    scopes.update_scope,
                    UpdateScope(
                        workspace_id=workspace.id, project=project.id, scope_id=scope_id, data=ScopeUpdateIn(name=name)
                    ),
                    then=lambda _: screen.load_board(),
                )

        current = screen.board.scope.name if screen.board else ""
        screen.app.push_screen(
            PromptDialog("Rename scope", value=current, validate=check_name), rename
        )
    elif choice == _DELETE and scope_id is not None:

        def delete(confirmed: bool | None) -> None:
            if confirmed:
                screen.app.run_operation(  # type: ignore[attr-defined]
                    scopes.delete_scope,
                    OnScope(workspace_id=workspace.id, project=project.id, scope_id=scope_id),
                    then=lambda _: open_scope(screen, None),
                )

        name = screen.board.scope.name if screen.board else "this scope"
        screen.app.push_screen(
            ConfirmDialog(
                f"Delete the scope “{name}” with its columns and cards? This cannot be undone."
            ),
            delete,
        )
    else:
        open_scope(screen, choice)


def open_scope(screen: MainScreen, scope_id: str | None) -> None:
    screen.scope_id = scope_id
    screen.board = screen.view_board = None
    screen.load_board(scope_changed=True)


# -- filter --------------------------------------------------------------


def action_edit_filter(screen: MainScreen) -> None:
    field = screen.query_one("#filter-input", Input)
    field.display = True
    field.value = screen.card_query.text
    field.focus()


def on_input_submitted(screen: MainScreen, event: Input.Submitted) -> None:
    if event.input.id != "filter-input":
        return
    event.stop()
    try:
        query = parse(event.value)
    except Invalid as problem:
        # The REST message names the query parameter ("q: ..."); here the field is obvious.
        reason = problem.details[0].message if problem.details else problem.message
        screen.notify(reason, title="Filter not understood", severity="error")
        return
    event.input.display = False
    apply_filter(screen, query)


def on_key(screen: MainScreen, event: events.Key) -> None:
    """Escape in the filter field closes it without changing the filter."""
    field = screen.query_one("#filter-input", Input)
    if event.key == "escape" and field.has_focus:
        field.display = False
        screen.focus_view()
        event.stop()


def apply_filter(screen: MainScreen, query: CardQuery) -> None:
    reload_needed = query.decides_archived != screen.card_query.decides_archived
    screen.card_query = query
    screen.focus_view()
    if reload_needed or screen.board is None:
        screen.load_board()
    else:
        screen._board_loaded(None, None, False, screen.board)


def action_saved_filters(screen: MainScreen) -> None:
    project, workspace, scope_id = screen.project, screen.workspace, screen.scope_id
    if project is None or workspace is None or scope_id is None:
        return

    screen.app.run_operation(  # type: ignore[attr-defined]
        saved_filters.list_saved_filters,
        OnScope(workspace_id=workspace.id, project=project.id, scope_id=scope_id),
        then=partial(_saved_menu, screen),
    )


def _saved_menu(screen: MainScreen, found: list[SavedFilterOut]) -> None:
    queries = {saved.id: saved.query for saved in found}
    choices = [(saved.id, f"{saved.name}   {saved.query}") for saved in found]
    if screen.card_query:
        choices.append((_SAVE, f"＋ Save “{screen.card_query.text}” as…"))
        choices.append((_CLEAR, "✕ Clear the filter"))

    def chosen(choice: str | None) -> None:
        if choice is None:
            return
        if choice == _CLEAR:
            apply_filter(screen, CardQuery())
        elif choice == _SAVE:
            _save_filter(screen)
        elif choice in queries:
            apply_filter(screen, parse(queries[choice]))

    hint = "" if found else "No saved filters in this scope yet: type one with / first."
    screen.app.push_screen(ChoiceDialog("Saved filters", choices, hint=hint), chosen)


def _save_filter(screen: MainScreen) -> None:
    project, workspace, scope_id, text = (
        screen.project,
        screen.workspace,
        screen.scope_id,
        screen.card_query.text,
    )
    if project is None or workspace is None or scope_id is None:
        return

    def save(name: str | None) -> None:
        if name:
            data = SavedFilterCreateIn(name=name, query=text)
            screen.app.run_operation(  # type: ignore[attr-defined]
                saved_filters.create_saved_filter,
                CreateSavedFilter(workspace_id=workspace.id, project=project.id, scope_id=scope_id, data=data),
                then=lambda _: screen.notify(f"Saved filter “{name}”"),
            )

    screen.app.push_screen(
        PromptDialog("Save filter as", placeholder="Name", validate=check_name), save
    )
