"""Collaboration commands of the main screen: the unread count, notifications, members and API tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stellary_core.services import notifications
from stellary_tui.screens.api_tokens import ApiTokensScreen
from stellary_tui.screens.members import MembersScreen
from stellary_tui.screens.notifications import CardTarget, NotificationsScreen
from stellary_tui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from stellary_tui.screens.main import MainScreen


class CollabCommands:
    """Mixed into MainScreen."""

    _unread_asked: int = 0  # counts asked for; a worker thread cannot be cancelled, so older answers are dropped

    def load_unread(self: MainScreen) -> None:
        """Recount the unread notifications for the top bar (on mount and on every reload)."""
        self._unread_asked += 1
        asked = self._unread_asked
        self.app.call_service(  # type: ignore[attr-defined]
            lambda s, a: notifications.unread_count(s, actor=a),
            then=lambda count: self._unread_loaded(asked, count),
            group="unread",
        )

    def _unread_loaded(self: MainScreen, asked: int, count: int) -> None:
        if self.is_mounted and asked == self._unread_asked:
            self.query_one("#top-bar", TopBar).unread = count

    def action_notifications(self: MainScreen) -> None:
        projects = {p.id: p.name for org in self.nav_tree for ws in org.workspaces for p in ws.projects}
        self.app.push_screen(NotificationsScreen(projects=projects, on_change=self.load_unread), self._notification_chosen)

    def _notification_chosen(self: MainScreen, target: CardTarget | None) -> None:
        if target is not None:
            self.open_card(target.project_id, target.card_id)

    def action_members(self: MainScreen) -> None:
        org = self.org or (self.nav_tree[0] if self.nav_tree else None)
        if org is None:
            self.notify("No organization yet.", severity="warning")
            return
        workspace = self.workspace if self.org is not None else None
        self.app.push_screen(MembersScreen(org, workspace, self.project if workspace else None))

    def action_api_tokens(self: MainScreen) -> None:
        self.app.push_screen(ApiTokensScreen())
