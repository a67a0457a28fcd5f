"""Snapshots at 80x24, the smallest usual terminal: the card editor, help, and every dialog fit it whole."""

from __future__ import annotations

from typing import Any

from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import after, after_steps
from tests.snapshots.test_collab_snapshots import collab_app, fixed_secrets  # noqa: F401  (fixtures)
from tests.tui.conftest import frozen  # noqa: F401  (fixture)

NARROW = (80, 24)


def test_board_80x24(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=after())


def test_card_editor_80x24(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=after("enter"))


def test_card_editor_relations_tab_80x24(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=after("enter", *["ctrl+t"] * 3))


def test_card_editor_relation_types_open_80x24(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=after("enter", *["ctrl+t"] * 3, "shift+tab", "enter"))


def test_help_80x24(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=after("question_mark"))


def test_delete_confirmation_80x24(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=after("d"))


def test_new_column_dialog_80x24(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=after("c", *"Review"))


def test_scope_choice_80x24(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=NARROW, run_before=after("s"))


def test_first_run_80x24(snap_compare: Any, empty_app: StellaryApp) -> None:
    assert snap_compare(empty_app, terminal_size=NARROW, run_before=after())


def test_notifications_panel_80x24(snap_compare: Any, collab_app: StellaryApp) -> None:
    assert snap_compare(collab_app, terminal_size=NARROW, run_before=after("N"))


def test_members_screen_80x24(snap_compare: Any, collab_app: StellaryApp) -> None:
    assert snap_compare(collab_app, terminal_size=NARROW, run_before=after("M"))


def test_member_invitation_80x24(snap_compare: Any, collab_app: StellaryApp) -> None:
    assert snap_compare(collab_app, terminal_size=NARROW, run_before=after_steps(("M",), ("i",)))


def test_tokens_screen_80x24(snap_compare: Any, collab_app: StellaryApp) -> None:
    assert snap_compare(collab_app, terminal_size=NARROW, run_before=after("T"))


def test_token_create_form_80x24(snap_compare: Any, collab_app: StellaryApp) -> None:
    assert snap_compare(collab_app, terminal_size=NARROW, run_before=after_steps(("T",), ("n", *"Deploy bot")))


def test_token_create_form_buttons_80x24(snap_compare: Any, collab_app: StellaryApp) -> None:
    """Tabbing to the last field scrolls the form to its buttons."""
    assert snap_compare(collab_app, terminal_size=NARROW, run_before=after_steps(("T",), ("n", *"Deploy bot", "tab", "tab")))


def test_token_shown_once_80x24(snap_compare: Any, collab_app: StellaryApp) -> None:
    assert snap_compare(collab_app, terminal_size=NARROW, run_before=after_steps(("T",), ("n", *"Deploy bot", "enter")))
