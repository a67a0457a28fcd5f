"""The engine, its connection settings, sessions and start-up migrations.

SQLite is shared by the TUI and a server process, so every connection runs in
WAL mode with a busy timeout, and write transactions begin IMMEDIATE: a writer
takes the lock when it starts instead of failing to upgrade a read lock later.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from stellary_core.checkpoints import BackgroundCheckpoints
from stellary_core.config import Settings
from stellary_core.errors import Busy, StellaryError, TransactionConflict
from stellary_core.event_journal import EventJournal
from stellary_core.events import PUBLISHED, EventBus, attach_event_hooks, pending_events
from stellary_core.file_modes import private_dir, private_sqlite_files
from stellary_core.own_commits import OwnCommits
from stellary_core.subscribers import register_all
from stellary_core.writer_turns import WriterTurns

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The newest migration's revision id (tests/core/test_storage.py keeps it equal to Alembic's head):
# a database already there is recognised with one query, without loading Alembic.
SCHEMA_HEAD = "0011"
_WRITE_OPTION = "stellary_write"
_KEEP_ON_ERROR = "keep_on_error"
_UNWATCHED = "stellary_unwatched"
_BUSY_TIMEOUT_OPTION = "stellary_busy_timeout_ms"
_COMMITTING = "stellary_committing_generation"
# Every committed write unit of work adds one to SQLite's ``user_version`` header field (nothing
# else uses it; Alembic keeps its own table). A reader compares it, with the standard library
# alone, to know that nothing was committed since it last read: the TUI's start-up snapshot.
GENERATION_PRAGMA = "user_version"
_GENERATION_WRAP = 2**31  # the field is a signed 32-bit integer
# On PostgreSQL every committed write unit of work NOTIFYs this channel with its Database's token
# (watch.py LISTENs): NOTIFY is transactional, so only commits that land are heard.
CHANGES_CHANNEL = "stellary_changes"
# pg_advisory_xact_lock's key for migrations (any constant no other code uses): workers starting at once
# migrate one after the other, and the later ones find the schema at head.
MIGRATION_LOCK_KEY = 0x5E11A7
# On SQLite the migration takes the write lock at its first statement (BEGIN IMMEDIATE) and the others wait
# this long for it: a whole migration of a new database, on a loaded machine.
_MIGRATION_WAIT_MS = 120_000


def is_busy(error: OperationalError) -> bool:
    """SQLite's "database is locked" / "busy" (PostgreSQL's lock timeouts say "lock timeout")."""
    text = str(error.orig).lower()
    return "locked" in text or "busy" in text or "lock timeout" in text


# PostgreSQL's serialization_failure and deadlock_detected: the transaction was rolled back, whole.
CONFLICT_SQLSTATES = frozenset({"40001", "40P01"})


def is_conflict(error: OperationalError) -> bool:
    """A transaction that lost to a concurrent one (PostgreSQL's SQLSTATE 40001 or 40P01): re-running it may succeed."""
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return code in CONFLICT_SQLSTATES


def data_generation(session: Session) -> int | None:
    """The commit count as seen by ``session``'s transaction (None on a database other than SQLite)."""
    if not database_of(session).is_sqlite:
        return None
    return int(session.connection().exec_driver_sql(f"PRAGMA {GENERATION_PRAGMA}").scalar_one())


def _count_commit(session: Session) -> None:
    if not _watched(session):
        return
    # Inside the write transaction (BEGIN IMMEDIATE holds the lock), so no other writer interleaves.
    # On the driver's connection: every write pays this, and SQLAlchemy's execute costs ten times more.
    raw = session.connection().connection.driver_connection
    assert raw is not None
    (generation,) = raw.execute(f"PRAGMA {GENERATION_PRAGMA}").fetchone()
    generation = (int(generation) + 1) % _GENERATION_WRAP
    raw.execute(f"PRAGMA {GENERATION_PRAGMA} = {generation}")
    # Noted before the commit lands, so no poll of the change watcher sees it as another process's.
    database_of(session).own_commits.note(generation)
    session.info[_COMMITTING] = generation


def _notify_commit(session: Session) -> None:
    if not _watched(session):
        return
    # Inside the transaction: PostgreSQL delivers the notification only if the commit lands.
    token = database_of(session).commit_token  # hex digits: safe as a literal
    session.connection().exec_driver_sql(f"NOTIFY {CHANGES_CHANNEL}, '{token}'")


def _journal_commit(session: Session) -> None:
    # SQLAlchemy also calls before_commit when a savepoint is released: the unit of work goes on.
    if session.in_nested_transaction():
        return
    database_of(session).journal.write(session, pending_events(session))


def _commit_landed(session: Session) -> None:
    session.info.pop(_COMMITTING, None)


def _commit_failed(session: Session) -> None:
    generation = session.info.pop(_COMMITTING, None)
    if generation is not None:
        database_of(session).own_commits.forget(generation)


def unwatched(session: Session) -> None:
    """Leave this unit of work out of other processes' change watchers: it writes bookkeeping no one shows.

    A mission's heartbeat, say: heard as a change, it made every other client reload every 10 s
    while a mission ran. A unit of work that also emits domain events is announced all the same.
    """
    session.info[_UNWATCHED] = True


def _watched(session: Session) -> bool:
    return not session.info.get(_UNWATCHED, False) or bool(pending_events(session))


def keep_on_error(session: Session) -> None:
    """Commit this unit of work even though the service then raises (e.g. to count a failed login)."""
    session.info[_KEEP_ON_ERROR] = True


def _configure_sqlite(engine: Engine, busy_timeout_ms: int, database: "Database") -> None:
    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" hook below decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        if database.checkpoints is not None:  # its thread checkpoints; a commit never does
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        busy_timeout = options.get(_BUSY_TIMEOUT_OPTION)
        if busy_timeout is not None:
            # Set before BEGIN IMMEDIATE, the statement that waits for the lock; checkin restores it.
            conn.exec_driver_sql(f"PRAGMA busy_timeout={int(busy_timeout)}")
            conn.connection.info[_BUSY_TIMEOUT_OPTION] = True
        conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(_WRITE_OPTION, False) else "BEGIN")

    @event.listens_for(engine, "checkin")
    def restore_busy_timeout(dbapi_connection: Any, record: Any) -> None:
        if dbapi_connection is not None and record.info.pop(_BUSY_TIMEOUT_OPTION, False):
            dbapi_connection.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")


