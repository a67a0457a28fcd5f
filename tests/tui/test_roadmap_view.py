"""Pilot tests of the roadmap view's keyboard paths, with date changes checked in the database.

The demo project (24 cards, today frozen at Sat 2026-11-28) has, among others:
DP-14 (Backlog, start Nov 4 only), DP-3 (Backlog, Nov 6 → Nov 11), DP-4 (Backlog, due Nov 7 only).
The roadmap opens at month zoom, where an edit key moves a date by a week.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from rich.segment import Segment
from rich.style import Style
from sqlalchemy import select
from textual.pilot import Pilot

from stellary_core.db import Database
from stellary_core.models import BoardColumn, Card
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn, CardUpdateIn
from stellary_core.schemas.labels import LabelCreateIn
from stellary_core.services import cards, labels
from stellary_tui.app import StellaryApp
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.views.roadmap_view import BAR, OVERDUE_BAR, RoadmapView
from stellary_tui.widgets.roadmap_timeline import TimeScale, shift, zoom_named
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]
TODAY = date(2026, 11, 28)


def _dates(db: Database, project_id: str, key: str) -> tuple[datetime | None, datetime | None]:
    with db.session() as session:
        card = session.scalars(select(Card).where(Card.project_id == project_id, Card.key == key)).one()
        return card.start_date, card.due_date


def _card_id(db: Database, project_id: str, key: str) -> str:
    with db.session() as session:
        return session.scalars(select(Card.id).where(Card.project_id == project_id, Card.key == key)).one()


def _update(demo: Demo, key: str, data: CardUpdateIn) -> None:
    db, actor, workspace_id, project_id = demo
    with db.session(write=True) as session:
        cards.update_card(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id,
            card_id=_card_id(db, project_id, key), data=data,
        )


async def _open_roadmap(app: StellaryApp, pilot: Pilot[None]) -> RoadmapView:
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)
    view = app.screen.query_one(RoadmapView)
    assert app.focused is view
    return view


def _key(view: RoadmapView) -> str | None:
    card = view.current_card
    return card.key if card is not None else None


async def _go_to(pilot: Pilot[None], view: RoadmapView, key: str) -> None:
    """Walk the cursor down from the first card to ``key``."""
    await pilot.press("home")
    for _ in range(len(view.rows)):
        if _key(view) == key:
            return
        await pilot.press("down")
    raise AssertionError(f"{key} is not on the roadmap")


def _groups(view: RoadmapView) -> list[str]:
    return [row.title for row in view.rows if row.card is None]


# -- pure rules ----------------------------------------------------------------


def test_units_move_dates_by_day_week_or_clamped_month() -> None:
    moment = datetime(2027, 1, 31, 17, 0)
    assert shift(moment, "day", 1) == datetime(2027, 2, 1, 17, 0)
    assert shift(moment, "week", -1) == datetime(2027, 1, 24, 17, 0)
    assert shift(moment, "month", 1) == datetime(2027, 2, 28, 17, 0)


def test_the_time_scale_maps_days_to_cells_and_labels_the_axis() -> None:
    scale = TimeScale(date(2026, 11, 23), zoom_named("week"), 84)
    assert scale.x(date(2026, 11, 25)) == 12
    assert scale.days == 14
    from rich.style import Style

    upper = "".join(scale.axis(0, TODAY, Style()).chars)
    lower = "".join(scale.axis(1, TODAY, Style()).chars)
    assert "Nov 23 · W48" in upper and "Nov 30 · W49" in upper
    assert lower.startswith("Mo 23 Tu 24")
    assert "Sa 28" in lower


# -- opening, moving around, grouping, zoom ----------------------------------------------


async def test_roadmap_opens_grouped_by_column_with_a_time_axis(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        assert view.grouping == "column" and view.zoom.name == "month"
        assert _groups(view) == ["Backlog", "To Do", "In Progress", "In Review", "Done"]
        assert [r.card.key for r in view.rows[1:5] if r.card] == ["DP-14", "DP-3", "DP-4", "DP-11"]  # by first date
        assert _key(view) == "DP-14"
        axis = view.render_line(1).text
        assert "November 2026" in axis and "December 2026" in axis
        lower = view.render_line(2).text
        assert "▼" in lower  # today
        assert "start Wed 4 Nov 2026 only" in view.render_line(0).text


async def test_up_down_and_vim_keys_move_between_cards_skipping_group_titles(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        await pilot.press("down", "j")
        assert _key(view) == "DP-4"
        await pilot.press("k")
        assert _key(view) == "DP-3"
        backlog = sum(1 for r in view.rows if r.card and r.group == "column:Backlog")
        await pilot.press("home", *["down"] * backlog)
        assert view.rows[view.cursor].group == "column:To Do"
        await pilot.press("up")
        assert view.rows[view.cursor].group == "column:Backlog"
        await pilot.press("end")
        assert view.cursor == len(view.rows) - 1 and view.rows[view.cursor].group == "column:Done"
        await pilot.press("home")
        assert _key(view) == "DP-14"
        await pilot.press("up")
        assert _key(view) == "DP-14"
        await pilot.press("pagedown")
        assert view.cursor > 20 and view.current_card is not None
        await pilot.press("pageup")
        assert view.current_card is not None and view.cursor < 5


async def test_b_cycles_column_label_and_scope_groups_keeping_the_card(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    with db.session(write=True) as session:
        label = labels.create_label(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id,
            data=LabelCreateIn(name="Backend", color="#ff8800"),
        )
        labels.add_label_to_card(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id,
            card_id=_card_id(db, project_id, "DP-3"), label_id=label.id,
        )
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        await pilot.press("down")
        assert _key(view) == "DP-3"
        await pilot.press("b")
        assert view.grouping == "label"
        assert _groups(view) == ["Backend", "No label"]
        assert [r.card.key for r in view.rows if r.card and r.group == "label:Backend"] == ["DP-3"]
        assert not any(r.card and r.card.key == "DP-3" and r.group == "label:No label" for r in view.rows)
        assert _key(view) == "DP-3"
        await pilot.press("b")
        assert view.grouping == "scope" and _groups(view) == ["Main"]
        assert _key(view) == "DP-3"
        assert "by scope" in view.render_line(1).text
        await pilot.press("b")
        assert view.grouping == "column" and _key(view) == "DP-3"


async def test_zoom_keys_go_between_week_month_and_quarter(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        await pilot.press("z")
        assert view.zoom.name == "week"
        assert "· W" in view.render_line(1).text and "Sa 28" in view.render_line(2).text
        await pilot.press("plus")  # already the closest zoom
        assert view.zoom.name == "week"
        await pilot.press("Z", "minus")
        assert view.zoom.name == "quarter"
        assert "quarter" in view.render_line(2).text
        await pilot.press("Z")
        assert view.zoom.name == "quarter"
        await pilot.press("plus")
        assert view.zoom.name == "month"
        assert _key(view) == "DP-14"


async def test_scrolling_in_time_by_step_page_today_and_the_cards_bar(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        home = view.origin
        assert view.origin < TODAY < view.scale.last
        await pilot.press("right")
        assert view.origin == home + timedelta(days=7)  # a week at month zoom
        await pilot.press("h", "h")
        assert view.origin == home - timedelta(days=7)
        await pilot.press("right_square_bracket")
        assert view.origin == home - timedelta(days=7) + timedelta(days=view.scale.days - 1)
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert view.origin < home - timedelta(days=30)
        await pilot.press("t")
        assert view.origin == home
        await pilot.press("z")
        zoomed = view.origin
        await pilot.press("l")
        assert view.origin == zoomed + timedelta(days=1)  # a day at week zoom
        await pilot.press("full_stop")  # DP-14 starts on Nov 4, off screen at week zoom
        assert view.origin <= date(2026, 11, 4) <= view.scale.last


# -- editing dates ------------------------------------------------------------------------


async def test_shift_arrows_move_the_whole_bar_by_the_zooms_unit(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        await _go_to(pilot, view, "DP-3")
        await pilot.press("shift+right")  # month zoom: a week
        await settle(pilot)
        assert _dates(db, project_id, "DP-3") == (datetime(2026, 11, 13), datetime(2026, 11, 18))
        await pilot.press("L")
        await settle(pilot)
        assert _dates(db, project_id, "DP-3") == (datetime(2026, 11, 20), datetime(2026, 11, 25))
        await pilot.press("z", "shift+left")  # week zoom: a day
        await settle(pilot)
        assert _dates(db, project_id, "DP-3") == (datetime(2026, 11, 19), datetime(2026, 11, 24))
        await pilot.press("Z", "Z", "L")  # quarter zoom: a month
        await settle(pilot)
        assert _dates(db, project_id, "DP-3") == (datetime(2026, 12, 19), datetime(2026, 12, 24))
        await pilot.press("H")
        await settle(pilot)
        assert _dates(db, project_id, "DP-3") == (datetime(2026, 11, 19), datetime(2026, 11, 24))
        assert _key(view) == "DP-3" and app.focused is view


async def test_keys_pressed_faster_than_commits_all_count(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        await _go_to(pilot, view, "DP-3")
        await pilot.press("z", *["L"] * 4, "greater_than_sign", "greater_than_sign")
        assert view.current_card is not None and view.current_card.due_date == datetime(2026, 11, 17)
        await settle(pilot, rounds=6)
        assert _dates(db, project_id, "DP-3") == (datetime(2026, 11, 10), datetime(2026, 11, 17))
        assert _key(view) == "DP-3"


async def test_angle_brackets_stretch_and_shrink_the_due_end(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        await _go_to(pilot, view, "DP-3")
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert _dates(db, project_id, "DP-3") == (datetime(2026, 11, 6), datetime(2026, 11, 18))
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert _dates(db, project_id, "DP-3") == (datetime(2026, 11, 6), datetime(2026, 11, 11))


async def test_a_due_date_before_the_start_is_refused_with_a_message(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        await _go_to(pilot, view, "DP-3")
        await pilot.press("less_than_sign")  # Nov 4 is before the start, Nov 6
        await settle(pilot)
        assert _dates(db, project_id, "DP-3") == (datetime(2026, 11, 6), datetime(2026, 11, 11))
        assert any(n.message == "Due date: must not be before the start date" for n in app._notifications)  # type: ignore[attr-defined]
        assert view.current_card is not None and view.current_card.due_date == datetime(2026, 11, 11)
        await pilot.press("z", "ctrl+right", "ctrl+right")  # the start can still move within the bar
        await settle(pilot)
        assert _dates(db, project_id, "DP-3") == (datetime(2026, 11, 8), datetime(2026, 11, 11))


async def test_ctrl_arrows_and_parentheses_move_the_start(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        await _go_to(pilot, view, "DP-3")
        await pilot.press("ctrl+left")  # a week earlier at month zoom
        await settle(pilot)
        assert _dates(db, project_id, "DP-3") == (datetime(2026, 10, 30), datetime(2026, 11, 11))
        await pilot.press("z", "right_parenthesis", "right_parenthesis")
        await settle(pilot)
        assert _dates(db, project_id, "DP-3") == (datetime(2026, 11, 1), datetime(2026, 11, 11))
        await pilot.press("left_parenthesis")
        await settle(pilot)
        assert _dates(db, project_id, "DP-3") == (datetime(2026, 10, 31), datetime(2026, 11, 11))


async def test_a_card_with_one_date_moves_it_and_can_grow_a_bar(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        await _go_to(pilot, view, "DP-4")
        assert "due Sat 7 Nov 2026 only" in view.render_line(0).text
        await pilot.press("shift+right")
        await settle(pilot)
        assert _dates(db, project_id, "DP-4") == (None, datetime(2026, 11, 14))
        await pilot.press("ctrl+left")  # a start a week before the due date: now a bar
        await settle(pilot)
        assert _dates(db, project_id, "DP-4") == (datetime(2026, 11, 7), datetime(2026, 11, 14))
        assert "8 days" in view.render_line(0).text


async def test_an_unscheduled_card_is_listed_last_and_shift_arrow_schedules_it_today(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    with db.session(write=True) as session:
        backlog = session.scalars(
            select(BoardColumn.id).where(BoardColumn.project_id == project_id, BoardColumn.name == "Backlog")
        ).one()
        cards.create_card(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, column_id=backlog,
            data=CardCreateIn(title="Someday maybe"),
        )
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        assert _groups(view)[-1] == "Unscheduled"
        await pilot.press("end")
        assert view.current_card is not None and view.current_card.title == "Someday maybe"
        key = _key(view)
        assert key is not None
        await pilot.press("shift+right")
        await settle(pilot, rounds=6)
        assert _dates(db, project_id, key) == (datetime(2026, 11, 28), datetime(2026, 11, 28))
        assert "Unscheduled" not in _groups(view)
        assert _key(view) == key and view.rows[view.cursor].group == "column:Backlog"


# -- opening cards, reloads, empty scope ------------------------------------------------------


async def test_enter_and_e_open_the_card_and_n_creates_one(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor) and app.screen.card_id == _card_id(db, project_id, "DP-3")
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is view
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor) and app.screen.card_id == _card_id(db, project_id, "DP-3")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor) and app.screen.card_id is None


async def test_the_cursor_stays_on_its_card_across_reloads(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        await _go_to(pilot, view, "DP-11")
        _update(demo, "DP-14", CardUpdateIn(title="Renamed elsewhere"))
        await settle(pilot, rounds=6)
        assert any(r.card and r.card.title == "Renamed elsewhere" for r in view.rows)
        assert _key(view) == "DP-11"
        _update(demo, "DP-11", CardUpdateIn(start_date=datetime(2026, 10, 1)))  # its row moves up the group
        await settle(pilot, rounds=6)
        assert _key(view) == "DP-11"
        assert [r.card.key for r in view.rows[1:3] if r.card] == ["DP-11", "DP-14"]
        assert app.focused is view


async def test_a_filter_that_matches_nothing_says_so(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        await pilot.press("slash", *"nothingmatchesthis", "enter")
        await settle(pilot)
        assert view.board is not None and view.board.card_count == 0
        assert "No cards match the filter." in view.render_line(4).text
        assert app.focused is view


async def test_an_empty_scope_says_so(empty_project: Database) -> None:
    app = make_app(empty_project)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        assert view.rows == []
        assert "No cards in this scope yet: press n to create one." in view.render_line(4).text
        await pilot.press("down", "shift+right", "greater_than_sign", "b", "z", "enter")
        await settle(pilot)
        assert view.current_card is None and view.grouping == "label" and view.zoom.name == "week"
        assert app.focused is view


def _card_line(view: RoadmapView, key: str) -> list[Segment]:
    """The segments of the line that draws ``key``'s row."""
    for y in range(view.size.height):
        line = list(view.render_line(y))
        if any(seg.text == key for seg in line):
            return line
    raise AssertionError(f"{key} is not drawn")


