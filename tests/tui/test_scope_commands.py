"""Pilot tests of the scope menu (s) and the saved filters (f) of the main screen."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from stellary_core.db import Database
from stellary_core.models import SavedFilter, Scope
from stellary_core.principal import Principal
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog, PromptDialog
from stellary_tui.screens.main import MainScreen
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio
Demo = tuple[Database, Principal, str, str]


def choices(pilot: Pilot[None]) -> dict[str, str]:
    """The open ChoiceDialog's options: id -> label."""
    assert isinstance(pilot.app.screen, ChoiceDialog), pilot.app.screen
    options = pilot.app.screen.query_one(OptionList)
    found = (options.get_option_at_index(i) for i in range(options.option_count))
    return {str(option.id): str(option.prompt) for option in found}


async def pick(pilot: Pilot[None], choice_id: str) -> None:
    await pilot.press(*["down"] * list(choices(pilot)).index(choice_id), "enter")
    await settle(pilot, rounds=5)


async def answer(pilot: Pilot[None], text: str) -> None:
    assert isinstance(pilot.app.screen, PromptDialog)
    pilot.app.screen.query_one("#prompt-input", Input).value = text
    await pilot.press("enter")
    await settle(pilot, rounds=5)


def scopes_of(db: Database, project_id: str) -> dict[str, str]:
    with db.session() as session:
        rows = session.execute(select(Scope.id, Scope.name).where(Scope.project_id == project_id)).all()
        return {scope_id: name for scope_id, name in rows}


def main(pilot: Pilot[None]) -> MainScreen:
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def test_scopes_are_listed_created_switched_renamed_and_deleted(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    (default_id, default_name), = scopes_of(db, project_id).items()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        listed = choices(pilot)
        assert listed[default_id] == f"● {default_name}  (24 cards)"
        assert "+delete" not in listed  # the default scope cannot be deleted

        await pick(pilot, "+new")
        await answer(pilot, "Phase 2")
        made = {i: n for i, n in scopes_of(db, project_id).items() if i != default_id}
        (new_id, new_name), = made.items()
        board = main(pilot).board
        assert new_name == "Phase 2" and main(pilot).scope_id == new_id
        assert board is not None and board.scope.name == "Phase 2" and board.card_count == 0

        await pilot.press("s")
        await settle(pilot)
        assert choices(pilot)[new_id] == "● Phase 2  (0 cards)"
        await pick(pilot, "+rename")
        await answer(pilot, "Phase Two")
        assert scopes_of(db, project_id)[new_id] == "Phase Two"
        board = main(pilot).board
        assert board is not None and board.scope.name == "Phase Two"

        await pilot.press("s")
        await settle(pilot)
        await pick(pilot, default_id)
        assert main(pilot).scope_id == default_id
        board = main(pilot).board
        assert board is not None and board.card_count == 24

        await pilot.press("s")
        await settle(pilot)
        await pick(pilot, new_id)
        await pilot.press("s")
        await settle(pilot)
        await pick(pilot, "+delete")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot, rounds=5)
        assert scopes_of(db, project_id) == {default_id: default_name}
        board = main(pilot).board
        assert board is not None and board.scope.id == default_id and board.card_count == 24


async def test_a_filter_is_saved_cleared_and_applied_again(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert choices(pilot) == {}  # nothing saved, no filter to save
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("slash", *"priority:high", "enter")
        await settle(pilot)
        filtered = main(pilot).view_board
        assert filtered is not None and 0 < filtered.card_count < 24
        await pilot.press("f")
        await settle(pilot)
        await pick(pilot, "+save")
        await answer(pilot, "Urgent")
        with db.session() as session:
            saved: Any = session.scalars(select(SavedFilter)).one()
        assert (saved.name, saved.query) == ("Urgent", "priority:high")

        await pilot.press("f")
        await settle(pilot)
        assert choices(pilot)[saved.id] == "Urgent   priority:high"
        await pick(pilot, "+clear")
        assert not main(pilot).card_query

        await pilot.press("f")
        await settle(pilot)
        await pick(pilot, saved.id)
        assert main(pilot).card_query.text == "priority:high"
        board = main(pilot).view_board
        assert board is not None and board.card_count == filtered.card_count
