"""Pilot tests of the calendar view's keyboard paths, with due date changes checked in the database.

The demo project (24 cards, today frozen at Sat 2026-11-28) has, among others:
DP-2 (high, start Nov 13) and DP-23 (medium) due Fri Nov 27, DP-21 due Mon Nov 30,
and DP-14 and DP-19 without a due date.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from rich.style import Style
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input

from stellary_core.db import Database
from stellary_core.models import Card
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardUpdateIn
from stellary_core.services import cards
from stellary_core.services.board import CardRow
from stellary_tui.app import StellaryApp
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.views.calendar_view import CalendarView, _card_segments
from stellary_tui.widgets.calendar_month import CardsByDay, add_months, month_weeks
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]
TODAY = date(2026, 11, 28)


def _due(db: Database, project_id: str, key: str) -> datetime | None:
    with db.session() as session:
        card = session.scalars(select(Card).where(Card.project_id == project_id, Card.key == key)).one()
        return card.due_date


def _start(db: Database, project_id: str, key: str) -> datetime | None:
    with db.session() as session:
        card = session.scalars(select(Card).where(Card.project_id == project_id, Card.key == key)).one()
        return card.start_date


def _card_id(db: Database, project_id: str, key: str) -> str:
    with db.session() as session:
        return session.scalars(select(Card.id).where(Card.project_id == project_id, Card.key == key)).one()


async def _open_calendar(app: StellaryApp, pilot: Pilot[None]) -> CalendarView:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    view = app.screen.query_one(CalendarView)
    assert app.focused is view
    return view


def _picked_key(view: CalendarView) -> str | None:
    card = view.picked_card
    return card.key if card is not None else None


def _text(view: CalendarView) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


# -- pure rules ----------------------------------------------------------------


def test_month_weeks_start_on_monday_and_cover_the_month() -> None:
    weeks = month_weeks(date(2026, 11, 17))
    assert weeks[0][0] == date(2026, 10, 26) and weeks[0][0].weekday() == 0
    assert weeks[-1][-1] == date(2026, 12, 6)
    assert len(weeks) == 6
    assert len(month_weeks(date(2021, 2, 1))) == 4  # Feb 2021 starts on a Monday and has 28 days


def test_a_month_step_clamps_the_day() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)


# -- opening and moving around ---------------------------------------------------


async def test_calendar_opens_on_today_with_cards_by_due_date(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        assert view.selected_day == TODAY
        assert [c.key for c in view.cards.on(date(2026, 11, 27))] == ["DP-2", "DP-23"]  # high priority first
        assert [c.key for c in view.cards.undated] == ["DP-14", "DP-19"]
        text = _text(view)
        assert "November 2026" in text
        assert "28 today" in text
        assert "No due date" in text and "DP-14" in text
        assert "Mon" in text and "Sun" in text


async def test_arrows_and_vim_keys_move_by_day_and_week(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        await pilot.press("right")
        assert view.selected_day == date(2026, 11, 29)
        await pilot.press("l")
        assert view.selected_day == date(2026, 11, 30)
        await pilot.press("down")
        assert view.selected_day == date(2026, 12, 7)
        await pilot.press("k")
        assert view.selected_day == date(2026, 11, 30)
        await pilot.press("up", "j")
        assert view.selected_day == date(2026, 11, 30)
        await pilot.press("left", "h")
        assert view.selected_day == TODAY


async def test_brackets_and_page_keys_change_month_and_t_returns_to_today(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        await pilot.press("right_square_bracket")
        assert view.selected_day == date(2026, 12, 28)
        assert "December 2026" in view.render_line(0).text
        await pilot.press("pagedown")
        assert view.selected_day == date(2027, 1, 28)
        await pilot.press("left_square_bracket", "pageup", "pageup")
        assert view.selected_day == date(2026, 10, 28)
        await pilot.press("t")
        assert view.selected_day == TODAY


# -- picking and opening ---------------------------------------------------------


async def test_tab_cycles_the_days_cards_the_undated_cards_and_back(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        await pilot.press("tab")  # nothing due today: straight to the cards without a due date
        assert (view.mode, _picked_key(view)) == ("undated", "DP-14")
        await pilot.press("down")
        assert _picked_key(view) == "DP-19"
        await pilot.press("tab")
        assert view.mode == "days" and view.picked_card is None
        await pilot.press("left", "tab")
        assert (view.mode, _picked_key(view)) == ("day", "DP-2")
        await pilot.press("j")
        assert _picked_key(view) == "DP-23"
        await pilot.press("j")  # stays on the last card of the day
        assert _picked_key(view) == "DP-23"
        await pilot.press("tab")
        assert view.mode == "undated"
        await pilot.press("escape")
        assert view.mode == "days" and view.selected_day == date(2026, 11, 27)
        assert app.focused is view


async def test_enter_picks_the_days_first_card_then_opens_it(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        await pilot.press("enter")  # nothing due today: nothing to pick
        assert view.mode == "days"
        await pilot.press("left", "enter")
        assert (view.mode, _picked_key(view)) == ("day", "DP-2")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        assert app.screen.card_id == _card_id(db, project_id, "DP-2")


async def test_enter_opens_a_card_without_a_due_date(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_calendar(app, pilot)
        await pilot.press("tab", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        assert app.screen.card_id == _card_id(db, project_id, "DP-19")


async def test_n_opens_the_editor_for_a_new_card_due_on_the_selected_day(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_calendar(app, pilot)
        await pilot.press("right", "right", "n")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        assert editor.card_id is None
        assert editor.query_one("#due-date", Input).value == "2026-11-30"
        editor.query_one("#title", Input).value = "Due on the chosen day"
        await pilot.press("ctrl+s")
        await settle(pilot)
    with db.session() as session:
        card = session.scalar(select(Card).where(Card.title == "Due on the chosen day"))
        assert card is not None and card.due_date is not None and card.due_date.date().isoformat() == "2026-11-30"


# -- changing due dates ------------------------------------------------------------


async def test_shift_arrows_and_hjkl_move_the_picked_cards_due_date(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    start_before = _start(db, project_id, "DP-2")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        await pilot.press("left", "tab", "shift+right")
        await settle(pilot)
        assert _due(db, project_id, "DP-2") == datetime(2026, 11, 28)
        assert view.selected_day == TODAY and _picked_key(view) == "DP-2"
        await pilot.press("L", "shift+down")
        await settle(pilot)
        assert _due(db, project_id, "DP-2") == datetime(2026, 12, 6)
        await pilot.press("J")
        await settle(pilot)
        assert _due(db, project_id, "DP-2") == datetime(2026, 12, 13)
        assert view.selected_day == date(2026, 12, 13) and "December 2026" in view.render_line(0).text
        await pilot.press("K", "H", "shift+up", "shift+left")  # -7, -1, -7, -1 days
        await settle(pilot)
        assert _due(db, project_id, "DP-2") == datetime(2026, 11, 27)
        assert view.selected_day == date(2026, 11, 27) and _picked_key(view) == "DP-2"
        assert app.focused is view
    assert _start(db, project_id, "DP-2") == start_before


async def test_keys_pressed_faster_than_commits_all_count(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        await pilot.press("left", "tab", *["shift+right"] * 5)
        assert view.selected_day == date(2026, 12, 2)  # on screen at once
        await settle(pilot, rounds=6)
        assert _due(db, project_id, "DP-2") == datetime(2026, 12, 2)
        assert view.selected_day == date(2026, 12, 2) and _picked_key(view) == "DP-2"


async def test_a_reload_older_than_an_edit_does_not_move_the_card_back(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        await pilot.press("left", "tab")
        stale = view.board
        assert stale is not None
        # Hold this process's writers until the late load has answered, so the edit
        # is still pending then, however fast or slow the machine is.
        with db.session(write=True):
            await pilot.press("shift+right")
            view.show(stale)  # a load that started before the commit answers late
            assert view.selected_day == TODAY and [c.key for c in view.cards.on(TODAY)] == ["DP-2"]
        await settle(pilot, rounds=6)
        assert _due(db, project_id, "DP-2") == datetime(2026, 11, 28)
        assert [c.key for c in view.cards.on(TODAY)] == ["DP-2"] and not view.writer.pending


async def test_shift_arrows_do_nothing_without_a_picked_card(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        await pilot.press("left", "shift+right", "m", "backspace")
        await settle(pilot)
        assert view.mode == "days" and view.selected_day == date(2026, 11, 27)
    assert _due(db, project_id, "DP-2") == datetime(2026, 11, 27)


async def test_m_then_a_chosen_day_sets_the_due_date(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        await pilot.press("left", "tab", "down", "m")
        assert view.mode == "choose"
        await pilot.press("right", "right", "down", "l")
        assert "Moving DP-23" in view.render_line(0).text
        await pilot.press("enter")
        await settle(pilot)
        assert _due(db, project_id, "DP-23") == datetime(2026, 12, 7)
        assert view.selected_day == date(2026, 12, 7)
        assert (view.mode, _picked_key(view)) == ("day", "DP-23")


async def test_escape_cancels_a_move(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        await pilot.press("left", "tab", "m", "right", "right", "escape")
        await settle(pilot)
        assert (view.mode, _picked_key(view), view.selected_day) == ("day", "DP-2", date(2026, 11, 27))
    assert _due(db, project_id, "DP-2") == datetime(2026, 11, 27)


async def test_a_card_without_a_due_date_gets_the_selected_day(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        await pilot.press("right", "tab")  # nothing due on Sunday the 29th: the undated list
        assert (view.mode, _picked_key(view)) == ("undated", "DP-14")
        await pilot.press("m", "enter")
        await settle(pilot)
        assert _due(db, project_id, "DP-14") == datetime(2026, 11, 29)
        assert (view.mode, _picked_key(view), view.selected_day) == ("day", "DP-14", date(2026, 11, 29))
        assert [c.key for c in view.cards.undated] == ["DP-19"]


async def test_backspace_clears_the_due_date(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        await pilot.press("left", "tab", "backspace")
        await settle(pilot)
        assert _due(db, project_id, "DP-2") is None
        assert (view.mode, _picked_key(view)) == ("undated", "DP-2")


async def test_a_refused_date_is_explained_and_the_card_goes_back(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        await pilot.press("left", "tab", "shift+up", "shift+up")  # Nov 13: the start date, still allowed
        await settle(pilot)
        assert _due(db, project_id, "DP-2") == datetime(2026, 11, 13)
        await pilot.press("shift+up")  # Nov 6 is before the start date
        await settle(pilot)
        assert _due(db, project_id, "DP-2") == datetime(2026, 11, 13)
        assert any(n.message == "Due date: must not be before the start date" for n in app._notifications)  # type: ignore[attr-defined]
        assert view.selected_day == date(2026, 11, 13) and _picked_key(view) == "DP-2"


# -- reloads, empty scope, styles ----------------------------------------------------


async def test_the_selected_day_and_card_survive_reloads(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        await pilot.press("left", "tab", "down")
        assert _picked_key(view) == "DP-23"
        with db.session(write=True) as session:  # another client renames a card
            cards.update_card(
                session, actor=actor, workspace_id=workspace_id, project_id=project_id,
                card_id=_card_id(db, project_id, "DP-2"), data=CardUpdateIn(title="Renamed elsewhere"),
            )
        await settle(pilot, rounds=6)
        assert view.cards.on(date(2026, 11, 27))[0].title == "Renamed elsewhere"
        assert (view.mode, _picked_key(view), view.selected_day) == ("day", "DP-23", date(2026, 11, 27))
        with db.session(write=True) as session:  # and moves the picked card: the selection follows it
            cards.update_card(
                session, actor=actor, workspace_id=workspace_id, project_id=project_id,
                card_id=_card_id(db, project_id, "DP-23"), data=CardUpdateIn(due_date=datetime(2026, 12, 2)),
            )
        await settle(pilot, rounds=6)
        assert (view.mode, _picked_key(view), view.selected_day) == ("day", "DP-23", date(2026, 12, 2))
        assert app.focused is view


async def test_a_filter_that_matches_nothing_says_so(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        await pilot.press("slash", *"nothingmatchesthis", "enter")
        await settle(pilot)
        assert view.board is not None and view.board.card_count == 0
        assert "No cards match the filter." in view.render_line(0).text
        assert app.focused is view


async def test_an_empty_scope_says_so_and_still_creates_cards(empty_project: Database) -> None:
    app = make_app(empty_project)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        assert "No cards in this scope yet: press n to create one." in view.render_line(0).text
        assert "(none)" in _text(view)
        await pilot.press("tab", "enter", "right")
        assert view.mode == "days" and view.selected_day == date(2026, 11, 29)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor) and app.screen.card_id is None


async def test_overdue_cards_are_red_and_done_cards_dimmed(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        overdue = view.cards.on(date(2026, 11, 27))[0]  # DP-2, in To Do
        done = next(c for c in view.cards.on(date(2026, 12, 1)) if c.status == "done")
        upcoming = view.cards.on(date(2026, 11, 30))[0]  # DP-21, in progress
        red = Style(color="red", bold=True)
        assert all(seg.style is not None and seg.style.color == red.color for seg in _card_segments(overdue, None)[1:])
        assert all(seg.style is not None and seg.style.dim for seg in _card_segments(done, None))
        assert not any(seg.style is not None and seg.style.color == red.color for seg in _card_segments(upcoming, None)[1:])


def _drawn_styles(view: CalendarView, text: str) -> list[Style]:
    """The style of every segment the view draws with exactly ``text``, across all its lines."""
    return [
        seg.style or Style()
        for y in range(view.size.height)
        for seg in view.render_line(y)
        if seg.text == text
    ]


async def test_a_done_card_past_its_due_date_is_not_drawn_as_overdue(demo: Demo) -> None:
    """DP-22 is done and was due Nov 14; DP-24, in To Do, was due Nov 24 and is overdue."""
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_calendar(app, pilot)
        red = Style(color="red").color
        late, done = _drawn_styles(view, "DP-24"), _drawn_styles(view, "DP-22")
        assert late and all(style.color == red for style in late)
        assert done and all(style.color != red and style.dim for style in done)
        await pilot.press(*["left"] * 14, "tab")  # Sat Nov 14, pick its card: the title line tells its due date
        assert _picked_key(view) == "DP-22"
        title = view.render_line(0).text
        assert "due Sat 14 Nov done" in title and "overdue" not in title
        assert all(seg.style is None or seg.style.color != red for seg in view.render_line(0) if "due Sat" in seg.text)
        await pilot.press("escape", *["right"] * 10, "tab")  # Tue Nov 24
        assert _picked_key(view) == "DP-24"
        assert "due Tue 24 Nov overdue" in view.render_line(0).text


def test_cards_by_day_orders_a_day_by_time_then_priority() -> None:
    rows = [
        _row("A-1", "low", datetime(2026, 1, 2, 9)),
        _row("A-2", "high", datetime(2026, 1, 2, 9)),
        _row("A-3", "high", datetime(2026, 1, 2, 8)),
        _row("A-4", None, None),
    ]
    by_day = CardsByDay.of(rows)
    assert [c.key for c in by_day.on(date(2026, 1, 2))] == ["A-3", "A-2", "A-1"]
    assert [c.key for c in by_day.undated] == ["A-4"]
    assert by_day.find(rows[1].id) == (date(2026, 1, 2), 1)
    assert by_day.find(rows[3].id) == (None, 0)
    assert by_day.find("missing") is None


def _row(key: str, priority: str | None, due: datetime | None) -> CardRow:
    number = int(key.split("-")[1])
    moment = datetime(2026, 1, 1)
    return CardRow(
        id=f"{number:024x}", key=key, number=number, title=key, column_id="c", order=number, priority=priority,
        status="todo", start_date=None, due_date=due, assignee_id=None, archived=False, checklist_total=0,
        checklist_done=0, comment_count=0, attachment_count=0, created_at=moment, updated_at=moment, completed_at=None,
    )


async def test_the_picked_card_is_the_one_highlighted_when_a_days_cards_just_fit(demo: Demo) -> None:
    """At 100x26 a day cell shows two cards: Fri Nov 27's two fit, and picking the second highlights the second."""
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=(100, 26)) as pilot:
        view = await _open_calendar(app, pilot)
        assert view.geometry.card_lines == 2
        await pilot.press("left", "tab", "j")
        assert _picked_key(view) == "DP-23"
        picked = Style(bgcolor="blue").bgcolor
        grid = [style for y in range(2, view.size.height) for style in _drawn_styles_at(view, y, "DP-23")]
        assert grid and all(style.bgcolor == picked for style in grid)
        assert all(style.bgcolor != picked for y in range(2, view.size.height) for style in _drawn_styles_at(view, y, "DP-2"))


def _drawn_styles_at(view: CalendarView, y: int, text: str) -> list[Style]:
    return [seg.style or Style() for seg in view.render_line(y) if seg.text == text]
