"""Snapshots of the calendar view on the 40-card demo (today frozen at Sat 2026-11-28), and of an empty scope."""

from __future__ import annotations

from typing import Any

from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import SMALL, after
from tests.tui.conftest import SIZE, frozen, make_app  # noqa: F401  (fixture)


def test_calendar(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("3"))


def test_calendar_small(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SMALL, run_before=after("3"))


def test_calendar_picking_a_card(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("3", "left", "tab", "down"))


def test_calendar_picking_a_card_small(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SMALL, run_before=after("3", "left", "tab", "down"))


def test_calendar_choosing_a_day(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("3", "tab", "m", "right", "right"))


def test_calendar_next_month(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("3", "right_square_bracket"))


def test_calendar_empty_scope(snap_compare: Any, empty_scope_app: StellaryApp) -> None:
    assert snap_compare(empty_scope_app, terminal_size=SIZE, run_before=after("3"))


def test_calendar_empty_scope_small(snap_compare: Any, empty_scope_app: StellaryApp) -> None:
    assert snap_compare(empty_scope_app, terminal_size=SMALL, run_before=after("3"))
