"""Notice commits made by other processes on the same database (for live refresh).

On SQLite ``PRAGMA data_version`` changes on the watcher's connection when any
other connection commits, which costs one tiny query to poll. Only then is the
database's generation read (every committed write unit of work bumps it,
``db.GENERATION_PRAGMA``): generations this process wrote itself are left out
(``own_commits``), since its domain events already said what changed.

On PostgreSQL (psycopg) every committed write unit of work NOTIFYs
``db.CHANGES_CHANNEL`` with its Database's token; the watcher LISTENs on its
own connection and reports notifications carrying another token. Other
databases fall back to a stamp of the newest change times, and the app
acknowledges its own commits.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from sqlalchemy import func, select

from stellary_core.db import CHANGES_CHANNEL, GENERATION_PRAGMA, Database
from stellary_core.models import Activity, BoardColumn, Card, Project


class ChangeWatcher:
    """Call ``changed()`` periodically; True when something was committed since the last call."""

    def __init__(self, db: Database) -> None:
        self._db = db
        # One poll at a time, and never a poll racing close(): a sqlite3 connection
        # closed under a running statement can take the process down.
        self._lock = threading.Lock()
        self._sqlite: sqlite3.Connection | None = None
        self._listener: _Listener | None = None
        if db.is_sqlite:
            path = db.engine.url.database or ""
            self._sqlite = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        elif db.engine.dialect.name == "postgresql" and db.engine.dialect.driver == "psycopg":
            self._listener = _Listener(db)
        self._closed = False
        self._last: Any = self._stamp()
        self._generation = self._read_generation()

    def _stamp(self) -> Any:
        if self._sqlite is not None:
            return self._sqlite.execute("PRAGMA data_version").fetchone()[0]
        if self._listener is not None:
            return None  # changed() asks the listener instead
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
            if self._listener is not None:
                return self._listener.heard_others()
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
        SQLite and PostgreSQL need none of it: generations or tokens tell this process's commits apart.
        """
        with self._lock:
            if not self._closed and self._sqlite is None and self._listener is None:
                self._last = self._stamp()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._sqlite is not None:
                self._sqlite.close()
                self._sqlite = None
            if self._listener is not None:
                self._listener.close()
                self._listener = None


class _Listener:
    """A psycopg connection of its own LISTENing to the commits' notifications."""

    def __init__(self, db: Database) -> None:
        self._own_token = db.commit_token
        self._others = False
        # The arguments SQLAlchemy itself would connect with (host, port, user, options of the URL).
        self._args = db.engine.dialect.create_connect_args(db.engine.url)
        self._connection = self._listen()

    def _listen(self) -> Any:
        import psycopg  # only PostgreSQL users install it

        args, kwargs = self._args
        connection = psycopg.connect(*args, **kwargs, autocommit=True)
        connection.add_notify_handler(self._heard)
        connection.execute(f"LISTEN {CHANGES_CHANNEL}")
        return connection

    def _heard(self, notification: Any) -> None:
        if notification.payload != self._own_token:
            self._others = True

    def heard_others(self) -> bool:
        """True when another Database committed since the last call.

        A round trip, not a peek at the socket: the notifying commit has signalled
        this connection's server process before it returned, so that process
        sends the notification ahead of this query's answer.
        """
        if self._connection.closed:
            # Lost (a server restart, a dropped link): whatever was notified meanwhile went unheard.
            self._connection = self._listen()
            self._others = False
            return True
        try:
            self._connection.execute("SELECT 1")
        except Exception:
            self._connection.close()  # the next poll listens again
            raise
        heard, self._others = self._others, False
        return heard

    def close(self) -> None:
        self._connection.close()
