"""The Stellary Textual app: built from injected dependencies so tests run on a temporary database."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.notifications import Notification, Notify, SeverityLevel
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme

from stellary_core.config import Settings
from stellary_core.errors import StellaryError
from stellary_tui import collector, start_snapshot
from stellary_tui.card_history import CardHistory
from stellary_tui.commands import CardCommands, StellaryCommands
from stellary_tui.screens.main_frame import StartScreen
from stellary_tui.typeahead import TypeAhead

# The core (SQLAlchemy, pydantic, the operations) is imported by the start-up worker, after the
# first screen is painted: at start only what that screen draws is loaded (start_snapshot.py).
if TYPE_CHECKING:
    from pydantic import BaseModel

    from stellary_core.db import Database
    from stellary_core.events import DomainEvent
    from stellary_core.operations import Operation
    from stellary_core.principal import Principal
    from stellary_core.watch import ChangeWatcher
    from stellary_tui.core import Core
    from stellary_tui.remote_core import RemoteCore
    from stellary_tui.screens.main import InitialView
    from stellary_tui.server_events import EventFollower

T = TypeVar("T")
DEFAULT_THEME = "textual-dark"
THEME_PREFERENCE = "theme"
READING_SPEED = 15  # characters a second, for how long a notification stays
InT = TypeVar("InT", bound="BaseModel")
OutT = TypeVar("OutT")


class DataChanged(Message):
    """Something was committed: ``event`` says what (a change made here or by the embedded server).

    ``None`` is a commit of another process, seen by the change watcher
    without knowing what changed: every screen reloads all it shows.
    """

    def __init__(self, event: DomainEvent | None = None) -> None:
        super().__init__()
        self.event = event


class ServerReachability(Message):
    """The team server stopped or started answering (``--server`` only)."""

    def __init__(self, online: bool) -> None:
        super().__init__()
        self.online = online


class StellaryApp(App[None]):
    CSS_PATH = "stellary.tcss"
    TITLE = "Stellary"
    COMMANDS = App.COMMANDS | {StellaryCommands, CardCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help", key_display="?"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        # Textual binds the palette itself unless the app does; bound here so the help lists it.
        Binding(
            "ctrl+p", "command_palette", "palette", show=False, priority=True, id="app.palette",
            tooltip="Command palette: every action, every project",
        ),
    ]

    def __init__(
        self,
        *,
        data_dir: Path | str | None = None,
        database: Database | None = None,
        serve: tuple[str, int] | None = None,
        watch_interval: float = 1.0,
        remote: RemoteCore | None = None,
    ) -> None:
        """With ``remote`` the app is a client of that team server: no database, profile or snapshot here."""
        super().__init__()
        self.remote = remote
        self._follower: EventFollower | None = None
        self._offline_notice: Notification | None = None
        self._data_dir = data_dir
        self.db: Database | None = database
        self.actor: Principal | None = None
        self.core: Core | None = None
        self._serve = serve
        self._watch_interval = watch_interval
        self._watcher: ChangeWatcher | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._server_thread: threading.Thread | None = None
        self._server: Any = None
        self._gc_thresholds = collector.THRESHOLDS
        self._owns_db = False  # opened here (not handed in): closed at exit, and the start-up snapshot saved
        self.projects_index: list[tuple[str, str, str]] = []  # (project id, name, workspace id) for the palette
        self._saved_theme: str | None = None  # the theme preference as stored, so only a new choice is written
        self.typeahead = TypeAhead(self)  # keys typed while a screen loads or saves wait for it
        self.card_history = CardHistory()  # this session's card changes, for u (undo) and ctrl+r (redo)

    async def on_event(self, event: events.Event) -> None:
        if self.typeahead.takes(event):
            return
        await super().on_event(event)

    # -- start-up ----------------------------------------------------------

    def on_mount(self) -> None:
        self._gc_thresholds = collector.tune()
        self.theme = DEFAULT_THEME
        snapshot = self._start_snapshot()
        if snapshot is None:
            self._open()
            return
        if snapshot.theme in self.available_themes:
            self.theme = snapshot.theme
        # The board as the last session left it, proven current (start_snapshot.py): on screen at once.
        # Keys wait for the real board, so none acts on what is only a picture.
        self.typeahead.hold(StartScreen)
        # The core loads once the picture is painted: importing it meanwhile in a worker would
        # share the interpreter with the first paint and delay it.
        self.push_screen(StartScreen(snapshot, painted=self._open))

    def _start_snapshot(self) -> start_snapshot.StartSnapshot | None:
        if self.db is not None or self.remote is not None:
            return None  # a database handed in (tests, other front ends): its files are not ours to vouch for
        try:
            settings = Settings.from_env(data_dir=self._data_dir)
        except StellaryError:
            return None  # the usual start reports it
        database = start_snapshot.database_file(settings.data_dir, settings.database_url)
        return start_snapshot.load(settings.data_dir, database) if database is not None else None

    @work(thread=True, exclusive=True, group="startup")
    def _open(self) -> None:
        if self.remote is not None:
            self._open_remote(self.remote)
            return
        try:
            from stellary_core.db import open_database
            from stellary_core.local_profile import find_local_profile
            from stellary_core.operations.catalog.views import GetPreference
            from stellary_tui.core import LocalCore
            from stellary_tui.screens.main import load_initial_view

            if self.db is None:
                self._owns_db = True
                self.db = open_database(Settings.from_env(data_dir=self._data_dir))
            else:
                self.db.migrate()
            if self._owns_db:  # missions a dead process was running are failed, not left running forever
                from stellary_core.mission_recovery import recover_interrupted

                recover_interrupted(self.db)
            principal = find_local_profile(self.db)
            core = LocalCore(self.db, principal) if principal else None
            initial = load_initial_view(core) if core else None
            theme = core.run("get_preference", GetPreference(name=THEME_PREFERENCE)) if core else None
        except Exception as error:  # a broken database must be reported, not crash silently
            self.call_from_thread(self._fatal, f"Could not open the database: {error}")
            return
        self.call_from_thread(self._opened, principal, initial, theme)

    def _open_remote(self, remote: RemoteCore) -> None:
        """The team server's user, first view and theme: what ``_open`` reads from a local database."""
        from stellary_core.operations.catalog.account import get_profile
        from stellary_core.operations.catalog.views import GetPreference, NoInput
        from stellary_core.principal import Principal
        from stellary_tui.human_errors import error_text
        from stellary_tui.screens.main import load_initial_view

        try:
            me = remote.run(get_profile, NoInput())
            initial = load_initial_view(remote)
            theme: object = remote.run("get_preference", GetPreference(name=THEME_PREFERENCE))
        except StellaryError as error:
            hint = f" Run `stellary login --server {remote.base_url}` again." if error.status == 401 else ""
            self.call_from_thread(self._fatal, f"Could not open {remote.base_url}: {error_text(error)}{hint}")
            return
        principal = Principal(user_id=me.user.id, kind="jwt")
        self.call_from_thread(self._opened_remote, principal, initial, theme)

    def _opened_remote(self, principal: Principal, initial: InitialView, theme: object) -> None:
        from stellary_tui.server_events import EventFollower

        assert self.remote is not None
        self._apply_saved_theme(theme)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.remote.on_reachability = self._reachability_changed
        self._follower = EventFollower(self.remote, self._heard_from_server)
        self.run_worker(self._follower.run, thread=True, group="events", exit_on_error=False)
        self.start_main(principal, initial)

    def _fatal(self, message: str) -> None:
        self.exit(message=message, return_code=1)

    def _opened(self, principal: Principal | None, initial: InitialView | None = None, theme: object = None) -> None:
        from stellary_core.watch import ChangeWatcher

        assert self.db is not None
        self._apply_saved_theme(theme)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self._unsubscribe = self.db.events.subscribe(self._on_domain_event)
        self._watcher = ChangeWatcher(self.db)
        self.set_interval(self._watch_interval, self._poll_changes, name="watch")
        if self._owns_db:  # due_date_reached rules fire while the app runs (stopped when its database is disposed)
            from stellary_core.automations.due_dates import start_due_date_checks

            start_due_date_checks(self.db)
        if self._serve is not None:
            self._start_server(*self._serve)
        if principal is None:
            from stellary_tui.screens.first_run import FirstRunScreen  # only before the profile exists

            self._show_first(FirstRunScreen(), self._profile_created)
        else:
            self.start_main(principal, initial)

    def _apply_saved_theme(self, theme: object) -> None:
        if isinstance(theme, str):
            self._saved_theme = theme
            if theme in self.available_themes:  # a theme of an older or newer version is ignored
                self.theme = theme

    def _profile_created(self, principal: Principal | None) -> None:
        if principal is not None:
            self.start_main(principal)

    def start_main(self, principal: Principal, initial: InitialView | None = None) -> None:
        from stellary_tui.core import LocalCore
        from stellary_tui.screens.main import MainScreen

        self.actor = principal
        if self.remote is not None:
            self.core = self.remote
        else:
            assert self.db is not None
            self.core = LocalCore(self.db, principal)
        self._save_theme()  # one picked on the first-run screen, before there was a profile to keep it in
        self._show_first(MainScreen(initial))

    def _show_first(self, screen: Screen[Any], callback: Callable[[Any], None] | None = None) -> None:
        """Show the first working screen, in place of the start-up picture if there is one."""
        if not isinstance(self.screen, StartScreen):
            self.push_screen(screen, callback)
            return
        self.pop_screen()
        mounted = self.push_screen(screen, callback)

        async def release_keys() -> None:
            await mounted  # the screen shows the real data: the keys typed meanwhile go to it
            self.typeahead.release(StartScreen)

        self.call_later(release_keys)

    # -- the theme, kept as a preference ----------------------------------

    def _theme_changed(self, _theme: Theme) -> None:
        self._save_theme()

    def _save_theme(self) -> None:
        """Remember the theme picked in the palette (ctrl+p, "theme"), so the next start uses it."""
        if self.core is None or self.theme == self._saved_theme:
            return
        if self._saved_theme is None and self.theme == DEFAULT_THEME:
            return  # nothing was picked yet
        self._saved_theme = self.theme
        from stellary_core.operations.catalog.views import SetPreference

        self.run_operation("set_preference", SetPreference(name=THEME_PREFERENCE, value=self.theme), group="prefs")

    # -- the core, for screens --------------------------------------------

    def run_operation(
        self,
        op: Operation[InT, OutT] | str,
        payload: InT | dict[str, Any],
        *,
        then: Callable[[OutT], None] | None = None,
        failed: Callable[[StellaryError], None] | None = None,
        group: str = "db",
        exclusive: bool = False,
    ) -> None:
        """Run an operation through the core in a worker; its result comes back on the UI thread.

        ``exclusive`` marks older workers of the group cancelled (a thread still
        runs to its end, so callers that care drop stale answers themselves).
        """
        self.run_with_core(
            lambda core: core.run(op, payload), then=then, failed=failed, group=group, exclusive=exclusive
        )

    def run_with_core(
        self,
        job: Callable[[Core], T],
        *,
        then: Callable[[T], None] | None = None,
        failed: Callable[[StellaryError], None] | None = None,
        group: str = "db",
        exclusive: bool = False,
    ) -> None:
        """Run ``job`` in a worker with the core: operations plus the shell's own work around them.

        For what must stay off the UI thread but is no operation, such as
        reading or writing a local file; ``job`` reaches the data only through
        the core it is given. Errors are handled as for ``run_operation``.
        """
        core = self.core
        if core is None:
            return

        def work() -> None:
            try:
                result = job(core)
            except StellaryError as error:
                self.call_from_thread(self._service_failed, error, failed)
                return
            except Exception as error:
                # A bug or the database itself (locked too long, disk full): say so, and let a
                # caller waiting on the answer (a queue of moves) carry on; the worker logs it.
                self.call_from_thread(self._service_failed, StellaryError(f"Unexpected error: {error}"), failed)
                raise
            if then is not None:
                self.call_from_thread(then, result)

        self.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show ``message`` whole: as plain text, and long enough to read.

        Messages quote what people typed (a scope named "[Q1] plan", a path);
        read as markup, "[Q1]" would vanish and "[/]" would fail. A long message
        stays up for as long as it takes to read (about 15 characters a second).
        ``markup`` is accepted, as callers pass it, and never used.
        """
        if timeout is None:
            timeout = max(self.NOTIFICATION_TIMEOUT, (len(title) + len(message)) / READING_SPEED)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def _service_failed(self, error: StellaryError, failed: Callable[[StellaryError], None] | None) -> None:
        from stellary_tui.human_errors import error_text

        self.notify(error_text(error), title="Not done", severity="error")
        if failed is not None:
            failed(error)

    # -- live refresh ------------------------------------------------------

    def _on_domain_event(self, event: DomainEvent) -> None:
        # Called on whichever thread committed; post_message is thread-safe. The
        # watcher would report this same commit again (it sees every connection's):
        # the event already says what changed, so take the commit as seen.
        if self._watcher is not None:
            self._watcher.acknowledge()
        self.post_message(DataChanged(event))

    def _heard_from_server(self, event: DomainEvent | None) -> None:
        # On the follower's thread: the same path as the in-process events (post_message is thread-safe).
        self.post_message(DataChanged(event))

    def _reachability_changed(self, online: bool) -> None:
        # From whichever thread noticed (post_message is thread-safe); shown on the UI thread.
        self.post_message(ServerReachability(online))

    def on_server_reachability(self, message: ServerReachability) -> None:
        """The offline line: up while the server is unreachable, on every screen, gone when it is back."""
        from stellary_tui.remote_core import OFFLINE_LINE

        online = message.online
        if online and self._offline_notice is not None:
            notice, self._offline_notice = self._offline_notice, None
            if notice in self._notifications:
                self._unnotify(notice)  # Textual's own removal: the app keeps its notifications
        elif not online and self._offline_notice is None:
            # No timeout that could run out: the line stays until the server answers again.
            self._offline_notice = Notification(OFFLINE_LINE, "Offline", "warning", timeout=float(24 * 3600), markup=False)
            self.post_message(Notify(self._offline_notice))

    @property
    def offline(self) -> bool:
        return self._offline_notice is not None

    @work(thread=True, exclusive=True, group="watch")
    def _poll_changes(self) -> None:
        watcher = self._watcher
        if watcher is not None and watcher.changed():
            self.post_message(DataChanged())

    def on_data_changed(self, message: DataChanged) -> None:
        # Each screen decides from the event what it must read again.
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_data", None)
            if callable(refresh):
                refresh(message.event)

    # -- embedded server ---------------------------------------------------

    def _start_server(self, host: str, port: int) -> None:
        import uvicorn

        from stellary_core.server.app import GRACEFUL_SHUTDOWN_SECONDS, create_app

        assert self.db is not None
        config = uvicorn.Config(
            create_app(self.db), host=host, port=port, log_level="warning", timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS
        )
        server = uvicorn.Server(config)
        # uvicorn leaves signal handling alone off the main thread, so the TUI keeps its own.
        self._server = server
        self._server_thread = threading.Thread(target=server.run, name="stellary-serve", daemon=True)
        self._server_thread.start()
        self.notify(f"REST API on http://{host}:{port}", title="Serving")

    # -- actions -----------------------------------------------------------

    def action_help(self) -> None:
        from stellary_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Quit; with unsaved edits (or typed keys not yet applied), ask first, as closing the editor does."""
        from stellary_tui.screens.dialogs import ConfirmDialog

        if isinstance(self.screen, ConfirmDialog) and self.screen.id == "confirm-quit":
            self.exit()  # ctrl+q again on the question
            return
        if isinstance(self.screen, StartScreen):
            self.exit()  # ctrl+q pressed again while the start-up picture waits for the core: nothing is open yet
            return
        # Keys already handed to a field are applied first, so the question sees them.
        (self.focused or self.screen).call_later(self._quit_unless_unsaved)

    def _quit_unless_unsaved(self) -> None:
        from stellary_tui.screens.dialogs import ConfirmDialog

        unsaved = self.typeahead.pending or any(
            callable(check := getattr(screen, "unsaved", None)) and check() for screen in self.screen_stack
        )
        if not unsaved:
            self.exit()
            return
        question = ConfirmDialog(
            "You have unsaved changes. Quit and throw them away?", yes="Quit", title="Unsaved changes"
        )
        question.id = "confirm-quit"
        self.push_screen(question, lambda quit_anyway: self.exit() if quit_anyway else None)

    async def on_unmount(self) -> None:
        collector.restore(self._gc_thresholds)
        if self._unsubscribe is not None:
            self._unsubscribe()
        if self._server is not None:
            self._server.should_exit = True
        if self._watcher is not None:
            self._watcher.close()
        if self._follower is not None:
            self._follower.stop()
        if self.remote is not None:
            self.remote.close()
        if self._owns_db and self.db is not None:
            self._save_start_snapshot(self.db)

    def _save_start_snapshot(self, db: Database) -> None:
        """Save what the next start shows first (start_snapshot.py), then close the database."""
        from stellary_core.operations.catalog.notifications import count_unread_notifications
        from stellary_core.operations.catalog.views import GetPreference, NoInput, StartView

        data_dir = db.settings.data_dir
        database = start_snapshot.database_file(data_dir, db.settings.database_url)
        core, snapshot, generation = self.core, None, None
        # With the REST server in this process its connections may outlive the exit: no stamp of the files holds.
        if core is not None and database is not None and self._server is None:
            try:
                # The start view first, with the commit count of its transaction: what is read after it is as new or newer.
                start: StartView = core.run("get_start_view", NoInput())
                if start.board is not None and start.project_id is not None and start.board.scope.active_view == "kanban":
                    unread = core.run(count_unread_notifications, NoInput()).count
                    theme: object = core.run("get_preference", GetPreference(name=THEME_PREFERENCE))
                    snapshot = start_snapshot.StartSnapshot(
                        start.tree, start.project_id, start.board, unread, theme if isinstance(theme, str) else None
                    )
                    generation = start.generation
            except Exception:
                snapshot = None  # the next start goes the usual way
        db.dispose()  # first: the files are stamped as the next start will find them
        if snapshot is None or generation is None or database is None:
            start_snapshot.discard(data_dir)
            return
        try:
            start_snapshot.save(data_dir, database, snapshot, generation)  # only if nothing was committed since
        except OSError:
            start_snapshot.discard(data_dir)  # a full disk, say: no snapshot rather than a wrong one
