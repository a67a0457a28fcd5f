"""The main screen: navigator on the left, the current project's board on the right."""

from __future__ import annotations

from functools import partial

from sqlalchemy.orm import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from stellary_core.principal import Principal
from stellary_core.schemas.board import CardUpdateIn, ColumnCreateIn, ColumnUpdateIn
from stellary_core.schemas.projects import ProjectCreateIn, ProjectUpdateIn
from stellary_core.services import board as board_service
from stellary_core.services import cards, columns, navigation, projects
from stellary_core.services.board import Board
from stellary_core.services.navigation import OrgNode, ProjectNode, WorkspaceNode
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog, PromptDialog
from stellary_tui.views.kanban import KanbanBoard
from stellary_tui.widgets.navigator import NavItem, Navigator
from stellary_tui.widgets.top_bar import TopBar


def _check_name(value: str) -> str | None:
    return "must be at most 200 characters" if len(value) > 200 else None


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+b", "toggle_sidebar", "Sidebar", id="main.toggle_sidebar"),
        Binding("c", "new_column", "Column+", id="main.new_column"),
        Binding("r", "rename_column", "Rename column", show=False, id="main.rename_column"),
        Binding("x", "delete_column", "Delete column", show=False, id="main.delete_column"),
        Binding("less_than_sign", "move_column(-1)", "Column ←", show=False, id="main.column_left"),
        Binding("greater_than_sign", "move_column(1)", "Column →", show=False, id="main.column_right"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.org: OrgNode | None = None
        self.workspace: WorkspaceNode | None = None
        self.project: ProjectNode | None = None
        self.nav_tree: list[OrgNode] = []
        self._refresh_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TopBar(id="top-bar")
        with Horizontal(id="body"):
            yield Navigator(id="navigator")
            with Vertical(id="views"):
                yield KanbanBoard(id="kanban")
        yield Footer()

    @property
    def board_view(self) -> KanbanBoard:
        return self.query_one("#kanban", KanbanBoard)

    @property
    def navigator(self) -> Navigator:
        return self.query_one("#navigator", Navigator)

    def on_mount(self) -> None:
        self.board_view.focus()
        self._load_tree(open_initial=True)

    # -- loading -----------------------------------------------------------

    def refresh_data(self) -> None:
        """Reload what is shown (debounced: a burst of changes costs one reload)."""
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        self._refresh_timer = self.set_timer(0.15, self._reload)

    def _reload(self) -> None:
        self._load_tree(open_initial=False)
        self._load_board()

    def _load_tree(self, *, open_initial: bool) -> None:
        def load(session: Session, actor: Principal) -> tuple[list[OrgNode], object]:
            tree = navigation.navigation_tree(session, actor=actor)
            last = navigation.get_preference(session, actor=actor, name="last_project") if open_initial else None
            return tree, last

        self.app.call_service(load, then=partial(self._tree_loaded, open_initial), group="tree", exclusive=True)  # type: ignore[attr-defined]

    def _tree_loaded(self, open_initial: bool, result: tuple[list[OrgNode], object]) -> None:
        tree, last = result
        self.nav_tree = tree
        self.app.projects_index = [  # type: ignore[attr-defined]
            (p.id, f"{p.name} ({ws.name})", ws.id) for org in tree for ws in org.workspaces for p in ws.projects
        ]
        current = self.project.id if self.project else None
        if open_initial:
            current = last if isinstance(last, str) and self._find_project(last) else self._first_project_id()
        self.navigator.load(tree, current)
        if self.project is not None and self._find_project(self.project.id) is None:
            self.project = None  # deleted elsewhere
            current = self._first_project_id()
            self.board_view.board = None
        if current is not None and (self.project is None or self.project.id != current):
            self.open_project(current)
        self._update_top_bar()

    def _find_project(self, project_id: str) -> tuple[ProjectNode, WorkspaceNode, OrgNode] | None:
        for org in self.nav_tree:
            for ws in org.workspaces:
                for project in ws.projects:
                    if project.id == project_id:
                        return project, ws, org
        return None

    def _first_project_id(self) -> str | None:
        for org in self.nav_tree:
            for ws in org.workspaces:
                if ws.projects:
                    return ws.projects[0].id
        return None

    def open_project(self, project_id: str) -> None:
        found = self._find_project(project_id)
        if found is None:
            return
        self.project, self.workspace, self.org = found
        self.navigator.highlight_project(project_id)
        self._update_top_bar()
        self.board_view.board = None
        self._load_board()
        self.app.call_service(  # type: ignore[attr-defined]
            lambda s, a: navigation.set_preference(s, actor=a, name="last_project", value=project_id),
            write=True,
            group="prefs",
        )

    def _load_board(self, *, focus_card_id: str | None = None, focus_column_id: str | None = None) -> None:
        project, workspace = self.project, self.workspace
        if project is None or workspace is None:
            return

        def load(session: Session, actor: Principal) -> Board:
            return board_service.load_board(session, actor=actor, workspace_id=workspace.id, project_id=project.id)

        self.app.call_service(  # type: ignore[attr-defined]
            load, then=partial(self._board_loaded, focus_card_id, focus_column_id), group="board", exclusive=True
        )

    def _board_loaded(self, focus_card_id: str | None, focus_column_id: str | None, board: Board) -> None:
        if self.project is None or board.project.id != self.project.id:
            return  # a late answer for a project we have left
        self.board_view.show(board, focus_card_id=focus_card_id, focus_column_id=focus_column_id)
        self._update_top_bar()

    def _update_top_bar(self) -> None:
        bar = self.query_one("#top-bar", TopBar)
        parts = []
        if self.org:
            parts.append(self.org.name)
        if self.workspace:
            parts.append(self.workspace.name)
        if self.project:
            parts.append(self.project.name)
        bar.path = tuple(parts)
        board = self.board_view.board
        bar.status = f"{board.card_count} cards" if board else ""

    # -- navigator ---------------------------------------------------------

    def on_navigator_project_chosen(self, message: Navigator.ProjectChosen) -> None:
        self.open_project(message.project.id)
        self.board_view.focus()

    def on_navigator_project_command(self, message: Navigator.ProjectCommand) -> None:
        item = message.item
        if message.command == "new":
            self.action_new_project(item.workspace if item else None)
        elif item is not None and item.project is not None and item.workspace is not None:
            if message.command == "rename":
                self._rename_project(item)
            elif message.command == "delete":
                self._delete_project(item)
        else:
            self.notify("Highlight a project first.", severity="warning")

    def action_new_project(self, workspace: WorkspaceNode | None = None) -> None:
        target = workspace or self.workspace
        if target is None:
            self.notify("Open a workspace first.", severity="warning")
            return

        def create(name: str | None) -> None:
            if not name:
                return

            def run(session: Session, actor: Principal) -> str:
                view = projects.create_project(session, actor=actor, workspace_id=target.id, data=ProjectCreateIn(name=name))
                return view.project.id

            self.app.call_service(run, write=True, then=self._project_created)  # type: ignore[attr-defined]

        self.app.push_screen(PromptDialog(f"New project in {target.name}", placeholder="Project name", validate=_check_name), create)

    def _project_created(self, project_id: str) -> None:
        def reopen(result: tuple[list[OrgNode], object]) -> None:
            self._tree_loaded(False, result)
            self.open_project(project_id)
            self.board_view.focus()

        self.app.call_service(  # type: ignore[attr-defined]
            lambda s, a: (navigation.navigation_tree(s, actor=a), None), then=reopen, group="tree", exclusive=True
        )

    def _rename_project(self, item: NavItem) -> None:
        assert item.project is not None and item.workspace is not None
        project, workspace = item.project, item.workspace

        def rename(name: str | None) -> None:
            if not name or name == project.name:
                return
            self.app.call_service(  # type: ignore[attr-defined]
                lambda s, a: projects.update_project(
                    s, actor=a, workspace_id=workspace.id, project_id=project.id, data=ProjectUpdateIn(name=name)
                ),
                write=True,
                then=lambda _: self.refresh_data(),
            )

        self.app.push_screen(PromptDialog("Rename project", value=project.name, validate=_check_name), rename)

    def _delete_project(self, item: NavItem) -> None:
        assert item.project is not None and item.workspace is not None
        project, workspace = item.project, item.workspace

        def delete(confirmed: bool | None) -> None:
            if not confirmed:
                return
            if self.project and self.project.id == project.id:
                self.project = None
                self.board_view.board = None
            self.app.call_service(  # type: ignore[attr-defined]
                lambda s, a: projects.delete_project(s, actor=a, workspace_id=workspace.id, project_id=project.id),
                write=True,
                then=lambda _: self._load_tree(open_initial=False),
            )

        self.app.push_screen(
            ConfirmDialog(f"Delete the project “{project.name}” with all its cards? This cannot be undone."), delete
        )

    def switch_project(self, project_id: str) -> None:
        """For the command palette."""
        self.open_project(project_id)
        self.board_view.focus()

    def action_toggle_sidebar(self) -> None:
        self.navigator.display = not self.navigator.display
        if not self.navigator.display:
            self.board_view.focus()

    # -- cards -------------------------------------------------------------

    def on_kanban_board_card_move_requested(self, message: KanbanBoard.CardMoveRequested) -> None:
        project, workspace = self.project, self.workspace
        if project is None or workspace is None:
            return
        data = CardUpdateIn(column_id=message.column.id, order=message.order)
        self.app.call_service(  # type: ignore[attr-defined]
            lambda s, a: cards.update_card(
                s, actor=a, workspace_id=workspace.id, project_id=project.id, card_id=message.card.id, data=data
            ),
            write=True,
            failed=lambda _error: self._load_board(),
            group="moves",
        )

    def on_kanban_board_card_action(self, message: KanbanBoard.CardAction) -> None:
        project, workspace = self.project, self.workspace
        if project is None or workspace is None:
            return
        card = message.card
        if message.action == "new":
            if message.column is None:
                self.notify("Add a column first (c).", severity="warning")
                return
            self.open_editor(None, message.column.id)
        elif message.action == "open" and card is not None:
            self.open_editor(card.id, card.column_id)
        elif message.action == "archive" and card is not None:
            self.app.call_service(  # type: ignore[attr-defined]
                lambda s, a: cards.archive_card(s, actor=a, workspace_id=workspace.id, project_id=project.id, card_id=card.id),
                write=True,
                then=lambda _: (self.notify(f"Archived {card.key}"), self._load_board()),
            )
        elif message.action == "delete" and card is not None:

            def delete(confirmed: bool | None) -> None:
                if confirmed:
                    self.app.call_service(  # type: ignore[attr-defined]
                        lambda s, a: cards.delete_card(s, actor=a, workspace_id=workspace.id, project_id=project.id, card_id=card.id),
                        write=True,
                        then=lambda _: (self.notify(f"Deleted {card.key}"), self._load_board()),
                    )

            self.app.push_screen(ConfirmDialog(f"Delete {card.key} “{card.title}”? This cannot be undone."), delete)

    def open_editor(self, card_id: str | None, column_id: str) -> None:
        from stellary_tui.screens.card_editor import CardEditor

        if self.project is None or self.workspace is None:
            return

        def closed(saved_card_id: str | None) -> None:
            if saved_card_id:
                self._load_board(focus_card_id=saved_card_id)

        self.app.push_screen(CardEditor(self.workspace.id, self.project.id, card_id=card_id, column_id=column_id), closed)

    # -- columns -----------------------------------------------------------

    def action_new_column(self) -> None:
        project, workspace = self.project, self.workspace
        if project is None or workspace is None:
            return
        current = self.board_view.current_column
        order = current.order + 1 if current else None
        scope_id = self.board_view.board.scope.id if self.board_view.board else None

        def create(name: str | None) -> None:
            if name:
                data = ColumnCreateIn(name=name, order=order, scope_id=scope_id)
                self.app.call_service(  # type: ignore[attr-defined]
                    lambda s, a: columns.create_column(s, actor=a, workspace_id=workspace.id, project_id=project.id, data=data),
                    write=True,
                    then=lambda column: self._load_board(focus_column_id=column.id),
                )

        self.app.push_screen(PromptDialog("New column", placeholder="Column name", validate=_check_name), create)

    def action_rename_column(self) -> None:
        project, workspace, column = self.project, self.workspace, self.board_view.current_column
        if project is None or workspace is None or column is None:
            return

        def rename(name: str | None) -> None:
            if name and name != column.name:
                self.app.call_service(  # type: ignore[attr-defined]
                    lambda s, a: columns.update_column(
                        s, actor=a, workspace_id=workspace.id, project_id=project.id, column_id=column.id,
                        data=ColumnUpdateIn(name=name),
                    ),
                    write=True,
                    then=lambda _: self._load_board(),
                )

        self.app.push_screen(PromptDialog("Rename column", value=column.name, validate=_check_name), rename)

    def action_move_column(self, direction: int) -> None:
        project, workspace, column, board = self.project, self.workspace, self.board_view.current_column, self.board_view.board
        if project is None or workspace is None or column is None or board is None:
            return
        order = column.order + direction
        if not 0 <= order < len(board.columns):
            return
        self.app.call_service(  # type: ignore[attr-defined]
            lambda s, a: columns.update_column(
                s, actor=a, workspace_id=workspace.id, project_id=project.id, column_id=column.id, data=ColumnUpdateIn(order=order)
            ),
            write=True,
            then=lambda _: self._load_board(focus_column_id=column.id),
        )

    def action_delete_column(self) -> None:
        project, workspace, column, board = self.project, self.workspace, self.board_view.current_column, self.board_view.board
        if project is None or workspace is None or column is None or board is None:
            return
        held = len(board.cards.get(column.id, []))

        def delete(move_to: str | None) -> None:
            self.app.call_service(  # type: ignore[attr-defined]
                lambda s, a: columns.delete_column(
                    s, actor=a, workspace_id=workspace.id, project_id=project.id, column_id=column.id, move_cards_to=move_to
                ),
                write=True,
                then=lambda _: self._load_board(),
            )

        if held == 0:
            # Archived cards may still live in it: the service refuses then, with a clear message.
            self.app.push_screen(
                ConfirmDialog(f"Delete the empty column “{column.name}”?"), lambda ok: delete(None) if ok else None
            )
            return
        others = [(c.id, c.name) for c in board.columns if c.id != column.id]
        if not others:
            self.notify("This is the only column: its cards have nowhere to go.", severity="warning")
            return
        self.app.push_screen(
            ChoiceDialog(
                f"Delete “{column.name}”",
                others,
                hint=f"It holds {held} card{'s' if held != 1 else ''}. Move them to:",
            ),
            lambda target: delete(target) if target else None,
        )
