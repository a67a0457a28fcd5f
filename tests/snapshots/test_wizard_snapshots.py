"""Snapshots of the project wizard's steps at 160x50 and 100x30 (demo data with documents, frozen time, rules provider)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import pytest
from textual.pilot import Pilot

from stellary_core.db import Database
from stellary_core.services import seeding
from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import SMALL, after
from tests.tui.conftest import SIZE, frozen, make_app  # noqa: F401  (frozen: fixture)
from tests.tui.teammates import documents_at_work

SIZES = [pytest.param(SIZE, id="160x50"), pytest.param(SMALL, id="100x30")]
OPEN = ("ctrl+p", *"wizard", "enter")
FRAMED = (*"Garden planner", "tab", *"- Bed map", "enter", *"- Sowing calendar", "enter", *"- Watering reminders")
ASKED = (*FRAMED, "ctrl+s")
PLANNED = (*ASKED, *"Plan every bed and never miss a sowing", "enter", *"Hobby gardeners", "enter", "ctrl+g")


def wizard(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Open the wizard from the palette, let it read the drafts, then press ``keys`` and settle."""

    async def run(pilot: Pilot[None]) -> None:
        await after(*OPEN[:-1])(pilot)  # the palette's hits come in after the typing: enter waits for them
        await after(OPEN[-1], *keys)(pilot)

    return run


@pytest.fixture
def wizard_app(db: Database, frozen: datetime) -> StellaryApp:  # noqa: F811
    """The demo workspace with its documents, to pick as context."""
    with db.session(write=True) as session:
        actor, project = seeding.create_demo_profile(session, cards=20)
        workspace_id, project_id = project.workspace_id, project.id
    documents_at_work(db, actor, workspace_id, project_id)
    return make_app(db)


@pytest.mark.parametrize("size", SIZES)
def test_wizard_framing(snap_compare: Any, wizard_app: StellaryApp, size: tuple[int, int]) -> None:
    """Name, description, a context document ticked."""
    assert snap_compare(wizard_app, terminal_size=size, run_before=wizard(*FRAMED, "tab", "space"))


@pytest.mark.parametrize("size", SIZES)
def test_wizard_questions(snap_compare: Any, wizard_app: StellaryApp, size: tuple[int, int]) -> None:
    """The second round, the readiness raised by the first."""
    keys = (*ASKED, *"Plan every bed and never miss a sowing", "enter", *"Hobby gardeners", "enter")
    assert snap_compare(wizard_app, terminal_size=size, run_before=wizard(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_wizard_roadmap(snap_compare: Any, wizard_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(wizard_app, terminal_size=size, run_before=wizard(*PLANNED, "down", "down", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_wizard_deliverable(snap_compare: Any, wizard_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(wizard_app, terminal_size=size, run_before=wizard(*PLANNED, "down", "e"))


@pytest.mark.parametrize("size", SIZES)
def test_wizard_roadmap_refused(snap_compare: Any, wizard_app: StellaryApp, size: tuple[int, int]) -> None:
    """Two phases of one name: the outline keeps the edit and says why it is not stored."""
    keys = (*PLANNED, "down", "down", "down", "e", "home", "ctrl+k", *"Framing", "enter")
    assert snap_compare(wizard_app, terminal_size=size, run_before=wizard(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_wizard_execute(snap_compare: Any, wizard_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(wizard_app, terminal_size=size, run_before=wizard(*PLANNED, "x"))


@pytest.mark.parametrize("size", SIZES)
def test_wizard_drafts(snap_compare: Any, wizard_app: StellaryApp, size: tuple[int, int]) -> None:
    """A draft left at its questions, listed to continue when the wizard opens again (w in the navigator)."""
    assert snap_compare(wizard_app, terminal_size=size, run_before=wizard(*ASKED, "escape", "shift+tab", "w"))
