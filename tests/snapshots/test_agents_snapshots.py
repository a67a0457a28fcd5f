"""Snapshots of the Agents screen (G), the agent form and a mission's panel with proposals: 160x50 and 100x30.

Time is frozen, so every step of a mission is stamped at the same instant;
missions run for real (rules provider, offline) before the picture is taken.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import pytest
from textual.pilot import Pilot

from stellary_core.ai.mission_runner import worker_of
from stellary_core.db import Database
from stellary_core.services import seeding
from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import SMALL, steady_cursors
from tests.tui.agents_data import MISSION_KEYS, seed_agents
from tests.tui.conftest import SIZE, frozen, make_app, settle  # noqa: F401  (frozen: fixture)

SIZES = pytest.mark.parametrize("size", [SIZE, SMALL], ids=["160x50", "100x30"])


@pytest.fixture
def agents_app(db: Database, frozen: datetime) -> StellaryApp:  # noqa: F811
    """A supervised agent with two missions on the demo board: one completed, one waiting for approval."""
    with db.session(write=True) as session:
        actor, project = seeding.create_demo_profile(session, cards=24)
    seed_agents(db, actor, project.workspace_id, project.id)
    return make_app(db)


def pressing(*keys: str) -> Any:
    async def run(pilot: Pilot[None]) -> None:
        pilot.app.animation_level = "none"
        await settle(pilot, rounds=4)
        await pilot.press(*keys)
        await settle(pilot, rounds=4)
        db = pilot.app.db  # type: ignore[attr-defined]
        await asyncio.to_thread(worker_of(db).wait)  # a mission started by the keys has reached its proposals
        await pilot.pause(0.3)  # the panel's next read sees it
        await settle(pilot, rounds=4)
        steady_cursors(pilot)
        await pilot.pause()

    return run


@SIZES
def test_agents_screen(snap_compare: Any, agents_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(agents_app, terminal_size=size, run_before=pressing("G"))


@SIZES
def test_agent_form(snap_compare: Any, agents_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(agents_app, terminal_size=size, run_before=pressing("G", "e"))


@SIZES
def test_mission_panel_with_proposals(snap_compare: Any, agents_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(agents_app, terminal_size=size, run_before=pressing(*MISSION_KEYS))
