"""Snapshots of messages in human words, wrapped titles and multi-line comments (160x50, 100x30, 80x24)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import Card
from stellary_core.schemas.board import CardUpdateIn
from stellary_core.services import cards, seeding
from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import SMALL, after, after_steps
from tests.tui.conftest import SIZE, frozen, make_app  # noqa: F401  (frozen: fixture)

SIZES = pytest.mark.parametrize("size", [SIZE, SMALL, (80, 24)], ids=["160x50", "100x30", "80x24"])
# The editor opens, its comments tab shows, then the comment is typed and saved: each settles before the next.
COMMENT = (("enter",), ("ctrl+t",) * 4, (*"Checked the copy:", "enter", *"- headline ok", "enter", *"- footer typo"), ("ctrl+s",))


@SIZES
def test_comments_tab_with_a_comment_of_three_lines(snap_compare: Any, demo_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=after_steps(*COMMENT, (*"Next: ", "enter", *"the draft")))


@SIZES
def test_card_editor_says_a_bad_date_in_the_forms_words(snap_compare: Any, demo_app: StellaryApp, size: tuple[int, int]) -> None:
    keys = ("enter", "tab", "tab", "tab", "tab", *"tomorrow", "ctrl+s")
    assert snap_compare(demo_app, terminal_size=size, run_before=after(*keys))


@pytest.fixture
def edited_app(db: Database, frozen: datetime) -> StellaryApp:  # noqa: F811
    """The demo, with DP-3 (the card the board opens on) made urgent and due a week later."""
    with db.session(write=True) as session:
        actor, project = seeding.create_demo_profile(session, cards=40)
        card = session.scalars(select(Card).where(Card.project_id == project.id, Card.key == "DP-3")).one()
        assert card.due_date is not None
        change = CardUpdateIn(priority="high", due_date=card.due_date + timedelta(days=7))
        cards.update_card(
            session, actor=actor, workspace_id=project.workspace_id, project_id=project.id, card_id=card.id, data=change
        )
    return make_app(db)


@SIZES
def test_activity_tab_shows_old_and_new_values(snap_compare: Any, edited_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(edited_app, terminal_size=size, run_before=after("enter", *["ctrl+t"] * 6))
