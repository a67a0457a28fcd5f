"""Pilot tests of making and renaming columns: a new column gets a category, a name is never repeated in a scope."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from textual.widgets import Input, Label, OptionList

from stellary_core.db import Database
from stellary_core.models import BoardColumn
from stellary_core.principal import Principal
from stellary_tui.screens.column_dialog import ColumnDialog
from stellary_tui.screens.dialogs import PromptDialog
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]


def columns(db: Database, project_id: str) -> list[tuple[str, str | None]]:
    with db.session() as session:
        rows = session.scalars(select(BoardColumn).where(BoardColumn.project_id == project_id).order_by(BoardColumn.order))
        return [(c.name, c.category) for c in rows]


def offered(app: object) -> str:
    dialog = app.screen  # type: ignore[attr-defined]
    assert isinstance(dialog, ColumnDialog)
    return dialog.choice_value


async def open_new_column(pilot: Any, *moves: str) -> None:
    """Let the board load, move the cursor to the column the new one follows, press ``c``."""
    await settle(pilot)
    await pilot.press(*moves, "c")
    await settle(pilot)


def form_error(app: object) -> str:
    return str(app.screen.query_one("#form-error", Label).render())  # type: ignore[attr-defined]


async def test_the_name_suggests_the_category_and_the_column_is_made_with_it(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_new_column(pilot, "right", "right")  # after "In Progress"
        assert offered(app) == "in_progress"  # the column it follows
        await pilot.press(*"Shipped")
        assert offered(app) == "done"  # the name says so
        await pilot.press("enter")
        await settle(pilot)
        assert columns(db, project_id)[3] == ("Shipped", "done")


async def test_an_unknown_name_keeps_the_category_of_the_column_before(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_new_column(pilot, *["right"] * 4)  # after "Done"
        await pilot.press(*"Archive of Q3", "enter")
        await settle(pilot)
        assert columns(db, project_id)[-1] == ("Archive of Q3", "done")


async def test_a_category_picked_by_hand_stays_whatever_is_typed(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_new_column(pilot)
        await pilot.press("tab", "down", "down")  # from "to do" to "done"
        assert offered(app) == "done"
        await pilot.press("shift+tab", *"Backlog two")  # a name that would suggest "to do"
        assert offered(app) == "done"
        await pilot.press("enter")
        await settle(pilot)
        assert ("Backlog two", "done") in columns(db, project_id)


async def test_a_name_already_in_the_scope_is_refused_in_the_dialog(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    before = columns(db, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_new_column(pilot)
        await pilot.press(*" in review ", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ColumnDialog), "the dialog stays open with what was typed"
        assert form_error(app) == "A column named 'In Review' already exists in this scope"
        assert app.screen.query_one("#name", Input).value == " in review "
        await pilot.press("escape")
        await settle(pilot)
    assert columns(db, project_id) == before


async def test_renaming_onto_another_column_is_refused_and_its_own_case_is_not(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")  # "Backlog"
        await settle(pilot)
        field = app.screen.query_one("#prompt-input", Input)
        field.value = "DONE"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
        assert str(app.screen.query_one("#prompt-error", Label).render()) == "A column named 'Done' already exists in this scope"
        field.value = "BACKLOG"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, PromptDialog)
    assert columns(db, project_id)[0] == ("BACKLOG", "todo")


async def test_a_clash_the_board_did_not_know_of_is_shown_in_words(demo: Demo) -> None:
    """Another process added "QA" after the board loaded: the core's 409 reaches the user as a sentence."""
    db, actor, workspace_id, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_new_column(pilot)
        from stellary_core.schemas.board import ColumnCreateIn
        from stellary_core.services import columns as column_service

        with db.session(write=True) as session:
            column_service.create_column(
                session, actor=actor, workspace_id=workspace_id, project_id=project_id, data=ColumnCreateIn(name="QA")
            )
        await pilot.press(*"qa", "enter")
        await settle(pilot)
        shown = [str(n.message) for n in app._notifications]
        assert any("A column named 'QA' already exists in this scope" in message for message in shown), shown
    assert [name for name, _ in columns(db, project_id)].count("QA") == 1


async def test_the_category_list_reads_in_words(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_new_column(pilot)
        listed = app.screen.query_one("#category", OptionList)
        assert [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)] == [
            "category: to do", "category: in progress", "category: done",
        ]
