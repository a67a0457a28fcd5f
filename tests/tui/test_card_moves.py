"""Pilot tests: moving a card to another scope or project (t), and the way back from the archive (V, U, ctrl+o)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from textual.widgets import OptionList

from stellary_core.db import Database
from stellary_core.models import Activity, BoardColumn, Card, Project, Scope
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.schemas.scopes import ScopeCreateIn
from stellary_core.services import projects, scopes
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.screens.move_dialog import MoveCardDialog
from stellary_tui.views.kanban import KanbanBoard
from stellary_tui.views.list_view import ListView
from stellary_tui.widgets.card_activity import describe
from stellary_tui.widgets.view_bar import ViewBar
from tests.tui.conftest import SIZE, gated_operation, make_app, settle
from tests.tui.test_key_explanations import said_by
from tests.tui.test_transfer_palette import palette

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]


@pytest.fixture
def two_projects(demo: Demo) -> Demo:
    """The demo, and in its workspace a second project "Website" with a second scope "Phase 2"."""
    db, actor, workspace_id, _project_id = demo
    with db.session(write=True) as session:
        website = projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Website"))
        scopes.create_scope(
            session, actor=actor, workspace_id=workspace_id, project_id=website.project.id, data=ScopeCreateIn(name="Phase 2")
        )
    return demo


def _where(db: Database, card_id: str) -> tuple[str, str, str, str, bool]:
    """(key, project, scope, column) names of a card as stored, and whether it is archived."""
    with db.session() as session:
        card = session.get_one(Card, card_id)
        return (
            card.key,
            session.get_one(Project, card.project_id).name,
            session.get_one(Scope, card.scope_id).name,
            session.get_one(BoardColumn, card.column_id).name,
            card.archived,
        )


@pytest.fixture
def slow_places(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The picker's read of the places waits until the test sets the event."""
    yield from gated_operation(monkeypatch, "list_move_destinations")


async def _list_of(pilot: Any) -> ListView:
    """The list view, once the board has loaded and 2 has shown it."""
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    return pilot.app.screen.query_one(ListView)  # type: ignore[no-any-return]


def _focused(app: Any) -> Any:
    card = app.screen.query_one(KanbanBoard).current_card
    assert card is not None
    return card


# -- moving elsewhere ----------------------------------------------------------------------


async def test_t_then_typed_names_moves_the_card_to_another_project_and_says_where(
    two_projects: Demo, slow_places: threading.Event
) -> None:
    db, *_ = two_projects
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        card = _focused(app)
        # Typed before the picker has read the places: the keys wait for them, none is lost.
        await pilot.press("t", *"web", "enter", *"phase", "enter", *"prog", "enter")
        assert isinstance(app.screen, MoveCardDialog) and app.screen.projects is None
        slow_places.set()
        await settle(pilot)
        assert not isinstance(app.screen, MoveCardDialog)
        assert _where(db, card.id) == ("WEBS-1", "Website", "Phase 2", "In Progress", False)
        assert said[-1] == f"Moved {card.key} to Website › Phase 2 › In Progress as WEBS-1"
        assert all(c.id != card.id for c in app.screen.query_one(KanbanBoard).board.all_cards())  # type: ignore[union-attr]


async def test_a_project_with_one_scope_skips_the_scope_step_and_backspace_goes_back(two_projects: Demo) -> None:
    db, *_ = two_projects
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        card = _focused(app)
        await pilot.press("t", "enter")  # its own project comes first: Demo Project, which has one scope
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MoveCardDialog) and dialog.step == 2
        await pilot.press("backspace")
        assert dialog.step == 0
        await pilot.press("enter", *"review", "enter")
        await settle(pilot)
        assert _where(db, card.id)[1:4] == ("Demo Project", "Main", "In Review")
        assert said[-1] == f"Moved {card.key} to Main › In Review"  # same project: no new key, no project named


async def test_escape_cancels_and_the_cards_own_column_says_it_is_already_there(two_projects: Demo) -> None:
    db, *_ = two_projects
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        card = _focused(app)
        before = _where(db, card.id)
        await pilot.press("t", *"web", "enter", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, MoveCardDialog)
        await pilot.press("t", "enter", "enter")  # Demo Project, then the highlighted column: where it is
        await settle(pilot)
        assert said == [f"{card.key} is already in Backlog."]
        assert _where(db, card.id) == before


async def test_the_filter_keeps_only_matching_places_and_says_when_none_does(two_projects: Demo) -> None:
    db, *_ = two_projects
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        listing = app.screen.query_one("#move-choices", OptionList)
        assert [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)] == [
            "Demo Project  (here)", "Website",
        ]  # fmt: skip
        await pilot.press(*"zzz")
        assert [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)] == ["No project matches “zzz”"]
        await pilot.press("enter")
        assert isinstance(app.screen, MoveCardDialog) and app.screen.step == 0


async def test_the_list_moves_the_selected_card_and_refuses_several(two_projects: Demo) -> None:
    db, *_ = two_projects
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        listing = await _list_of(pilot)
        await pilot.press("space", "down", "space", "t")
        await settle(pilot)
        assert said == ["t moves one card at a time: escape clears the selection."]
        await pilot.press("escape")
        card = listing.current_card
        assert card is not None
        await pilot.press("t", *"web", "enter", *"main", "enter", "enter")
        await settle(pilot)
        assert _where(db, card.id)[1:4] == ("Website", "Main", "To Do")
        assert card.id not in {c.id for c in listing.listed_cards}


