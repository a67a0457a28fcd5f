"""A card key that cannot act says why in the status line, instead of doing nothing (demo: today Sat 2026-11-28)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import Card
from stellary_core.principal import Principal
from stellary_tui.app import StellaryApp
from stellary_tui.views.calendar_view import CalendarView
from stellary_tui.views.kanban import KanbanBoard
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]


def said_by(app: StellaryApp) -> list[str]:
    said: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        said.append(message)
        original(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return said


def _due(db: Database, key: str) -> datetime | None:
    with db.session() as session:
        return session.scalar(select(Card.due_date).where(Card.key == key))


async def test_moving_a_card_past_the_boards_edges_says_why(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        card = app.screen.query_one(KanbanBoard).current_card
        assert card is not None
        await pilot.press("shift+left")
        await pilot.press("shift+up")
        await settle(pilot)
    assert said == [f"{card.key} is already in the first column.", f"{card.key} is already at the top of its column."]


async def test_a_on_an_archived_card_says_it_is_archived_on_the_board_and_in_the_list(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        card = board.current_card
        assert card is not None
        await pilot.press("a")
        await settle(pilot)
        assert said == [f"Archived {card.key} (u undoes it)"]
        await pilot.press("slash", *"is:archived", "enter")
        await settle(pilot)
        assert board.current_card is not None and board.current_card.key == card.key
        await pilot.press("a")
        await settle(pilot)
        assert said[1:] == [f"{card.key} is already archived."]
        await pilot.press("2")  # the list view
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert said[2:] == [f"{card.key} is already archived."]


async def test_date_keys_on_a_card_without_a_due_date_in_the_calendar_say_why(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        view = app.screen.query_one(CalendarView)
        await pilot.press("tab")  # nothing due today: the cards without a due date
        assert view.picked_card is not None and view.picked_card.key == "DP-14"
        await pilot.press("shift+right", "backspace")
        await settle(pilot)
        assert said == ["DP-14 has no due date to move: m picks a day for it.", "DP-14 has no due date to clear."]
        await pilot.press("tab")  # back to the days: no card picked
        await pilot.press("L")
        await settle(pilot)
        assert said[2:] == ["Pick a card first: tab goes through the day's cards, then those without a due date."]
        assert view.mode == "days"
    assert _due(db, "DP-14") is None


async def test_card_keys_on_an_empty_column_say_there_is_no_card(empty_project: Database) -> None:
    app = make_app(empty_project)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        assert isinstance(app.focused, KanbanBoard)
        await pilot.press("enter", "a", "shift+right")
        await settle(pilot)
    assert said == ["No card here."] * 3
