"""The main screen's frame: its layout, its keys and what it shows, without what it does.

``MainScreen`` (screens/main.py) adds the work: loading, refreshing, card and
column commands, all through the core. The frame imports no part of the core
beyond its plain rows, so ``StartScreen`` can paint the board saved at the
last exit (stellary_tui/start_snapshot.py) before SQLAlchemy and pydantic
have loaded; the real ``MainScreen`` then takes its place, drawn the same.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, Input

from stellary_core.view_rows import OrgNode, ProjectNode, ScopeBoard, WorkspaceNode
from stellary_tui.start_snapshot import StartSnapshot
from stellary_tui.plurals import count
from stellary_tui.views.kanban import KanbanBoard
from stellary_tui.views.registry import VIEWS
from stellary_tui.widgets.navigator import Navigator
from stellary_tui.widgets.top_bar import TopBar
from stellary_tui.widgets.view_bar import ViewBar

FILTER_PLACEHOLDER = "Filter: priority:high label:bug assignee:me due:overdue words…  (enter applies, escape closes)"


class MainFrame(Screen[None]):
    AUTO_FOCUS = "#kanban"  # the board has the keys from the first frame on (not the navigator, first in order)
    BINDINGS = [
        Binding("ctrl+b", "toggle_sidebar", "Sidebar", id="main.toggle_sidebar", tooltip="Show or hide the navigator"),
        *[
            Binding(spec.key, f"switch_view('{spec.name}')", spec.title, show=False, id=f"main.view_{spec.name}")
            for spec in VIEWS
        ],
        Binding("s", "choose_scope", "Scope", id="main.scope", tooltip="Switch scope, or create, rename or delete one"),
        Binding("slash", "edit_filter", "Filter", id="main.filter", tooltip="Filter the cards of every view", key_display="/"),
        Binding("f", "saved_filters", "Saved filters", show=False, id="main.saved_filters", tooltip="Saved filters of the scope: apply, save, clear"),
        Binding(
            "V", "toggle_archived", "Archived", show=False, id="main.toggle_archived",
            tooltip="View the scope's archived cards, or hide them again",
        ),
        Binding(
            "A", "automations", "Automations", show=False, id="main.automations",
            tooltip="Automations: the project's rules and their runs",
        ),
        Binding("c", "new_column", "Column+", id="main.new_column", tooltip="New column after the focused one"),
        Binding("r", "rename_column", "Rename column", show=False, id="main.rename_column"),
        Binding("x", "delete_column", "Delete column", show=False, id="main.delete_column", tooltip="Delete the focused column (asks where its cards go)"),
        Binding("less_than_sign", "move_column(-1)", "Column ←", show=False, id="main.column_left", tooltip="Move the focused column left"),
        Binding("greater_than_sign", "move_column(1)", "Column →", show=False, id="main.column_right", tooltip="Move the focused column right"),
        Binding("N", "notifications", "Notifications", show=False, id="main.notifications"),
        Binding("M", "members", "Members", show=False, id="main.members"),
        Binding("T", "api_tokens", "API tokens", show=False, id="main.api_tokens"),
        Binding(
            "D", "documents", "Documents", show=False, id="main.documents",
            tooltip="Documents of the workspace: read, write, review",
        ),
        Binding(
            "C", "cockpit", "Cockpit", show=False, id="main.cockpit",
            tooltip="Cockpit: the workspace's pilotage",
        ),
        Binding(
            "comma", "project_settings", "Project settings", show=False, id="main.project_settings", key_display=",",
            tooltip="Project settings: labels, custom fields, columns",
        ),
        Binding(
            "g", "jump_to_card", "Jump to card", show=False, id="main.jump_to_card",
            tooltip="Jump to a card by its key (GS-12); ctrl+p finds cards by title too",
        ),
        Binding(
            "u", "undo", "Undo", show=False, id="main.undo",
            tooltip="Undo: move, edit, archive, delete",
        ),
        Binding("ctrl+r", "redo", "Redo", show=False, id="main.redo", tooltip="Redo what u undid"),
        Binding(
            "G", "agents", "Agents", show=False, id="main.agents",
            tooltip="Agents of the workspace: modes, tools, missions and their live logs",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.org: OrgNode | None = None
        self.workspace: WorkspaceNode | None = None
        self.project: ProjectNode | None = None
        self.nav_tree: list[OrgNode] = []
        self.board: ScopeBoard | None = None  # the scope as loaded
        self.view_board: ScopeBoard | None = None  # narrowed by the filter
        self.scope_id: str | None = None
        self.active_view = "kanban"

    def compose(self) -> ComposeResult:
        top_bar, view_bar = TopBar(id="top-bar"), ViewBar(id="view-bar")
        self._fill_bars(top_bar, view_bar)  # with what is known already, so the first frame draws it
        yield top_bar
        with Horizontal(id="body"):
            yield Navigator(id="navigator")
            with Vertical(id="views"):
                yield view_bar
                yield Input(id="filter-input", placeholder=FILTER_PLACEHOLDER)
                # The other views are imported and mounted when first shown (MainScreen._view): the first
                # paint needs only the kanban, and the stats view alone brings in plotext.
                with ContentSwitcher(id="view-switcher", initial="kanban"):
                    yield KanbanBoard(id="kanban")
        yield Footer()

    # -- widgets -----------------------------------------------------------

    @property
    def board_view(self) -> KanbanBoard:
        return self.query_one("#kanban", KanbanBoard)

    @property
    def navigator(self) -> Navigator:
        return self.query_one("#navigator", Navigator)

    @property
    def current_view(self) -> Widget:
        return self.query_one(f"#{self.active_view}")

    def focus_view(self) -> None:
        self.current_view.focus()

    def _prepare(self) -> None:
        """On mount: the filter line stays hidden until / opens it; the board has the keys."""
        self.query_one("#filter-input", Input).display = False
        self.board_view.focus()

    # -- what it shows -----------------------------------------------------

    def show_tree(self, tree: list[OrgNode], current: str | None) -> None:
        self.nav_tree = tree
        self.app.projects_index = [  # type: ignore[attr-defined]
            (p.id, f"{p.name} ({ws.name})", ws.id) for org in tree for ws in org.workspaces for p in ws.projects
        ]
        self.navigator.load(tree, current)

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

    def _select_project(self, project_id: str) -> bool:
        found = self._find_project(project_id)
        if found is None:
            return False
        self.project, self.workspace, self.org = found
        self.navigator.highlight_project(project_id)
        return True

    @property
    def filter_text(self) -> str:
        """The filter as typed ("" when none): the frame has none; MainScreen has the user's."""
        return ""

    @property
    def shows_archived(self) -> bool:
        return False

    def _update_bars(self) -> None:
        self._fill_bars(self.query_one("#top-bar", TopBar), self.query_one("#view-bar", ViewBar))

    def _fill_bars(self, bar: TopBar, view_bar: ViewBar) -> None:
        remote = getattr(self.app, "remote", None)
        bar.server = urlsplit(remote.base_url).netloc if remote is not None else ""
        bar.path = tuple(x.name for x in (self.org, self.workspace, self.project) if x is not None)
        bar.status = count(self.board.card_count, "card") if self.board else ""
        view_bar.scope_name = self.board.scope.name if self.board else ""
        view_bar.active = self.active_view
        view_bar.filter_text = self.filter_text
        view_bar.archived = self.shows_archived
        view_bar.shown = (self.view_board.card_count if self.view_board else 0, self.board.card_count if self.board else 0)


class StartScreen(MainFrame):
    """The main screen as the last session left it (start_snapshot.py), shown while the core loads.

    It only shows: the app holds the keys typed meanwhile and replays them on
    the ``MainScreen`` that replaces it once the real board is loaded.
    """

    def __init__(self, snapshot: StartSnapshot, painted: Callable[[], object]) -> None:
        super().__init__()
        self.snapshot = snapshot
        self._painted = painted  # called once the first frame is drawn (the app then loads the core)
        # Known before mount, so the bars are drawn in the very first frame, with the board.
        self.nav_tree = snapshot.tree
        found = self._find_project(snapshot.project_id)
        if found is not None:
            self.project, self.workspace, self.org = found
            self.board = self.view_board = snapshot.board
            self.scope_id = snapshot.board.scope.id

    def _fill_bars(self, bar: TopBar, view_bar: ViewBar) -> None:
        super()._fill_bars(bar, view_bar)
        bar.unread = self.snapshot.unread

    def on_mount(self) -> None:
        self._prepare()
        self.show_tree(self.snapshot.tree, self.snapshot.project_id)
        if self.board is not None and self._select_project(self.snapshot.project_id):
            self.board_view.show(self.board)
        self.call_after_refresh(self._painted)
