"""One ORM row by its id, through a statement built once per model.

``Session.get`` builds a new SELECT (and its cache key) on every call that
misses the identity map, which costs SQLAlchemy about as much as SQLite
running it; the project, column and card lookups of every card write pay it
under the write lock. ``row_by_id`` answers what ``Session.get`` answers:
the object already in the session when it is loaded, else the row read by a
statement built the first time a model is asked for.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from sqlalchemy import Select, bindparam, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key


class _WithId(Protocol):
    id: Any


T = TypeVar("T", bound=_WithId)

_BY_ID: dict[type[Any], Select[Any]] = {}


def row_by_id(session: Session, model: type[T], row_id: str) -> T | None:
    held = session.identity_map.get(identity_key(model, row_id))
    if held is not None and not inspect(held).expired:
        found: T = held
        return found
    statement = _BY_ID.get(model)
    if statement is None:
        statement = _BY_ID[model] = select(model).where(model.id == bindparam("row_id"))  # type: ignore[arg-type]
    with session.no_autoflush:  # as Session.get: a lookup flushes nothing
        row: T | None = session.scalars(statement, {"row_id": row_id}).first()
    return row
