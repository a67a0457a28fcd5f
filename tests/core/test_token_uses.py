"""The token-use recorder: at most one write a minute per token, never a wait on a busy database."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.models import ApiToken
from stellary_core.principal import Principal
from stellary_core.schemas.api_tokens import ApiTokenCreateIn
from stellary_core.services import accounts, api_tokens
from stellary_core.services.accounts import TokenUse
from stellary_core.token_uses import TokenUseRecorder


@pytest.fixture
def token_id(db: Database) -> str:
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Me")
        me = Principal(user_id=user.id, kind="local")
        return api_tokens.create_token(session, actor=me, data=ApiTokenCreateIn(name="cli")).token.id


def last_used(db: Database, token_id: str) -> datetime | None:
    with db.session() as session:
        return session.get_one(ApiToken, token_id).last_used_at


@contextmanager
def write_lock_held(db: Database) -> Iterator[None]:
    """Another process holding SQLite's write lock."""
    locker = sqlite3.connect(db.settings.data_dir / "stellary.db", isolation_level=None)
    try:
        locker.execute("BEGIN IMMEDIATE")
        yield
    finally:
        locker.execute("ROLLBACK")
        locker.close()


def test_uses_within_a_minute_are_written_once(db: Database, token_id: str) -> None:
    start = clock.utcnow().replace(microsecond=0)
    clock.freeze(start)
    recorder = TokenUseRecorder(db)
    recorder.note(TokenUse(token_id, start))
    recorder.note(TokenUse(token_id, start + timedelta(seconds=30)))
    recorder.flush()
    assert last_used(db, token_id) == start
    recorder.note(TokenUse(token_id, start + timedelta(seconds=59)))
    assert not recorder.has_pending
    recorder.note(TokenUse(token_id, start + timedelta(seconds=60)))
    recorder.flush()
    assert last_used(db, token_id) == start + timedelta(seconds=60)


def test_a_later_use_stored_by_another_process_is_not_moved_back(db: Database, token_id: str) -> None:
    now = clock.utcnow().replace(microsecond=0)
    with db.session(write=True) as session:
        accounts.record_token_uses(session, [TokenUse(token_id, now)])
        session.commit()
    recorder = TokenUseRecorder(db)
    recorder.note(TokenUse(token_id, now - timedelta(minutes=5)))
    recorder.flush()
    assert last_used(db, token_id) == now


@pytest.mark.sqlite_only  # SQLite's write lock and busy_timeout pragma
def test_a_busy_database_is_skipped_at_once_and_leaves_the_normal_timeout(db: Database, token_id: str) -> None:
    db.engine.dispose()  # one pooled connection from here on, so the check below reads the one the flush used
    recorder = TokenUseRecorder(db)
    recorder.note(TokenUse(token_id, clock.utcnow()))
    with write_lock_held(db):
        started = time.monotonic()
        recorder.flush()  # neither raises nor waits out the 5 s busy timeout
        elapsed = time.monotonic() - started
    assert elapsed < 2.5
    assert not recorder.has_pending
    assert last_used(db, token_id) is None
    with db.session() as session:
        assert session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
