"""Opening the Documents screen from the main screen, for the current workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stellary_tui.screens.documents import Listing
    from stellary_tui.screens.main import MainScreen


def action_documents(screen: MainScreen) -> None:
    """Open the Documents screen once its list is read, so its first frame shows them (no empty tree first)."""
    from stellary_tui.screens.documents import DocumentsScreen, Listing, context_names, read_listing

    org, workspace = screen.org, screen.workspace
    if org is None or workspace is None:
        screen.notify("Open a project first: documents belong to its workspace.", severity="warning")
        return
    app = screen.app
    me = app.actor.user_id if app.actor else None  # type: ignore[attr-defined]
    names = context_names(org, workspace)

    def show(listing: Listing) -> None:
        if app.screen is screen:  # not if something else opened meanwhile (or D was pressed twice)
            screen.kept.documents.show(
                (org, workspace, me), lambda: DocumentsScreen(org, workspace, me, listing), lambda kept: kept.reopen(listing)
            )

    ahead = screen.read_ahead.documents.take(workspace.id)
    if ahead is not None:  # read in the background and still fresh (read_ahead.py)
        show(ahead)
        return
    app.run_with_core(  # type: ignore[attr-defined]
        lambda core: read_listing(core, workspace, None, names, None), then=show, group="documents", exclusive=True
    )


def build_documents_ahead(screen: MainScreen, workspace_id: str, listing: Listing) -> None:
    """Build the Documents screen of the main screen's workspace unseen, with its read ahead (kept_screens.py)."""
    from stellary_tui.screens.documents import DocumentsScreen

    org, workspace, app = screen.org, screen.workspace, screen.app
    if org is None or workspace is None or workspace.id != workspace_id:
        return
    me = app.actor.user_id if app.actor else None  # type: ignore[attr-defined]
    screen.kept.documents.build_ahead((org, workspace, me), lambda: DocumentsScreen(org, workspace, me, listing))
