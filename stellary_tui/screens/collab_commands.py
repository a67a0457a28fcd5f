"""Collaboration commands of the main screen: the unread count, notifications, members and API tokens.

Each screen is imported when it is opened: they are not on the first screen, and
the tokens screen alone pulls in a good part of the operations catalogue.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from stellary_core.operations.catalog.notifications import count_unread_notifications
from stellary_core.operations.refs import NoInput
from stellary_tui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from stellary_core.operations.catalog.tui_screens import CardTarget
    from stellary_tui.screens.main import MainScreen


def load_unread(screen: MainScreen) -> None:
    """Recount the unread notifications for the top bar (on mount and on every reload)."""
    screen._unread_asked += 1
    asked = screen._unread_asked
    screen.app.run_operation(  # type: ignore[attr-defined]
        count_unread_notifications,
        NoInput(),
        then=lambda unread: _unread_loaded(screen, asked, unread.count),
        group="unread",
    )


def _unread_loaded(screen: MainScreen, asked: int, count: int) -> None:
    if screen.is_mounted and asked == screen._unread_asked:
        screen.query_one("#top-bar", TopBar).unread = count


def action_notifications(screen: MainScreen) -> None:
    from stellary_tui.screens.notifications import NotificationsScreen

    projects = {
        p.id: p.name for org in screen.nav_tree for ws in org.workspaces for p in ws.projects
    }
    screen.app.push_screen(
        NotificationsScreen(projects=projects, on_change=partial(load_unread, screen)),
        partial(_notification_chosen, screen),
    )


def _notification_chosen(screen: MainScreen, target: CardTarget | None) -> None:
    if target is not None:
        screen.open_card(target.project_id, target.card_id)


def action_members(screen: MainScreen) -> None:
    from stellary_tui.screens.members import MembersScreen

    org = screen.org or (screen.nav_tree[0] if screen.nav_tree else None)
    if org is None:
        screen.notify("No organization yet.", severity="warning")
        return
    workspace = screen.workspace if screen.org is not None else None
    screen.app.push_screen(MembersScreen(org, workspace, screen.project if workspace else None))


def action_api_tokens(screen: MainScreen) -> None:
    from stellary_tui.screens.api_tokens import ApiTokensScreen

    screen.app.push_screen(ApiTokensScreen())
