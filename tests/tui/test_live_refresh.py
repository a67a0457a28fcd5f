"""Pilot tests: the main screen reloads what a committed change says it changed, and everything for another process."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from stellary_core.db import Database, open_database
from stellary_core.principal import Principal
from stellary_core.schemas.projects import ProjectCreateIn, ProjectUpdateIn
from stellary_core.services import projects
from stellary_tui.app import StellaryApp
from stellary_tui.screens.main import MainScreen
from stellary_tui.views.kanban import KanbanBoard
from stellary_tui.widgets.top_bar import TopBar
from tests.tui.conftest import SIZE, make_app, settle
from tests.tui.teammates import demo_teammate, move_card

pytestmark = pytest.mark.anyio
Demo = tuple[Database, Principal, str, str]
PARTS = ("load_tree", "load_board", "load_unread")


def count_loads(app: StellaryApp, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """From now on, count what the main screen reads again: the navigator, the board, the unread count."""
    screen = app.screen
    assert isinstance(screen, MainScreen)
    loads: Counter[str] = Counter()
    for name in PARTS:

        def counted(*args: object, _load: Callable[..., None] = getattr(screen, name), _name: str = name, **kwargs: object) -> None:
            loads[_name] += 1
            _load(*args, **kwargs)

        monkeypatch.setattr(screen, name, counted)
    return loads


async def wait_for(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    for _ in range(100):
        await settle(pilot, rounds=1)
        if condition():
            return
        await pilot.pause(0.05)


def only_this_process(app: StellaryApp) -> None:
    # The change watcher would report any commit as "something changed": here only events may refresh.
    app._watch_interval = 3600


async def test_moving_a_card_reloads_the_board_but_neither_the_navigator_nor_the_unread_count(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, *_ = demo
    app = make_app(db)
    only_this_process(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        assert board.board is not None
        card = board.board.cards[board.board.columns[0].id][0]
        loads = count_loads(app, monkeypatch)
        await pilot.press("shift+right")
        await wait_for(pilot, lambda: loads["load_board"] > 0)
        await settle(pilot)
        assert loads == Counter({"load_board": 1})
        assert board.board is not None and board.board.cards[board.board.columns[1].id][0].id == card.id


async def test_a_teammates_change_elsewhere_reloads_only_the_unread_count(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, me, workspace_id, shown_project = demo
    with db.session(write=True) as session:
        side = projects.create_project(session, actor=me, workspace_id=workspace_id, data=ProjectCreateIn(name="Side", template_id="basic-kanban"))
        side_id, prefix = side.project.id, side.project.key_prefix
    app = make_app(db)
    only_this_process(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.project is not None and screen.project.id == shown_project
        loads = count_loads(app, monkeypatch)
        # Ada (same process, as through `stellary --serve`) moves a card of the other project: it notifies me.
        move_card(db, demo_teammate(db, "ada"), workspace_id, side_id, f"{prefix}-1", "Done")
        await wait_for(pilot, lambda: screen.query_one("#top-bar", TopBar).unread == 1)
        await settle(pilot)
        assert screen.query_one("#top-bar", TopBar).unread == 1
        assert loads == Counter({"load_unread": 1})


async def test_renaming_a_project_reloads_the_navigator(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> None:
    db, me, workspace_id, project_id = demo
    app = make_app(db)
    only_this_process(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        loads = count_loads(app, monkeypatch)
        with db.session(write=True) as session:
            projects.update_project(
                session, actor=me, workspace_id=workspace_id, project_id=project_id, data=ProjectUpdateIn(name="Renamed")
            )
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_for(pilot, lambda: screen.project is not None and screen.project.name == "Renamed")
        assert loads["load_tree"] == 1 and loads["load_unread"] == 0
        assert screen.query_one("#top-bar", TopBar).path[-1] == "Renamed"


async def test_a_change_from_another_process_reloads_everything(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> None:
    db, _me, workspace_id, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        loads = count_loads(app, monkeypatch)
        other = open_database(db.settings, migrate=False)  # the watcher cannot tell what another process changed
        try:
            move_card(other, demo_teammate(other, "ada"), workspace_id, project_id, "DP-1", "Done")
        finally:
            other.dispose()
        await wait_for(pilot, lambda: all(loads[part] for part in PARTS))
        assert all(loads[part] >= 1 for part in PARTS), loads


async def test_opening_another_project_reads_its_board_once_and_nothing_else(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, me, workspace_id, _project_id = demo
    with db.session(write=True) as session:
        side_id = projects.create_project(session, actor=me, workspace_id=workspace_id, data=ProjectCreateIn(name="Side")).project.id
    app = make_app(db)  # the watcher runs: remembering the project opened must not look like a foreign change
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        loads = count_loads(app, monkeypatch)
        screen.switch_project(side_id)
        await settle(pilot)
        await pilot.pause(1.0)  # several polls of the watcher
        await settle(pilot)
        assert screen.board is not None and screen.board.project.id == side_id
        assert loads == Counter({"load_board": 1})
