"""Pilot tests of the card editor: create, edit every field, checklist, validation."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from textual.widgets import Input, Label, Select, SelectionList, TextArea

from stellary_core.db import Database
from stellary_core.models import BoardColumn, Card, ChecklistItem, User
from stellary_core.principal import Principal
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.screens.dialogs import ConfirmDialog
from stellary_tui.views.kanban import KanbanBoard
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio
Demo = tuple[Database, Principal, str, str]


async def test_n_creates_a_card_in_the_focused_column(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right", "n")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        await pilot.press(*"Write the launch plan")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CardEditor)
        board = app.screen.query_one(KanbanBoard)
        assert board.current_card is not None and board.current_card.title == "Write the launch plan"
    with db.session() as session:
        card = session.scalar(select(Card).where(Card.title == "Write the launch plan"))
        assert card is not None
        column = session.get_one(BoardColumn, card.column_id)
        assert column.name == "To Do" and card.key == "DP-25" and card.status == "todo"


async def test_editor_saves_every_field_and_the_checklist(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = app.screen.query_one(KanbanBoard).current_card
        assert target is not None
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        editor.query_one("#title", Input).value = "Renamed in the editor"
        editor.query_one("#description", TextArea).text = "Line one\nLine two"
        editor.query_one("#priority", Select).value = "high"
        editor.query_one("#status", Select).value = "in_progress"
        editor.query_one("#start-date", Input).value = "2026-12-01"
        editor.query_one("#due-date", Input).value = "2026-12-24"
        with db.session() as session:
            grace = session.scalar(select(User).where(User.email == "grace@demo.stellary.local"))
            assert grace is not None
        editor.query_one("#assignee", Select).value = grace.id
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CardEditor)
    with db.session() as session:
        card = session.get_one(Card, target.id)
        assert card.title == "Renamed in the editor"
        assert card.description == "Line one\nLine two"
        assert card.priority == "high" and card.status == "in_progress"
        assert card.start_date is not None and card.start_date.isoformat() == "2026-12-01T00:00:00"
        assert card.due_date is not None and card.due_date.isoformat() == "2026-12-24T00:00:00"
        assert card.assignee_id == grace.id


async def test_checklist_items_are_added_toggled_and_removed(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Card with a checklist")
        editor = app.screen
        await pilot.press("ctrl+t")
        assert editor.query_one("#editor-tabs").active == "tab-checklist"  # type: ignore[attr-defined]
        assert app.focused is editor.query_one("#checklist-new", Input)
        await pilot.press(*"first", "enter", *"second", "enter", *"third", "enter")
        editor.query_one("#checklist-items").focus()
        await pilot.press("home", "space", "down", "delete")
        assert "1/2 done" in str(editor.query_one("#checklist-progress", Label).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
    with db.session() as session:
        card = session.scalar(select(Card).where(Card.title == "Card with a checklist"))
        assert card is not None
        items = session.scalars(select(ChecklistItem).where(ChecklistItem.card_id == card.id).order_by(ChecklistItem.order)).all()
        assert [(i.title, i.done, i.order) for i in items] == [("first", True, 0), ("third", False, 1)]
        assert (card.checklist_total, card.checklist_done) == (2, 1)


async def test_bad_date_shows_a_readable_error_and_saves_nothing(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = app.screen.query_one(KanbanBoard).current_card
        assert target is not None
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        editor.query_one("#due-date", Input).value = "next tuesday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        # The form's own words, not the wire's ("dueDate: must be an ISO-8601 date or date-time").
        assert str(editor.query_one("#editor-error", Label).render()) == "Due date: use YYYY-MM-DD"
    with db.session() as session:
        assert session.get_one(Card, target.id).due_date == target.due_date


async def test_due_before_start_is_refused_by_the_service(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        editor.query_one("#title", Input).value = "Backwards"
        editor.query_one("#start-date", Input).value = "2026-12-10"
        editor.query_one("#due-date", Input).value = "2026-12-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        message = str(editor.query_one("#editor-error", Label).render())
        assert message == "Due date: must not be before the start date"
    with db.session() as session:
        assert session.scalar(select(Card).where(Card.title == "Backwards")) is None


async def test_escape_closes_without_saving(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = app.screen.query_one(KanbanBoard).current_card
        assert target is not None
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#title", Input).value = "Never saved"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question == f"Discard your changes to {target.key}?"
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, CardEditor)
    with db.session() as session:
        assert session.get_one(Card, target.id).title == target.title


async def test_escape_on_an_untouched_card_closes_at_once(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, (CardEditor, ConfirmDialog))


@pytest.mark.parametrize("edit", ["description", "checklist", "label", "new card"])
async def test_escape_with_unsaved_edits_asks_and_no_keeps_them(demo: Demo, edit: str) -> None:
    from stellary_core.schemas.labels import LabelCreateIn
    from stellary_core.services import labels

    db, actor, workspace_id, project_id = demo
    with db.session(write=True) as session:
        labels.create_label(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, data=LabelCreateIn(name="bug", color="#ff0000")
        )
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n" if edit == "new card" else "e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        if edit == "description":
            editor.query_one("#description", TextArea).text = "Half a thought"
        elif edit == "checklist":
            await pilot.press("ctrl+t", *"one more step", "enter")
        elif edit == "label":
            labels = editor.query_one("#labels-list", SelectionList)
            labels.toggle(labels.get_option_at_index(0).value)
        else:
            editor.query_one("#title", Input).value = "A new idea"
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is editor
        assert editor.unsaved()
