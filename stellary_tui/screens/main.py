"""The main screen: the navigator on the left, the current scope's view on the right."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import ContentSwitcher, Footer, Input

from stellary_core.event_types import CardRecurred, DomainEvent
from stellary_core.filters import CardQuery
from stellary_core.operations.catalog.scopes import SetScopeView
from stellary_core.operations.catalog.views import (
    GetBoard,
    GetPreference,
    NoInput,
    OrgNode,
    ProjectNode,
    ScopeBoard,
    SetPreference,
    StartView,
    WorkspaceNode,
    narrowed,
)
from stellary_tui.card_history import Where, archive_step, delete_step
from stellary_tui.core import Core
from stellary_tui.plurals import count
from stellary_tui.screens import (
    archive_commands,
    collab_commands,
    column_commands,
    jump_commands,
    move_commands,
    project_commands,
    scope_commands,
    transfer_commands,
)
from stellary_tui.screens.debounce import DebouncedReload
from stellary_tui.screens.reload_rules import board_changed, navigator_changed, notifications_changed
from stellary_tui.screens.dialogs import ConfirmDialog
from stellary_tui.screens.main_frame import MainFrame
from stellary_tui.screens.kept_screens import KeptScreens
from stellary_tui.screens.read_ahead import WorkspaceReadAheads
from stellary_tui.screens.undo_commands import UndoRunner, history_of
from stellary_tui.views.base import CardAction, ViewContext
from stellary_tui.views.kanban import KanbanBoard
from stellary_tui.views.registry import VIEWS, view_class
from stellary_tui.widgets.card_move_writer import CardMoveWriter
from stellary_tui.widgets.card_recurrence import next_occurrence_notice
from stellary_tui.widgets.navigator import Navigator
from stellary_tui.widgets.top_bar import TopBar
from stellary_tui.widgets.view_bar import ViewBar

if TYPE_CHECKING:
    from stellary_core.operations.catalog.trash import TrashedCardOut
    from stellary_tui.screens.automation_notices import AutomationNotices
    from stellary_core.operations.catalog.views import ChangedCard


# What the main screen shows first, loaded before it mounts so the first paint is the board.
InitialView = StartView


def load_initial_view(core: Core) -> InitialView:
    """Blocking: call it from a worker thread, as the app's start-up does."""
    start: StartView = core.run("get_start_view", NoInput())
    return start


