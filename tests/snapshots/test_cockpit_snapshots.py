"""Snapshots of the Cockpit (C): 160x50, 100x30 and 80x24; its forms; and the read-only view of a viewer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from stellary_core.db import Database
from stellary_core.models import WorkspaceMember
from stellary_core.services import seeding
from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import SMALL, after, after_steps
from tests.tui.cockpit_data import seed_cockpit
from tests.tui.conftest import SIZE, frozen, make_app  # noqa: F401  (frozen: fixture)

NARROW = (80, 24)


def _seeded(db: Database, *, pilotage_role: str = "owner") -> StellaryApp:
    with db.session(write=True) as session:
        me, project = seeding.create_demo_profile(session, cards=40)
        workspace_id = project.workspace_id
    seed_cockpit(db, me, workspace_id)
    with db.session(write=True) as session:
        session.get_one(WorkspaceMember, (workspace_id, me.user_id)).pilotage_role = pilotage_role
    return make_app(db)


@pytest.fixture
def cockpit_app(db: Database, frozen: datetime) -> StellaryApp:  # noqa: F811
    return _seeded(db)


@pytest.fixture
def viewer_cockpit_app(db: Database, frozen: datetime) -> StellaryApp:  # noqa: F811
    return _seeded(db, pilotage_role="viewer")


def test_cockpit(snap_compare: Any, cockpit_app: StellaryApp) -> None:
    assert snap_compare(cockpit_app, terminal_size=SIZE, run_before=after("C"))


def test_cockpit_100x30(snap_compare: Any, cockpit_app: StellaryApp) -> None:
    assert snap_compare(cockpit_app, terminal_size=SMALL, run_before=after("C"))


def test_cockpit_80x24(snap_compare: Any, cockpit_app: StellaryApp) -> None:
    assert snap_compare(cockpit_app, terminal_size=NARROW, run_before=after("C"))


def test_cockpit_proposals_80x24(snap_compare: Any, cockpit_app: StellaryApp) -> None:
    assert snap_compare(cockpit_app, terminal_size=NARROW, run_before=after_steps(("C",), ("6",)))


def test_cockpit_blocked_reason(snap_compare: Any, cockpit_app: StellaryApp) -> None:
    assert snap_compare(cockpit_app, terminal_size=SIZE, run_before=after_steps(("C",), ("down", "s", "enter")))


def test_cockpit_reject_with_a_reason_100x30(snap_compare: Any, cockpit_app: StellaryApp) -> None:
    assert snap_compare(cockpit_app, terminal_size=SMALL, run_before=after_steps(("C",), ("6", "x", *"not merged")))


def test_cockpit_record_decision_80x24(snap_compare: Any, cockpit_app: StellaryApp) -> None:
    assert snap_compare(cockpit_app, terminal_size=NARROW, run_before=after_steps(("C",), ("r", *"Billing first")))


def test_cockpit_of_a_viewer_100x30(snap_compare: Any, viewer_cockpit_app: StellaryApp) -> None:
    assert snap_compare(viewer_cockpit_app, terminal_size=SMALL, run_before=after("C"))
