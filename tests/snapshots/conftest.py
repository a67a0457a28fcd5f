"""Snapshot fixtures: a fixed dataset with frozen time, so every SVG is reproducible."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from textual.pilot import Pilot

from stellary_core.db import Database
from stellary_core.services import seeding
from stellary_tui.app import StellaryApp
from tests.tui.conftest import empty_project, make_app, settle  # noqa: F401  (empty_project: fixture)

SMALL = (100, 30)


@pytest.fixture
def demo_app(db: Database, frozen: datetime) -> StellaryApp:
    with db.session(write=True) as session:
        seeding.create_demo_profile(session, cards=40)
    return make_app(db)


@pytest.fixture
def empty_scope_app(empty_project: Database) -> StellaryApp:
    return make_app(empty_project)


@pytest.fixture
def empty_app(db: Database, frozen: datetime) -> StellaryApp:
    return make_app(db)


def steady_cursors(pilot: Pilot[None]) -> None:
    """A blinking cursor would make the SVG depend on timing; show it steadily instead."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]


def after_each(*keys: str, rounds: int = 4) -> Callable[[Pilot[None]], object]:
    """Like ``after``, settling after every key: for a key that acts on what a screen's first load shows."""
    return after_steps(*((key,) for key in keys), rounds=rounds)


def after_steps(*steps: tuple[str, ...], rounds: int = 4) -> Callable[[Pilot[None]], object]:
    """Like ``after``, settling after each step's keys: a step opens a screen or writes, the next acts on it.

    On a loaded machine, keys pressed all at once ran ahead of the editor's load or the board's
    reload after an archive, and the picture caught another state. A dialog opened at once also
    freezes the screen under it as it was (Textual lays out only the top screen): a settings tab
    just switched to, or a table just filled, showed half drawn behind the dialog.
    """

    async def run(pilot: Pilot[None]) -> None:
        pilot.app.animation_level = "none"
        await settle(pilot, rounds=rounds)
        for keys in steps:
            await pilot.press(*keys)
            await settle(pilot, rounds=rounds)
        steady_cursors(pilot)
        await pilot.pause()

    return run


def after(*keys: str, rounds: int = 4) -> Callable[[Pilot[None]], object]:
    """A run_before that lets the data load, then presses ``keys`` and settles again."""

    async def run(pilot: Pilot[None]) -> None:
        # A tab's underline slides: on a loaded machine the picture could catch it half-way.
        pilot.app.animation_level = "none"
        await settle(pilot, rounds=rounds)
        if keys:
            await pilot.press(*keys)
            await settle(pilot, rounds=rounds)
        steady_cursors(pilot)
        await pilot.pause()

    return run
