"""Pilot tests of the project wizard, offline with the rules provider: a description becomes an executed board."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label

from stellary_core.ai import rules_wizard
from stellary_core.ai.rules_wizard import next_round, roadmap
from stellary_core.ai.wizard import MAX_ROUNDS, ProjectBrief, WizardProgress, WizardRound
from stellary_core.clock import today
from stellary_core.db import Database
from stellary_core.models import Card, Project, ProjectDraft
from stellary_core.principal import Principal
from stellary_core.schemas.drafts import DraftCreateIn
from stellary_core.services import drafts
from stellary_tui.app import StellaryApp
from stellary_tui.screens.dialogs import ConfirmDialog
from stellary_tui.screens.main import MainScreen
from stellary_tui.screens.wizard import WizardScreen
from stellary_tui.screens.wizard_dialogs import DeliverableDialog, DraftsDialog, PhaseDialog
from stellary_tui.widgets.navigator import Navigator
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio
Demo = tuple[Database, Principal, str, str]
DESCRIPTION = ("- Bed map", "- Sowing calendar", "- Watering reminders")


async def keys(pilot: Pilot[None], *pressed: str) -> None:
    await pilot.press(*pressed)
    await settle(pilot)


async def open_from_palette(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await keys(pilot, "ctrl+p", *"wizard")
    await keys(pilot, "enter")


def wizard(app: StellaryApp) -> WizardScreen:
    screen = app.screen
    assert isinstance(screen, WizardScreen), screen
    return screen


def error_line(app: StellaryApp) -> str:
    return str(wizard(app).query_one("#wizard-error", Label).render())


def outline_rows(screen: WizardScreen) -> list[str]:
    table: DataTable[Any] = screen.query_one("#outline", DataTable)
    return [str(table.get_row_at(i)[0]).strip() for i in range(table.row_count)]


def stored_draft(db: Database) -> ProjectDraft:
    with db.session() as session:
        found = session.scalars(select(ProjectDraft)).one()
        session.expunge(found)
        return found


async def frame(pilot: Pilot[None], name: str) -> None:
    """Type the framing step and create the draft."""
    await pilot.press(*name, "tab")
    for n, line in enumerate(DESCRIPTION):
        await pilot.press(*line, *(["enter"] if n < len(DESCRIPTION) - 1 else []))
    await keys(pilot, "ctrl+s")


async def to_roadmap(pilot: Pilot[None], name: str = "Garden planner") -> WizardScreen:
    await open_from_palette(pilot)
    await frame(pilot, name)
    await keys(pilot, "ctrl+g")
    screen = wizard(pilot.app)  # type: ignore[arg-type]
    assert screen.step == "roadmap"
    return screen


def make_roadmap_draft(demo: Demo, name: str = "Shop") -> str:
    """A draft at the roadmap stage, as the rules provider plans it, made without the TUI."""
    db, actor, workspace_id, _ = demo
    brief = ProjectBrief(name=name, description="A small online shop. It sells prints. It ships weekly.")
    with db.session(write=True) as session:
        draft = drafts.create_draft(
            session, actor=actor, workspace_id=workspace_id, data=DraftCreateIn(name=name, description=brief.description),
            first=next_round(brief, WizardProgress()), provider="rules",
        )  # fmt: skip
        drafts.refine_draft(  # the first round skipped
            session, actor=actor, workspace_id=workspace_id, draft_id=draft.id, answers={},
            following=next_round(brief, WizardProgress(rounds=1)), provider="rules", seen=drafts.version_of(draft),
        )  # fmt: skip
        drafts.set_roadmap(
            session, actor=actor, workspace_id=workspace_id, draft_id=draft.id, roadmap=roadmap(brief, {}, today()),
            provider="rules", seen=drafts.version_of(draft),
        )  # fmt: skip
        return draft.id


# -- the done-when path --------------------------------------------------------------


async def test_the_wizard_turns_a_description_into_an_executed_board(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_from_palette(pilot)
        screen = wizard(app)
        assert screen.step == "framing"
        await frame(pilot, "Garden planner")
        assert screen.step == "questions"
        assert "10%" in str(screen.query_one("#readiness", Label).render())
        # Round by round until the wizard has asked all it will (at most four rounds).
        rounds = 0
        while screen.draft is not None and screen.draft.questions:
            answers = list(screen.query(".answer").results(Input))
            assert answers and app.focused is answers[0]
            for n, box in enumerate(answers):
                await pilot.press(*f"answer {rounds}.{n}")
                await pilot.press("enter")  # the next answer; on the last one, sends the round
            await settle(pilot)
            rounds += 1
            assert rounds <= MAX_ROUNDS
        assert screen.draft is not None and screen.draft.readiness_score == 100
        assert "100%" in str(screen.query_one("#readiness", Label).render())
        await keys(pilot, "ctrl+g")
        assert screen.step == "roadmap"
        assert {"1. Framing", "2. Build", "3. Launch", "• Bed map"} <= set(outline_rows(screen))
        await keys(pilot, "x")
        assert isinstance(app.screen, ConfirmDialog)
        await keys(pilot, "y")
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.project is not None and main.project.name == "Garden planner"
        assert main.board is not None
        assert [c.name for c in main.board.columns] == ["Framing", "Build", "Launch"]
        assert "Garden planner" in [p.name for org in main.nav_tree for ws in org.workspaces for p in ws.projects]
    draft = stored_draft(db)
    assert draft.stage == "executed" and draft.project_id == main.project.id and len(draft.answers) == rounds
    with db.session() as session:
        titles = set(session.scalars(select(Card.title).where(Card.project_id == draft.project_id)))
    assert {"Bed map", "Sowing calendar", "Watering reminders"} <= titles


async def test_w_in_the_navigator_opens_the_wizard_for_the_highlighted_workspace(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one(Navigator).focus()
        await keys(pilot, "w")
        assert wizard(app).workspace.name == "Personal"


# -- the roadmap, edited -------------------------------------------------------------


async def test_the_roadmap_is_edited_as_an_outline_and_every_change_is_stored(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_roadmap(pilot)
        rows = outline_rows(screen)
        # Rename the Build phase.
        screen.query_one("#outline", DataTable).move_cursor(row=rows.index("2. Build"))
        await keys(pilot, "e")
        assert isinstance(app.screen, PhaseDialog)
        await keys(pilot, "home", "ctrl+k", *"Make", "enter")
        # A deliverable added after the first of Make, then moved up into Framing (across the phase boundary).
        await keys(pilot, "down", "n")
        assert isinstance(app.screen, DeliverableDialog)
        await keys(pilot, *"Soil test", "tab", *"Send a sample to the lab", "tab", "down", "tab")
        await keys(pilot, "home", "ctrl+k", "5", "ctrl+s")
        await keys(pilot, "shift+up", "shift+up")
        # Launch first: the phase moved up twice.
        rows = outline_rows(screen)
        screen.query_one("#outline", DataTable).move_cursor(row=rows.index("3. Launch"))
        await keys(pilot, "shift+up", "shift+up")
        # The last deliverable deleted.
        screen.query_one("#outline", DataTable).move_cursor(row=len(outline_rows(screen)) - 1)
        await keys(pilot, "d")
        assert error_line(app) == ""
        assert screen.saved
    stored = stored_draft(db).roadmap
    assert stored is not None
    phases = [(p["title"], [d["title"] for d in p["deliverables"]]) for p in stored["phases"]]
    assert phases == [
        ("Launch", ["Meet the definition of done", "Release"]),
        ("Framing", ["Agree on the goal and scope", "Soil test"]),
        ("Make", ["Bed map", "Sowing calendar"]),
    ]
    soil = stored["phases"][1]["deliverables"][1]
    assert (soil["description"], soil["priority"], soil["dueOffsetDays"]) == ("Send a sample to the lab", "low", 5)


async def test_a_refused_roadmap_shows_why_and_keeps_the_edit_until_it_is_fixed(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_roadmap(pilot)
        before = stored_draft(db).roadmap
        screen.query_one("#outline", DataTable).move_cursor(row=outline_rows(screen).index("2. Build"))
        await keys(pilot, "e", "home", "ctrl+k", *"framing", "enter")
        # The core refuses two phases of one name: the outline keeps the edit and says why.
        assert "2. framing" in outline_rows(screen)
        assert "Not saved yet: Two phases are named 'framing'; each phase becomes a column" in error_line(app)
        assert not screen.saved and stored_draft(db).roadmap == before
        await keys(pilot, "x")  # nothing is executed from an outline that is not stored
        assert app.screen is screen and stored_draft(db).stage == "roadmap"
        # Another edit is kept too; fixing the name stores both.
        await keys(pilot, "down", "d")
        await keys(pilot, "up", "e", "home", "ctrl+k", *"Build it", "enter")
        assert error_line(app) == "" and screen.saved
    stored = stored_draft(db).roadmap
    assert stored is not None
    build = stored["phases"][1]
    assert build["title"] == "Build it" and [d["title"] for d in build["deliverables"]] == ["Sowing calendar", "Watering reminders"]


async def test_a_phase_left_without_deliverables_is_not_sent_and_says_what_to_do(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_roadmap(pilot)
        await keys(pilot, "P", *"Test", "enter")  # after the first phase, empty
        assert "“Test” has no deliverable yet: n adds one" in error_line(app)
        assert [p["title"] for p in stored_draft(db).roadmap["phases"]] == ["Framing", "Build", "Launch"]  # type: ignore[index]
        await keys(pilot, "n", *"Beta test", "ctrl+s")
        assert error_line(app) == "" and screen.saved
    assert [p["title"] for p in stored_draft(db).roadmap["phases"]] == ["Framing", "Test", "Build", "Launch"]  # type: ignore[index]


async def test_a_deliverable_form_refuses_a_due_offset_that_is_no_whole_number(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await to_roadmap(pilot)
        await keys(pilot, "down", "e")
        dialog = app.screen
        assert isinstance(dialog, DeliverableDialog)
        dialog.query_one("#deliverable-due", Input).value = "5000"
        await keys(pilot, "ctrl+s")
        assert app.screen is dialog
        assert "must be 3650 or less" in str(dialog.query_one("#form-error", Label).render())


# -- resuming and deleting drafts ------------------------------------------------------


async def test_a_draft_is_continued_where_it_was_left(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_from_palette(pilot)
        await frame(pilot, "Garden planner")
        await keys(pilot, *"Plan beds", "enter", *"Gardeners", "enter")  # round 1 answered
        await keys(pilot, "escape")
        assert isinstance(app.screen, MainScreen)
        await open_from_palette(pilot)
        dialog = app.screen
        assert isinstance(dialog, DraftsDialog)
        assert [d.name for d in dialog.drafts] == ["Garden planner"]
        await keys(pilot, "down", "enter")
        screen = wizard(app)
        assert screen.step == "questions" and screen.draft is not None and screen.draft.round_count == 1
        assert "Round 2 of 4" in str(screen.query_one("#round", Label).render())


async def test_a_draft_at_the_roadmap_stage_opens_on_its_outline_and_a_draft_can_be_deleted(demo: Demo) -> None:
    db, *_ = demo
    make_roadmap_draft(demo, "Shop")
    make_roadmap_draft(demo, "Bakery")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_from_palette(pilot)
        dialog = app.screen
        assert isinstance(dialog, DraftsDialog)
        names = [d.name for d in dialog.drafts]
        await keys(pilot, "down", "d")
        assert isinstance(app.screen, ConfirmDialog)
        await keys(pilot, "y")
        assert app.screen is dialog and [d.name for d in dialog.drafts] == names[1:]
        await keys(pilot, "enter")  # the highlight is on the draft left
        screen = wizard(app)
        assert screen.step == "roadmap" and screen.draft is not None and screen.draft.name == names[1]
        assert outline_rows(screen)[0] == "1. Framing"
    with db.session() as session:
        assert list(session.scalars(select(ProjectDraft.name))) == [names[1]]
        assert session.scalars(select(Project.name).where(Project.name.in_(names))).all() == []


# -- keys typed while the wizard waits ----------------------------------------------------


@pytest.fixture
def slow_provider(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The rules provider answers only when the test says, as a model that takes its time would."""
    gate = threading.Event()
    original = rules_wizard.next_round

    def wait_then_answer(brief: ProjectBrief, progress: WizardProgress) -> WizardRound:
        assert gate.wait(10), "the test never let the provider answer"
        return original(brief, progress)

    monkeypatch.setattr(rules_wizard, "next_round", wait_then_answer)
    yield gate
    gate.set()  # never leave a worker thread waiting


async def test_answers_typed_while_the_wizard_asks_its_first_questions_land_in_the_answers(
    demo: Demo, slow_provider: threading.Event
) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_from_palette(pilot)
        await pilot.press(*"Garden planner", "ctrl+s")
        await pilot.pause(0.1)
        screen = wizard(app)
        assert "Creating the draft" in str(screen.query_one("#wizard-busy", Label).render())
        await pilot.press(*"Plan beds")  # typed ahead of the questions
        slow_provider.set()
        await settle(pilot)
        assert screen.step == "questions"
        answers = list(screen.query(".answer").results(Input))
        assert [box.value for box in answers] == ["Plan beds", ""]
        assert screen.query_one("#draft-name", Input).value == "Garden planner"
