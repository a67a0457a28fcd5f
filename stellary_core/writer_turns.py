"""Fair turns at SQLite's write lock for the processes sharing one database file.

SQLite retries a locked ``BEGIN IMMEDIATE`` with sleeps that grow to 100 ms,
while a process whose writers queue in memory hands the lock from one thread
to the next within microseconds: a writer of another process, asleep, keeps
missing it, and under load its wait reached seconds. So a writer first takes
its turn with two locks on a small file beside the database (a turnstile):

- the *gate* (byte 0) is taken to join the queue, and let go as soon as
- the *write* lock (byte 1) is held; that one is held until the transaction ends.

A process that comes back for another write while a second process waits
finds the gate held by that process and queues behind it, so busy processes
alternate. The locks are POSIX record locks, which belong to a process, not a
thread: the caller lets one thread per process in at a time (``Database``'s
semaphore). SQLite's own lock is still taken after the turn, and a program
that takes no turns is still waited for by SQLite's busy timeout.

Waiting polls with short sleeps rather than blocking, so that it stays bounded
by the caller's deadline (past it the caller answers Busy).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from stellary_core.file_modes import PRIVATE_FILE

try:
    import fcntl
except ImportError:  # Windows: no turns, SQLite's busy timeout alone
    fcntl = None  # type: ignore[assignment]

SUFFIX = "-writers"
_GATE, _WRITE = 0, 1
# Sleeps between tries: the write lock is polled faster, since only the process at the gate polls it.
_GATE_POLL = 0.001
_WRITE_POLL = 0.0003


class WriterTurns:
    """The turnstile of one database file; ``take`` and ``give_back`` bracket a write transaction."""

    def __init__(self, database_file: Path) -> None:
        self.path = database_file.with_name(database_file.name + SUFFIX)
        self._fd: int | None = None

    def _file(self) -> int:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        return self._fd

    def _try(self, byte: int) -> bool:
        assert fcntl is not None
        try:
            fcntl.lockf(self._file(), fcntl.LOCK_EX | fcntl.LOCK_NB, 1, byte)
        except (BlockingIOError, PermissionError):  # EAGAIN or EACCES: another process holds it
            return False
        return True

    def _wait(self, byte: int, deadline: float, pause: float) -> bool:
        while not self._try(byte):
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(pause, left))
        return True

    def _unlock(self, byte: int) -> None:
        assert fcntl is not None and self._fd is not None
        fcntl.lockf(self._fd, fcntl.LOCK_UN, 1, byte)

    def take(self, deadline: float) -> bool:
        """Wait for this process's turn until ``deadline`` (``time.monotonic()``); False if it did not come."""
        if fcntl is None:
            return True
        if not self._wait(_GATE, deadline, _GATE_POLL):
            return False
        try:
            return self._wait(_WRITE, deadline, _WRITE_POLL)
        finally:
            self._unlock(_GATE)

    def give_back(self) -> None:
        if fcntl is not None:
            self._unlock(_WRITE)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
