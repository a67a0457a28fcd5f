"""Pilot tests: first run, navigator, projects, columns, palette, help and live refresh."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from textual.widgets import Input, Label

from stellary_core.config import Settings
from stellary_core.db import Database, open_database
from stellary_core.models import BoardColumn, Card, Project
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardUpdateIn
from stellary_core.services import accounts, cards
from stellary_tui.screens.first_run import FirstRunScreen
from stellary_tui.screens.help import HelpScreen
from stellary_tui.screens.main import MainScreen
from stellary_tui.views.kanban import KanbanBoard
from stellary_tui.widgets.navigator import Navigator
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio
Demo = tuple[Database, Principal, str, str]


async def test_first_run_creates_the_profile_and_a_sample_board(db: Database) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        await pilot.press("enter")  # empty name is refused
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        await pilot.press(*"Sam Rivera", "enter", "enter")
        await settle(pilot, rounds=5)
        assert isinstance(app.screen, MainScreen)
        board = app.screen.query_one(KanbanBoard).board
        assert board is not None and board.project.name == "Getting Started" and board.card_count == 5
    with db.session() as session:
        user = accounts.local_user(session)
        assert user is not None and user.name == "Sam Rivera"


async def test_new_project_from_the_navigator_opens_it(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one(Navigator).focus()
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Website Redesign", "enter")
        await settle(pilot, rounds=5)
        board = app.screen.query_one(KanbanBoard).board
        assert board is not None and board.project.name == "Website Redesign"
        assert [c.name for c in board.columns] == ["To Do", "In Progress", "Done"]


async def test_rename_and_delete_a_project(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        navigator = app.screen.query_one(Navigator)
        navigator.focus()
        navigator.highlight_project(project_id)
        await pilot.press("r")
        await settle(pilot)
        field = app.screen.query_one("#prompt-input", Input)
        field.value = "Renamed Project"
        await pilot.press("enter")
        await settle(pilot, rounds=5)
        with db.session() as session:
            assert session.get_one(Project, project_id).name == "Renamed Project"
        navigator.highlight_project(project_id)
        await pilot.press("d", "y")
        await settle(pilot, rounds=5)
        assert app.screen.query_one(KanbanBoard).board is None
    with db.session() as session:
        assert session.get(Project, project_id) is None


async def test_columns_are_created_renamed_moved_and_deleted(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo

    def names() -> list[str]:
        with db.session() as session:
            return list(
                session.scalars(select(BoardColumn.name).where(BoardColumn.project_id == project_id).order_by(BoardColumn.order))
            )

    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c", *"Blocked", "enter")
        await settle(pilot)
        assert names() == ["Backlog", "Blocked", "To Do", "In Progress", "In Review", "Done"]
        assert app.screen.query_one(KanbanBoard).current_column.name == "Blocked"  # type: ignore[union-attr]
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("#prompt-input", Input).value = "Waiting"
        await pilot.press("enter")
        await settle(pilot)
        assert names()[1] == "Waiting"
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert names()[:3] == ["Backlog", "To Do", "Waiting"]
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "Waiting" not in names()
        # A column with cards asks where they go.
        await pilot.press("home", "left", "left", "left", "x")
        await settle(pilot)
        with db.session() as session:
            backlog_cards = session.scalars(
                select(Card.key).join(BoardColumn, BoardColumn.id == Card.column_id).where(BoardColumn.name == "Backlog")
            ).all()
        assert backlog_cards
        await pilot.press("enter")  # first choice: To Do
        await settle(pilot)
        assert names() == ["To Do", "In Progress", "In Review", "Done"]
        with db.session() as session:
            moved = session.scalars(
                select(BoardColumn.name).join(Card, Card.column_id == BoardColumn.id).where(Card.key.in_(backlog_cards))
            ).all()
        assert set(moved) == {"To Do"}


async def test_a_pasted_bidi_override_in_a_column_name_is_explained_not_a_crash(demo: Demo) -> None:
    from textual.widgets import Label

    from stellary_tui.screens.column_dialog import ColumnDialog

    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ColumnDialog)
        dialog.query_one("#name", Input).value = "Done\u202e"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog  # left open to fix the name
        error = str(dialog.query_one("#form-error", Label).render())
        assert error == "Name: must not contain a control or bidi character (U+202E)"
    with db.session() as session:
        assert len(session.scalars(select(BoardColumn).where(BoardColumn.project_id == project_id)).all()) == 5


async def test_palette_switches_project(demo: Demo) -> None:
    db, actor, workspace_id, _project_id = demo
    from stellary_core.schemas.projects import ProjectCreateIn
    from stellary_core.services import projects

    with db.session(write=True) as session:
        other = projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Zebra Ops"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"Zebra")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot, rounds=5)
        board = app.screen.query_one(KanbanBoard).board
        assert board is not None and board.project.id == other.project.id


async def test_palette_runs_actions(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"New card")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "CardEditor"


async def test_help_opens_and_closes(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_help_flows_its_areas_into_as_many_columns_as_fit(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert len(app.screen.query(".help-column")) == 3
        titles = [str(label.content) for label in app.screen.query(".help-area-title").results(Label)]
        assert titles[:2] == ["Everywhere", "Kanban view"] and len(titles) == len(set(titles)) >= 8
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert len(app.screen.query(".help-column")) == 2
        await pilot.resize_terminal(70, 30)
        await settle(pilot)
        assert len(app.screen.query(".help-column")) == 1
        assert [str(label.content) for label in app.screen.query(".help-area-title").results(Label)] == titles


async def test_change_from_another_process_appears_without_losing_focus(demo: Demo) -> None:
    """A second engine on the same file stands in for a separate `stellary serve`."""
    db, actor, workspace_id, project_id = demo
    other = open_database(Settings(db.settings.data_dir, db.settings.database_url, 3600, "x"), migrate=False)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        await pilot.press("down")
        focused = board.current_card
        assert focused is not None and board.board is not None
        done = board.board.columns[-1]
        victim = board.board.cards[board.board.columns[1].id][0]
        with other.session(write=True) as session:
            cards.update_card(
                session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=victim.id,
                data=CardUpdateIn(column_id=done.id, order=0),
            )
        for _ in range(40):  # well under the 2 s promised
            await pilot.pause(0.05)
            shown = board.board.cards.get(done.id, []) if board.board else []
            if shown and shown[0].id == victim.id:
                break
        assert board.board is not None and board.board.cards[done.id][0].id == victim.id
        assert board.current_card is not None and board.current_card.id == focused.id
    other.dispose()


async def test_change_through_the_embedded_server_path_appears(demo: Demo) -> None:
    """Same database object (as with `stellary --serve`): the event bus refreshes the view."""
    db, actor, workspace_id, project_id = demo
    app = make_app(db)
    app._watch_interval = 3600  # only the in-process bus may refresh here
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        assert board.board is not None
        victim = board.board.cards[board.board.columns[0].id][0]
        with db.session(write=True) as session:
            cards.update_card(
                session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=victim.id,
                data=CardUpdateIn(title="Changed over REST"),
            )
        await pilot.pause(0.4)
        await settle(pilot)
        assert board.board is not None
        assert any(c.title == "Changed over REST" for c in board.board.all_cards())
