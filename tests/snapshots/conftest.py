"""Snapshot fixtures: a fixed dataset with frozen time, so every SVG is reproducible."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import select
from textual.pilot import Pilot

from stellary_core.db import Database
from stellary_core.models import Workspace
from stellary_core.principal import Principal
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, projects, seeding
from stellary_tui.app import StellaryApp
from tests.tui.conftest import make_app, settle

SMALL = (100, 30)


@pytest.fixture
def demo_app(db: Database, frozen: datetime) -> StellaryApp:
    with db.session(write=True) as session:
        seeding.create_demo_profile(session, cards=40)
    return make_app(db)


@pytest.fixture
def empty_scope_app(db: Database, frozen: datetime) -> StellaryApp:
    """A local profile whose only project has its default columns and no card."""
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Empty User")
        actor = Principal(user_id=user.id, kind="local")
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
        projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Empty"))
    return make_app(db)


@pytest.fixture
def empty_app(db: Database, frozen: datetime) -> StellaryApp:
    return make_app(db)


def steady_cursors(pilot: Pilot[None]) -> None:
    """A blinking cursor would make the SVG depend on timing; show it steadily instead."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]


def after(*keys: str, rounds: int = 4) -> Callable[[Pilot[None]], object]:
    """A run_before that lets the data load, then presses ``keys`` and settles again."""

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot, rounds=rounds)
        if keys:
            await pilot.press(*keys)
            await settle(pilot, rounds=rounds)
        steady_cursors(pilot)
        await pilot.pause()

    return run
