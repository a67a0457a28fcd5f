"""Domain events on the move: emitted by services, handed to the subscribers of one database.

Two kinds of subscriber, both registered on the database's ``EventBus`` by
``stellary_core.subscribers.register_all`` when it is opened:

- *in-transaction* subscribers (the activity log and notifications) run when
  the service emits, inside its transaction, so the record of a change is
  committed together with the change or not at all;
- *after-commit* subscribers (the TUI refresh) run once the unit of work has
  committed and never see a change that was rolled back, not even one undone
  by a savepoint while the rest committed;
- *settled* subscribers (the automation engine) run once the unit of work has
  also let go of the database (``Database.session`` hands them its events), so
  they may write in transactions of their own. Events their writes publish are
  queued and handed over by the same loop, one unit of work after another, so
  a chain of reactions never nests.

Subscribers never call back into the service that emitted. The event classes
live in ``stellary_core.event_types``.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from stellary_core.event_types import DomainEvent

__all__ = [
    "DomainEvent",
    "EventBus",
    "attach_event_hooks",
    "call_after_commit",
    "call_after_rollback",
    "caused_by",
    "emit",
    "pending_events",
]

log = logging.getLogger(__name__)

InTransactionHandler = Callable[[Session, DomainEvent], None]
AfterCommitHandler = Callable[[DomainEvent], None]
SettledHandler = Callable[[list[DomainEvent]], None]

_PENDING = "pending_changes"
_CAUSE = "event_cause"
PUBLISHED = "published_events"  # what a committed unit of work published, for Database.session to settle


class EventBus:
    """The subscribers of one Database."""

    def __init__(self) -> None:
        self._in_transaction: list[InTransactionHandler] = []
        self._handlers: list[AfterCommitHandler] = []
        self._settled: list[SettledHandler] = []
        self._lock = threading.Lock()
        self._local = threading.local()

    def subscribe_in_transaction(self, handler: InTransactionHandler) -> None:
        """Add a subscriber that records something inside the emitting transaction (once, however often asked)."""
        with self._lock:
            if handler not in self._in_transaction:
                self._in_transaction.append(handler)

    def subscribe(self, handler: AfterCommitHandler) -> Callable[[], None]:
        """Add an after-commit handler; returns a function that removes it."""
        with self._lock:
            self._handlers.append(handler)

        def unsubscribe() -> None:
            with self._lock:
                if handler in self._handlers:
                    self._handlers.remove(handler)

        return unsubscribe

    def subscribe_settled(self, handler: SettledHandler) -> None:
        """Add a subscriber of each unit of work's events once it is over, database released (once, however often asked)."""
        with self._lock:
            if handler not in self._settled:
                self._settled.append(handler)

    def settle(self, events: list[DomainEvent]) -> None:
        """Hand ``events`` to the settled subscribers, on this thread, after whatever is already being handed over.

        A subscriber's own writes settle while it runs: their events join the
        queue and are handed over by the outermost call, after the current batch.
        """
        with self._lock:
            handlers = list(self._settled)
        if not handlers or not events:
            return
        queue: list[list[DomainEvent]] | None = getattr(self._local, "queue", None)
        if queue is not None:
            queue.append(events)
            return
        queue = self._local.queue = [events]
        try:
            while queue:
                batch = queue.pop(0)
                for handler in handlers:
                    try:
                        handler(batch)
                    except Exception:  # a subscriber must never break the caller
                        log.exception("settled subscriber failed")
        finally:
            self._local.queue = None

    def record(self, session: Session, domain_event: DomainEvent) -> None:
        with self._lock:
            handlers = list(self._in_transaction)
        for handler in handlers:
            handler(session, domain_event)

    def publish(self, events: list[DomainEvent]) -> None:
        with self._lock:
            handlers = list(self._handlers)
        for domain_event in events:
            for handler in handlers:
                try:
                    handler(domain_event)
                except Exception:  # a subscriber must never break the caller
                    log.exception("after-commit subscriber failed for %s", domain_event.type)


