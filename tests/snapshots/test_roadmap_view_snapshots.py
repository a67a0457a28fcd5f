"""Snapshots of the roadmap view on the 40-card demo (today frozen at Sat 2026-11-28), and of an empty scope."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import Workspace
from stellary_core.principal import Principal
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, projects
from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import after
from tests.tui.conftest import SIZE, frozen, make_app  # noqa: F401  (fixture)

SMALL = (100, 30)


@pytest.fixture
def empty_scope_app(db: Database, frozen: datetime) -> StellaryApp:  # noqa: F811
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Empty User")
        actor = Principal(user_id=user.id, kind="local")
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
        projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Empty"))
    return make_app(db)


def test_roadmap(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("4"))


def test_roadmap_small(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SMALL, run_before=after("4"))


def test_roadmap_week_zoom(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("4", "z", "down", "down"))


def test_roadmap_week_zoom_small(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SMALL, run_before=after("4", "z"))


def test_roadmap_quarter_zoom(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("4", "Z"))


def test_roadmap_scope_grouping(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("4", "g", "g"))


def test_roadmap_empty_scope(snap_compare: Any, empty_scope_app: StellaryApp) -> None:
    assert snap_compare(empty_scope_app, terminal_size=SIZE, run_before=after("4"))


def test_roadmap_empty_scope_small(snap_compare: Any, empty_scope_app: StellaryApp) -> None:
    assert snap_compare(empty_scope_app, terminal_size=SMALL, run_before=after("4"))
