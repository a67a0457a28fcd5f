"""Snapshots of the roadmap view on the 40-card demo (today frozen at Sat 2026-11-28), and of an empty scope."""

from __future__ import annotations

from typing import Any

from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import SMALL, after
from tests.tui.conftest import SIZE, frozen, make_app  # noqa: F401  (fixture)


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
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("4", "b", "b"))


def test_roadmap_empty_scope(snap_compare: Any, empty_scope_app: StellaryApp) -> None:
    assert snap_compare(empty_scope_app, terminal_size=SIZE, run_before=after("4"))


def test_roadmap_empty_scope_small(snap_compare: Any, empty_scope_app: StellaryApp) -> None:
    assert snap_compare(empty_scope_app, terminal_size=SMALL, run_before=after("4"))