@dataclass
class _Pending:
    """What waits for the end of one unit of work, and where each savepoint began in it."""

    events: list[DomainEvent] = field(default_factory=list)
    after_commit: list[Callable[[], None]] = field(default_factory=list)
    after_rollback: list[Callable[[], None]] = field(default_factory=list)
    savepoints: dict[SessionTransaction, tuple[int, int, int]] = field(default_factory=dict)

    def mark(self) -> tuple[int, int, int]:
        return len(self.events), len(self.after_commit), len(self.after_rollback)


def _pending(session: Session) -> _Pending:
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = _Pending()
    return pending  # type: ignore[no-any-return]


def emit(session: Session, domain_event: DomainEvent) -> None:
    """Record ``domain_event``: in-transaction subscribers now, after-commit ones on commit."""
    cause: DomainEvent | None = session.info.get(_CAUSE)
    if cause is not None and domain_event.cause is None:
        domain_event = dataclasses.replace(domain_event, cause=cause.id, depth=cause.depth + 1)
    db = session.info.get("db")
    if db is not None:
        db.events.record(session, domain_event)
    _pending(session).events.append(domain_event)


def pending_events(session: Session) -> list[DomainEvent]:
    """The events the unit of work will publish if it commits now (a rolled-back savepoint's already dropped)."""
    pending: _Pending | None = session.info.get(_PENDING)
    return list(pending.events) if pending is not None else []


@contextmanager
def caused_by(session: Session, cause: DomainEvent) -> Iterator[None]:
    """Events emitted in this block answer ``cause``: they name it and sit one level deeper (for automations)."""
    previous = session.info.get(_CAUSE)
    session.info[_CAUSE] = cause
    try:
        yield
    finally:
        if previous is None:
            session.info.pop(_CAUSE, None)
        else:
            session.info[_CAUSE] = previous


def call_after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run ``callback`` once the transaction commits (e.g. remove files of deleted rows); dropped on rollback."""
    _pending(session).after_commit.append(callback)


def call_after_rollback(session: Session, callback: Callable[[], None]) -> None:
    """Run ``callback`` if the transaction rolls back (e.g. remove a file stored for a row never committed)."""
    _pending(session).after_rollback.append(callback)


def _run_callbacks(callbacks: list[Callable[[], None]]) -> None:
    for callback in callbacks:
        try:
            callback()
        except Exception:  # clean-up must never turn a finished transaction into an error
            log.exception("transaction callback failed")


def attach_event_hooks(factory: sessionmaker[Session]) -> None:
    @sa_event.listens_for(factory, "after_transaction_create")
    def mark_savepoint(session: Session, transaction: SessionTransaction) -> None:
        if transaction.nested:
            pending = _pending(session)
            pending.savepoints[transaction] = pending.mark()

    @sa_event.listens_for(factory, "after_commit")
    def publish_after_commit(session: Session) -> None:
        # SQLAlchemy also calls this when a savepoint is released: the unit of work is not done yet.
        if session.in_nested_transaction():
            return
        pending: _Pending | None = session.info.pop(_PENDING, None)
        if pending is None:
            return
        _run_callbacks(pending.after_commit)
        db = session.info.get("db")
        if pending.events and db is not None:
            db.events.publish(pending.events)
            session.info.setdefault(PUBLISHED, []).extend(pending.events)

    @sa_event.listens_for(factory, "after_soft_rollback")
    def drop_rolled_back(session: Session, previous: SessionTransaction) -> None:
        if previous.nested:
            # Only what the savepoint did is undone: forget what was emitted since it began.
            pending = session.info.get(_PENDING)
            mark = pending.savepoints.pop(previous, None) if pending is not None else None
            if pending is None or mark is None:
                return
            undone = pending.after_rollback[mark[2] :]
            del pending.events[mark[0] :], pending.after_commit[mark[1] :], pending.after_rollback[mark[2] :]
            _run_callbacks(undone)
        elif previous.parent is None:
            dropped: _Pending | None = session.info.pop(_PENDING, None)
            if dropped is not None:
                _run_callbacks(dropped.after_rollback)
