"""Opening the Documents screen from the main screen, for the current workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stellary_tui.screens.main import MainScreen


def action_documents(screen: MainScreen) -> None:
    from stellary_tui.screens.documents import DocumentsScreen

    org, workspace = screen.org, screen.workspace
    if org is None or workspace is None:
        screen.notify("Open a project first: documents belong to its workspace.", severity="warning")
        return
    me = screen.app.actor.user_id if screen.app.actor else None  # type: ignore[attr-defined]
    screen.app.push_screen(DocumentsScreen(org, workspace, me))
