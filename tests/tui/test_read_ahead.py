"""The Cockpit's and Documents' first reads, done ahead: the key opens them on fresh data without reading."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.pilot import Pilot

from stellary_core.db import Database
from stellary_core.event_types import Actor, DocumentUpdated, DomainEvent, PilotageMissionCreated
from stellary_core.principal import Principal
from stellary_core.schemas.documents import DocumentCreateIn, DocumentUpdateIn
from stellary_core.schemas.pilotage import MissionCreateIn
from stellary_core.schemas.projects import ProjectUpdateIn
from stellary_core.services import documents, pilotage, projects
from stellary_tui.screens import cockpit as cockpit_module
from stellary_tui.screens import documents as documents_module
from stellary_tui.screens import read_ahead
from stellary_tui.screens.cockpit import CockpitScreen
from stellary_tui.screens.documents import DocumentsScreen
from stellary_tui.screens.main import MainScreen
from stellary_tui.screens.read_ahead import ReadAhead
from stellary_tui.widgets.row_table import RowTable
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_ahead, "AFTER_START", 0.05)
    monkeypatch.setattr(read_ahead, "AFTER_CHANGE", 0.05)


def counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[str]:
    """Count the calls of ``module.name`` from now on (the read ahead and the key import it at call time)."""
    calls: list[str] = []
    original = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


async def read_ahead_done(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.pause(0.2)  # the read ahead's timer, then its worker
    await settle(pilot)


async def visit(pilot: Pilot[None], key: str) -> Any:
    """Open a screen with ``key`` and close it again; the screen that opened."""
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    await pilot.press("escape")
    await settle(pilot)
    return screen


async def test_c_opens_the_cockpit_on_the_read_done_ahead_without_reading(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> None:
    db, actor, workspace_id, _project_id = demo
    with db.session(write=True) as session:
        pilotage.create_mission(session, actor=actor, workspace_id=workspace_id, data=MissionCreateIn(objective="Read ahead"))
    reads = counting(monkeypatch, cockpit_module, "read_cockpit")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await read_ahead_done(pilot)
        assert len(reads) == 1  # ahead, in the background
        await pilot.press("C")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CockpitScreen)
        assert len(reads) == 1  # the key read nothing
        assert [m.objective for m in screen.missions] == ["Read ahead"]


async def test_a_change_drops_the_read_ahead_and_the_cockpit_opens_on_the_new_state(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, actor, workspace_id, _project_id = demo
    reads = counting(monkeypatch, cockpit_module, "read_cockpit")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await read_ahead_done(pilot)
        assert len(reads) == 1
        monkeypatch.setattr(read_ahead, "AFTER_CHANGE", 30.0)  # the change is heard, not read again before the key
        with db.session(write=True) as session:
            pilotage.create_mission(session, actor=actor, workspace_id=workspace_id, data=MissionCreateIn(objective="New"))
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.read_ahead.cockpit.take(workspace_id) is None
        await pilot.press("C")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CockpitScreen)
        assert [m.objective for m in screen.missions] == ["New"]
        assert len(reads) == 2  # read on the key, as without a read ahead


async def test_d_opens_documents_on_the_read_done_ahead_and_an_edit_drops_it(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, actor, workspace_id, _project_id = demo
    with db.session(write=True) as session:
        made_id = documents.create_document(
            session, actor=actor, workspace_id=workspace_id, data=DocumentCreateIn(title="Plan", content="# First words")
        ).document.id
    reads = counting(monkeypatch, documents_module, "read_listing")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await read_ahead_done(pilot)
        assert len(reads) == 1
        await pilot.press("D")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DocumentsScreen)
        assert len(reads) == 1
        assert screen.shown is not None and screen.shown.content_markdown == "# First words"
        await pilot.press("escape")
        await settle(pilot)
        with db.session(write=True) as session:
            documents.update_document(
                session, actor=actor, workspace_id=workspace_id, document_id=made_id,
                data=DocumentUpdateIn(content_markdown="# Second words"),
            )  # fmt: skip
        await read_ahead_done(pilot)
        assert len(reads) == 2  # read ahead again after the change
        await pilot.press("D")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DocumentsScreen)
        assert screen.shown is not None and screen.shown.content_markdown == "# Second words"
        assert len(reads) == 2


async def test_a_read_overtaken_by_a_change_is_thrown_away_and_read_again(demo: Demo) -> None:
    db, _actor, workspace_id, _project_id = demo
    app = make_app(db)
    release = threading.Event()
    values = iter(["before the change", "after the change"])

    def read(_core: object) -> str:
        value = next(values)
        if value == "before the change":
            release.wait(10)
        return value

    def changed(event: DomainEvent | None, _workspace_id: str) -> bool:
        return event is None or event.type.startswith("pilotage_")

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ahead: ReadAhead[str] = ReadAhead(app, "probe", lambda: (workspace_id, read), changed)
        ahead.follow(workspace_id)
        await pilot.pause(0.2)  # the first read started and waits
        other = DocumentUpdated(actor=Actor("user", "u", ""), workspace_id=workspace_id, data={})
        ahead.heard(other)  # a change it does not depend on keeps the read
        mission = PilotageMissionCreated(actor=Actor("user", "u", ""), workspace_id=workspace_id, data={})
        read_ahead.AFTER_CHANGE = 0.5  # (the fixture gives it back) long enough to see the first answer land alone
        ahead.heard(mission)
        release.set()
        for _ in range(200):
            if not ahead._reading:  # the first answer has landed
                break
            await pilot.pause(0.01)
        assert ahead.take(workspace_id) is None  # thrown away: the change came after that read began
        for _ in range(300):
            if ahead.take(workspace_id) is not None:
                break
            await pilot.pause(0.01)
        assert ahead.take(workspace_id) == "after the change"
        assert ahead.take("another workspace") is None


# -- the screens kept between visits (kept_screens.py) -------------------------------------------


async def test_the_cockpit_is_kept_between_visits_and_shows_the_changes_made_meanwhile(demo: Demo) -> None:
    db, actor, workspace_id, _project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await read_ahead_done(pilot)
        first = await visit(pilot, "C")
        assert isinstance(first, CockpitScreen) and first.missions == []
        with db.session(write=True) as session:
            pilotage.create_mission(session, actor=actor, workspace_id=workspace_id, data=MissionCreateIn(objective="Meanwhile"))
        await read_ahead_done(pilot)
        await pilot.press("C")
        await settle(pilot)
        assert app.screen is first  # not built again
        assert isinstance(first, CockpitScreen)
        assert [m.objective for m in first.missions] == ["Meanwhile"]
        assert "Meanwhile" in str(first.query_one("#missions", RowTable).get_row_at(0)[1])


async def test_a_renamed_project_gets_a_new_cockpit_and_the_old_one_is_removed(demo: Demo) -> None:
    """The screens hold the navigator's names: a change there makes a new one."""
    db, actor, workspace_id, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await read_ahead_done(pilot)
        first = await visit(pilot, "C")
        assert isinstance(first, CockpitScreen)
        with db.session(write=True) as session:
            projects.update_project(session, actor=actor, workspace_id=workspace_id, project_id=project_id, data=ProjectUpdateIn(name="Renamed"))
        await read_ahead_done(pilot)
        await pilot.press("C")
        await settle(pilot)
        second = app.screen
        assert isinstance(second, CockpitScreen) and second is not first
        assert [p.name for p in second.workspace.projects] == ["Renamed"]
        assert not first.is_attached  # the old one is gone, not kept alongside


