"""Pilot tests of jumping to a card: ``g`` and a key, or the palette by key or title words."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import Card
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn, CardUpdateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.schemas.scopes import ScopeCreateIn
from stellary_core.services import board, cards, projects, scopes
from stellary_tui.app import StellaryApp
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.screens.dialogs import PromptDialog
from stellary_tui.screens.main import MainScreen
from stellary_tui.views.kanban import KanbanBoard
from stellary_tui.views.registry import VIEWS, ViewSpec
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]


def said_by(app: StellaryApp) -> list[str]:
    said: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        said.append(message)
        original(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return said


@pytest.fixture
def elsewhere(demo: Demo) -> dict[str, str]:
    """A second project whose card lives in a scope other than the default one, shown there in the list view."""
    db, me, workspace_id, _project_id = demo
    with db.session(write=True) as session:
        site = projects.create_project(session, actor=me, workspace_id=workspace_id, data=ProjectCreateIn(name="Site Relaunch"))
        sprint = scopes.create_scope(
            session, actor=me, workspace_id=workspace_id, project_id=site.project.id, data=ScopeCreateIn(name="Sprint 2")
        ).scope
        sprint.active_view = "list"
        column = board.load_board(
            session, actor=me, workspace_id=workspace_id, project_id=site.project.id, scope_id=sprint.id
        ).columns[1]
        where = {"workspace_id": workspace_id, "project_id": site.project.id}
        for title in ("Pick fonts", "Order hosting"):
            cards.create_card(session, actor=me, column_id=column.id, data=CardCreateIn(title=title), **where)
        wanted = cards.create_card(session, actor=me, column_id=column.id, data=CardCreateIn(title="Write copy for the pricing page"), **where)
        archived = cards.create_card(session, actor=me, column_id=column.id, data=CardCreateIn(title="Old banner"), **where)
        cards.update_card(session, actor=me, card_id=archived.card.id, data=CardUpdateIn(archived=True), **where)
        return {
            "project_id": site.project.id, "scope_id": sprint.id, "card_id": wanted.card.id, "key": wanted.card.key,
            "archived_id": archived.card.id, "archived_key": archived.card.key,
        }


def assert_on_card(app: StellaryApp, target: dict[str, str]) -> MainScreen:
    main = app.screen
    assert isinstance(main, MainScreen)
    assert main.project is not None and main.project.id == target["project_id"]
    assert main.scope_id == target["scope_id"] and main.active_view == "kanban"
    kanban = main.board_view
    assert isinstance(app.focused, KanbanBoard) and app.focused is kanban
    assert kanban.current_card is not None and kanban.current_card.id == target["card_id"]
    return main


async def test_g_and_a_key_open_the_cards_project_and_scope_with_the_cursor_on_it(demo: Demo, elsewhere: dict[str, str]) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.screen.project.id != elsewhere["project_id"]  # type: ignore[union-attr]
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*elsewhere["key"].lower(), "enter")
        await settle(pilot, rounds=5)
        assert_on_card(app, elsewhere)
        await pilot.press("enter")  # enter opens the card the jump landed on
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor) and editor.card_id == elsewhere["card_id"]


async def test_the_palette_finds_a_card_by_title_words_and_jumps_to_it(demo: Demo, elsewhere: dict[str, str]) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"pricing copy")
        await settle(pilot, rounds=5)
        await pilot.press("enter")
        await settle(pilot, rounds=5)
        assert_on_card(app, elsewhere)


async def test_the_palette_finds_a_card_by_key(demo: Demo, elsewhere: dict[str, str]) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *elsewhere["key"])
        await settle(pilot, rounds=5)
        await pilot.press("enter")
        await settle(pilot, rounds=5)
        assert_on_card(app, elsewhere)


async def test_a_jump_within_the_open_scope_moves_the_cursor(demo: Demo) -> None:
    db, me, _workspace_id, project_id = demo
    with db.session() as session:
        last = session.scalars(select(Card.key).where(Card.project_id == project_id).order_by(Card.number.desc())).first()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen) and main.board_view.current_card is not None
        assert main.board_view.current_card.key != last
        await pilot.press("g", *str(last), "enter")
        await settle(pilot, rounds=5)
        assert main.board_view.current_card is not None and main.board_view.current_card.key == last


async def test_an_unknown_key_says_so_and_an_archived_card_opens_in_the_editor(demo: Demo, elsewhere: dict[str, str]) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        await pilot.press("g", *"zz-404", "enter")
        await settle(pilot)
        assert "No card ZZ-404 in this workspace" in said
        assert isinstance(app.screen, MainScreen)
        await pilot.press("g", *elsewhere["archived_key"], "enter")
        await settle(pilot, rounds=5)
        editor = app.screen
        assert isinstance(editor, CardEditor) and editor.card_id == elsewhere["archived_id"]
        assert any("is archived" in line for line in said)


@pytest.mark.parametrize("view", [spec for spec in VIEWS if spec.name != "kanban"], ids=lambda spec: spec.name)
async def test_g_jumps_to_a_card_from_every_view(demo: Demo, elsewhere: dict[str, str], view: ViewSpec) -> None:
    """The list and the roadmap used to group on g, and the stats to scroll to the top: g is the jump everywhere."""
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(view.key)
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen) and main.active_view == view.name
        assert app.focused is main.current_view
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*elsewhere["key"], "enter")
        await settle(pilot, rounds=5)
        assert_on_card(app, elsewhere)
