"""What ``GET /events`` streams: this process's domain events and other processes' commits.

One ``EventFeed`` per app hears the database's after-commit events (changes made
through this process) and polls a ``ChangeWatcher`` for commits of other
processes (another worker, a TUI on the same file). For those it reads the
event journal (``stellary_core.event_journal``) after the last row it read and
hands on the events themselves, the same as local ones; ``None`` ("something
changed, reload") only when the journal cannot be read. It runs only while
someone listens. Who may see which event is decided per subscriber (``Visibility``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.event_types import DomainEvent
from stellary_core.models import OrgMember
from stellary_core.services.access import visible_workspace_ids
from stellary_core.watch import ChangeWatcher

log = logging.getLogger("stellary.server")

Deliver = Callable[[DomainEvent | None], None]

# Events after which what a user may see can have changed: their visibility is read again first.
MEMBERSHIP_EVENTS = frozenset(
    {
        "member_added",
        "member_removed",
        "workspace_created",
        "invitation_accepted",
        "organization_created",
        "organization_deleted",
    }
)


@dataclass(frozen=True)
class Visibility:
    """The workspaces and organizations one user is in, as the access rules say."""

    user_id: str
    workspace_ids: frozenset[str]
    org_ids: frozenset[str]

    @classmethod
    def read(cls, db: Database, user_id: str) -> Visibility:
        with db.session() as session:
            workspaces = frozenset(session.scalars(visible_workspace_ids(user_id)))
            orgs = frozenset(session.scalars(select(OrgMember.org_id).where(OrgMember.user_id == user_id)))
        return cls(user_id, workspaces, orgs)

    def may_see(self, event: DomainEvent) -> bool:
        if event.workspace_id is not None:
            return event.workspace_id in self.workspace_ids
        # Events of no workspace: one's own account, an organization one is in, or a change made to oneself.
        org_id = event.data.get("orgId")
        return (
            event.actor_id == self.user_id
            or event.data.get("userId") == self.user_id
            or (isinstance(org_id, str) and org_id in self.org_ids)
        )


class EventFeed:
    """Hands every committed change to the subscribers; its watcher thread runs while there are any."""

    def __init__(self, db: Database, *, poll_seconds: float = 1.0) -> None:
        self._db = db
        self._poll_seconds = poll_seconds
        self._lock = threading.Lock()
        self._subscribers: list[Deliver] = []
        self._stop: threading.Event | None = None
        self._watcher: ChangeWatcher | None = None
        self._unsubscribe: Callable[[], None] | None = None

    @property
    def db(self) -> Database:
        return self._db

    def subscribe(self, deliver: Deliver) -> Callable[[], None]:
        """Blocking (the first subscriber opens the watcher): call it off the event loop."""
        with self._lock:
            self._subscribers.append(deliver)
            if self._stop is None:
                self._start()

        def unsubscribe() -> None:
            with self._lock:
                if deliver in self._subscribers:
                    self._subscribers.remove(deliver)
                if not self._subscribers and self._stop is not None:
                    self._stop.set()
                    self._stop = None
                    if self._unsubscribe is not None:
                        self._unsubscribe()
                        self._unsubscribe = None

        return unsubscribe

    def _start(self) -> None:
        stop = self._stop = threading.Event()
        watcher = self._watcher = ChangeWatcher(self._db)
        # Commits from now on: what was committed before anyone listened is no one's news.
        journal_at = self._journal_head()
        self._unsubscribe = self._db.events.subscribe(self._heard)
        threading.Thread(
            target=self._watch, args=(watcher, stop, journal_at), name="stellary-event-feed", daemon=True
        ).start()

    def _hand_out(self, event: DomainEvent | None) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for deliver in subscribers:
            try:
                deliver(event)
            except Exception:  # one broken subscriber must not starve the others
                log.exception("event subscriber failed")

    def _heard(self, event: DomainEvent) -> None:
        # The event says what changed; the watcher must not report the same commit again as unknown.
        watcher = self._watcher
        if watcher is not None:
            watcher.acknowledge()
        self._hand_out(event)

    def _watch(self, watcher: ChangeWatcher, stop: threading.Event, journal_at: int | None) -> None:
        """Poll until ``stop``; ``journal_at`` is the last journal row read (None while it could not be read).

        The position belongs to this thread: a feed stopped and started again runs a new one from the new head.
        """
        try:
            while not stop.wait(self._poll_seconds):
                if journal_at is None:
                    journal_at = self._journal_head()
                    if journal_at is not None:
                        self._hand_out(None)  # what was committed while the journal was unreadable is unknown
                try:
                    changed = watcher.changed()
                except Exception:  # the database away for a moment: try again at the next poll
                    log.exception("change watcher failed")
                    continue
                if changed:
                    journal_at = self._relay_journal(journal_at)
        finally:
            watcher.close()

    def _journal_head(self) -> int | None:
        try:
            with self._db.session() as session:
                return self._db.journal.head(session)
        except Exception:  # read again at the next poll; till then commits are announced as unknown
            log.exception("event journal unreadable")
            return None

    def _relay_journal(self, journal_at: int | None) -> int | None:
        """Hand out the events other processes committed after row ``journal_at``; the last row read now."""
        if journal_at is None:  # unreadable: the next poll tries again
            self._hand_out(None)
            return None
        try:
            while True:
                with self._db.session() as session:
                    page = self._db.journal.read_after(session, journal_at)
                journal_at = page.last_id
                for event in page.events:
                    self._hand_out(event)
                if not page.full:
                    return journal_at
        except Exception:  # the database away for a moment: the rows stay there for the next change
            log.exception("event journal read failed")
            self._hand_out(None)
            return journal_at
