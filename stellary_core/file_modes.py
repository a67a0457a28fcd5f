"""Owner-only modes for the data directory and the SQLite files in it.

The database holds password hashes and token digests, and the directory the JWT
secret and attachments: other local users must not read them. Modes are set by
creating and chmod-ing the files rather than through the umask, which is
process-wide and would race with the TUI's worker threads.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
# SQLite gives its journal, WAL and shared-memory files the mode of the database file;
# these are tightened too in case they were created before the database file was.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def _tighten(path: Path, mode: int) -> None:
    """Drop group and other permissions from ``path`` if it has any (POSIX only)."""
    if os.name != "posix":
        return
    try:
        current = stat.S_IMODE(path.stat().st_mode)
        if current & 0o077:
            path.chmod(current & mode)
    except FileNotFoundError:  # a journal SQLite removed meanwhile
        pass


def private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) readable by its owner only; tighten it if it exists."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    _tighten(path, PRIVATE_DIR)


def private_sqlite_files(database: Path) -> None:
    """Create the database file 0600 before SQLite does (it would use 0644) and tighten older files."""
    try:
        # An empty file is a valid empty database; O_EXCL leaves an existing one alone.
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass
    for path in (database, *(database.with_name(database.name + suffix) for suffix in SQLITE_COMPANIONS)):
        _tighten(path, PRIVATE_FILE)
