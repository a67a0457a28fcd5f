"""Jumping to a card: ``g`` asks for its key, the palette finds it by key or title; the board opens on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stellary_core.operations.catalog.search import FoundCard, LocateCard
from stellary_tui.screens.dialogs import PromptDialog

if TYPE_CHECKING:
    from stellary_tui.screens.main import MainScreen


def action_jump_to_card(screen: MainScreen) -> None:
    """Ask for a card key and jump to it (in the current workspace)."""
    workspace = screen.workspace
    if workspace is None:
        screen.notify("Open a project first: a key is looked up in its workspace.", severity="warning")
        return

    def typed(key: str | None) -> None:
        if key:
            screen.app.run_operation(  # type: ignore[attr-defined]
                "locate_card", LocateCard(workspace_id=workspace.id, card=key), then=lambda found: jump(screen, found)
            )

    screen.app.push_screen(PromptDialog("Jump to card", placeholder="A card key, e.g. GS-12"), typed)


def jump(screen: MainScreen, found: FoundCard) -> None:
    """Open the card's project and scope with the board's cursor on it (enter then opens it).

    An archived card is on no board: its editor opens instead.
    """
    if found.archived:
        screen.notify(f"{found.key} is archived: it is on no board, so it opens here.")
        screen.open_card(found.project_id, found.id)
        return
    screen.show_card(found.project_id, found.scope_id, found.id)
