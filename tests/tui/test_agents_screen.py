"""Pilot tests of agents in the TUI: the Agents screen (G), giving a card to an agent (ctrl+a), the mission panel.

Missions run for real, offline, with the ``rules`` provider, in the mission
worker of the app's process; what the tests check is read back through the
operations, as another client would see it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Label

from stellary_core.ai.mission_runner import worker_of
from stellary_core.db import Database
from stellary_core.models import OrgMember, Workspace, WorkspaceMember
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.schemas.agents import AgentOut, AgentMissionOut
from stellary_tui.app import StellaryApp
from stellary_tui.screens.agent_form import AgentForm
from stellary_tui.screens.agents import AgentsScreen
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.screens.cockpit_form import CockpitForm
from stellary_tui.screens.dialogs import ConfirmDialog
from stellary_tui.screens.main import MainScreen
from stellary_tui.screens.mission_panel import MissionPanel
from stellary_tui.screens.mission_start import StartMissionDialog
from stellary_tui.views.kanban import KanbanBoard
from tests.tui.conftest import SIZE, make_app, settle
from tests.tui.test_members_screen import capture_notifications
from tests.tui.test_screens_fit import opened_whole

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]
DONE_WHEN = "move to Done; comment: shipped"


def create_agent(db: Database, actor: Principal, workspace_id: str, **data: Any) -> AgentOut:
    given = {"name": "Helper", "slug": "helper", **data}
    agent: AgentOut = OperationRunner(db).run("create_agent", actor, {"workspaceId": workspace_id, "data": given})
    return agent


def agents_of(db: Database, actor: Principal, workspace_id: str) -> list[AgentOut]:
    found: list[AgentOut] = OperationRunner(db).run("list_agents", actor, {"workspaceId": workspace_id})
    return found


def mission_of(db: Database, actor: Principal, workspace_id: str, mission_id: str) -> AgentMissionOut:
    found: AgentMissionOut = OperationRunner(db).run("get_mission", actor, {"workspaceId": workspace_id, "mission": mission_id})
    return found


async def until(pilot: Any, check: Callable[[], bool], what: str) -> None:
    """Wait for the mission worker (a thread of its own) and the panel's reads; fail saying what never came."""
    for _ in range(400):
        if check():
            await settle(pilot)
            return
        await pilot.pause(0.025)
    raise AssertionError(f"never: {what}")


def panel_of(app: StellaryApp) -> MissionPanel:
    assert isinstance(app.screen, MissionPanel), app.screen
    return app.screen


