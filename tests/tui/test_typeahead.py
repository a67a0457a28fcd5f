"""Pilot tests: keys typed while a screen loads or saves, right after tab, and ctrl+q are never lost."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from textual import events
from textual.app import App
from textual.widgets import Input, Label

from stellary_core.db import Database
from stellary_core.models import Card
from stellary_core.principal import Principal
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.screens.dialogs import ConfirmDialog
from stellary_tui.screens.first_run import FirstRunScreen
from stellary_tui.views.kanban import KanbanBoard
from tests.tui.conftest import SIZE, gated_operation, make_app, settle

pytestmark = pytest.mark.anyio
Demo = tuple[Database, Principal, str, str]


@pytest.fixture
def slow_editor_load(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The editor's load waits until the test sets the event (a loaded machine, made deterministic)."""
    yield from gated_operation(monkeypatch, "get_editor_data")


async def test_keys_typed_while_the_editor_loads_follow_the_loaded_title(demo: Demo, slow_editor_load: threading.Event) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = app.screen.query_one(KanbanBoard).current_card
        assert target is not None
        await pilot.press("enter", *" v2")
        editor = app.screen
        assert isinstance(editor, CardEditor) and editor.data is None  # still loading
        slow_editor_load.set()
        await settle(pilot)
        assert editor.query_one("#title", Input).value == target.title + " v2"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)  # an edit: escape asks before throwing it away


async def test_escape_typed_while_the_editor_loads_asks_about_the_keys_typed_before(
    demo: Demo, slow_editor_load: threading.Event
) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", *"xy", "escape")
        slow_editor_load.set()
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)


async def test_a_new_card_typed_and_saved_while_the_editor_loads_is_saved_whole(
    demo: Demo, slow_editor_load: threading.Event
) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Two cards typed ahead: the second `n` opens the next editor, it is not a letter of the first title.
        await pilot.press("n", *"Write copy", "ctrl+s", "n", *"SEO audit", "ctrl+s")
        slow_editor_load.set()
        await settle(pilot, rounds=6)
        assert not isinstance(app.screen, CardEditor)
    with db.session() as session:
        titles = set(session.scalars(select(Card.title)))
    assert {"Write copy", "SEO audit"} <= titles
    assert not any(title.startswith("Write copyn") for title in titles)


async def test_a_burst_typed_on_the_board_after_n_goes_to_the_new_card(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # One read from the terminal: every key is there before `n` has opened the editor.
        _burst(app, "n", *"Write copy", "ctrl+s", "n", *"SEO audit", "ctrl+s")
        await settle(pilot, rounds=6)
        assert not isinstance(app.screen, CardEditor)
    with db.session() as session:
        titles = set(session.scalars(select(Card.title)))
    assert {"Write copy", "SEO audit"} <= titles


async def test_ctrl_s_right_after_typing_saves_every_key(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        # As a terminal delivers a fast burst: every key read before the first is handled.
        _burst(app, *"Ship it", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CardEditor)
    with db.session() as session:
        assert session.scalar(select(Card).where(Card.title == "Ship it")) is not None


async def test_ctrl_q_with_unsaved_edits_in_the_editor_asks_first(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*" edited", "ctrl+q")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # stay
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        await pilot.press("ctrl+q", "y")
        await settle(pilot)
        assert not app.is_running


async def test_ctrl_q_typed_while_the_editor_loads_asks_after_the_keys_before_it(
    demo: Demo, slow_editor_load: threading.Event
) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = app.screen.query_one(KanbanBoard).current_card
        assert target is not None
        await pilot.press("enter", *" edited", "ctrl+q")
        slow_editor_load.set()
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        assert app.screen.query_one("#title", Input).value == target.title + " edited"


async def test_ctrl_q_without_edits_quits_at_once(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running


async def test_keys_right_after_tab_land_in_the_next_editor_field(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        editor.query_one("#start-date", Input).focus()
        await settle(pilot)
        _burst(app, *"2026-12-01", "tab", *"2026-12-24")
        await settle(pilot)
        assert editor.query_one("#start-date", Input).value == "2026-12-01"
        assert editor.query_one("#due-date", Input).value == "2026-12-24"


@pytest.mark.parametrize("next_field", ["tab", "enter"])
async def test_keys_right_after_tab_or_enter_land_in_the_next_first_run_field(db: Database, next_field: str) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FirstRunScreen)
        _burst(app, *"Carl", next_field, *"c@x")
        await settle(pilot)
        assert screen.query_one("#display-name", Input).value == "Carl"
        assert screen.query_one("#email", Input).value == "c@x"


async def test_a_pasted_title_over_the_limit_is_kept_whole_and_refused_aloud(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        editor.query_one("#title", Input).post_message(events.Paste("x" * 660))
        await settle(pilot)
        assert len(editor.query_one("#title", Input).value) == 660
        error = editor.query_one("#editor-error", Label)
        assert "660" in str(error.render()) and "500" in str(error.render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)  # refused, not cut and saved
    with db.session() as session:
        assert session.scalar(select(Card).where(Card.title.startswith("xxxx"))) is None


def _burst(app: App[None], *keys: str) -> None:
    """Keys as a terminal delivers a fast burst: all read before the first is handled (pilot waits between keys)."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))
