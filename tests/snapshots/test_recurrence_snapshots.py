"""Snapshots of recurring cards: the editor's Repeats row at 160x50, 100x30 and 80x24, and the board's mark."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import BoardColumn, Card, Scope
from stellary_core.services import seeding
from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import after
from tests.tui.conftest import SIZE, frozen, make_app  # noqa: F401  (frozen: fixture)

SIZES = [(160, 50), (100, 30), (80, 24)]
REPEATS_FIELD = ["tab"] * 7  # from the title: priority, status, column, start, due, assignee, then Repeats


@pytest.fixture
def recurring_app(db: Database, frozen: datetime) -> StellaryApp:
    """The demo, with the card the board opens on repeating every other week on Monday and Thursday."""
    with db.session(write=True) as session:
        seeding.create_demo_profile(session, cards=40)
        first = session.scalars(
            select(Card)
            .join(BoardColumn, BoardColumn.id == Card.column_id)
            .join(Scope, Scope.id == Card.scope_id)
            .where(Scope.is_default.is_(True), Card.archived.is_(False))
            .order_by(BoardColumn.order, Card.order)
        ).first()
        assert first is not None
        first.recurrence = {"every": "week", "interval": 2, "weekdays": ["mon", "thu"], "monthDay": None}
    return make_app(db)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_card_editor_repeats_weekly(snap_compare: Any, recurring_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(recurring_app, terminal_size=size, run_before=after("enter", *REPEATS_FIELD))


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_card_editor_repeats_choice_open(snap_compare: Any, recurring_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(recurring_app, terminal_size=size, run_before=after("enter", *REPEATS_FIELD, "enter"))


def test_card_editor_repeats_monthly_on_the_due_day(snap_compare: Any, recurring_app: StellaryApp) -> None:
    """Monthly: the weekdays give way to the day of the month, blank meaning the due date's."""
    keys = ("enter", *REPEATS_FIELD, "enter", "down", "enter", "tab")
    assert snap_compare(recurring_app, terminal_size=(80, 24), run_before=after(*keys))


def test_board_marks_a_recurring_card(snap_compare: Any, recurring_app: StellaryApp) -> None:
    assert snap_compare(recurring_app, terminal_size=SIZE, run_before=after())
