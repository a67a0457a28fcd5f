"""Locks on board columns, held while a column's card order, or a scope's column order, is read and renumbered.

A column's active cards keep the orders 0..n-1 only if no two transactions renumber it at once.
On SQLite the write transaction (BEGIN IMMEDIATE) already holds the database's only write lock,
so nothing here runs. On PostgreSQL a transaction takes the rows of the columns it will renumber
(``SELECT ... FOR NO KEY UPDATE``: it does not block inserts that merely reference the column)
before it reads any order, in the order of the column ids, so two moves between the same columns
queue instead of deadlocking. A card read before its column was locked is read again: another
transaction may have moved it while this one waited. Its new column, if it sorts before a column
already held, is taken without waiting (NOWAIT): waiting there could close a cycle that PostgreSQL
only breaks after its deadlock timeout (a second), while giving up at once lets the runner re-run
the work straight away. A scope's columns are renumbered together (a column created, moved or
deleted): all their rows are locked, in the same id order, before their orders are read.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import ObjectDeletedError

from stellary_core.errors import NotFound, TransactionConflict
from stellary_core.models import BoardColumn, Card

_LOCK_NOT_AVAILABLE = "55P03"  # what NOWAIT answers when another transaction holds the row
# (the transaction, the column ids it locked): a lock lasts until that transaction ends.
_HELD = "locked_column_ids"


def _serialised(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _held(session: Session) -> set[str]:
    transaction = session.get_transaction()
    held = session.info.get(_HELD)
    if held is None or held[0] is not transaction:
        held = session.info[_HELD] = (transaction, set())
    ids: set[str] = held[1]
    return ids


def lock_columns(session: Session, column_ids: Iterable[str | None]) -> None:
    """Hold these columns' rows until the transaction ends (ids that name no column lock nothing)."""
    if _serialised(session):
        return
    held = _held(session)
    wanted = sorted({column_id for column_id in column_ids if column_id} - held)
    if not wanted:
        return
    out_of_order = bool(held) and wanted[0] < max(held)
    # PostgreSQL locks the rows as the sorted result comes out: in id order.
    locking = select(BoardColumn.id).where(BoardColumn.id.in_(wanted)).order_by(BoardColumn.id)
    try:
        session.execute(locking.with_for_update(key_share=True, nowait=out_of_order))
    except OperationalError as error:
        if getattr(error.orig, "sqlstate", None) == _LOCK_NOT_AVAILABLE:
            raise TransactionConflict() from error
        raise
    if not session.in_nested_transaction():
        # A savepoint rolled back would release what it locked: only the outer transaction's locks are remembered.
        held.update(wanted)


def lock_card_columns(session: Session, card: Card, *also: str | None) -> None:
    """Lock ``card``'s column with the ``also`` ones, then read the card again (404 if it was deleted meanwhile)."""
    if _serialised(session):
        return
    locked: set[str] = set()
    while card.column_id not in locked:  # it moved while this waited: lock where it is now too
        wanted = {card.column_id, *(column_id for column_id in also if column_id)}
        lock_columns(session, wanted)
        locked |= wanted
        try:
            session.refresh(card)
        except ObjectDeletedError:
            raise NotFound("Card not found") from None


def lock_scope_columns(session: Session, scope_id: str) -> None:
    """Hold the rows of every column of the scope until the transaction ends (before reading their orders)."""
    if _serialised(session):
        return
    lock_columns(session, session.scalars(select(BoardColumn.id).where(BoardColumn.scope_id == scope_id)))
