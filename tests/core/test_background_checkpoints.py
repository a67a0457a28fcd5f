"""A server's commits never checkpoint the WAL; its own thread does, so the log stays small."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sqlalchemy import text

from stellary_core.config import Settings
from stellary_core.db import Database, open_database

PAGE = 4096


def _write_pages(db: Database, rows: int) -> None:
    with db.session(write=True) as session:
        session.execute(text("CREATE TABLE IF NOT EXISTS filler (body BLOB)"))
        for _ in range(rows):
            session.execute(text("INSERT INTO filler VALUES (randomblob(3000))"))


def _autocheckpoint(db: Database) -> int:
    with db.session() as session:
        return int(session.execute(text("PRAGMA wal_autocheckpoint")).scalar_one())


def test_commits_checkpoint_by_themselves_until_a_server_asks_otherwise(tmp_path: Path) -> None:
    db = open_database(Settings.from_env(data_dir=tmp_path))
    try:
        assert _autocheckpoint(db) == 1000  # SQLite's default: the TUI and the CLI keep it
        db.checkpoint_in_background(interval=0.05)
        assert _autocheckpoint(db) == 0
    finally:
        db.dispose()


def test_the_thread_folds_the_log_back_while_writers_go_on(tmp_path: Path) -> None:
    db = open_database(Settings.from_env(data_dir=tmp_path))
    try:
        db.checkpoint_in_background(interval=0.05)
        assert db.checkpoints is not None
        for _ in range(6):  # some 3,000 pages: three times the mark at which a commit would have checkpointed
            _write_pages(db, 500)
            folded = db.checkpoints.checkpointed_frames
            deadline = time.monotonic() + 10
            while db.checkpoints.checkpointed_frames == folded and time.monotonic() < deadline:
                time.sleep(0.02)
        assert db.checkpoints.checkpointed_frames >= 1000
        # Each batch found the log folded back and started it over: it never held more than two.
        wal = tmp_path / "stellary.db-wal"
        assert wal.stat().st_size < 1500 * PAGE
    finally:
        db.dispose()
    assert db.checkpoints is not None and not db.checkpoints._thread.is_alive()


def test_stellary_serve_moves_the_checkpoints_to_its_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from stellary_core.server.app import serve

    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)  # the server itself is not the point
    db = open_database(Settings.from_env(data_dir=tmp_path))
    try:
        serve(db, port=0)
        assert db.checkpoints is not None and _autocheckpoint(db) == 0
    finally:
        db.dispose()
