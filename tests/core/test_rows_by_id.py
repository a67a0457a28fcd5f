"""``row_by_id`` answers what ``Session.get`` answers, with one statement per model."""

from __future__ import annotations

from sqlalchemy import event, select, update

from stellary_core.db import Database
from stellary_core.ids import new_id
from stellary_core.models import Project
from stellary_core.rows_by_id import row_by_id
from tests.conftest import ApiUser


def test_it_finds_what_session_get_finds(db: Database, alice: ApiUser, project: dict) -> None:
    statements: list[str] = []
    with db.session() as session:
        event.listen(session.connection(), "before_cursor_execute", lambda *a: statements.append(a[2]))
        found = row_by_id(session, Project, project["id"])
        assert found is not None and found.name == project["name"]
        assert row_by_id(session, Project, project["id"]) is found  # held by the session: no second read
        assert len(statements) == 1
        assert row_by_id(session, Project, new_id()) is None
    with db.session(write=True) as session:
        held = row_by_id(session, Project, project["id"])
        session.execute(update(Project).where(Project.id == project["id"]).values(name="Renamed"))
        session.expire_all()  # a held object that is expired is read again, as Session.get does
        again = row_by_id(session, Project, project["id"])
        assert again is held and again is not None and again.name == "Renamed"
        assert session.scalars(select(Project.name)).one() == "Renamed"
