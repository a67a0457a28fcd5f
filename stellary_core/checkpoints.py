"""WAL checkpoints off the write path, for a server that writes all day.

SQLite folds its write-ahead log back into the database file once the log
passes 1,000 pages, inside the commit that crossed the mark: that writer
copies the pages and waits for two fsyncs while it still holds the write
lock, and every other writer of every process waits with it (about a
quarter of a millisecond per write on average under load, one write in
twenty or so paying it all). A server turns that off on its own connections
and lets this thread checkpoint every ``interval`` seconds instead: a
PASSIVE checkpoint takes no write lock, so writers keep going while the
pages are copied, and the log is still reset as often as before.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger("stellary.checkpoints")


class BackgroundCheckpoints:
    """A daemon thread checkpointing one database file's WAL until ``stop``."""

    def __init__(self, database_file: Path, interval: float = 0.2) -> None:
        self.database_file = database_file
        self.interval = interval
        self.checkpointed_frames = 0  # frames copied back so far: what tests and logs can look at
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stellary-checkpoints", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        connection = sqlite3.connect(self.database_file, isolation_level=None, check_same_thread=False)
        try:
            # Never wait: a checkpoint another connection is running does the same work.
            connection.execute("PRAGMA busy_timeout=0")
            while not self._stop.wait(self.interval):
                self._checkpoint(connection)
        finally:
            connection.close()

    def _checkpoint(self, connection: sqlite3.Connection) -> None:
        try:
            row = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error as error:  # busy, or the file went away: the next round tries again
            log.debug("checkpoint skipped: %s", error)
            return
        if row is not None and row[2] > 0:
            self.checkpointed_frames += int(row[2])
