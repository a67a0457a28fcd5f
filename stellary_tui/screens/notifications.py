"""The notifications panel: what others did to the cards you follow, newest first.

Each line says who did what to which card, in the words of the card editor's
Activity tab (``widgets.card_activity.describe``). ``enter`` marks the
notification read and jumps to its card; the panel answers with the card to open
and the main screen opens it (project first, then the card editor).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from stellary_core.event_types import DomainEvent
from stellary_core.operations.catalog.notifications import (
    MarkNotificationRead,
    mark_all_notifications_read,
    mark_notification_read,
)
from stellary_core.operations.catalog.tui_screens import (
    CardTarget,
    GetNotificationsPanel,
    NotificationLine,
    NotificationsPanel,
    OpenNotification,
    get_notifications_panel,
    open_notification,
)
from stellary_core.operations.refs import NoInput
from stellary_core.schemas.notifications import ReadAllOut
from stellary_tui import plurals
from stellary_tui.screens.keyed_modal import KeyedModal
from stellary_tui.screens.reload_rules import notifications_changed
from stellary_tui.terminal_text import steady
from stellary_tui.widgets.card_activity import describe

LIMIT = 200


def wording(line: NotificationLine, people: dict[str, str], me: str | None) -> str:
    """What happened, from the reader's point of view."""
    meta = line.entry.meta
    if line.entry.type in ("member_added", "member_removed") and me is not None and meta.get("userId") == me:
        return "added you" if line.entry.type == "member_added" else "removed you"
    return describe(line.entry, people)


def render_line(line: NotificationLine, people: dict[str, str], me: str | None, projects: dict[str, str]) -> Text:
    entry = line.entry
    text = Text("● " if line.unread else "  ", style="bold yellow")
    text.append(entry.created_at.strftime("%Y-%m-%d %H:%M") + "  ", style="dim")
    text.append(steady(entry.actor_name), style="bold magenta" if line.unread else "magenta")
    text.append(" " + steady(wording(line, people, me)), style="bold" if line.unread else "")
    key, title = entry.meta.get("key"), entry.meta.get("title")
    if key or title:
        text.append("  ·  ", style="dim")
        if key:
            text.append(f"{key} ", style="cyan")
        if title:
            text.append(steady(str(title)))
    project = projects.get(line.project_id or "")
    if project:
        text.append(f"  ·  {steady(project)}", style="dim")
    return text


class NotificationsScreen(KeyedModal[CardTarget | None]):
    DEFAULT_CSS = """
    NotificationsScreen #notifications {
        width: 90%;
        max-width: 150;
        height: 80%;
        padding: 0 2;
        border: round $primary;
        background: $panel;
    }
    NotificationsScreen #notifications-title { margin-top: 1; }
    NotificationsScreen #notification-list { height: 1fr; }
    NotificationsScreen #notifications-empty { width: 100%; color: $text-muted; margin: 1 0; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="notifications.close"),
        Binding("m", "mark_read", "Mark read", id="notifications.mark_read"),
        Binding("M,ctrl+a", "mark_all_read", "Mark all read", id="notifications.mark_all_read", key_display="M"),
        Binding("u", "toggle_unread", "Unread only", id="notifications.unread_only"),
    ]

    def __init__(self, *, projects: dict[str, str] | None = None, on_change: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.projects = projects or {}  # project id -> name, to say where a card lives
        self.on_change = on_change  # tells the main screen to recount the unread notifications
        self.unread_only = False
        self.data: NotificationsPanel | None = None
        self._refresh_timer: Timer | None = None
        self._asked = 0  # reloads asked for; only the answer to the latest one is shown

    def compose(self) -> ComposeResult:
        with Vertical(id="notifications"):
            yield Label("Notifications", id="notifications-title", classes="dialog-title")
            yield Label("Loading…", id="notifications-empty")
            yield OptionList(id="notification-list")
            yield Label(
                "enter open the card (marks read) · m mark read · M mark all read · u unread only / all · escape close",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.listing.focus()
        self.reload()

    @property
    def listing(self) -> OptionList:
        return self.query_one("#notification-list", OptionList)

    @property
    def me(self) -> str | None:
        actor = getattr(self.app, "actor", None)
        return actor.user_id if actor is not None else None

    # -- loading -------------------------------------------------------------

    def refresh_data(self, event: DomainEvent | None = None) -> None:
        """Called by the app on every committed change; reloads (debounced like the main screen) when it may notify."""
        if not notifications_changed(event, me=self.me):
            return
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        self._refresh_timer = self.set_timer(0.15, self.reload)

    def reload(self) -> None:
        # A worker thread cannot be cancelled, so an older answer (say, before ``u``) may
        # arrive after a newer one: each answer carries its number and only the latest counts.
        self._asked += 1
        asked, unread_only = self._asked, self.unread_only
        self.app.run_operation(  # type: ignore[attr-defined]
            get_notifications_panel,
            GetNotificationsPanel(unread_only=unread_only, limit=LIMIT),
            then=lambda data: self._loaded(asked, data),
            group="notifications",
        )

    def _loaded(self, asked: int, data: NotificationsPanel) -> None:
        if not self.is_mounted or asked != self._asked:
            return
        listing = self.listing
        keep = self.current.id if self.current else None
        self.data = data
        listing.clear_options()
        listing.add_options(
            Option(render_line(line, data.people, self.me, self.projects), id=line.id) for line in data.lines
        )
        if data.lines:
            index = next((n for n, line in enumerate(data.lines) if line.id == keep), 0)
            listing.highlighted = index
        mode = "unread only" if self.unread_only else "all"
        self.query_one("#notifications-title", Label).update(f"Notifications · {data.unread} unread · showing {mode}")
        empty = self.query_one("#notifications-empty", Label)
        empty.display = not data.lines
        empty.update("Nothing unread." if self.unread_only else "No notifications yet: changes others make to your projects' cards appear here.")

    @property
    def current(self) -> NotificationLine | None:
        if self.data is None:
            return None
        index = self.listing.highlighted
        if index is None or not 0 <= index < len(self.data.lines):
            return None
        return self.data.lines[index]

    def _changed(self, _result: object = None) -> None:
        self.reload()
        if self.on_change is not None:
            self.on_change()

    # -- actions -------------------------------------------------------------

    def action_mark_read(self) -> None:
        line = self.current
        if line is None or not line.unread:
            return
        self.app.run_operation(  # type: ignore[attr-defined]
            mark_notification_read, MarkNotificationRead(notification_id=line.id), then=self._changed
        )

    def action_mark_all_read(self) -> None:
        def done(answer: ReadAllOut) -> None:
            count = answer.count
            self.notify(f"Marked {plurals.count(count, 'notification')} read." if count else "Nothing was unread.")
            self._changed()

        self.app.run_operation(mark_all_notifications_read, NoInput(), then=done)  # type: ignore[attr-defined]

    def action_toggle_unread(self) -> None:
        self.unread_only = not self.unread_only
        self.reload()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        line = next((x for x in self.data.lines if x.id == event.option.id), None) if self.data else None
        if line is not None:
            self.open(line)

    def open(self, line: NotificationLine) -> None:
        """Mark it read, then hand the card to the main screen if it still exists."""

        def opened(target: CardTarget | None) -> None:
            if self.on_change is not None:
                self.on_change()
            if target is None:
                self.notify("Marked read; there is no card to open (it was deleted, or this is about membership).")
                self.reload()
            else:
                self.dismiss(target)

        self.app.run_operation(open_notification, OpenNotification(notification_id=line.id), then=opened)  # type: ignore[attr-defined]

    def action_close(self) -> None:
        self.dismiss(None)
