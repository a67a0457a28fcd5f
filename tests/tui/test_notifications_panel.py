"""Pilot tests of the notifications panel and the unread count in the top bar, checked against the database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import OptionList

from stellary_core.db import Database, open_database
from stellary_core.models import Notification
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import cards, projects
from stellary_tui.app import StellaryApp
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.screens.main import MainScreen
from stellary_tui.screens.notifications import NotificationsScreen
from stellary_tui.widgets.top_bar import TopBar
from tests.tui.conftest import FROZEN_NOW, SIZE, make_app, settle
from tests.tui.teammates import (
    card_by_key,
    column_named,
    demo_teammate,
    move_card,
    teammates_at_work,
)

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]


def main_screen(app: StellaryApp) -> MainScreen:
    return next(s for s in app.screen_stack if isinstance(s, MainScreen))


def unread_shown(app: StellaryApp) -> int:
    return main_screen(app).query_one("#top-bar", TopBar).unread


async def wait_for(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    """Let the change watcher and the debounced reload run until ``condition`` holds (or give up)."""
    for _ in range(100):
        await settle(pilot, rounds=1)
        if condition():
            return
        await pilot.pause(0.05)


def unread_ids(db: Database, me: Principal) -> set[str]:
    with db.session() as session:
        return set(session.scalars(select(Notification.id).where(Notification.user_id == me.user_id, Notification.read_at.is_(None))))


def panel_lines(app: StellaryApp) -> list[str]:
    listing = app.screen.query_one("#notification-list", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_a_change_made_by_another_user_in_another_process_raises_the_unread_count(demo: Demo) -> None:
    db, _me, workspace_id, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert unread_shown(app) == 0
        # Another Database object on the same file: this app hears of it only through the change watcher.
        other = open_database(db.settings, migrate=False)
        try:
            move_card(other, demo_teammate(other, "ada"), workspace_id, project_id, "DP-1", "Done")
        finally:
            other.dispose()
        await wait_for(pilot, lambda: unread_shown(app) == 1)
        assert unread_shown(app) == 1
        move_card(db, demo_teammate(db, "grace"), workspace_id, project_id, "DP-2", "Done")
        await wait_for(pilot, lambda: unread_shown(app) == 2)
        assert unread_shown(app) == 2


async def test_the_panel_says_who_did_what_to_which_card_newest_first(demo: Demo) -> None:
    db, me, workspace_id, project_id = demo
    teammates_at_work(db, me, workspace_id, project_id, at=FROZEN_NOW)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert unread_shown(app) == 3
        await pilot.press("N")
        await settle(pilot)
        assert isinstance(app.screen, NotificationsScreen)
        lines = panel_lines(app)
        assert len(lines) == 3
        assert "Linus Torvalds assigned it to you" in lines[0] and "DP-3" in lines[0]
        assert "Grace Hopper commented: Looks good to me, ship it" in lines[1] and "DP-2" in lines[1]
        assert "Ada Lovelace moved " in lines[2] and "→ Done" in lines[2]
        assert "DP-1" in lines[2] and "Demo Project" in lines[2]
        assert all(line.startswith("●") for line in lines)  # unread marks
        assert "3 unread" in str(app.screen.query_one("#notifications-title").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert len(unread_ids(db, me)) == 3  # looking is not reading


async def test_enter_marks_read_and_jumps_to_the_card_editor(demo: Demo) -> None:
    db, me, workspace_id, project_id = demo
    teammates_at_work(db, me, workspace_id, project_id, at=FROZEN_NOW)
    commented = card_by_key(db, project_id, "DP-2")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        assert app.screen.card_id == commented.id and app.screen.project_id == project_id
        await wait_for(pilot, lambda: unread_shown(app) == 2)
        assert unread_shown(app) == 2
    left = unread_ids(db, me)
    assert len(left) == 2
    with db.session() as session:
        read = session.scalars(select(Notification).where(Notification.user_id == me.user_id, Notification.read_at.is_not(None))).all()
        assert len(read) == 1


async def test_jumping_to_a_card_of_another_project_opens_that_project_first(demo: Demo) -> None:
    db, me, workspace_id, project_id = demo
    ada = demo_teammate(db, "ada")
    with db.session(write=True) as session:
        side = projects.create_project(session, actor=me, workspace_id=workspace_id, data=ProjectCreateIn(name="Side Quest")).project
        projects.add_member(session, actor=me, workspace_id=workspace_id, project_id=side.id, email="ada@demo.stellary.local")
    first_column = column_named(db, side.id, "To Do")
    with db.session(write=True) as session:
        created = cards.create_card(
            session,
            actor=ada,
            workspace_id=workspace_id,
            project_id=side.id,
            column_id=first_column.id,
            data=CardCreateIn(title="Check the rope"),
        )
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        assert main.project is not None and main.project.id == project_id
        await pilot.press("N")
        await settle(pilot)
        assert "created the card" in panel_lines(app)[0] and "Side Quest" in panel_lines(app)[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        assert app.screen.card_id == created.card.id and app.screen.project_id == side.id
        assert main.project is not None and main.project.id == side.id


async def test_m_marks_one_read_u_shows_unread_only_and_M_marks_all(demo: Demo) -> None:
    db, me, workspace_id, project_id = demo
    teammates_at_work(db, me, workspace_id, project_id, at=FROZEN_NOW)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert len(unread_ids(db, me)) == 2
        lines = panel_lines(app)
        assert not lines[0].startswith("●") and lines[1].startswith("●")
        await wait_for(pilot, lambda: unread_shown(app) == 2)
        assert unread_shown(app) == 2
        await pilot.press("u")
        await settle(pilot)
        lines = panel_lines(app)
        assert len(lines) == 2 and "Linus" not in "".join(lines)
        await pilot.press("M")
        await settle(pilot)
        assert unread_ids(db, me) == set()
        assert panel_lines(app) == []
        assert "Nothing unread" in str(app.screen.query_one("#notifications-empty").render())
        await wait_for(pilot, lambda: unread_shown(app) == 0)
        assert unread_shown(app) == 0
        await pilot.press("u")
        await settle(pilot)
        assert len(panel_lines(app)) == 3  # all again, none marked unread
        assert not any(line.startswith("●") for line in panel_lines(app))


async def test_ctrl_a_also_marks_all_read(demo: Demo) -> None:
    db, me, workspace_id, project_id = demo
    teammates_at_work(db, me, workspace_id, project_id, at=FROZEN_NOW)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        await pilot.press("ctrl+a")
        await settle(pilot)
        assert unread_ids(db, me) == set()


async def test_a_deleted_card_is_marked_read_and_not_opened(demo: Demo) -> None:
    db, me, workspace_id, project_id = demo
    doomed = card_by_key(db, project_id, "DP-4")
    with db.session(write=True) as session:
        cards.delete_card(session, actor=demo_teammate(db, "ada"), workspace_id=workspace_id, project_id=project_id, card_id=doomed.id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        assert "deleted it" in panel_lines(app)[0] and "DP-4" in panel_lines(app)[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NotificationsScreen)
        assert unread_ids(db, me) == set()


async def test_the_palette_opens_the_notifications(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Notifications")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NotificationsScreen)