async def test_a_done_card_past_its_due_date_is_not_drawn_as_overdue(demo: Demo) -> None:
    """DP-22 is done and was due Nov 14; DP-24, in To Do, was due Nov 24 and is overdue."""
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_roadmap(app, pilot)
        red = Style(color="red").color
        cases = (("DP-24", " Design rate limits", True), ("DP-22", " Plan backups", False))
        for key, _title, late in cases:
            await _go_to(pilot, view, key)
            status = view.render_line(0).text
            assert ("overdue" in status) is late, status
        await pilot.press("home")  # off both rows, so neither is drawn highlighted
        assert _key(view) not in ("DP-24", "DP-22")
        await pilot.press("h", "h", "h")  # back in time until both bars' ends are on screen
        assert view.origin <= date(2026, 11, 14) and date(2026, 11, 24) <= view.scale.last
        for key, title_text, late in cases:
            line = _card_line(view, key)
            backgrounds = {seg.style.bgcolor for seg in line if seg.style is not None}
            # The bar is drawn in the overdue colours, or else in its status's colours.
            assert (OVERDUE_BAR.bgcolor in backgrounds) is late, key
            assert late or BAR["done"].bgcolor in backgrounds, key
            title = next(seg for seg in line if seg.text.startswith(title_text))
            assert title.style is not None and (title.style.color == red) is late, key
