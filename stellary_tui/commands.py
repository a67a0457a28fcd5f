"""The command palette: every action of the current screen, every project, and the cards of the workspace."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (title, help, where:action): where is app, main (the main screen), board (the kanban) or view (the view on screen)
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("New card", "Add a card to the focused column", "board:new_card"),
    ("Open card", "Edit the focused card", "board:open_card"),
    ("Archive card", "Archive the focused card", "board:archive_card"),
    ("Delete card", "Delete the focused card", "board:delete_card"),
    ("Undo", "Undo your last card change of this session (u)", "main:undo"),
    ("Redo", "Redo the change undo undid (ctrl+r)", "main:redo"),
    ("Move card to another scope or project…", "Pick a project, scope and column for the focused card (t)", "view:move_elsewhere"),
    ("Restore archived card", "Take the focused archived card out of the archive (U)", "view:restore_card"),
    ("Archived cards: show or hide", "Show the scope's archived cards, or hide them again (V)", "main:toggle_archived"),
    ("New column", "Add a column after the focused one", "main:new_column"),
    ("Rename column", "Rename the focused column", "main:rename_column"),
    ("Delete column", "Delete the focused column", "main:delete_column"),
    ("New project", "Create a project in the current workspace", "main:new_project"),
    (
        "New project with the wizard",
        "From an idea to a board: questions, a roadmap to edit, then execute; or continue a draft (w in the navigator)",
        "main:project_wizard",
    ),
    ("Jump to card…", "Go to a card by its key, e.g. GS-12 (g); or type its key or title words here", "main:jump_to_card"),
    ("Toggle sidebar", "Show or hide the navigator", "main:toggle_sidebar"),
    ("Notifications", "What others did to your projects' cards (N)", "main:notifications"),
    ("Members", "Members and roles of the organization, workspace and project; invitations (M)", "main:members"),
    ("API tokens", "Personal access tokens for the REST API (T)", "main:api_tokens"),
    ("Documents", "The workspace's documents: read, write, submit and review (D)", "main:documents"),
    (
        "Cockpit",
        "The workspace's pilotage: missions, priorities, todos, decisions, docs, proposed actions (C)",
        "main:cockpit",
    ),
    (
        "Project settings",
        "Labels, custom fields, each column's status category and WIP limit (,)",
        "main:project_settings",
    ),
    (
        "Automations",
        "The project's rules: when something happens to a card, act on it; their runs and failures (A)",
        "main:automations",
    ),
    ("Agents", "The workspace's agents: modes, tools, rate limits, their missions and live logs (G)", "main:agents"),
    ("Give card to an agent…", "Start an agent's mission on the focused card and watch it live (ctrl+a)", "board:agent_card"),
    ("Export project…", "Write the current project to a JSON file", "main:export_project"),
    (
        "Export project with files…",
        "Write the current project and its cards' attachments (5 MB at most) to a JSON file",
        "main:export_project(True)",
    ),
    ("Import project…", "Create a project in the current workspace from a JSON file", "main:import_project"),
    ("Help", "Every key of the app", "app:help"),
)


class StellaryCommands(Provider):
    """Actions and projects, searchable by name."""

    def _main_screen(self) -> Any:
        from stellary_tui.screens.main import MainScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _run(self, target: str) -> None:
        where, action = target.split(":", 1)
        main = self._main_screen()
        owner: Any = self.app if where == "app" else main if where == "main" else main.board_view if main else None
        if where == "view" and main is not None:
            # The view on screen acts on its own focused card; one without cards says which views do.
            owner = main.current_view
            if not hasattr(owner, f"action_{action}"):
                main.notify("That acts on a card of the board or the list: 1 or 2 shows one.", severity="warning")
                return
        if owner is not None:
            self.app.call_later(owner.run_action, action)

    def _entries(self) -> list[tuple[str, str, Callable[[], None]]]:
        entries: list[tuple[str, str, Callable[[], None]]] = []
        main = self._main_screen()
        for title, help_text, target in ACTIONS:
            if target.startswith("app:") or main is not None:
                entries.append((title, self._say_which(target) or help_text, partial(self._run, target)))
        if main is not None:
            for project_id, label, _workspace_id in getattr(self.app, "projects_index", []):
                entries.append((f"Open project: {label}", "Switch to this project", partial(main.switch_project, project_id)))
        return entries

    def _say_which(self, target: str) -> str | None:
        """Undo and redo name the change they would undo or redo."""
        history = getattr(self.app, "card_history", None)
        if target not in ("main:undo", "main:redo") or history is None:
            return None
        direction = "undo" if target == "main:undo" else "redo"
        step = history.next(direction)
        key = "u" if direction == "undo" else "ctrl+r"
        return f"{direction.title()} {step.what} ({key})" if step is not None else f"Nothing to {direction} yet ({key})"

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


class CardCommands(Provider):
    """The cards of the current workspace, found by key or title words; choosing one jumps to it."""

    LIMIT = 20

    async def search(self, query: str) -> Hits:
        from stellary_core.errors import StellaryError
        from stellary_core.operations.catalog.search import FindCards, FoundCard
        from stellary_tui.screens import jump_commands
        from stellary_tui.screens.main import MainScreen

        main = next((s for s in reversed(self.app.screen_stack) if isinstance(s, MainScreen)), None)
        core = getattr(self.app, "core", None)
        if main is None or core is None or main.workspace is None or not query.strip():
            return
        given = FindCards(workspace_id=main.workspace.id, text=query, limit=self.LIMIT)
        try:
            # The palette is async and must not wait on the database: the operation runs in a thread.
            found: list[FoundCard] = await asyncio.to_thread(core.run, "find_cards", given)
        except StellaryError:
            return
        matcher = self.matcher(query)
        for rank, card in enumerate(found):
            text = f"{card.key}  {card.title}"
            # Words in another order than the title's still match (the operation decided): keep its order, below fuzzy hits.
            score = matcher.match(text) or 0.5 * (1 - rank / (self.LIMIT + 1))
            yield Hit(
                score,
                matcher.highlight(text),
                partial(jump_commands.jump, main, card),
                help=f"Card of {card.project_name} · {card.scope_name}",
            )
