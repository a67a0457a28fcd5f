"""Recurring cards in the TUI: the editor's Repeats row, the board's mark, and the next occurrence appearing."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input, Label, Select

from stellary_core.db import Database
from stellary_core.models import Card
from stellary_core.operations.catalog.views import CardRow
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardUpdateIn
from stellary_core.services import cards
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.screens.dialogs import ConfirmDialog
from stellary_tui.views.kanban import KanbanBoard
from stellary_tui.widgets.card_activity import describe
from stellary_tui.widgets.card_recurrence import parse_weekdays
from tests.tui.conftest import SIZE, make_app, settle
from tests.tui.test_key_explanations import said_by
from tests.tui.test_screens_fit import screen_text

pytestmark = pytest.mark.anyio
Demo = tuple[Database, Principal, str, str]


def _recurrence(db: Database, card_id: str) -> Any:
    with db.session() as session:
        return session.get_one(Card, card_id).recurrence


def _set_recurrence(demo: Demo, card_id: str, recurrence: dict[str, Any] | None) -> None:
    db, actor, workspace_id, project_id = demo
    with db.session(write=True) as session:
        cards.update_card(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card_id,
            data=CardUpdateIn(recurrence=recurrence),  # type: ignore[arg-type]
        )  # fmt: skip


async def _open_first_card(pilot: Pilot[None], demo: Demo, recurrence: dict[str, Any] | None = None) -> tuple[CardEditor, CardRow]:
    """The editor of the card the board opens on (given ``recurrence`` first, when one is given)."""
    await settle(pilot)
    target = pilot.app.screen.query_one(KanbanBoard).current_card
    assert target is not None
    if recurrence is not None:
        _set_recurrence(demo, target.id, recurrence)
    await pilot.press("enter")
    await settle(pilot)
    editor = pilot.app.screen
    assert isinstance(editor, CardEditor)
    return editor, target


async def test_weekly_on_two_days_is_set_from_the_keyboard(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        editor, target = await _open_first_card(pilot, demo)
        # Title, priority, status, column, start, due, assignee: then Repeats.
        await pilot.press(*["tab"] * 7)
        assert app.focused is editor.query_one("#repeat-every", Select)
        await pilot.press("enter", "down", "down", "enter")  # Never, Daily, [Weekly]
        await settle(pilot, rounds=1)
        assert editor.query_one("#repeat-weekdays-cell").display
        assert not editor.query_one("#repeat-month-day-cell").display
        await pilot.press("tab", *"2", "tab", *"Thursday, mon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CardEditor)
    assert _recurrence(db, target.id) == {"every": "week", "interval": 2, "weekdays": ["mon", "thu"], "monthDay": None}


async def test_the_editor_shows_a_recurrence_and_never_clears_it(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        editor, target = await _open_first_card(pilot, demo, {"every": "month", "interval": 3, "month_day": 31})
        assert editor.query_one("#repeat-every", Select).value == "month"
        assert editor.query_one("#repeat-interval", Input).value == "3"
        assert editor.query_one("#repeat-month-day", Input).value == "31"
        assert "Every … months" in str(editor.query_one("#repeat-interval-label", Label).render())
        assert not editor.unsaved()
        editor.query_one("#repeat-every", Select).value = Select.NULL
        await settle(pilot, rounds=1)
        assert editor.query_one("#repeat-interval", Input).disabled
        assert editor.unsaved()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CardEditor)
    assert _recurrence(db, target.id) is None


async def test_a_day_name_that_is_not_one_is_explained_and_nothing_is_saved(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        editor, target = await _open_first_card(pilot, demo)
        editor.query_one("#repeat-every", Select).value = "week"
        editor.query_one("#repeat-weekdays", Input).value = "mon funday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        message = str(editor.query_one("#editor-error", Label).render())
        assert message == 'Repeat on: "funday" is not a day; use day names such as mon thu'
        # What was typed is still there to fix, and escape asks before dropping it.
        assert editor.query_one("#repeat-weekdays", Input).value == "mon funday"
        await pilot.press("escape")
        await settle(pilot, rounds=1)
        assert isinstance(app.screen, ConfirmDialog)
    assert _recurrence(db, target.id) is None


async def test_a_new_card_may_repeat(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Pay the rent")
        editor = app.screen
        editor.query_one("#repeat-every", Select).value = "day"
        editor.query_one("#repeat-interval", Input).value = "14"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CardEditor)
    with db.session() as session:
        card = session.scalar(select(Card).where(Card.title == "Pay the rent"))
        assert card is not None
        assert card.recurrence == {"every": "day", "interval": 14, "weekdays": [], "monthDay": None}


async def test_a_recurring_card_has_a_mark_and_done_brings_the_next_one(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        target = board.current_card
        assert target is not None
        assert "↻" not in "\n".join(screen_text(app))
        _set_recurrence(demo, target.id, {"every": "week"})
        await settle(pilot)
        assert "↻" in "\n".join(screen_text(app))
        before = board.board.card_count if board.board else 0
        # The demo's columns run Backlog, To Do, In Progress, In Review, Done: move it into Done.
        for _ in range(4):
            await pilot.press("shift+right")
            await settle(pilot)
        await settle(pilot)
        assert board.board is not None and board.board.card_count == before + 1
        rows = {c.id: c for c in board.board.all_cards()}
        assert not rows[target.id].recurring
        follower = [c for c in rows.values() if c.title == target.title and c.id != target.id]
        assert len(follower) == 1 and follower[0].recurring
        # Said aloud: the new card may be out of sight, in another column.
        assert [n.message for n in app._notifications if n.title == "Recurring card"] == [
            f"{target.key} repeats: {follower[0].key} is next, due Nov 18."
        ]


@pytest.mark.parametrize(
    ("text", "days"),
    [("mon thu", ["mon", "thu"]), ("Thursday, MON,tu", ["mon", "tue", "thu"]), ("", []), ("su sa", ["sat", "sun"])],
)
def test_day_names_are_read_in_week_order(text: str, days: list[str]) -> None:
    assert parse_weekdays(text) == days


@pytest.mark.parametrize("text", ["t", "s", "moon", "funday", "1"])
def test_an_unclear_day_name_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a day"):
        parse_weekdays(text)


def test_the_activity_says_which_card_a_new_one_follows() -> None:
    created = SimpleNamespace(type="card_created", meta={"column": "To Do", "recurredFrom": "DP-3"})
    assert describe(created) == "created the card in To Do as the next occurrence of DP-3"
    assert describe(SimpleNamespace(type="card_created", meta={"column": "To Do"})) == "created the card in To Do"


async def test_u_undoes_setting_a_recurrence_and_ctrl_r_sets_it_again(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    weekly = {"every": "week", "interval": 1, "weekdays": ["fri"], "monthDay": None}
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        editor, target = await _open_first_card(pilot, demo)
        editor.query_one("#repeat-every", Select).value = "week"
        editor.query_one("#repeat-weekdays", Input).value = "fri"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _recurrence(db, target.id) == weekly
        await pilot.press("u")
        await settle(pilot)
        assert _recurrence(db, target.id) is None
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert _recurrence(db, target.id) == weekly
    assert said[-2:] == [f"Undid: edit {target.key} (repeats)", f"Redid: edit {target.key} (repeats)"]