async def test_the_palette_moves_the_card_of_the_view_on_screen_and_says_which_views_can(two_projects: Demo) -> None:
    db, *_ = two_projects
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        await palette(pilot, "Move card to another")
        assert isinstance(app.screen, MoveCardDialog)
        await pilot.press("escape", "5")  # the stats view has no card
        await settle(pilot)
        await palette(pilot, "Move card to another")
        assert not isinstance(app.screen, MoveCardDialog)
        assert said[-1] == "That acts on a card of the board or the list: 1 or 2 shows one."


# -- the archive ---------------------------------------------------------------------------


async def test_A_shows_the_archived_cards_with_a_mark_U_restores_one_and_A_goes_back(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        board, bar = app.screen.query_one(KanbanBoard), app.screen.query_one(ViewBar)
        card = _focused(app)
        mine = f"priority:{card.priority or 'none'}"
        await pilot.press("slash", *mine, "enter")  # a filter of one's own stays as it is
        await settle(pilot)
        assert _focused(app).id == card.id
        await pilot.press("a", "V")
        await settle(pilot)
        assert bar.archived and bar.filter_text == f"{mine} is:archived"
        assert [c.id for c in board.board.all_cards()] == [card.id]  # type: ignore[union-attr]
        assert said[-1] == "Showing archived cards: U restores one, V goes back."
        await pilot.press("U")
        await settle(pilot)
        assert said[-1] == f"Restored {card.key} to {_where(db, card.id)[3]}"
        assert _where(db, card.id)[4] is False
        await pilot.press("V")
        await settle(pilot)
        assert not bar.archived and bar.filter_text == mine
        assert card.id in {c.id for c in board.board.all_cards()}  # type: ignore[union-attr]


async def test_U_on_an_active_card_says_only_archived_cards_are_restored(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        card = _focused(app)
        await pilot.press("U", "2")
        await settle(pilot)
        await pilot.press("U")
        await settle(pilot)
    assert said == [f"{card.key} is not archived: only archived cards are restored (V shows them)."] * 2


async def test_the_list_restores_the_archived_cards_of_a_selection(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        listing = await _list_of(pilot)
        first = listing.current_card
        assert first is not None
        await pilot.press("a", "down", "a")
        await settle(pilot)
        await pilot.press("V")
        await settle(pilot)
        archived = [c.id for c in listing.listed_cards]
        assert len(archived) == 2
        await pilot.press("v", "U")
        await settle(pilot)
        assert said[-1] == "Restored 2 cards"
        assert [_where(db, card_id)[4] for card_id in archived] == [False, False]


async def test_the_editor_of_an_archived_card_says_so_and_ctrl_o_restores_it(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = said_by(app)
        await settle(pilot)
        card = _focused(app)
        await pilot.press("a", "V", "enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        title = editor.query_one("#editor-title")
        assert "archived card" in str(title.render())
        assert editor.query_one("#restore").display
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert _where(db, card.id)[4] is False
        assert said[-1] == f"Restored {card.key} to Backlog"
        assert not editor.query_one("#restore").display and "edit card" in str(title.render())
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert said[-1] == f"{card.key} is not archived."


def test_the_activity_says_where_a_card_went_and_what_it_left_behind(two_projects: Demo) -> None:
    db, actor, workspace_id, project_id = two_projects
    runner = OperationRunner(db)
    where = {"workspace_id": workspace_id}
    labelled = runner.run("create_label", actor, {**where, "project": project_id, "data": {"name": "Keep", "color": "#00ff00"}})
    runner.run("create_label", actor, {**where, "project": "Website", "data": {"name": "keep", "color": "#0000ff"}})
    lost = runner.run("create_label", actor, {**where, "project": project_id, "data": {"name": "Only here", "color": "#ff0000"}})
    card, other = runner.run("list_cards", actor, {**where, "project": project_id})[:2]
    for label in (labelled, lost):
        runner.run("add_label_to_card", actor, {**where, "project": project_id, "card": card.id, "label": label.id})
    runner.run("create_relation", actor, {**where, "project": project_id, "card": card.id, "data": {"targetCardId": other.id, "type": "related_to"}})
    runner.run("relocate_card", actor, {**where, "project": project_id, "card": card.id, "to_scope": "Main", "column": "Done"})
    runner.run("create_scope", actor, {**where, "project": project_id, "data": {"name": "Later"}})
    runner.run("relocate_card", actor, {**where, "project": project_id, "card": card.id, "to_scope": "Later", "column": "To Do"})
    runner.run("relocate_card", actor, {**where, "project": project_id, "card": card.id, "to_project": "Website", "column": "To Do"})
    entries = runner.run("list_card_activity", actor, {**where, "project": "Website", "card": "WEBS-1"})
    assert [describe(e) for e in entries] == [
        f"moved it to Website › Main › To Do as WEBS-1 (it was {card.key} in Demo Project); "
        "left behind: labels Only here; 1 relation",
    ]
    before = runner.run("list_card_activity", actor, {**where, "project": project_id, "card": other.id})
    assert [describe(e) for e in before][0] == "changed relations"
    with db.session() as session:
        left = [
            Happened(kind, dict(meta))
            for kind, meta in session.execute(
                select(Activity.type, Activity.meta)
                .where(Activity.project_id == project_id, Activity.card_id == card.id, Activity.type == "card_moved")
                .order_by(Activity.created_at, Activity.id)
            )
        ]
    assert [describe(e) for e in left][-3:] == [
        f"moved {card_column_name(db, card.column_id)} → Done",
        "moved Main › Done → Later › To Do",
        f"moved it to Website › Main › To Do as WEBS-1 (it was {card.key} in Demo Project); "
        "left behind: labels Only here; 1 relation",
    ]


@dataclass(frozen=True)
class Happened:
    type: str
    meta: dict[str, Any]


def card_column_name(db: Database, column_id: str) -> str:
    with db.session() as session:
        return session.get_one(BoardColumn, column_id).name