class Database:
    """One database: its engine, session factories and domain-event bus (``open_database`` subscribes to it)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.url = settings.database_url
        self.is_sqlite = self.url.startswith("sqlite")
        if self.is_sqlite:
            private_dir(settings.data_dir)
        self.engine = create_engine(self.url, future=True)
        database_file = self.engine.url.database if self.is_sqlite else None
        # Writers of processes sharing the file take turns (writer_turns.py); an in-memory database has one process.
        self._turns: WriterTurns | None = None
        if database_file and database_file != ":memory:" and not database_file.startswith("file:"):
            if Path(database_file).parent.is_dir():  # else SQLite reports the missing directory itself
                private_sqlite_files(Path(database_file))
            self._turns = WriterTurns(Path(database_file))
        self.database_file = Path(database_file) if self._turns is not None and database_file else None
        self.checkpoints: BackgroundCheckpoints | None = None
        if self.is_sqlite:
            _configure_sqlite(self.engine, settings.busy_timeout_ms, self)
        self.events = EventBus()
        self.own_commits = OwnCommits(_GENERATION_WRAP)
        # Names this Database's commits in PostgreSQL notifications, so its watcher can leave them out.
        self.commit_token = uuid.uuid4().hex
        # Every commit's events, for the event streams of other processes (the rows carry this token too).
        self.journal = EventJournal(self.commit_token)
        self._write_engine = self.engine.execution_options(**{_WRITE_OPTION: True})
        self._read = sessionmaker(bind=self.engine, expire_on_commit=False, info={"db": self})
        self._write = sessionmaker(bind=self._write_engine, expire_on_commit=False, info={"db": self})
        attach_event_hooks(self._read)
        attach_event_hooks(self._write)
        for maker in (self._read, self._write):  # a read session that commits events (none should) journals them too
            event.listen(maker, "before_commit", _journal_commit)
        if self.is_sqlite:
            event.listen(self._write, "before_commit", _count_commit)
            event.listen(self._write, "after_commit", _commit_landed)
            event.listen(self._write, "after_rollback", _commit_failed)
        elif self.engine.dialect.name == "postgresql":
            event.listen(self._write, "before_commit", _notify_commit)
        self._migrated = False
        self._lock = threading.Lock()
        self._on_dispose: list[Callable[[], None]] = []
        # A semaphore, not a lock: FastAPI may enter and leave a generator dependency on different threads.
        self._writer = threading.BoundedSemaphore(1)

    def migrate(self) -> None:
        """Bring the schema to the newest migration (idempotent, safe across processes).

        Alembic runs only when the recorded revision is not ``SCHEMA_HEAD``
        (a new or older database, or one from a newer version, which Alembic refuses).
        """
        with self._lock:
            if self._migrated:
                return
            if self.schema_revisions() != [SCHEMA_HEAD]:
                self._upgrade()
            self._migrated = True

    def schema_revisions(self) -> list[str] | None:
        """The revisions recorded in ``alembic_version``; None when it cannot be read (never migrated)."""
        try:
            with self.engine.connect() as connection:
                return [str(row[0]) for row in connection.execute(text("SELECT version_num FROM alembic_version"))]
        except DBAPIError:
            return None  # no such table yet: Alembic creates it (and reports a real failure itself)

    def _upgrade(self) -> None:
        # Imported here: Alembic and its dependencies cost about a tenth of a second to load.
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        engine = self.engine
        if self.is_sqlite:
            engine = engine.execution_options(**{_WRITE_OPTION: True, _BUSY_TIMEOUT_OPTION: _MIGRATION_WAIT_MS})
        # One transaction for all the migrations, begun here: on SQLite (no transactional DDL to Alembic)
        # Alembic would commit each migration on its own, and a waiting process could step in between two.
        with engine.connect() as connection, connection.begin():
            if self.engine.dialect.name == "postgresql":
                # Held until the commit: a second worker waits here, then Alembic finds head.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def new_session(self, *, write: bool = False, busy_timeout_ms: int | None = None) -> Session:
        """``busy_timeout_ms`` shortens the wait for SQLite's lock, for work that would rather be skipped than wait."""
        maker = self._write if write else self._read
        if busy_timeout_ms is None:
            return maker()
        engine = self._write_engine if write else self.engine
        return maker(bind=engine.execution_options(**{_BUSY_TIMEOUT_OPTION: busy_timeout_ms}))

    @contextmanager
    def session(self, *, write: bool = False, busy_timeout_ms: int | None = None) -> Iterator[Session]:
        """One unit of work: services flush, this commits once at the end.

        A write session commits when its block ends without an error and rolls
        back otherwise (keeping only what a service marked with
        ``keep_on_error``, such as a failed-login record). A read session never
        commits. A database that stays locked past its timeout raises ``Busy``:
        the work has not happened, so the caller may retry.
        """
        serialized = write and self.is_sqlite
        if serialized:
            # Writers of this process queue here, in order, instead of all polling
            # SQLite's lock with its sleeping back-off: only one of them at a time
            # competes with other processes, which keeps the tail latency down.
            wait_ms = self.settings.busy_timeout_ms if busy_timeout_ms is None else busy_timeout_ms
            deadline = time.monotonic() + wait_ms / 1000
            if not self._writer.acquire(timeout=wait_ms / 1000):
                raise Busy()
            # ...and then this process queues fairly with the others writing the same file.
            if self._turns is not None and not self._turns.take(deadline):
                self._writer.release()
                raise Busy()
        try:
            session = self.new_session(write=write, busy_timeout_ms=busy_timeout_ms)
        except BaseException:
            if serialized:
                self._release_writer()
            raise
        try:
            try:
                yield session
                if write:
                    if session.is_active:
                        session.commit()
                    else:  # the caller caught a failed flush itself: nothing of it may commit
                        session.rollback()
            except StellaryError:
                if write and session.info.pop(_KEEP_ON_ERROR, False):
                    session.commit()
                else:
                    session.rollback()
                raise
            except BaseException:
                session.rollback()
                raise
        except OperationalError as error:
            if is_conflict(error):
                raise TransactionConflict() from error
            if is_busy(error):
                raise Busy() from error
            raise
        finally:
            session.close()
            if serialized:
                self._release_writer()
        # The unit of work is over and the database released: subscribers that write (automations) may run.
        published = session.info.pop(PUBLISHED, None)
        if published:
            self.events.settle(published)

    def _release_writer(self) -> None:
        if self._turns is not None:
            self._turns.give_back()
        self._writer.release()

    def checkpoint_in_background(self, interval: float = 0.2) -> None:
        """Move WAL checkpoints from the commits to a thread (``checkpoints``), for a busy server."""
        if self.database_file is None or self.checkpoints is not None:
            return
        self.checkpoints = BackgroundCheckpoints(self.database_file, interval)
        self.engine.dispose()  # pooled connections were opened with the automatic checkpoint
        self.checkpoints.start()

    def call_on_dispose(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` when the database is disposed (stop a background thread that uses it)."""
        self._on_dispose.append(callback)

    def dispose(self) -> None:
        while self._on_dispose:
            self._on_dispose.pop()()
        if self.checkpoints is not None:
            self.checkpoints.stop()
        self.engine.dispose()
        if self._turns is not None:
            self._turns.close()


def database_of(session: Session) -> Database:
    """The Database a session was made by (services reach settings through it)."""
    db = session.info.get("db")
    if not isinstance(db, Database):
        raise RuntimeError("session was not created by stellary_core.db.Database")
    return db


def open_database(settings: Settings | None = None, *, migrate: bool = True) -> Database:
    """Open (and by default migrate) the database the settings point at, its subscribers registered.

    Every process opens its database here, so each one records activity and
    notifications alike.
    """
    db = Database(settings or Settings.from_env())
    if migrate:
        db.migrate()
    register_all(db)
    return db
