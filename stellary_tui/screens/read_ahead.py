"""A screen's first read, done ahead in the background, so its key opens it without waiting on the data.

The Cockpit (C) and Documents (D) read a whole workspace's state before their
first frame (no empty frame, then the data). Read on the key, that read was
a fifth of the time to open. The main screen reads them ahead instead, when
the app is idle, and keeps each read fresh by the rule that reloads the open
screen: any change that would reload it drops the read ahead and reads again a
moment later (a burst of changes costs one read). A read that a change
overtook is thrown away, so a screen never opens on data older than what the
open screen would show. Failures are silent: the key then reads as before
and says what went wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from textual.timer import Timer

from stellary_core.event_types import DomainEvent
from stellary_tui.core import Core
from stellary_tui.screens.reload_rules import cockpit_changed, documents_changed, navigator_changed

if TYPE_CHECKING:
    from textual.app import App

    from stellary_core.view_rows import OrgNode, WorkspaceNode
    from stellary_tui.screens.cockpit import Loaded
    from stellary_tui.screens.documents import Listing

T = TypeVar("T")

AFTER_CHANGE = 0.5  # seconds: a burst of changes is read once, after it
AFTER_START = 0.3  # seconds: the first read lets the board finish its first paint and settle

# What to read now, and for which workspace (None: nothing to read); asked on the UI thread.
Prepare = Callable[[], "tuple[str, Callable[[Core], T]] | None"]


@dataclass(frozen=True)
class Ahead(Generic[T]):
    workspace_id: str
    value: T


class ReadAhead(Generic[T]):
    """One screen's read for the main screen's current workspace, kept fresh by the changes it hears."""

    def __init__(
        self,
        app: App[Any],
        name: str,
        prepare: Prepare[T],
        changed: Callable[[DomainEvent | None, str], bool],
        landed: Callable[[str, T], None] | None = None,
    ) -> None:
        """``landed(workspace_id, value)`` is called on the UI thread with each read kept."""
        self.app = app
        self.name = name
        self._prepare = prepare
        self._changed = changed
        self._landed = landed
        self._ahead: Ahead[T] | None = None
        self._workspace_id: str | None = None  # the one to read ahead for
        self._generation = 0  # bumped by every change that drops the read: older answers are stale
        self._timer: Timer | None = None
        self._reading = False

    def take(self, workspace_id: str) -> T | None:
        """The read for ``workspace_id`` if it is fresh, else None (the key reads, as without a read ahead)."""
        ahead = self._ahead
        return ahead.value if ahead is not None and ahead.workspace_id == workspace_id else None

    def follow(self, workspace_id: str | None) -> None:
        """Read ahead for ``workspace_id`` (the main screen's current one) from now on."""
        if workspace_id == self._workspace_id:
            return
        self._workspace_id = workspace_id
        self._drop()
        self._schedule(AFTER_START)

    def heard(self, event: DomainEvent | None) -> None:
        """A committed change (None: one made elsewhere, unknown): drop the read if it may read otherwise now."""
        workspace_id = self._workspace_id
        if workspace_id is not None and self._changed(event, workspace_id):
            self._drop()
            self._schedule(AFTER_CHANGE)

    def _drop(self) -> None:
        self._ahead = None
        self._generation += 1

    def _schedule(self, delay: float) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._workspace_id is not None:
            self._timer = self.app.set_timer(delay, self._start, name=f"read-ahead-{self.name}")

    def _start(self) -> None:
        self._timer = None
        if self._reading:  # one read at a time; the change that came meanwhile is read after it
            self._schedule(AFTER_CHANGE)
            return
        core, prepared, generation = getattr(self.app, "core", None), self._prepare(), self._generation
        if core is None or prepared is None or prepared[0] != self._workspace_id:
            return
        workspace_id, read = prepared
        self._reading = True

        def work() -> None:
            try:
                ahead: Ahead[T] | None = Ahead(workspace_id, read(core))
            except Exception:  # noqa: BLE001 - ahead of time, a failure is nobody's to hear: the key reads again
                ahead = None
            self.app.call_from_thread(self._answered, generation, ahead)

        # A Textual worker: the app cancels it, or waits for it, when it exits.
        self.app.run_worker(work, thread=True, group=f"read-ahead-{self.name}", exit_on_error=False)

    def _answered(self, generation: int, ahead: Ahead[T] | None) -> None:
        self._reading = False
        if ahead is not None and generation == self._generation and ahead.workspace_id == self._workspace_id:
            self._ahead = ahead
            if self._landed is not None:
                self._landed(ahead.workspace_id, ahead.value)


class WorkspaceReadAheads:
    """The Cockpit's and Documents' reads ahead for a main screen's current workspace."""

    def __init__(
        self,
        app: App[Any],
        where: Callable[[], tuple[OrgNode | None, WorkspaceNode | None]],
        cockpit_landed: Callable[[str, Loaded], None] | None = None,
        documents_landed: Callable[[str, Listing], None] | None = None,
    ) -> None:
        self._where = where
        self.cockpit: ReadAhead[Loaded] = ReadAhead(
            app,
            "cockpit",
            self._cockpit_read,
            lambda event, workspace_id: cockpit_changed(event, workspace_id=workspace_id),
            cockpit_landed,
        )
        # A listing holds the navigator's names for its branches, so a renamed project drops it too.
        self.documents: ReadAhead[Listing] = ReadAhead(
            app,
            "documents",
            self._documents_read,
            lambda event, workspace_id: documents_changed(event, workspace_id=workspace_id) or navigator_changed(event),
            documents_landed,
        )

    def follow(self) -> None:
        """Read ahead for the main screen's workspace now (a project was opened)."""
        _org, workspace = self._where()
        for ahead in (self.cockpit, self.documents):
            ahead.follow(workspace.id if workspace is not None else None)

    def heard(self, event: DomainEvent | None) -> None:
        self.cockpit.heard(event)
        self.documents.heard(event)

    def _cockpit_read(self) -> tuple[str, Callable[[Core], Loaded]] | None:
        _org, workspace = self._where()
        if workspace is None:
            return None
        workspace_id = workspace.id

        def read(core: Core) -> Loaded:
            from stellary_tui.screens.cockpit import read_cockpit  # off the first screen's imports

            return read_cockpit(core, workspace_id)

        return workspace_id, read

    def _documents_read(self) -> tuple[str, Callable[[Core], Listing]] | None:
        org, workspace = self._where()
        if org is None or workspace is None:
            return None

        def read(core: Core) -> Listing:
            from stellary_tui.screens.documents import context_names, read_listing  # off the first screen's imports

            return read_listing(core, workspace, None, context_names(org, workspace), None)

        return workspace.id, read
