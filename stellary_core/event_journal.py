"""The event journal: each committed domain event as a row, so every process can relay every commit.

A process hears its own events on its ``EventBus``; another process's commit it
only notices (``watch.ChangeWatcher``). The journal tells it what that commit
was: each write unit of work adds its events (``event_wire``'s form) inside its
own transaction, so only committed events are there, and a feed reads the rows
after the last id it read. Rows carry the committing Database's token, so a
process skips the ones it already delivered itself. Rows older than
``KEPT`` are pruned by whoever writes, at most once every ``PRUNE_EVERY_SECONDS``;
the newest pruned row stays as a mark, so a reader that fell that far behind
reloads everything rather than miss the events it can no longer read.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.event_types import DomainEvent
from stellary_core.event_wire import event_from_wire, event_to_wire
from stellary_core.models import JournalEntry

KEPT = timedelta(minutes=10)
PRUNE_EVERY_SECONDS = 60.0
# Rows read at most per query: a feed that fell behind catches up page by page.
PAGE = 500
# pg_advisory_xact_lock's key for journal writers (any constant no other code uses, db.MIGRATION_LOCK_KEY is
# another): on PostgreSQL ids come from a sequence when inserted, and a transaction that took id 5 could commit
# after one that took id 6, so a reader past 6 would never see 5. Held from the insert to the commit, it makes
# ids commit in order (SQLite writers take turns anyway). Commits that NOTIFY already queue on one lock at commit.
JOURNAL_LOCK_KEY = 0x5E11A8


# What the newest pruned row becomes: no origin (every reader reads it) and no event this or any version
# knows, so a reader that had not read that far hears "something changed" for the events it can no longer read.
PRUNED_ORIGIN = ""
PRUNED_EVENT = {"type": "journal_pruned"}


@dataclass
class JournalPage:
    """Rows after a reader's last id: ``last_id`` to read after next time, the others' events in order."""

    last_id: int
    # None stands for an event this version cannot rebuild (a newer process's type): something changed.
    events: list[DomainEvent | None] = field(default_factory=list)
    full: bool = False  # PAGE rows came back: more may follow


def _prune(connection: Connection, before: datetime) -> None:
    """Delete the rows committed before ``before``; the newest of them stays, as the mark that rows are gone.

    A feed stalled past ``KEPT`` (its database away, a thread starved) reads the mark, unless it had read
    that far, and reloads everything instead of silently missing what was pruned.
    """
    cut = connection.scalar(select(func.max(JournalEntry.id)).where(JournalEntry.committed_at < before))
    if cut is None:
        return
    connection.execute(
        update(JournalEntry).where(JournalEntry.id == cut).values(origin=PRUNED_ORIGIN, event=PRUNED_EVENT)
    )
    connection.execute(delete(JournalEntry).where(JournalEntry.id < cut))


class EventJournal:
    """One Database's side of the journal: its token and when it last pruned."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self._lock = threading.Lock()
        self._pruned_at: float | None = None

    def _prune_due(self) -> bool:
        now = time.monotonic()
        with self._lock:
            if self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY_SECONDS:
                return False
            self._pruned_at = now
            return True

    def write(self, session: Session, events: list[DomainEvent]) -> None:
        """Add ``events`` to the journal inside ``session``'s transaction, just before it commits."""
        if not events:
            return
        # Everything else first: no row lock is waited for while the journal lock is held (no deadlock with a
        # transaction that holds that row and waits for the journal lock).
        session.flush()
        connection = session.connection()
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": JOURNAL_LOCK_KEY})
        now = utcnow()
        rows = [{"committed_at": now, "origin": self.origin, "event": event_to_wire(event)} for event in events]
        connection.execute(insert(JournalEntry), rows)
        if self._prune_due():
            _prune(connection, now - KEPT)

    @staticmethod
    def head(session: Session) -> int:
        """The newest id (0 for an empty journal): a feed starting now reads after it."""
        return int(session.scalar(select(func.max(JournalEntry.id))) or 0)

    def read_after(self, session: Session, last_id: int) -> JournalPage:
        """Up to ``PAGE`` rows after ``last_id``; the events of this Database's own commits are left out."""
        rows = session.execute(
            select(JournalEntry.id, JournalEntry.origin, JournalEntry.event)
            .where(JournalEntry.id > last_id)
            .order_by(JournalEntry.id)
            .limit(PAGE)
        ).all()
        page = JournalPage(last_id, full=len(rows) == PAGE)
        for row_id, origin, wire in rows:
            page.last_id = row_id
            if origin != self.origin:  # PRUNED_EVENT too: it is no event, so None (reload)
                page.events.append(event_from_wire(wire) if isinstance(wire, dict) else None)
        return page
