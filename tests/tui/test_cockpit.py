"""The Cockpit (C): a weekly review run from it alone, every item kept by keyboard, roles respected, live refresh."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot

from stellary_core.db import Database, open_database
from stellary_core.models import (
    Card,
    PilotageDecision,
    PilotageMission,
    PilotagePriority,
    PilotageTodo,
    ProposedAction,
    WorkspaceMember,
)
from stellary_core.principal import Principal
from stellary_core.schemas.pilotage import MissionCreateIn, TodoCreateIn
from stellary_core.schemas.proposed_actions import ProposeActionIn, ReviewActionIn
from stellary_core.services import pilotage, proposed_actions
from stellary_tui.app import StellaryApp
from stellary_tui.screens.cockpit import CockpitScreen
from stellary_tui.screens.cockpit_form import CockpitForm
from stellary_tui.screens.dialogs import ChoiceDialog
from stellary_tui.screens.main import MainScreen
from stellary_tui.widgets.row_table import RowTable
from tests.tui.cockpit_data import Cockpit, seed_cockpit
from tests.tui.conftest import SIZE, make_app, settle
from tests.tui.test_screens_fit import screen_text
from tests.tui.test_members_screen import capture_notifications

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]


@pytest.fixture
def cockpit(demo: Demo) -> tuple[Demo, Cockpit]:
    db, actor, workspace_id, _project_id = demo
    return demo, seed_cockpit(db, actor, workspace_id)


async def open_cockpit(pilot: Pilot[None]) -> CockpitScreen:
    await settle(pilot)
    await pilot.press("C")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CockpitScreen)
    return screen


def column(screen: CockpitScreen, section: str, index: int) -> list[str]:
    table = screen.query_one(f"#{section}", RowTable)
    return [str(table.get_row_at(row)[index]) for row in range(table.row_count)]


def rows_of(db: Database, model: Any, where: Callable[[Any], Any] | None = None) -> list[Any]:
    with db.session() as session:
        query = select(model) if where is None else select(model).where(where(model))
        found = list(session.scalars(query))
        session.expunge_all()
        return found


async def test_a_weekly_review_from_the_cockpit_alone(cockpit: tuple[Demo, Cockpit]) -> None:
    """See what is blocked, reprioritise, record a decision, approve and apply a card move, and see the board change."""
    (db, _actor, _workspace_id, _project_id), seeded = cockpit
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cockpit(pilot)
        # What is blocked comes first, with its reason.
        assert column(screen, "missions", 1)[0].startswith("Ship the billing API — waits for the")
        assert "1 blocked" in str(screen.query_one("#title-missions").render())

        # Reprioritise: the third priority goes up to second.
        await pilot.press("2", "down", "down", "shift+up")
        await settle(pilot)
        assert column(screen, "priorities", 1) == ["Revenue: billing first", "Docs people read", "Keep the app fast"]
        by_order = sorted(rows_of(db, PilotagePriority), key=lambda p: p.order)
        assert [p.label for p in by_order] == ["Revenue: billing first", "Docs people read", "Keep the app fast"]

        # Record a decision.
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, CockpitForm)
        await pilot.press(*"Billing before docs", "enter", *"Docs wait a sprint", "enter")
        await settle(pilot)
        decisions = rows_of(db, PilotageDecision, lambda d: d.title == "Billing before docs")
        assert [d.impact for d in decisions] == ["Docs wait a sprint"]
        assert column(screen, "decisions", 1)[0] == "Billing before docs"

        # Approve the proposed card move, then apply it.
        await pilot.press("6")
        assert column(screen, "proposals", 1)[0] == f"Move {seeded.card_key} to Done"
        await pilot.press("y")
        await settle(pilot)
        await pilot.press(*"merged", "enter")
        await settle(pilot)
        assert rows_of(db, ProposedAction, lambda a: a.id == seeded.move_id)[0].status == "approved"
        said = capture_notifications(app)
        screen.table("proposals").move_cursor(row=column(screen, "proposals", 1).index(f"Move {seeded.card_key} to Done"))
        await pilot.press("p")
        await settle(pilot)
        assert rows_of(db, Card, lambda c: c.id == seeded.card_id)[0].column_id == seeded.done_column_id
        assert any(f"{seeded.card_key}" in message and "moved to Done" in message for message in said), said
        assert "moved to Done" in column(screen, "proposals", 2)[column(screen, "proposals", 1).index(f"Move {seeded.card_key} to Done")]

        # The board behind shows the card in Done.
        await pilot.press("escape")
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen) and main.board is not None
        assert seeded.card_key in [card.key for card in main.board.cards[seeded.done_column_id]]


async def test_a_blocked_mission_asks_for_its_reason(cockpit: tuple[Demo, Cockpit]) -> None:
    (db, *_rest), _seeded = cockpit
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_cockpit(pilot)
        await pilot.press("1", "down", "s")  # Onboarding flow v2, in progress
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # blocked, first of the statuses
        await settle(pilot)
        assert isinstance(app.screen, CockpitForm)
        await pilot.press("enter")  # no reason: refused, the form stays
        assert isinstance(app.screen, CockpitForm)
        assert "cannot be empty" in str(app.screen.query_one("#form-error").render())
        await pilot.press(*"design review pending", "enter")
        await settle(pilot)
        mission = rows_of(db, PilotageMission, lambda m: m.objective == "Onboarding flow v2")[0]
        assert (mission.status, mission.blocked_reason) == ("blocked", "design review pending")


async def test_create_link_and_finish_a_todo_archive_a_priority(cockpit: tuple[Demo, Cockpit]) -> None:
    (db, *_rest), _seeded = cockpit
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cockpit(pilot)
        await pilot.press("3", "n", *"Write the changelog", "enter")
        await settle(pilot)
        assert "Write the changelog" in column(screen, "todos", 1)
        screen.table("todos").move_cursor(row=column(screen, "todos", 1).index("Write the changelog"))
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # the second open mission: Onboarding flow v2
        await settle(pilot)
        await pilot.press("down", "enter")  # the first priority
        await settle(pilot)
        todo = rows_of(db, PilotageTodo, lambda t: t.label == "Write the changelog")[0]
        missions = {m.id: m.objective for m in rows_of(db, PilotageMission)}
        priorities = {p.id: p.label for p in rows_of(db, PilotagePriority)}
        assert (missions[todo.mission_id], priorities[todo.priority_id]) == ("Onboarding flow v2", "Revenue: billing first")
        linked = column(screen, "todos", 2)[column(screen, "todos", 1).index("Write the changelog")]
        assert linked == "◆ Onboarding flow v2 ★ Revenue: billing first"

        await pilot.press("s")
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")  # done
        await settle(pilot)
        assert "Write the changelog" not in column(screen, "todos", 1)  # open todos only
        assert rows_of(db, PilotageTodo, lambda t: t.label == "Write the changelog")[0].status == "done"

        await pilot.press("2", "a")
        await settle(pilot)
        assert column(screen, "priorities", 1) == ["Keep the app fast", "Docs people read"]
        archived = rows_of(db, PilotagePriority, lambda p: p.label == "Revenue: billing first")[0]
        assert archived.status == "archived"


async def test_a_viewer_reads_the_cockpit_and_is_told_why_keys_do_nothing(cockpit: tuple[Demo, Cockpit]) -> None:
    (db, actor, workspace_id, _project_id), seeded = cockpit
    with db.session(write=True) as session:
        session.get_one(WorkspaceMember, (workspace_id, actor.user_id)).pilotage_role = "viewer"
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cockpit(pilot)
        said = capture_notifications(app)
        assert "read-only" in str(screen.query_one("#cockpit-role").render())
        assert column(screen, "missions", 1)[0].startswith("Ship the billing API")
        for keys in (("1", "n"), ("1", "s"), ("2", "a"), ("r",), ("6", "y"), ("6", "p"), ("4", "d")):
            await pilot.press(*keys)
            await settle(pilot)
            assert app.screen is screen, f"{keys} opened something"
        assert len(said) == 7 and all("Only pilotage" in message and "viewer" in message for message in said), said
        assert len(rows_of(db, PilotageMission)) == 3
        assert rows_of(db, ProposedAction, lambda a: a.id == seeded.move_id)[0].status == "suggested"


async def test_a_reviewer_reviews_but_does_not_apply(cockpit: tuple[Demo, Cockpit]) -> None:
    (db, actor, workspace_id, _project_id), seeded = cockpit
    with db.session(write=True) as session:
        session.get_one(WorkspaceMember, (workspace_id, actor.user_id)).pilotage_role = "reviewer"
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_cockpit(pilot)
        said = capture_notifications(app)
        await pilot.press("6", "x")
        await settle(pilot)
        await pilot.press("enter")  # rejecting needs a reason
        assert isinstance(app.screen, CockpitForm)
        await pilot.press(*"not merged yet", "enter")
        await settle(pilot)
        rejected = rows_of(db, ProposedAction, lambda a: a.id == seeded.move_id)[0]
        assert (rejected.status, rejected.review_reason) == ("rejected", "not merged yet")
        await pilot.press("6", "p")  # the approved todo: only owners apply
        await settle(pilot)
        assert any("Only pilotage owners can apply actions" in message for message in said), said
        assert rows_of(db, ProposedAction, lambda a: a.id == seeded.approved_id)[0].status == "approved"


async def test_a_change_from_another_process_shows_up(cockpit: tuple[Demo, Cockpit]) -> None:
    (db, actor, workspace_id, _project_id), _seeded = cockpit
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cockpit(pilot)
        other = open_database(db.settings, migrate=False)  # as the REST server or MCP would, in their own process
        try:
            with other.session(write=True) as session:
                data = MissionCreateIn(objective="Added over REST")
                pilotage.create_mission(session, actor=actor, workspace_id=workspace_id, data=data)
        finally:
            other.dispose()
        for _ in range(100):
            await settle(pilot, rounds=1)
            if any("Added over REST" in text for text in column(screen, "missions", 1)):
                break
        assert "Added over REST" in column(screen, "missions", 1)


async def test_the_palette_opens_the_cockpit(cockpit: tuple[Demo, Cockpit]) -> None:
    (db, *_rest), _seeded = cockpit
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Cockpit")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CockpitScreen)


async def test_the_cockpit_keys_are_in_the_palette(cockpit: tuple[Demo, Cockpit]) -> None:
    (db, *_rest), seeded = cockpit
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cockpit(pilot)
        await pilot.press("6")
        await pilot.press("ctrl+p", *"Cockpit: Approve")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CockpitForm)  # the approval's optional reason
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert rows_of(db, ProposedAction, lambda a: a.id == seeded.move_id)[0].status == "approved"


async def test_edit_clears_an_emptied_line_and_delete_asks_first(cockpit: tuple[Demo, Cockpit]) -> None:
    (db, *_rest), _seeded = cockpit
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cockpit(pilot)
        await pilot.press("1", "enter")  # the blocked mission
        await settle(pilot)
        assert isinstance(app.screen, CockpitForm)
        await pilot.press("end", *["backspace"] * 3, *"platform", "tab", "ctrl+u", "ctrl+s")  # a new objective end, no module
        await settle(pilot)
        mission = rows_of(db, PilotageMission, lambda m: m.status == "blocked")[0]
        assert (mission.objective, mission.module) == ("Ship the billing platform", None)

        await pilot.press("4", "d")
        await settle(pilot)
        await pilot.press("n")  # no: kept
        await settle(pilot)
        assert len(rows_of(db, PilotageDecision)) == 1
        await pilot.press("d", "y")
        await settle(pilot)
        assert rows_of(db, PilotageDecision) == []
        assert column(screen, "decisions", 1) == []


async def test_a_long_table_holds_all_its_rows_and_scrolls_to_the_cursor(cockpit: tuple[Demo, Cockpit]) -> None:
    (db, actor, workspace_id, _project_id), _seeded = cockpit
    with db.session(write=True) as session:
        for n in range(300):
            pilotage.create_todo(session, actor=actor, workspace_id=workspace_id, data=TodoCreateIn(label=f"Todo {n:03d}"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cockpit(pilot)
        labels = column(screen, "todos", 1)
        assert len(labels) == 300 + 2 and labels[-1] == "Todo 299"
        await pilot.press("3", "end")
        await settle(pilot)
        assert screen.table("todos").cursor_key() == screen.todos[-1].id
        assert "Todo 299" in "\n".join(screen_text(app))  # scrolled to show the cursor's row
        # A reload keeps the cursor on its row.
        screen.reload()
        await settle(pilot)
        assert screen.table("todos").cursor_key() == screen.todos[-1].id
        assert len(column(screen, "todos", 1)) == len(labels)
        await pilot.press("home")
        await settle(pilot)
        assert screen.table("todos").cursor_key() == screen.todos[0].id
        assert "Todo 299" not in "\n".join(screen_text(app))


async def test_an_apply_that_fails_says_why_and_the_proposal_stays_approved(cockpit: tuple[Demo, Cockpit]) -> None:
    (db, actor, workspace_id, _project_id), seeded = cockpit
    with db.session(write=True) as session:
        data = ProposeActionIn(
            action_type="move_card", explanation="A column that is not there",
            payload={"cardId": seeded.card_key, "targetColumn": "Nowhere"},
        )
        wrong = proposed_actions.propose(session, actor=actor, workspace_id=workspace_id, data=data)
        proposed_actions.review(session, actor=actor, workspace_id=workspace_id, action_id=wrong.id, data=ReviewActionIn(approved=True))
        wrong_id = wrong.id
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cockpit(pilot)
        said = capture_notifications(app)
        await pilot.press("6")
        actions = column(screen, "proposals", 1)
        screen.table("proposals").move_cursor(row=actions.index(f"Move {seeded.card_key} to Nowhere"))
        await pilot.press("p")
        await settle(pilot)
        assert any("changed nothing" in message for message in said), said
        kept = rows_of(db, ProposedAction, lambda a: a.id == wrong_id)[0]
        assert kept.status == "approved" and kept.error
        assert rows_of(db, Card, lambda c: c.id == seeded.card_id)[0].column_id != seeded.done_column_id
        result = column(screen, "proposals", 2)[column(screen, "proposals", 1).index(f"Move {seeded.card_key} to Nowhere")]
        assert result.startswith("failed: ")


async def test_the_cockpit_and_documents_screens_hide_the_board_instead_of_drawing_it_under_them(
    cockpit: tuple[Demo, Cockpit],
) -> None:
    """Both screens cover the terminal: opaque, Textual renders nothing of the board below them on a frame."""
    (db, _actor, _workspace_id, _project_id), _seeded = cockpit
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cockpit(pilot)
        assert screen.styles.background.a == 1
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert type(app.screen).__name__ == "DocumentsScreen"
        assert app.screen.styles.background.a == 1
