"""TUI fixtures: apps on temporary databases with a fixed dataset and frozen time."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select
from textual.app import App
from textual.pilot import Pilot

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.models import BoardColumn, Project, User, Workspace
from stellary_core.operations import registry
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, cards, projects, seeding
from stellary_tui.app import StellaryApp
from stellary_tui.screens.debounce import DebouncedReload

FROZEN_NOW = datetime(2026, 11, 28, 9, 30)
SIZE = (160, 50)


@pytest.fixture
def frozen() -> Iterator[datetime]:
    clock.freeze(FROZEN_NOW)
    yield FROZEN_NOW
    clock.freeze(None)


@pytest.fixture
def demo(db: Database, frozen: datetime) -> tuple[Database, Principal, str, str]:
    """A local profile with a 24-card demo project: (db, actor, workspace id, project id)."""
    with db.session(write=True) as session:
        actor, project = seeding.create_demo_profile(session, cards=24)
        return db, actor, project.workspace_id, project.id


@pytest.fixture
def empty_project(db: Database, frozen: datetime) -> Database:
    """A local profile whose only project has its default columns and no card."""
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Empty User")
        actor = Principal(user_id=user.id, kind="local")
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
        projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Empty"))
    return db


def gated_operation(monkeypatch: pytest.MonkeyPatch, name: str) -> Iterator[threading.Event]:
    """For a fixture: operation ``name`` waits until the test sets the event (a loaded machine, made deterministic)."""
    gate = threading.Event()
    original = registry.get_operation(name)

    def wait_then_run(ctx: Any, given: Any) -> Any:
        assert gate.wait(10), f"the test never let {name} run"
        return original.run(ctx, given)

    monkeypatch.setitem(registry._REGISTRY, name, replace(original, run=wait_then_run))
    yield gate
    gate.set()  # never leave a worker thread waiting


@pytest.fixture(autouse=True)
def patient_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep toasts up for the whole test.

    Tests read notifications after several settles: on a loaded machine those took longer than a
    toast's 5 s and it had expired before the assertion looked (CI lost a "Recurring card" one).
    """
    monkeypatch.setattr(StellaryApp, "NOTIFICATION_TIMEOUT", 600)


def make_app(db: Database) -> StellaryApp:
    app = StellaryApp(database=db, watch_interval=0.2)
    app.animation_level = "none"
    return app


async def settle(pilot: Pilot[None], rounds: int = 3) -> None:
    """Let worker threads finish and their results reach the screen."""
    for _ in range(rounds):
        for _tick in range(500):
            if not busy(pilot.app):
                break
            await pilot.pause(0.01)
        await pilot.pause(0.05)
        # A worker's answer posted during that sleep (a screen's first load, say) is still queued:
        # let the screen handle it before the caller looks (a loaded machine caught screens empty).
        await pilot.pause()


def busy(app: App[None]) -> bool:
    """A worker still runs, typed keys wait, or a screen waits to reload after a change (a loaded machine may be slow)."""
    # Not yet started counts too: on a loaded machine a worker can sit PENDING past a check,
    # and a screen whose first load is pending was taken for settled (the tokens screen flaked so).
    if any(not worker.is_finished for worker in app.workers):
        return True
    typeahead = getattr(app, "typeahead", None)
    if typeahead is not None and (typeahead.pending or typeahead.holding):
        return True  # typed keys still wait for a screen to be ready
    for screen in app.screen_stack:
        reload = getattr(screen, "debounced_reload", None)
        if isinstance(reload, DebouncedReload) and reload.pending:
            return True
    return False


@pytest.fixture
def anyio_backend() -> str:
    """Pilot tests run on asyncio through anyio's pytest plugin (no extra dependency)."""
    return "asyncio"


def add_cards(db: Database, *titles: str) -> None:
    """Cards with these titles, in order, in the first column of the only project (``empty_project``)."""
    with db.session(write=True) as session:
        project = session.scalars(select(Project)).one()
        column = session.scalars(
            select(BoardColumn).where(BoardColumn.project_id == project.id).order_by(BoardColumn.order)
        ).first()
        user = session.scalars(select(User)).one()
        assert column is not None
        for title in titles:
            cards.create_card(
                session, actor=Principal(user_id=user.id, kind="local"), workspace_id=project.workspace_id,
                project_id=project.id, column_id=column.id, data=CardCreateIn(title=title),
            )
