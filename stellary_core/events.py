"""Domain events: what changed, fired by services.

Two kinds of subscriber:

- *in-transaction* subscribers (the activity log and notifications) run when
  the service emits, inside its transaction, so the record of a change is
  committed together with the change or not at all;
- *after-commit* subscribers (the TUI refresh, automations) run once the
  transaction has committed and never see a change that was rolled back.

Subscribers never call back into the service that emitted.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DomainEvent:
    type: str
    actor_id: str | None
    workspace_id: str | None = None
    project_id: str | None = None
    card_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


InTransactionHandler = Callable[[Session, DomainEvent], None]
AfterCommitHandler = Callable[[DomainEvent], None]

# In-transaction subscribers are part of the domain (registered once at import);
# after-commit subscribers belong to one running process (registered per bus).
_in_transaction: list[InTransactionHandler] = []


def subscribe_in_transaction(handler: InTransactionHandler) -> InTransactionHandler:
    """Register a subscriber that records something inside the emitting transaction."""
    if handler not in _in_transaction:
        _in_transaction.append(handler)
    return handler


class EventBus:
    """After-commit subscribers of one Database."""

    def __init__(self) -> None:
        self._handlers: list[AfterCommitHandler] = []
        self._lock = threading.Lock()

    def subscribe(self, handler: AfterCommitHandler) -> Callable[[], None]:
        """Add a handler; returns a function that removes it."""
        with self._lock:
            self._handlers.append(handler)

        def unsubscribe() -> None:
            with self._lock:
                if handler in self._handlers:
                    self._handlers.remove(handler)

        return unsubscribe

    def publish(self, events: list[DomainEvent]) -> None:
        with self._lock:
            handlers = list(self._handlers)
        for domain_event in events:
            for handler in handlers:
                try:
                    handler(domain_event)
                except Exception:  # a subscriber must never break the caller
                    log.exception("after-commit subscriber failed for %s", domain_event.type)


def emit(session: Session, domain_event: DomainEvent) -> None:
    """Record ``domain_event``: in-transaction subscribers now, after-commit ones on commit."""
    for handler in list(_in_transaction):
        handler(session, domain_event)
    session.info.setdefault("pending_events", []).append(domain_event)


def call_after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run ``callback`` once the transaction commits (e.g. remove files of deleted rows); dropped on rollback."""
    session.info.setdefault("after_commit", []).append(callback)


def call_after_rollback(session: Session, callback: Callable[[], None]) -> None:
    """Run ``callback`` if the transaction rolls back (e.g. remove a file stored for a row never committed)."""
    session.info.setdefault("after_rollback", []).append(callback)


def _run_callbacks(callbacks: list[Callable[[], None]]) -> None:
    for callback in callbacks:
        try:
            callback()
        except Exception:  # clean-up must never turn a finished transaction into an error
            log.exception("transaction callback failed")


def attach_event_hooks(factory: sessionmaker[Session]) -> None:
    @sa_event.listens_for(factory, "after_commit")
    def publish_after_commit(session: Session) -> None:
        pending: list[DomainEvent] = session.info.pop("pending_events", [])
        session.info.pop("after_rollback", None)
        _run_callbacks(session.info.pop("after_commit", []))
        db = session.info.get("db")
        if pending and db is not None:
            db.events.publish(pending)

    @sa_event.listens_for(factory, "after_rollback")
    def drop_after_rollback(session: Session) -> None:
        session.info.pop("pending_events", None)
        session.info.pop("after_commit", None)
        _run_callbacks(session.info.pop("after_rollback", []))
