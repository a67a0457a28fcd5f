"""Notice commits made by other processes on the same database (for live refresh).

On SQLite ``PRAGMA data_version`` changes on the watcher's connection when any
other connection commits, which costs one tiny query to poll. Only then is the
database's generation read (every committed write unit of work bumps it,
``db.GENERATION_PRAGMA``): generations this process wrote itself are left out
(``own_commits``), since its domain events already said what changed. Other
databases fall back to a stamp of the newest change times, and the app
acknowledges its own commits.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from sqlalchemy import func, select

from stellary_core.db import GENERATION_PRAGMA, Database
from stellary_core.models import Activity, BoardColumn, Card, Project


class ChangeWatcher:
    """Call ``changed()`` periodically; True when something was committed since the last call."""

    def __init__(self, db: Database) -> None:
        self._db = db
        # One poll at a time, and never a poll racing close(): a sqlite3 connection
        # closed under a running statement can take the process down.
        self._lock = threading.Lock()
        self._sqlite: sqlite3.Connection | None = None
        if db.is_sqlite:
            path = db.engine.url.database or ""
            self._sqlite = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._closed = False
        self._last: Any = self._stamp()
        self._generation = self._read_generation()

    def _stamp(self) -> Any:
        if self._sqlite is not None:
            return self._sqlite.execute("PRAGMA data_version").fetchone()[0]
        with self._db.session() as session:
            return tuple(
                session.execute(
                    select(
                        select(func.max(Activity.created_at)).scalar_subquery(),
                        select(func.max(Card.updated_at)).scalar_subquery(),
                        select(func.count(Card.id)).scalar_subquery(),
                        select(func.max(BoardColumn.updated_at)).scalar_subquery(),
                        select(func.max(Project.updated_at)).scalar_subquery(),
                    )
                ).one()
            )

    def changed(self) -> bool:
        with self._lock:
            if self._closed:
                return False
            stamp, last = self._stamp(), self._last
            self._last = stamp
            if stamp == last:
                return False
            if self._sqlite is None or self._generation is None:
                return True
            # Read after data_version: a commit landing between the two is counted now, and the
            # next poll, seeing data_version move again, finds no generation it has not seen.
            generation, seen = self._sqlite_generation(self._sqlite), self._generation
            self._generation = generation
            return generation != seen and not self._db.own_commits.all_ours(seen, generation)

    def _read_generation(self) -> int | None:
        return None if self._sqlite is None else self._sqlite_generation(self._sqlite)

    @staticmethod
    def _sqlite_generation(connection: sqlite3.Connection) -> int:
        return int(connection.execute(f"PRAGMA {GENERATION_PRAGMA}").fetchone()[0])

    def acknowledge(self) -> None:
        """Take everything committed so far as seen (the caller reloads anyway).

        The app calls this when its own commit fires a domain event, which
        reloads the whole view: without it the next poll of the fallback stamp
        would report that same commit and the view would be read a second time.
        SQLite needs none of it: its generations tell this process's commits apart.
        """
        with self._lock:
            if not self._closed and self._sqlite is None:
                self._last = self._stamp()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._sqlite is not None:
                self._sqlite.close()
                self._sqlite = None
