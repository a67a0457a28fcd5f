"""A check of one database run every so often on a daemon thread, until the database is disposed.

The due-date rules (automations/due_dates.py) and the missions' leases
(mission_recovery.py) are checked this way, in every process that serves.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stellary_core.db import Database

log = logging.getLogger(__name__)


class PeriodicCheck:
    """``check(db)`` every ``interval`` seconds (first at once, or after an interval), on a daemon thread."""

    def __init__(
        self, db: Database, check: Callable[[Database], object], interval: float, *, name: str, first_now: bool
    ) -> None:
        self.db = db
        self.check = check
        self.interval = interval
        self.name = name
        self.first_now = first_now
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> PeriodicCheck:
        """Start checking; stopped when the database is disposed."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=f"stellary-{self.name}", daemon=True)
            self._thread.start()
            self.db.call_on_dispose(self.stop)
        return self

    def _run(self) -> None:
        if not self.first_now and self._stop.wait(self.interval):
            return
        while not self._stop.is_set():
            try:
                self.check(self.db)
            except Exception:  # a failed check must not end the checks
                log.exception("%s check failed", self.name)
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
        self._thread = None
