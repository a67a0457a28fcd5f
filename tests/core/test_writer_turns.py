"""Writers of different processes on one database file take turns at the write lock."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from stellary_core.db import Database
from tests.conftest import make_settings

ROOT = Path(__file__).resolve().parents[2]

# A second process: writes "child-1" and holds the write transaction until told
# "go" on stdin, then at once writes "child-2", as a busy server does.
_CHILD = """
import sys
from pathlib import Path
from sqlalchemy import text
from stellary_core.db import Database
from tests.conftest import make_settings

db = Database(make_settings(Path(sys.argv[1])))
with db.session(write=True) as session:
    session.execute(text("INSERT INTO log (who) VALUES ('child-1')"))
    print("holding", flush=True)
    sys.stdin.readline()
with db.session(write=True) as session:
    session.execute(text("INSERT INTO log (who) VALUES ('child-2')"))
db.dispose()
"""


def _write(db: Database, who: str) -> None:
    with db.session(write=True) as session:
        session.execute(text("INSERT INTO log (who) VALUES (:who)"), {"who": who})


@pytest.mark.skipif(os.name != "posix", reason="turns are POSIX record locks")
def test_a_process_waiting_to_write_goes_before_one_that_writes_again(tmp_path: Path) -> None:
    db = Database(make_settings(tmp_path))
    try:
        with db.session(write=True) as session:
            session.execute(text("CREATE TABLE log (n INTEGER PRIMARY KEY AUTOINCREMENT, who TEXT)"))
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(tmp_path)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout is not None and child.stdin is not None
            assert child.stdout.readline().strip() == "holding"
            waiting = threading.Thread(target=_write, args=(db, "parent"))
            waiting.start()
            time.sleep(0.3)  # the parent now waits for the lock, long enough for SQLite's back-off to be sleeping
            child.stdin.write("go\n")
            child.stdin.flush()
            waiting.join(timeout=10)
            assert child.wait(timeout=10) == 0
        finally:
            if child.poll() is None:
                child.kill()
        with db.session() as session:
            order = list(session.scalars(text("SELECT who FROM log ORDER BY n")))
        assert order == ["child-1", "parent", "child-2"]
    finally:
        db.dispose()


def test_the_turns_file_is_private(tmp_path: Path) -> None:
    db = Database(make_settings(tmp_path))
    try:
        with db.session(write=True) as session:
            session.execute(text("SELECT 1"))
        if os.name == "posix":
            assert (tmp_path / "stellary.db-writers").stat().st_mode & 0o777 == 0o600
    finally:
        db.dispose()
