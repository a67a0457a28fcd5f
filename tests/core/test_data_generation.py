"""The database's commit count (stellary_core.db): what proves a saved picture of the data still current."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from stellary_core.db import Database, data_generation
from stellary_core.errors import Invalid
from stellary_core.models import User
from stellary_core.principal import Principal
from stellary_core.services import accounts, navigation


def _count(db: Database) -> int:
    with sqlite3.connect(db.settings.data_dir / "stellary.db") as connection:  # as a reader without SQLAlchemy does
        return int(connection.execute("PRAGMA user_version").fetchone()[0])


@pytest.mark.sqlite_only  # the count lives in SQLite's file header, for the TUI's start-up snapshot
def test_every_committed_write_counts_one_and_a_read_or_a_refused_write_none(db: Database) -> None:
    before = _count(db)
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Counted")
        actor = Principal(user_id=user.id, kind="local")
    assert _count(db) == before + 1
    with db.session() as session:
        assert data_generation(session) == before + 1
        session.scalars(select(User)).all()
    with pytest.raises(Invalid):
        with db.session(write=True) as session:
            navigation.set_preference(session, actor=actor, name="last_project", value="rolled back")
            raise Invalid("refused")
    assert _count(db) == before + 1
