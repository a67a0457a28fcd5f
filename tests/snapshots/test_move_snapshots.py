"""Snapshots of the move picker (t) at 160x50, 100x30 and 80x24, and of the archived cards' view (V)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import Workspace
from stellary_core.principal import Principal
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.schemas.scopes import ScopeCreateIn
from stellary_core.services import projects, scopes, seeding
from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import SMALL, after, after_each
from tests.tui.conftest import SIZE, frozen, make_app  # noqa: F401  (frozen: fixture)

NARROW = (80, 24)


@pytest.fixture
def workspace_app(db: Database, frozen: datetime) -> StellaryApp:
    """The demo, beside two more projects of its workspace, one of them with a second scope."""
    with db.session(write=True) as session:
        actor, _project = seeding.create_demo_profile(session, cards=40)
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == actor.user_id)).one()
        _project_with_scopes(session, actor, workspace_id, "Website Relaunch", ("Phase 2", "Launch week"))
        _project_with_scopes(session, actor, workspace_id, "Mobile App", ())
    return make_app(db)


def _project_with_scopes(session: Any, actor: Principal, workspace_id: str, name: str, extra: tuple[str, ...]) -> None:
    made = projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name=name))
    for scope in extra:
        scopes.create_scope(session, actor=actor, workspace_id=workspace_id, project_id=made.project.id, data=ScopeCreateIn(name=scope))


def test_move_picker_projects(snap_compare: Any, workspace_app: StellaryApp) -> None:
    assert snap_compare(workspace_app, terminal_size=SIZE, run_before=after("t"))


def test_move_picker_scopes_small(snap_compare: Any, workspace_app: StellaryApp) -> None:
    assert snap_compare(workspace_app, terminal_size=SMALL, run_before=after("t", *"web", "enter"))


def test_move_picker_columns_80x24(snap_compare: Any, workspace_app: StellaryApp) -> None:
    assert snap_compare(workspace_app, terminal_size=NARROW, run_before=after("t", "enter"))


def test_move_picker_projects_80x24(snap_compare: Any, workspace_app: StellaryApp) -> None:
    assert snap_compare(workspace_app, terminal_size=NARROW, run_before=after("t"))


def test_move_picker_columns(snap_compare: Any, workspace_app: StellaryApp) -> None:
    assert snap_compare(workspace_app, terminal_size=SIZE, run_before=after("t", *"web", "enter", "down", "enter"))


def test_move_picker_filtered_small(snap_compare: Any, workspace_app: StellaryApp) -> None:
    assert snap_compare(workspace_app, terminal_size=SMALL, run_before=after("t", *"app"))


def test_archived_cards_view(snap_compare: Any, workspace_app: StellaryApp) -> None:
    assert snap_compare(workspace_app, terminal_size=SMALL, run_before=after_each("a", "down", "a", "V"))