async def start_on_focused_card(pilot: Any, prompt: str) -> MissionPanel:
    await pilot.press("ctrl+a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, StartMissionDialog)
    await pilot.press(*prompt, "enter")
    await settle(pilot)
    return panel_of(pilot.app)


def focused_card(app: StellaryApp) -> Any:
    main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
    card = main.board_view.current_card
    assert card is not None
    return card


async def test_the_done_when_path_offline_without_configuration(demo: Demo) -> None:
    """A supervised agent made on the Agents screen proposes the move and the comment; both approved in the panel."""
    db, actor, workspace_id, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = focused_card(app)
        await pilot.press("G")
        await settle(pilot)
        assert isinstance(app.screen, AgentsScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, AgentForm)
        await pilot.press(*"Release helper", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AgentsScreen)
        [agent] = agents_of(db, actor, workspace_id)
        assert (agent.name, agent.slug, agent.autonomy_mode, agent.provider) == (
            "Release helper", "release-helper", "supervised", "rules",
        )  # fmt: skip
        await pilot.press("escape")
        await settle(pilot)

        panel = await start_on_focused_card(pilot, DONE_WHEN)
        await until(pilot, lambda: panel.mission is not None and panel.mission.status == "awaiting_approval", "awaiting")
        assert [p.tool for p in panel.mission.proposals] == ["move_card", "add_comment"]
        status = str(panel.query_one("#mission-status", Label).render())
        assert "awaiting approval · 2 proposals wait for you" in status
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("down", "y")
        await until(pilot, lambda: panel.mission is not None and panel.mission.status == "completed", "completed")
        assert [p.status for p in panel.mission.proposals] == ["approved", "approved"]
        await pilot.press("escape")
        await settle(pilot)

        main = app.screen
        assert isinstance(main, MainScreen) and main.board is not None
        done = next(column for column in main.board.columns if column.name == "Done")
        assert card.id in [c.id for c in main.board.all_cards() if c.column_id == done.id]
    mission = mission_of(db, actor, workspace_id, panel.mission_id)
    assert mission.status == "completed"
    comments = OperationRunner(db).run(
        "get_card_comments", actor, {"workspaceId": workspace_id, "project": project_id, "card": card.id}
    )
    assert [c.content for c in comments] == ["shipped"]


async def test_a_proposal_rejected_with_a_reason_runs_nothing(demo: Demo) -> None:
    db, actor, workspace_id, _project_id = demo
    create_agent(db, actor, workspace_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = focused_card(app)
        panel = await start_on_focused_card(pilot, "move to Done")
        await until(pilot, lambda: panel.mission is not None and panel.mission.status == "awaiting_approval", "awaiting")
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, CockpitForm)
        await pilot.press("enter")  # no reason given: the form says so and stays
        await settle(pilot)
        assert isinstance(app.screen, CockpitForm)
        assert "Reason: cannot be empty" in str(app.screen.query_one("#form-error", Label).render())
        await pilot.press(*"not before the review", "enter")
        await until(pilot, lambda: panel.mission is not None and panel.mission.status == "completed", "completed")
        [proposal] = panel.mission.proposals
        assert (proposal.status, proposal.reason) == ("rejected", "not before the review")
        table: DataTable[Any] = panel.query_one("#proposals", DataTable)
        assert table.get_row_at(0)[2] == "rejected: not before the review"
        await pilot.press("y")  # decided already: said, nothing runs
        await settle(pilot)
    board = OperationRunner(db).run("get_board", actor, {"workspaceId": workspace_id, "project": _project_id})
    assert next(c for c in board.all_cards() if c.id == card.id).column_id == card.column_id


async def test_a_prompt_the_rules_cannot_read_fails_the_mission_and_says_what_they_understand(demo: Demo) -> None:
    db, actor, workspace_id, _project_id = demo
    create_agent(db, actor, workspace_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = await start_on_focused_card(pilot, "dance")
        await until(pilot, lambda: panel.mission is not None and panel.mission.status == "failed", "failed")
        outcome = str(panel.query_one("#mission-outcome", Label).render())
        assert outcome.startswith("Error: prompt: cannot read 'dance'; the rules provider understands: move to <column>")
        assert panel.query_one("#mission-outcome", Label).has_class("-failed")


async def test_without_an_enabled_agent_ctrl_a_says_how_to_make_one(demo: Demo) -> None:
    db, actor, workspace_id, _project_id = demo
    create_agent(db, actor, workspace_id, enabled=False)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        said = capture_notifications(app)
        await settle(pilot)
        await pilot.press("ctrl+a")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert said == ["No agent can take a mission in this workspace yet: G opens Agents, where n creates one."]


async def test_a_refused_start_shows_in_the_dialog(demo: Demo) -> None:
    """An agent at its rate limit refuses the next mission (a 429): the dialog says so and keeps the prompt."""
    db, actor, workspace_id, _project_id = demo
    create_agent(db, actor, workspace_id, rateLimits={"perMinute": 1, "perHour": 10})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = await start_on_focused_card(pilot, "move to Done")
        await until(pilot, lambda: panel.mission is not None and panel.mission.status == "awaiting_approval", "awaiting")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+a")
        await settle(pilot)
        await pilot.press(*"move to Done", "enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StartMissionDialog)
        assert "per minute" in str(dialog.query_one("#form-error", Label).render())
        assert dialog.query_one("#prompt", Input).value == "move to Done"
    worker_of(db).wait()


async def test_the_card_editor_gives_its_card_to_an_agent_with_ctrl_g(demo: Demo) -> None:
    db, actor, workspace_id, _project_id = demo
    create_agent(db, actor, workspace_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = focused_card(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        await pilot.press("ctrl+g")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StartMissionDialog)
        assert dialog.card.id == card.id
        await pilot.press(*"label urgent", "enter")
        await settle(pilot)
        panel = panel_of(app)
        await until(pilot, lambda: panel.mission is not None and panel.mission.status == "awaiting_approval", "awaiting")
        assert panel.mission.card_id == card.id


async def test_the_agents_screen_edits_toggles_and_deletes_and_opens_a_missions_log(demo: Demo) -> None:
    db, actor, workspace_id, _project_id = demo
    create_agent(db, actor, workspace_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = await start_on_focused_card(pilot, "move to Done")
        await until(pilot, lambda: panel.mission is not None and panel.mission.status == "awaiting_approval", "awaiting")
        mission_id = panel.mission_id
        await pilot.press("escape")  # the mission keeps waiting
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AgentsScreen)
        agents: DataTable[Any] = screen.query_one("#agents", DataTable)
        assert agents.get_row_at(0) == ["Helper", "supervised", "rules", "13 (8 write)", "30/min · 300/h", "yes"]
        missions: DataTable[Any] = screen.query_one("#missions", DataTable)
        assert missions.get_row_at(0)[:3] == ["awaiting approval", focused_card_key(app), "move to Done"]

        await pilot.press("tab", "enter")  # the mission's live log, with its proposal to decide
        await settle(pilot)
        reopened = panel_of(app)
        assert reopened.mission_id == mission_id and reopened.agent_name == "Helper"
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("shift+tab", "e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AgentForm)
        minute = form.query_one("#agent-per-minute", Input)
        minute.value = "many"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Per minute (rate limits): use a whole number" in str(form.query_one("#form-error", Label).render())
        minute.value = "12"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AgentsScreen)
        assert agents.get_row_at(0)[4] == "12/min · 300/h"

        await pilot.press("o")
        await settle(pilot)
        assert agents.get_row_at(0)[5] == "no"
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert agents.get_row_at(0)[0] == "No agent yet: n creates one."
    assert agents_of(db, actor, workspace_id) == []


def focused_card_key(app: StellaryApp) -> str:
    return str(focused_card(app).key)


async def test_a_member_who_is_no_admin_is_told_in_the_form(demo: Demo) -> None:
    db, actor, workspace_id, _project_id = demo
    with db.session(write=True) as session:
        workspace = session.get_one(Workspace, workspace_id)
        session.get_one(WorkspaceMember, (workspace_id, actor.user_id)).role = "member"
        session.get_one(OrgMember, (workspace.org_id, actor.user_id)).role = "member"
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G", "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AgentForm)
        await pilot.press(*"Bot", "ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still open, with what was typed
        assert str(form.query_one("#form-error", Label).render()) == "Only workspace admins can manage agents"
    assert agents_of(db, actor, workspace_id) == []


async def test_the_panel_follows_a_mission_decided_elsewhere(demo: Demo) -> None:
    """Approved by another client (here the operations directly): the open panel shows it at once."""
    db, actor, workspace_id, _project_id = demo
    create_agent(db, actor, workspace_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = await start_on_focused_card(pilot, "move to Done")
        await until(pilot, lambda: panel.mission is not None and panel.mission.status == "awaiting_approval", "awaiting")
        [proposal] = panel.mission.proposals
        await asyncio.to_thread(
            OperationRunner(db).run, "approve_proposal", actor, {"workspaceId": workspace_id, "proposal": proposal.id}
        )
        await until(pilot, lambda: panel.mission is not None and panel.mission.status == "completed", "completed")
        log = str(panel.query_one("#mission-steps").render())
        assert "approved: move_card column=Done" in log


@pytest.mark.parametrize(
    ("what", "keys"),
    [
        ("agents", ("G",)),
        ("new agent", ("G", "n")),
        ("give a card to an agent", ("ctrl+a",)),
        ("mission panel", ("ctrl+a", *"move to Done; comment: shipped", "enter")),
    ],
)
async def test_each_screen_fits_80x24(demo: Demo, what: str, keys: tuple[str, ...]) -> None:
    db, actor, workspace_id, _project_id = demo
    create_agent(db, actor, workspace_id)
    await opened_whole(db, what, keys)
    worker_of(db).wait()
