"""Emoji and wide characters line up in any terminal: activity, notifications, stats, list and roadmap rows.

rich (so Textual) measures ❄️ (snowflake + U+FE0F) two cells wide and 👍🏽 two,
where tmux 3.3 draws ❄️ one cell wide and 👍🏽 four (measured with capture-pane
and the cursor position): the rest of such a row lands off by a cell or two.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from rich.cells import cell_len, get_character_cell_size
from sqlalchemy import select, update
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import OptionList

from stellary_core.db import Database
from stellary_core.models import Card, User
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardUpdateIn
from stellary_core.services import cards
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.screens.notifications import NotificationsScreen
from stellary_tui.terminal_text import steady
from stellary_tui.views.calendar_view import CalendarView
from stellary_tui.views.kanban import KanbanBoard
from stellary_tui.views.list_view import ListView
from stellary_tui.views.roadmap_view import TODAY_LINE, RoadmapView
from stellary_tui.views.stats_view import StatsView
from stellary_tui.widgets.stats_charts import StatsChart
from tests.tui.conftest import FROZEN_NOW, SIZE, make_app, settle
from tests.tui.teammates import demo_teammate, move_card, teammates_at_work

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]

SKIN_TONES = range(0x1F3FB, 0x1F400)
# The names of the tests, each with a sequence that terminals draw at different widths.
NAMES = {
    "ada": "Ada ❄️ Frost",
    "linus": "Linus 👍🏽",
    "grace": "Grace 🧑‍💻 漢字",
}


def width_one_by_one(text: str) -> int:
    """The width a terminal that joins nothing gives ``text`` (tmux 3.3 for ❄️ and 👍🏽): each code point alone.

    A skin-tone modifier alone is a wide emoji (East Asian Width W); rich gives it 0
    because it counts it as part of the emoji before it.
    """
    return sum(2 if ord(c) in SKIN_TONES else get_character_cell_size(c) for c in text)


@pytest.mark.parametrize("name", [*NAMES.values(), "Zoë 🚀 / Platform lead", "1️⃣ keycap", "plain"])
def test_steady_text_has_one_width_whether_the_terminal_joins_emoji_or_not(name: str) -> None:
    shown = steady(name)
    assert cell_len(shown) == width_one_by_one(shown)


def test_the_names_of_these_tests_are_measured_differently_unless_steadied() -> None:
    assert all(cell_len(name) != width_one_by_one(name) for name in NAMES.values())
    assert [steady(name) for name in NAMES.values()] == ["Ada ❄ Frost", "Linus 👍", "Grace 🧑💻 漢字"]
    assert steady("Zoë 🚀 / 山田") == "Zoë 🚀 / 山田"  # wide characters are kept: both measures agree on them


def rename_teammates(db: Database) -> None:
    with db.session(write=True) as session:
        for handle, name in NAMES.items():
            session.execute(update(User).where(User.email == f"{handle}@demo.stellary.local").values(name=name))


def rows_in_line(widget: Widget) -> list[str]:
    """The rows ``widget`` draws that a terminal joining nothing would draw wider or narrower than Textual laid them out."""
    out = []
    for y in range(widget.size.height):
        text = widget.render_line(y).text
        if width_one_by_one(text) != widget.size.width or cell_len(text) != widget.size.width:
            out.append(text)
    return out


async def test_activity_rows_with_emoji_names_line_up(demo: Demo) -> None:
    db, _me, workspace_id, project_id = demo
    rename_teammates(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = app.screen.query_one(KanbanBoard).current_card
        assert card is not None
        for handle, column in zip(NAMES, ("To Do", "In Progress", "In Review"), strict=True):
            move_card(db, demo_teammate(db, handle), workspace_id, project_id, card.key, column)
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        editor.show_tab("tab-activity")
        await settle(pilot)
        listing = editor.query_one("#activity-list", OptionList)
        shown = "\n".join(str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count))
        assert rows_in_line(listing) == []
        assert "Ada ❄ Frost moved Backlog → To Do" in shown and "Linus 👍 moved To Do" in shown and "Grace 🧑💻 漢字" in shown


async def test_notification_rows_with_emoji_names_line_up(demo: Demo) -> None:
    db, me, workspace_id, project_id = demo
    rename_teammates(db)
    teammates_at_work(db, me, workspace_id, project_id, at=FROZEN_NOW)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(pilot, "N")
        assert isinstance(app.screen, NotificationsScreen)
        listing = app.screen.query_one("#notification-list", OptionList)
        assert listing.option_count == 3
        assert rows_in_line(listing) == []


async def test_stats_rows_per_assignee_with_emoji_names_line_up(demo: Demo) -> None:
    db, *_ = demo
    rename_teammates(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(pilot, "5")
        chart = app.screen.query_one(StatsView).query_one("#chart-assignees", StatsChart)
        text = chart.render().plain  # type: ignore[union-attr]
        assert rows_in_line(chart) == []
        assert "Ada ❄ Frost┤" in text and "Linus 👍┤" in text


def change_first_card(demo: Demo, change: CardUpdateIn) -> None:
    db, actor, workspace_id, project_id = demo
    with db.session(write=True) as session:
        first = session.scalars(select(Card).where(Card.project_id == project_id).order_by(Card.number)).first()
        assert first is not None
        where = {"workspace_id": workspace_id, "project_id": project_id}
        cards.update_card(session, actor=actor, card_id=first.id, data=change, **where)


async def open_view(pilot: Pilot[None], key: str) -> None:
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)


async def test_list_rows_with_emoji_titles_and_assignees_line_up(demo: Demo) -> None:
    db = demo[0]
    rename_teammates(db)
    with db.session() as session:
        ada = session.scalars(select(User.id).where(User.email == "ada@demo.stellary.local")).one()
    change_first_card(demo, CardUpdateIn(title="Winter sale ❄️ banner 👍🏽", assignee_id=ada))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(pilot, "2")
        grid = app.screen.query_one(ListView)
        assert rows_in_line(grid) == []
        assert "Winter sale ❄ banner 👍" in "\n".join(grid.render_line(y).text for y in range(grid.size.height))


def today_line_columns(view: RoadmapView) -> set[int]:
    """The cells at which each card row draws the roadmap's today line."""
    found = set()
    for y in range(3, view.size.height):
        x = 0
        for segment in view.render_line(y):
            if segment.text == "│" and segment.style is not None and segment.style.color == TODAY_LINE.color:
                found.add(x)
            x += cell_len(segment.text)
    return found


async def test_a_roadmap_bar_titled_with_wide_characters_keeps_the_today_line_in_place(demo: Demo) -> None:
    """The bar's canvas took one cell per character: after 漢字 the rest of the row, today's line included, moved right."""
    change_first_card(demo, CardUpdateIn(title="漢字 ❄️", start_date=datetime(2026, 11, 20), due_date=datetime(2026, 12, 3)))
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        await open_view(pilot, "4")
        view = app.screen.query_one(RoadmapView)
        assert " 漢字 ❄" in "\n".join(view.render_line(y).text for y in range(view.size.height))
        assert len(today_line_columns(view)) == 1
        assert rows_in_line(view) == []
        await pilot.press("3")  # the calendar: the card is on Thu Dec 3, in the last week shown
        await settle(pilot)
        calendar = app.screen.query_one(CalendarView)
        assert calendar.cards.on(date(2026, 12, 3))
        assert rows_in_line(calendar) == []