async def test_documents_kept_between_visits_open_on_the_whole_list(demo: Demo) -> None:
    db, actor, workspace_id, _project_id = demo
    with db.session(write=True) as session:
        for title in ("Alpha plan", "Beta notes"):
            documents.create_document(session, actor=actor, workspace_id=workspace_id, data=DocumentCreateIn(title=title))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await read_ahead_done(pilot)
        await pilot.press("D")
        await settle(pilot)
        first = app.screen
        assert isinstance(first, DocumentsScreen)
        assert [d.title for d in first.documents] == ["Alpha plan", "Beta notes"]
        await pilot.press("slash", *"Beta", "enter")
        await settle(pilot)
        assert [d.title for d in first.documents] == ["Beta notes"]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, DocumentsScreen)
        await pilot.press("D")
        await settle(pilot)
        assert app.screen is first
        assert isinstance(first, DocumentsScreen)
        assert first.search_text == ""
        assert [d.title for d in first.documents] == ["Alpha plan", "Beta notes"]


async def test_the_first_c_and_d_find_their_screens_built_ahead_with_the_read(demo: Demo) -> None:
    db, actor, workspace_id, _project_id = demo
    with db.session(write=True) as session:
        pilotage.create_mission(session, actor=actor, workspace_id=workspace_id, data=MissionCreateIn(objective="Ready"))
        documents.create_document(session, actor=actor, workspace_id=workspace_id, data=DocumentCreateIn(title="Ready doc"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await read_ahead_done(pilot)
        main = app.screen
        assert isinstance(main, MainScreen) and main.workspace is not None
        cockpit = main.kept.cockpit.reuse(main.workspace)
        assert isinstance(cockpit, CockpitScreen) and cockpit.is_mounted  # built, unseen
        assert [m.objective for m in cockpit.missions] == ["Ready"]
        await pilot.press("C")
        await settle(pilot)
        assert app.screen is cockpit
        assert isinstance(cockpit, CockpitScreen)
        assert [m.objective for m in cockpit.missions] == ["Ready"]
        await pilot.press("escape")
        await settle(pilot)
        me = app.actor.user_id if app.actor else None
        built = main.kept.documents.reuse((main.org, main.workspace, me))
        assert isinstance(built, DocumentsScreen) and built.is_mounted
        await pilot.press("D")
        await settle(pilot)
        assert app.screen is built
        assert built.shown is not None and built.shown.title == "Ready doc"


@pytest.mark.parametrize("key", ["C", "D"])
async def test_a_key_answered_just_as_its_screen_is_built_ahead_still_opens_it(
    demo: Demo, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    # The read ahead lands, and builds its screen unseen, in the same moment as the key's own read:
    # the key's answer finds a kept screen still composing, and must open it with its read.
    monkeypatch.setattr(read_ahead, "AFTER_START", 3600.0)  # no read ahead but the one this test lands
    app = make_app(db := demo[0])
    with db.session(write=True) as session:
        pilotage.create_mission(session, actor=demo[1], workspace_id=demo[2], data=MissionCreateIn(objective="Raced"))
        documents.create_document(session, actor=demo[1], workspace_id=demo[2], data=DocumentCreateIn(title="Raced doc"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen) and main.workspace is not None
        ahead = main.read_ahead.cockpit if key == "C" else main.read_ahead.documents
        prepared = ahead._prepare()
        assert prepared is not None
        landing = prepared[1](app.core)
        original = app.run_with_core

        def answered_as_the_read_ahead_lands(job: Any, *, then: Any = None, **kwargs: Any) -> None:
            def land_then_answer(result: Any) -> None:
                ahead._answered(ahead._generation, read_ahead.Ahead(prepared[0], landing))
                then(result)

            original(job, then=land_then_answer, **kwargs)

        monkeypatch.setattr(app, "run_with_core", answered_as_the_read_ahead_lands)
        await pilot.press(key)
        await settle(pilot)
        screen = app.screen
        if key == "C":
            assert isinstance(screen, CockpitScreen)
            assert [m.objective for m in screen.missions] == ["Raced"]
        else:
            assert isinstance(screen, DocumentsScreen)
            assert screen.shown is not None and screen.shown.title == "Raced doc"
