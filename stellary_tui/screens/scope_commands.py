"""Scope and filter commands of the main screen: switch and manage scopes, filter, saved filters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session
from textual.widgets import Input

from stellary_core.errors import Invalid
from stellary_core.filters import CardQuery, parse
from stellary_core.principal import Principal
from stellary_core.schemas.scopes import SavedFilterCreateIn, ScopeCreateIn, ScopeUpdateIn
from stellary_core.services import saved_filters, scopes
from stellary_tui.screens.column_commands import check_name
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog, PromptDialog

if TYPE_CHECKING:
    from stellary_tui.screens.main import MainScreen

_NEW, _RENAME, _DELETE = "+new", "+rename", "+delete"
_SAVE, _CLEAR = "+save", "+clear"


class ScopeCommands:
    """Mixed into MainScreen."""

    # -- scopes --------------------------------------------------------------

    def action_choose_scope(self: MainScreen) -> None:
        project, workspace = self.project, self.workspace
        if project is None or workspace is None:
            return
        self.app.call_service(  # type: ignore[attr-defined]
            lambda s, a: scopes.list_scopes(s, actor=a, workspace_id=workspace.id, project_id=project.id),
            then=self._scope_menu,
        )

    def _scope_menu(self: MainScreen, found: list[scopes.ScopeSummary]) -> None:
        choices = [
            (summary.scope.id, f"{'● ' if summary.scope.id == self.scope_id else '  '}{summary.scope.name}  ({summary.card_count} cards)")
            for summary in found
        ]
        choices.append((_NEW, "  ＋ New scope…"))
        current = next((s.scope for s in found if s.scope.id == self.scope_id), None)
        if current is not None:
            choices.append((_RENAME, f"  ✎ Rename “{current.name}”…"))
            if not current.is_default:
                choices.append((_DELETE, f"  ✕ Delete “{current.name}” and its cards…"))
        self.app.push_screen(ChoiceDialog("Scopes of this project", choices), self._scope_chosen)

    def _scope_chosen(self: MainScreen, choice: str | None) -> None:
        project, workspace, scope_id = self.project, self.workspace, self.scope_id
        if choice is None or project is None or workspace is None:
            return
        if choice == _NEW:

            def create(name: str | None) -> None:
                if name:
                    self.app.call_service(  # type: ignore[attr-defined]
                        lambda s, a: scopes.create_scope(
                            s, actor=a, workspace_id=workspace.id, project_id=project.id, data=ScopeCreateIn(name=name)
                        ),
                        write=True,
                        then=lambda made: self.open_scope(made.scope.id),
                    )

            self.app.push_screen(PromptDialog("New scope", placeholder="Scope name (a phase or work package)", validate=check_name), create)
        elif choice == _RENAME and scope_id is not None:

            def rename(name: str | None) -> None:
                if name:
                    self.app.call_service(  # type: ignore[attr-defined]
                        lambda s, a: scopes.update_scope(
                            s, actor=a, workspace_id=workspace.id, project_id=project.id, scope_id=scope_id,
                            data=ScopeUpdateIn(name=name),
                        ),
                        write=True,
                        then=lambda _: self.load_board(),
                    )

            current = self.board.scope.name if self.board else ""
            self.app.push_screen(PromptDialog("Rename scope", value=current, validate=check_name), rename)
        elif choice == _DELETE and scope_id is not None:

            def delete(confirmed: bool | None) -> None:
                if confirmed:
                    self.app.call_service(  # type: ignore[attr-defined]
                        lambda s, a: scopes.delete_scope(s, actor=a, workspace_id=workspace.id, project_id=project.id, scope_id=scope_id),
                        write=True,
                        then=lambda _: self.open_scope(None),
                    )

            name = self.board.scope.name if self.board else "this scope"
            self.app.push_screen(ConfirmDialog(f"Delete the scope “{name}” with its columns and cards? This cannot be undone."), delete)
        else:
            self.open_scope(choice)

    def open_scope(self: MainScreen, scope_id: str | None) -> None:
        self.scope_id = scope_id
        self.board = self.view_board = None
        self.load_board(scope_changed=True)

    # -- filter --------------------------------------------------------------

    def action_edit_filter(self: MainScreen) -> None:
        field = self.query_one("#filter-input", Input)
        field.display = True
        field.value = self.card_query.text
        field.focus()

    def on_input_submitted(self: MainScreen, event: Input.Submitted) -> None:
        if event.input.id != "filter-input":
            return
        event.stop()
        try:
            query = parse(event.value)
        except Invalid as problem:
            self.notify(problem.message, title="Filter not understood", severity="error")
            return
        event.input.display = False
        self.apply_filter(query)

    def on_key(self: MainScreen, event: object) -> None:
        field = self.query_one("#filter-input", Input)
        if getattr(event, "key", "") == "escape" and field.has_focus:
            field.display = False
            self.focus_view()
            getattr(event, "stop")()

    def apply_filter(self: MainScreen, query: CardQuery) -> None:
        reload_needed = query.decides_archived != self.card_query.decides_archived
        self.card_query = query
        self.focus_view()
        if reload_needed or self.board is None:
            self.load_board()
        else:
            self._board_loaded(None, None, False, self.board)

    def action_saved_filters(self: MainScreen) -> None:
        project, workspace, scope_id = self.project, self.workspace, self.scope_id
        if project is None or workspace is None or scope_id is None:
            return

        def load(session: Session, actor: Principal) -> list[tuple[str, str, str]]:
            found = saved_filters.list_saved_filters(
                session, actor=actor, workspace_id=workspace.id, project_id=project.id, scope_id=scope_id
            )
            return [(f.id, f.name, f.query) for f in found]

        self.app.call_service(load, then=self._saved_menu)  # type: ignore[attr-defined]

    def _saved_menu(self: MainScreen, found: list[tuple[str, str, str]]) -> None:
        queries = {filter_id: query for filter_id, _name, query in found}
        choices = [(filter_id, f"{name}   {query}") for filter_id, name, query in found]
        if self.card_query:
            choices.append((_SAVE, f"＋ Save “{self.card_query.text}” as…"))
            choices.append((_CLEAR, "✕ Clear the filter"))

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            if choice == _CLEAR:
                self.apply_filter(CardQuery())
            elif choice == _SAVE:
                self._save_filter()
            elif choice in queries:
                self.apply_filter(parse(queries[choice]))

        hint = "" if found else "No saved filters in this scope yet: type one with / first."
        self.app.push_screen(ChoiceDialog("Saved filters", choices, hint=hint), chosen)

    def _save_filter(self: MainScreen) -> None:
        project, workspace, scope_id, text = self.project, self.workspace, self.scope_id, self.card_query.text
        if project is None or workspace is None or scope_id is None:
            return

        def save(name: str | None) -> None:
            if name:
                data = SavedFilterCreateIn(name=name, query=text)
                self.app.call_service(  # type: ignore[attr-defined]
                    lambda s, a: saved_filters.create_saved_filter(
                        s, actor=a, workspace_id=workspace.id, project_id=project.id, scope_id=scope_id, data=data
                    ),
                    write=True,
                    then=lambda _: self.notify(f"Saved filter “{name}”"),
                )

        self.app.push_screen(PromptDialog("Save filter as", placeholder="Name", validate=check_name), save)
