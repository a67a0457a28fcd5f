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
from stellary_tui.views.roadmap_view import RoadmapView
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
        assert said[1:] == [f"{card.key} is already archived: U restores it."]
        await pilot.press("2")  # the list view
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert said[2:] == [f"{card.key} is already archived: U restores it."]


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


async def test_list_keys_on_an_empty_scope_say_there_is_no_card(empty_project: Database) -> None:
    app = make_app(empty_project)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("space", "m", "P", "l", "p", "e", "t", "U", "v")
        await settle(pilot)
    assert said == ["No card here."] * 8 + ["No cards to select."]


async def test_enter_on_a_calendar_day_without_cards_says_why(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        await pilot.press("3", "enter")  # nothing is due today
        await settle(pilot)
    assert said == ["No card is due on Nov 28: n adds one, tab picks among the others."]


async def test_tab_in_a_calendar_with_no_card_says_why_and_keeps_the_focus(empty_project: Database) -> None:
    app = make_app(empty_project)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        await pilot.press("3", "tab")
        await settle(pilot)
        assert said == ["No card to pick: none is shown here (n adds one)."]
        assert isinstance(app.focused, CalendarView)  # tab did not wander off to the navigator


async def test_roadmap_zoom_at_its_end_and_go_to_bar_without_dates_say_why(demo: Demo) -> None:
    db, *_ = demo
    with db.session(write=True) as session:
        undated = session.scalars(select(Card).where(Card.key == "DP-14")).one()
        undated.start_date = undated.due_date = None
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        view = app.screen.query_one(RoadmapView)
        await pilot.press("z", "z")
        await settle(pilot)
        assert said == ["Already zoomed all the way in (week)."]
        view.cursor = next(i for i, row in enumerate(view.rows) if row.card is not None and row.card.key == "DP-14")
        await pilot.press("full_stop")
        await settle(pilot)
        assert said[1:] == ["DP-14 has no dates, so no bar: ⇧→ schedules it from today."]


async def test_moving_the_first_column_left_says_it_is_first(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        await pilot.press("less_than_sign")
        await settle(pilot)
    assert said == ["“Backlog” is already the first column."]