class MainScreen(MainFrame):
    def __init__(self, initial: InitialView | None = None) -> None:
        super().__init__()
        self._initial = initial
        self.card_query = CardQuery()
        self.debounced_reload = DebouncedReload(self, self._reload)
        self._stale: set[str] = set()  # what the next debounced reload reads: "tree", "board", "unread"
        self._unread_asked = 0  # answers to older unread counts are dropped (worker threads cannot be cancelled)
        self._board_asked = 0  # likewise for board loads
        # What a load asked for (cursor on a card or column, a new scope's view) until a board is shown:
        # a newer load that supersedes it (the change event of the card just saved, say) must keep it.
        self._board_wish: tuple[str | None, str | None, bool] | None = None
        self.moves = CardMoveWriter(self, self._moves_settled)
        self.undo = UndoRunner(self)
        self._reload_after_moves = False
        self._jump: tuple[str, str] | None = None  # (project id, card id) the next board shows with its cursor on
        self._mounting: dict[str, AwaitMount] = {}  # views mounted on first use, until their mount is done
        self._automation_notices: AutomationNotices | None = None  # made at the first change a rule makes
        # Made once mounted (they need the app): the Cockpit's and Documents' first reads, and those screens kept.
        self._read_ahead: WorkspaceReadAheads | None = None
        self._kept: KeptScreens | None = None

    @property
    def read_ahead(self) -> WorkspaceReadAheads:
        assert self._read_ahead is not None, "made on mount"
        return self._read_ahead

    @property
    def kept(self) -> KeptScreens:
        assert self._kept is not None, "made on mount"
        return self._kept

    @property
    def filter_text(self) -> str:
        return self.card_query.text

    @property
    def shows_archived(self) -> bool:
        return archive_commands.shows_archived(self.card_query)

    def on_mount(self) -> None:
        self._kept = KeptScreens(self.app)
        self._read_ahead = WorkspaceReadAheads(
            self.app, lambda: (self.org, self.workspace), self._build_cockpit_ahead, self._build_documents_ahead
        )
        self._prepare()
        self.load_unread()
        initial, self._initial = self._initial, None
        if initial is None:
            self.load_tree(open_initial=True)
            return
        self.show_tree(initial.tree, initial.project_id)
        if initial.project_id is not None and self._select_project(initial.project_id):
            if initial.board is not None:
                self._board_loaded(None, None, True, initial.board)
        self._update_bars()

    # -- loading -----------------------------------------------------------

    def refresh_data(self, event: DomainEvent | None = None) -> None:
        """Reload what ``event`` changed, everything when it is None (debounced: a burst of changes costs one reload)."""
        me = self.app.actor.user_id if self.app.actor else None  # type: ignore[attr-defined]
        if isinstance(event, CardRecurred) and event.actor_id == me:
            # The next occurrence lands in another column, maybe out of sight: say where it went.
            self.notify(next_occurrence_notice(event.data), title="Recurring card")
        if event is not None and event.actor.kind == "automation":
            self._rule_changed(event)
        if self._read_ahead is not None:
            self._read_ahead.heard(event)
        stale = {
            part
            for part, changed in (
                ("tree", navigator_changed(event)),
                (
                    "board",
                    board_changed(
                        event,
                        workspace_id=self.workspace.id if self.workspace else None,
                        project_id=self.project.id if self.project else None,
                    ),
                ),
                ("unread", notifications_changed(event, me=me)),
            )
            if changed
        }
        if stale:
            self._stale |= stale
            self.debounced_reload.request()

    def _rule_changed(self, event: DomainEvent) -> None:
        """A rule changed a card: the board reloads as for any change, and a notification says which rule."""
        from stellary_tui.screens.automation_notices import AutomationNotices  # only once a rule acts

        if self._automation_notices is None:
            self._automation_notices = AutomationNotices(self)
        self._automation_notices.seen(event)

    def _reload(self) -> None:
        stale, self._stale = self._stale, set()
        if "tree" in stale:
            self.load_tree()
        if "board" in stale:
            self.load_board()
        if "unread" in stale:
            self.load_unread()

    def load_tree(self, *, open_initial: bool = False) -> None:
        if not open_initial:
            self.app.run_operation(  # type: ignore[attr-defined]
                "get_navigation", NoInput(), then=lambda tree: self._tree_loaded(False, (tree, None)), group="tree",
                exclusive=True,
            )
            return

        # The tree first, then the project last opened (both read before anything is shown).
        def with_last(tree: list[OrgNode]) -> None:
            self.app.run_operation(  # type: ignore[attr-defined]
                "get_preference", GetPreference(name="last_project"), then=lambda last: self._tree_loaded(True, (tree, last)),
                group="tree",
            )

        self.app.run_operation("get_navigation", NoInput(), then=with_last, group="tree", exclusive=True)  # type: ignore[attr-defined]

    def _tree_loaded(self, open_initial: bool, result: tuple[list[OrgNode], object]) -> None:
        tree, last = result
        self.nav_tree = tree
        current = self.project.id if self.project else None
        if open_initial:
            current = last if isinstance(last, str) and self._find_project(last) else self._first_project_id()
        self.show_tree(tree, current)
        if self.project is not None and self._find_project(self.project.id) is None:
            self.close_project()  # deleted elsewhere
            current = self._first_project_id()
        elif self.project is not None and current == self.project.id:
            self._select_project(current)  # the same project, perhaps renamed: the bars show the new names
        if current is not None and (self.project is None or self.project.id != current):
            self.open_project(current)
        self._update_bars()

    def close_project(self) -> None:
        self.project = None
        self.board = self.view_board = None
        self.scope_id = None
        self.board_view.board = None
        self._update_bars()

    def open_project(self, project_id: str, scope_id: str | None = None) -> None:
        if not self._select_project(project_id):
            return
        self.board = self.view_board = None
        self.scope_id = scope_id
        self._board_wish = None  # a cursor asked for in the project we leave
        self.board_view.board = None
        self._update_bars()
        self.load_board(scope_changed=True)
        self.app.run_operation(  # type: ignore[attr-defined]
            "set_preference", SetPreference(name="last_project", value=project_id), group="prefs"
        )

    def load_board(
        self, *, focus_card_id: str | None = None, focus_column_id: str | None = None, scope_changed: bool = False
    ) -> None:
        project, workspace, scope_id, query = self.project, self.workspace, self.scope_id, self.card_query
        if project is None or workspace is None:
            return
        wish = self._board_wish
        if wish is not None and focus_card_id is None and focus_column_id is None:
            focus_card_id, focus_column_id = wish[0], wish[1]
        scope_changed = scope_changed or (wish is not None and wish[2])
        if focus_card_id is not None or focus_column_id is not None or scope_changed:
            self._board_wish = (focus_card_id, focus_column_id, scope_changed)
        self._board_asked += 1
        asked = self._board_asked
        if self.moves.pending:
            self._reload_after_moves = True  # this load may read the board before the moves land

        given = GetBoard(
            workspace_id=workspace.id, project=project.id, scope_id=scope_id, include_archived=query.decides_archived
        )
        self.app.run_operation(  # type: ignore[attr-defined]
            "get_board",
            given,
            then=lambda board: self._board_answer(asked, focus_card_id, focus_column_id, scope_changed, board),
            failed=lambda _error: self._scope_gone() if scope_id else None,
            group="board",
            exclusive=True,
        )

    def _scope_gone(self) -> None:
        """The scope we showed was deleted: fall back to the project's default scope."""
        if self.project is not None:
            self.scope_id = None
            self.load_board(scope_changed=True)

    def _board_answer(
        self, asked: int, focus_card_id: str | None, focus_column_id: str | None, scope_changed: bool, board: ScopeBoard
    ) -> None:
        # A worker thread cannot be cancelled, so an older load may answer after a newer one: drop it.
        # While card moves are on their way, any load would undo them on screen: the last one reloads.
        if asked == self._board_asked and self.moves.pending:
            self._reload_after_moves = True  # it may hold a change made elsewhere: read again once they land
        elif asked == self._board_asked:
            self._board_loaded(focus_card_id, focus_column_id, scope_changed, board)

    def _board_loaded(
        self, focus_card_id: str | None, focus_column_id: str | None, scope_changed: bool, board: ScopeBoard
    ) -> None:
        if self.project is None or board.project.id != self.project.id:
            return  # a late answer for a project we have left
        if self.scope_id is not None and board.scope.id != self.scope_id:
            return  # a late answer for a scope we have left
        self._board_wish = None
        self.board = board
        self.scope_id = board.scope.id
        if scope_changed:
            self._activate(board.scope.active_view if self._view(board.scope.active_view) else "kanban")
        jump, self._jump = self._jump, None
        jumped = jump[1] if jump is not None and jump[0] == board.project.id else None
        if jumped is not None:
            self._activate("kanban")  # the card is shown on the board, without changing the scope's remembered view
            focus_card_id, focus_column_id = jumped, None
        me = self.app.actor.user_id if self.app.actor else None  # type: ignore[attr-defined]
        self.view_board = narrowed(board, self.card_query, me=me)
        self._show_in(self.active_view, focus_card_id=focus_card_id, focus_column_id=focus_column_id)
        self._update_bars()
        if jumped is not None:
            self._landed(jumped)
        if self._read_ahead is not None:
            self._read_ahead.follow()

    def view_context(self) -> ViewContext | None:
        if self.project is None or self.workspace is None or self.scope_id is None or self.app.actor is None:  # type: ignore[attr-defined]
            return None
        return ViewContext(self.workspace.id, self.project.id, self.scope_id, self.app.actor.user_id)  # type: ignore[attr-defined]

    def _show_in(self, view_name: str, **focus: Any) -> None:
        board, context = self.view_board, self.view_context()
        if board is None or context is None:
            return
        view = self._view(view_name)
        if view is None:
            return
        mounting = self._mounting.get(view_name)
        if mounting is not None and not view.is_mounted:
            self.call_later(self._show_when_mounted, mounting, view_name, focus)
            return
        self._mounting.pop(view_name, None)
        if isinstance(view, KanbanBoard):
            view.show(board, context, **focus)
        else:
            view.show(board, context)  # type: ignore[attr-defined]

    # -- views -------------------------------------------------------------

    async def _show_when_mounted(self, mounting: AwaitMount, view_name: str, focus: dict[str, Any]) -> None:
        await mounting  # a view's show() may query its children, which exist once it is mounted
        if view_name == self.active_view:
            self._show_in(view_name, **focus)

    def _view(self, view_name: str) -> Widget | None:
        """The view's widget, imported and mounted (hidden) the first time it is asked for; None if unknown."""
        found = self.query(f"#{view_name}")
        if found:
            return found.first()
        spec = next((spec for spec in VIEWS if spec.name == view_name), None)
        cls = view_class(spec) if spec is not None else None
        if cls is None:
            return None
        view = cls(id=view_name)
        view.display = False  # the switcher shows it when it becomes current
        self._mounting[view_name] = self.query_one("#view-switcher", ContentSwitcher).mount(view)
        return view

    def _activate(self, view_name: str) -> None:
        self._view(view_name)
        self.active_view = view_name
        self.query_one("#view-switcher", ContentSwitcher).current = view_name

    def action_switch_view(self, view_name: str) -> None:
        """Show another view of the scope, and remember it for the scope."""
        if view_name == self.active_view or self._view(view_name) is None:
            return
        self._activate(view_name)
        self._show_in(view_name)
        self.focus_view()
        self._update_bars()
        project, workspace, scope_id = self.project, self.workspace, self.scope_id
        if project is not None and workspace is not None and scope_id is not None:
            self.app.run_operation(  # type: ignore[attr-defined]
                "set_scope_view",
                SetScopeView.model_validate(
                    {"workspaceId": workspace.id, "project": project.id, "scopeId": scope_id, "data": {"activeView": view_name}}
                ),
                group="prefs",
            )

    def switch_project(self, project_id: str) -> None:
        """For the command palette."""
        self.open_project(project_id)
        self.focus_view()

    def action_toggle_sidebar(self) -> None:
        self.navigator.display = not self.navigator.display
        if not self.navigator.display:
            self.focus_view()

    # -- cards -------------------------------------------------------------

    def on_kanban_board_card_move_requested(self, message: KanbanBoard.CardMoveRequested) -> None:
        context = self.view_context()
        if context is None:
            return
        self.moves.move(context, message.card.id, message.column.id, after_id=message.after_id, before_id=message.before_id)

    def _moves_settled(self, all_landed: bool) -> None:
        """Every move has landed (or one was refused): make sure the next board shown is the stored one.

        A load asked while moves were on their way is dropped (a newer one
        supersedes it); otherwise the refresh that the last move's own change
        event brings is enough, and a board of 10,000 cards is not read twice.
        """
        if self._reload_after_moves or not all_landed:
            self._reload_after_moves = False
            self.load_board()

    def on_card_action(self, message: CardAction) -> None:
        project, workspace = self.project, self.workspace
        if project is None or workspace is None:
            return
        card = message.card
        if message.action == "new":
            column = message.column or (self.board.columns[0] if self.board and self.board.columns else None)
            if column is None:
                self.notify("Add a column first (c).", severity="warning")
                return
            self.open_editor(None, column.id, due=message.due)
        elif message.action == "open" and card is not None:
            self.open_editor(card.id, card.column_id)
        elif message.action == "restore" and card is not None:
            archive_commands.restore_card(self, card)
        elif message.action == "relocate" and card is not None:
            move_commands.move_elsewhere(self, card)
        elif message.action == "agent" and card is not None:
            from stellary_tui.screens.mission_lines import CardLabel  # not needed by the first screen
            from stellary_tui.screens.mission_start import give_to_agent

            give_to_agent(self, workspace.id, CardLabel(card.id, card.key, card.title, project.id))
        elif message.action == "archive" and card is not None:
            where = Where(workspace.id, project.id)

            def archived(changed: ChangedCard) -> None:
                history_of(self).record(archive_step(where, changed))
                self._card_changed(f"Archived {changed.key} (u undoes it)")

            self.app.run_operation(  # type: ignore[attr-defined]
                "archive_card", {"workspace_id": workspace.id, "project": project.id, "card": card.id}, then=archived
            )
        elif message.action == "delete" and card is not None:
            where = Where(workspace.id, project.id)

            def deleted(gone: TrashedCardOut) -> None:
                history_of(self).record(delete_step(where, gone.id, gone.key, gone.title, gone.updated_at))
                self._card_changed(f"Deleted {gone.key} (u brings it back)")

            def delete(confirmed: bool | None) -> None:
                if confirmed:
                    self.app.run_operation(  # type: ignore[attr-defined]
                        "trash_card", {"workspace_id": workspace.id, "project": project.id, "card": card.id}, then=deleted
                    )

            question = f"Delete {card.key} “{card.title}”? u brings it back, with its comments and checklist."
            self.app.push_screen(ConfirmDialog(question), delete)

    def _card_changed(self, message: str) -> None:
        self.notify(message)
        self.load_board()

    def open_editor(self, card_id: str | None, column_id: str, *, due: date | None = None) -> None:
        from stellary_tui.screens.card_editor import CardEditor

        if self.project is None or self.workspace is None:
            return

        def closed(saved_card_id: str | None) -> None:
            if saved_card_id:
                self.load_board(focus_card_id=saved_card_id)

        editor = CardEditor(self.workspace.id, self.project.id, card_id=card_id, column_id=column_id, due=due)
        self.app.push_screen(editor, closed)

    def show_card(self, project_id: str, scope_id: str, card_id: str) -> None:
        """Jump to a card: its project and scope on the kanban board, the cursor on it (enter opens it)."""
        if self._find_project(project_id) is None:
            self.notify("That card's project is not visible any more.", severity="warning")
            return
        self._jump = (project_id, card_id)
        if self.project is not None and self.project.id == project_id and self.scope_id == scope_id:
            self.load_board(focus_card_id=card_id)  # read again: the card may be new or moved
        else:
            self.open_project(project_id, scope_id)

    def _landed(self, card_id: str) -> None:
        self.focus_view()
        current = self.board_view.current_card
        if current is None or current.id != card_id:
            hidden = next((c.key for c in self.board.all_cards() if c.id == card_id), None) if self.board else None
            if hidden is not None:
                self.notify(f"{hidden} is hidden by the filter: / changes it.", severity="warning")

    def open_card(self, project_id: str, card_id: str) -> None:
        """Jump to a card (from a notification or the palette): open its project, then its editor."""
        found = self._find_project(project_id)
        if found is None:
            self.notify("That card's project is not visible any more.", severity="warning")
            return
        if self.project is None or self.project.id != project_id:
            self.open_project(project_id)
        self.open_editor(card_id, "")

    # -- commands living in their own modules ------------------------------

    def on_navigator_project_chosen(self, message: Navigator.ProjectChosen) -> None:
        project_commands.on_navigator_project_chosen(self, message)

    def on_navigator_project_command(self, message: Navigator.ProjectCommand) -> None:
        project_commands.on_navigator_project_command(self, message)

    def action_new_project(self) -> None:
        project_commands.action_new_project(self)

    def action_project_wizard(self) -> None:
        from stellary_tui.screens.wizard import open_wizard  # not needed by the first screen

        open_wizard(self)

    def action_new_column(self) -> None:
        column_commands.action_new_column(self)

    def action_rename_column(self) -> None:
        column_commands.action_rename_column(self)

    def action_move_column(self, direction: int) -> None:
        column_commands.action_move_column(self, direction)

    def action_delete_column(self) -> None:
        column_commands.action_delete_column(self)

    def action_choose_scope(self) -> None:
        scope_commands.action_choose_scope(self)

    def action_edit_filter(self) -> None:
        scope_commands.action_edit_filter(self)

    def action_saved_filters(self) -> None:
        scope_commands.action_saved_filters(self)

    def action_toggle_archived(self) -> None:
        archive_commands.action_toggle_archived(self)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        scope_commands.on_input_submitted(self, event)

    def on_key(self, event: events.Key) -> None:
        scope_commands.on_key(self, event)

    def load_unread(self) -> None:
        collab_commands.load_unread(self)

    def action_notifications(self) -> None:
        collab_commands.action_notifications(self)

    def action_members(self) -> None:
        collab_commands.action_members(self)

    def action_api_tokens(self) -> None:
        collab_commands.action_api_tokens(self)

    def action_documents(self) -> None:
        from stellary_tui.screens.document_commands import action_documents  # not needed by the first screen

        action_documents(self)

    def _build_cockpit_ahead(self, workspace_id: str, loaded: Any) -> None:
        from stellary_tui.screens.cockpit import build_cockpit_ahead  # imported by the read ahead already

        build_cockpit_ahead(self, workspace_id, loaded)

    def _build_documents_ahead(self, workspace_id: str, listing: Any) -> None:
        from stellary_tui.screens.document_commands import build_documents_ahead

        build_documents_ahead(self, workspace_id, listing)

    def action_cockpit(self) -> None:
        from stellary_tui.screens.cockpit import open_cockpit  # not needed by the first screen

        open_cockpit(self)

    def action_automations(self) -> None:
        from stellary_tui.screens.automations import open_automations  # not needed by the first screen

        open_automations(self)

    def action_agents(self) -> None:
        from stellary_tui.screens.agents import open_agents  # not needed by the first screen

        open_agents(self)

    def action_project_settings(self) -> None:
        from stellary_tui.screens.project_settings import open_project_settings  # not needed by the first screen

        open_project_settings(self)

    def action_jump_to_card(self) -> None:
        jump_commands.action_jump_to_card(self)

    def action_undo(self) -> None:
        self.undo.request("undo")

    def action_redo(self) -> None:
        self.undo.request("redo")

    def action_export_project(self, with_files: bool = False) -> None:
        transfer_commands.action_export_project(self, with_files=with_files)

    def action_import_project(self) -> None:
        transfer_commands.action_import_project(self)
