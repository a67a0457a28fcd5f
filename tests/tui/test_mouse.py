"""The mouse as a terminal user expects it: a click focuses a card, a double click (or a click on the
focused card) opens it, a click on a view's tab switches to it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from rich.cells import cell_len
from textual.widget import Widget

from stellary_core.db import Database
from stellary_core.principal import Principal
from stellary_tui.app import StellaryApp
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.screens.main import MainScreen
from stellary_tui.views.calendar_view import CalendarView
from stellary_tui.views.kanban import KanbanBoard
from stellary_tui.views.list_view import ListView
from stellary_tui.views.roadmap_view import RoadmapView
from stellary_tui.widgets.list_grid import HEADER_HEIGHT as LIST_HEADER
from stellary_tui.widgets.list_table import CardLine
from stellary_tui.views.registry import VIEWS
from stellary_tui.widgets.view_bar import ViewBar
from tests.tui.conftest import SIZE, make_app, settle
from tests.tui.test_calendar_view import _card_id, _due

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]


def card_offset(board: KanbanBoard, column: int, row: int) -> tuple[int, int]:
    """Where a card's title line is drawn on the board (columns and rows from the first shown)."""
    top = board.card_top(column, row)
    assert top is not None, "the card is scrolled out of sight"
    return column * board.column_width + 4, top + 1


async def test_a_click_focuses_the_card_under_the_mouse(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        assert board.board is not None
        wanted = board.board.cards[board.board.columns[1].id][2]
        app.screen.query_one("#navigator").focus()
        await pilot.pause()
        await pilot.click(KanbanBoard, offset=card_offset(board, 1, 2))
        await pilot.pause()
        assert board.has_focus
        assert board.current_card == wanted
        assert isinstance(app.screen, MainScreen)  # one click does not open it


async def test_a_double_click_opens_the_card(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        assert board.board is not None
        wanted = board.board.cards[board.board.columns[2].id][1]
        await pilot.double_click(KanbanBoard, offset=card_offset(board, 2, 1))
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        assert app.screen.card_id == wanted.id


async def test_a_click_on_the_focused_card_opens_it(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        await pilot.click(KanbanBoard, offset=card_offset(board, 0, 1))
        await pilot.pause(0.6)  # slower than a double click
        assert isinstance(app.screen, MainScreen)
        await pilot.click(KanbanBoard, offset=card_offset(board, 0, 1))
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)


@pytest.mark.parametrize("view", [spec.name for spec in VIEWS if spec.name != "kanban"])
async def test_a_click_on_a_view_tab_switches_to_it(demo: Demo, view: str) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(ViewBar)
        spec = next(s for s in VIEWS if s.name == view)
        # At 80 columns beside the navigator the other tabs show their key only: click on it.
        x = bar.render().plain.index(f" {spec.key} ") + 1
        assert x < bar.content_size.width
        await pilot.click(ViewBar, offset=(x + bar.styles.padding.left, 0))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.active_view == view


async def test_in_the_list_a_click_picks_a_row_and_a_double_click_opens_it(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        grid = app.screen.query_one(ListView)
        wanted = grid.lines[3]
        assert isinstance(wanted, CardLine)
        await pilot.click(ListView, offset=(10, LIST_HEADER + 3))
        await pilot.pause()
        assert grid.current_card == wanted.card
        assert isinstance(app.screen, MainScreen)
        await pilot.double_click(ListView, offset=(10, LIST_HEADER + 5))
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        opened = grid.current_card
        assert opened is not None and app.screen.card_id == opened.id


def drawn_at(view: Widget, text: str, below: int = 2, *, last: bool = False) -> tuple[int, int]:
    """Where ``text`` is first (or last) drawn in a Line API view (x in cells), under its ``below`` lines of header."""
    lines = range(below, view.size.height)
    for y in reversed(lines) if last else lines:
        line = view.render_line(y).text
        if text in line:
            return cell_len(line[: line.index(text)]), y
    raise AssertionError(f"{text!r} is not drawn")


def editing(app: StellaryApp) -> str | None:
    """The id of the card the editor on screen has open (None when no editor is)."""
    return app.screen.card_id if isinstance(app.screen, CardEditor) else None


async def open_view(pilot: object, key: str) -> None:
    await settle(pilot)  # type: ignore[arg-type]
    pilot.app.screen.query_one("#navigator").focus()  # type: ignore[attr-defined]
    await pilot.press(key)  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


# The demo calendar (today frozen at Sat 2026-11-28): DP-2 and DP-23 are due Fri Nov 27, DP-14 and DP-19 have no due date.


async def test_in_the_calendar_a_click_picks_a_card_and_a_second_click_opens_it(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(pilot, "3")
        view = app.screen.query_one(CalendarView)
        app.screen.query_one("#navigator").focus()
        await pilot.pause()
        await pilot.click(CalendarView, offset=drawn_at(view, "DP-23"))
        await pilot.pause()
        assert app.focused is view
        assert (view.mode, view.selected_day) == ("day", date(2026, 11, 27))
        assert view.picked_card is not None and view.picked_card.key == "DP-23"
        assert isinstance(app.screen, MainScreen)  # one click does not open it
        await pilot.pause(0.6)  # slower than a double click
        await pilot.click(CalendarView, offset=drawn_at(view, "DP-23"))
        await settle(pilot)
        assert editing(app) == _card_id(db, project_id, "DP-23")


async def test_in_the_calendar_a_double_click_opens_a_card_without_a_due_date(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(pilot, "3")
        view = app.screen.query_one(CalendarView)
        await pilot.double_click(CalendarView, offset=drawn_at(view, "DP-19"))
        await settle(pilot)
        assert editing(app) == _card_id(db, project_id, "DP-19")


async def test_in_the_calendar_a_click_on_a_day_selects_it_and_moves_a_card_there(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(pilot, "3")
        view = app.screen.query_one(CalendarView)
        x, y = drawn_at(view, "─ 30 ", last=True)  # Mon Nov 30's number, in the last week of the grid
        await pilot.click(CalendarView, offset=(x + 2, y))
        await pilot.pause()
        assert (view.mode, view.selected_day) == ("days", date(2026, 11, 30))
        await pilot.click(CalendarView, offset=drawn_at(view, "DP-23"))
        await pilot.press("m")
        assert view.mode == "choose"
        await pilot.double_click(CalendarView, offset=(x + 2, y))
        await settle(pilot)
        assert _due(db, project_id, "DP-23") == datetime(2026, 11, 30)
        assert (view.mode, view.selected_day) == ("day", date(2026, 11, 30))
        assert isinstance(app.screen, MainScreen)


async def test_in_the_roadmap_a_click_focuses_a_card_and_a_double_click_opens_it(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(pilot, "4")
        view = app.screen.query_one(RoadmapView)
        first = view.current_card
        assert first is not None
        second = next(row.card for row in view.rows if row.card is not None and row.card.id != first.id)
        await pilot.click(RoadmapView, offset=drawn_at(view, f"{second.key} ", below=3))
        await pilot.pause()
        assert app.focused is view
        assert view.current_card == second
        assert isinstance(app.screen, MainScreen)
        await pilot.pause(0.6)
        await pilot.click(RoadmapView, offset=drawn_at(view, f"{second.key} ", below=3))
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        assert app.screen.card_id == second.id
        await pilot.press("escape")
        await settle(pilot)
        await pilot.double_click(RoadmapView, offset=drawn_at(view, f"{first.key} ", below=3))
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        assert app.screen.card_id == first.id
