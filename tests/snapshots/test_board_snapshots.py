"""Snapshots of the board (160x50 and 100x30), the card editor, the navigator, the first run and help (frozen time)."""

from __future__ import annotations

from typing import Any

from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import SMALL, after
from tests.tui.conftest import SIZE, frozen  # noqa: F401  (fixture)


def test_board(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after())


def test_board_small(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SMALL, run_before=after())


def test_board_empty_scope(snap_compare: Any, empty_scope_app: StellaryApp) -> None:
    assert snap_compare(empty_scope_app, terminal_size=SIZE, run_before=after())


def test_board_empty_scope_small(snap_compare: Any, empty_scope_app: StellaryApp) -> None:
    assert snap_compare(empty_scope_app, terminal_size=SMALL, run_before=after())


def test_card_editor_labels_and_fields_tab(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("enter", "ctrl+t", "ctrl+t"))


def test_card_editor_relations_tab(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("enter", *["ctrl+t"] * 3))


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


def test_help_small(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SMALL, run_before=after("question_mark"))


def test_delete_confirmation(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("d"))


def test_new_column_dialog(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("right", "c", *"Review"))


def test_new_column_dialog_small(snap_compare: Any, demo_app: StellaryApp) -> None:
    """A name already in the scope: the error shows in the dialog, which keeps what was typed."""
    assert snap_compare(demo_app, terminal_size=SMALL, run_before=after("c", *"done", "enter"))
