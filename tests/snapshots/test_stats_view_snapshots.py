"""Snapshots of the stats view (frozen time): the demo dashboard at two sizes, the 90-day window, an empty scope."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from stellary_core.db import Database
from stellary_core.services import seeding
from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import after
from tests.tui.conftest import SIZE, frozen, make_app  # noqa: F401  (fixture)

SMALL = (100, 30)


@pytest.fixture
def empty_scope_app(db: Database, frozen: datetime) -> StellaryApp:  # noqa: F811
    with db.session(write=True) as session:
        seeding.create_demo_profile(session, cards=0)
    return make_app(db)


def test_stats(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("5"))


def test_stats_small_terminal(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SMALL, run_before=after("5"))


def test_stats_90_days_scrolled_to_the_charts(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("5", "w", "tab", "tab"))


def test_stats_empty_scope(snap_compare: Any, empty_scope_app: StellaryApp) -> None:
    assert snap_compare(empty_scope_app, terminal_size=SIZE, run_before=after("5"))
