"""Snapshots of the board, the card editor, the navigator, the first run and help (160x50, frozen time)."""

from __future__ import annotations

from typing import Any

from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import after
from tests.tui.conftest import SIZE, frozen  # noqa: F401  (fixture)


def test_board(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after())


def test_board_after_moving_a_card(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("down", "shift+right"))


def test_card_editor(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("enter"))


def test_card_editor_checklist_tab(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("enter", "ctrl+t"))


def test_navigator_focused(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("shift+tab"))


def test_first_run(snap_compare: Any, empty_app: StellaryApp) -> None:
    assert snap_compare(empty_app, terminal_size=SIZE, run_before=after())


def test_help(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("question_mark"))


def test_delete_confirmation(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("d"))
