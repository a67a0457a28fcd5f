"""u undoes and ctrl+r redoes the session's card changes (moves, edits, archives, deletions), checked in the database."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from textual.widgets import Input, Select

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.models import Card, ChecklistItem, Comment
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardUpdateIn
from stellary_core.schemas.comments import CommentCreateIn
from stellary_core.services import cards, comments
from stellary_tui.app import StellaryApp
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.views.kanban import KanbanBoard
from tests.tui.conftest import FROZEN_NOW, SIZE, make_app, settle
from tests.tui.teammates import card_by_key, demo_teammate
from tests.tui.test_board import _column_cards
from tests.tui.test_key_explanations import said_by

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]


def _card(db: Database, card_id: str) -> Card | None:
    with db.session() as session:
        return session.get(Card, card_id)


async def _start(app: StellaryApp, pilot: Any) -> KanbanBoard:
    await settle(pilot)
    return app.screen.query_one(KanbanBoard)


async def test_u_puts_a_moved_card_back_and_ctrl_r_moves_it_again(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    before = _column_cards(db, project_id)
    moved = before["Backlog"][0]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await _start(app, pilot)
        await pilot.press("shift+right", "shift+right")  # two presses in a row: one step
        await settle(pilot)
        assert _column_cards(db, project_id)["In Progress"][0] == moved
        await pilot.press("u")
        await settle(pilot)
        assert _column_cards(db, project_id) == before
        assert app.screen.query_one(KanbanBoard).current_card.key == moved  # type: ignore[union-attr]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert _column_cards(db, project_id)["In Progress"][0] == moved
    assert said[-2:] == [f"Undid: move {moved} Backlog → In Progress", f"Redid: move {moved} Backlog → In Progress"]


async def test_u_undoes_a_reorder_within_a_column(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    before = _column_cards(db, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await _start(app, pilot)
        await pilot.press("shift+down", "shift+down")
        await settle(pilot)
        assert _column_cards(db, project_id)["Backlog"][2] == before["Backlog"][0]
        await pilot.press("u")
        await settle(pilot)
    assert _column_cards(db, project_id) == before
    assert said[-1] == f"Undid: move {before['Backlog'][0]} within Backlog"


async def test_u_undoes_an_edit_saved_in_the_editor_field_by_field(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        board = await _start(app, pilot)
        target = board.current_card
        assert target is not None
        original = _card(db, target.id)
        assert original is not None and original.priority != "high"
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        editor.query_one("#title", Input).value = "Renamed in the editor"
        editor.query_one("#priority", Select).value = "high"
        editor.query_one("#due-date", Input).value = "2026-12-24"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CardEditor)
        await pilot.press("u")
        await settle(pilot)
        undone = _card(db, target.id)
        assert undone is not None
        assert (undone.title, undone.priority, undone.due_date) == (original.title, original.priority, original.due_date)
        await pilot.press("ctrl+r")
        await settle(pilot)
        redone = _card(db, target.id)
        assert redone is not None and (redone.title, redone.priority) == ("Renamed in the editor", "high")
        assert redone.due_date is not None and redone.due_date.date().isoformat() == "2026-12-24"
    assert said[-2:] == [f"Undid: edit {target.key} (title, priority, due date)", f"Redid: edit {target.key} (title, priority, due date)"]


async def test_u_brings_an_archived_card_back_to_its_place(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    before = _column_cards(db, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await _start(app, pilot)
        await pilot.press("down", "a")  # the second card of Backlog
        await settle(pilot)
        archived = before["Backlog"][1]
        assert archived not in _column_cards(db, project_id)["Backlog"]
        await pilot.press("u")
        await settle(pilot)
        assert _column_cards(db, project_id) == before
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert archived not in _column_cards(db, project_id)["Backlog"]
    assert said[-2:] == [f"Undid: archive {archived}", f"Redid: archive {archived}"]


async def test_u_brings_a_deleted_card_back_with_its_key_comments_and_checklist(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    before = _column_cards(db, project_id)
    doomed = card_by_key(db, project_id, before["Backlog"][0])
    with db.session(write=True) as session:
        comments.add_comment(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=doomed.id,
            data=CommentCreateIn(content="Keep this"),
        )
        cards.update_card(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=doomed.id,
            data=CardUpdateIn.model_validate({"checklist": [{"title": "first step", "done": True}]}),
        )
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await _start(app, pilot)
        await pilot.press("d", "y")
        await settle(pilot)
        assert _card(db, doomed.id) is None
        await pilot.press("u")
        await settle(pilot)
        back = _card(db, doomed.id)
        assert back is not None and back.key == doomed.key
        assert _column_cards(db, project_id) == before
        with db.session() as session:
            assert session.scalars(select(Comment.content).where(Comment.card_id == doomed.id)).all() == ["Keep this"]
            assert session.scalars(select(ChecklistItem.title).where(ChecklistItem.card_id == doomed.id)).all() == ["first step"]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert _card(db, doomed.id) is None
    assert said[-2:] == [f"Undid: delete {doomed.key} “{doomed.title}”", f"Redid: delete {doomed.key} “{doomed.title}”"]


async def test_an_undo_of_a_card_someone_changed_since_is_refused_and_keeps_their_change(demo: Demo) -> None:
    db, _actor, workspace_id, project_id = demo
    moved = _column_cards(db, project_id)["Backlog"][0]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await _start(app, pilot)
        await pilot.press("shift+right")
        await settle(pilot)
        card = card_by_key(db, project_id, moved)
        clock.freeze(FROZEN_NOW + timedelta(minutes=5))  # Ada edits it a few minutes later, from another client
        with db.session(write=True) as session:
            cards.update_card(
                session, actor=demo_teammate(db, "ada"), workspace_id=workspace_id, project_id=project_id,
                card_id=card.id, data=CardUpdateIn(title="Ada's title"),
            )
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert _column_cards(db, project_id)["To Do"][0] == moved  # not moved back
        assert card_by_key(db, project_id, moved).title == "Ada's title"
        await pilot.press("u")  # the refused step is gone: nothing is left to undo
        await settle(pilot)
    assert said[-2:] == [
        f"Could not undo move {moved} Backlog → To Do: {moved} was changed by Ada Lovelace since; nothing was overwritten.",
        "Nothing to undo.",
    ]


async def test_a_new_change_clears_what_could_be_redone(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await _start(app, pilot)
        await pilot.press("shift+right")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("down", "shift+right")  # another card moves
        await settle(pilot)
        after = _column_cards(db, project_id)
        await pilot.press("ctrl+r")
        await settle(pilot)
    assert said[-1] == "Nothing to redo."
    assert _column_cards(db, project_id) == after


async def test_the_palette_offers_undo_naming_the_change(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    moved = _column_cards(db, project_id)["Backlog"][0]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await _start(app, pilot)
        await pilot.press("shift+right")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"undo")
        await settle(pilot)
        await pilot.pause(0.3)
        from textual.command import CommandPalette

        palette = app.screen
        assert isinstance(palette, CommandPalette)
        shown = " ".join(str(option.prompt) for option in palette.query_one("CommandList").options)  # type: ignore[attr-defined]
        assert f"Undo move {moved} Backlog → To Do (u)" in shown
        await pilot.press("enter")
        await settle(pilot)
    assert _column_cards(db, project_id)["Backlog"][0] == moved
