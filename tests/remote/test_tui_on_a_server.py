"""The TUI's main paths on a real ``stellary serve`` child on loopback, through RemoteCore.

Every change the app makes is checked on the server through REST; a change by
another client reaches the board through ``GET /events``; a stopped server shows
the offline line and refuses a save without closing the editor, and once it is
back the line goes and the save goes through.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label

from stellary_tui.app import StellaryApp
from stellary_tui.remote_core import OFFLINE_LINE, RemoteCore
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.views.kanban import KanbanBoard
from stellary_tui.widgets.card_comments import CommentBox
from stellary_tui.widgets.top_bar import TopBar
from tests.remote.conftest import Account, ServeProcess, register
from tests.tui.conftest import SIZE

pytestmark = pytest.mark.anyio
LIVE_WITHIN = 2.0  # seconds for another client's change to show


def busy(app: StellaryApp) -> bool:
    # The event stream's worker runs for the whole session: only the others count.
    if any(not worker.is_finished for worker in app.workers if worker.group != "events"):
        return True
    return bool(app.typeahead.pending or app.typeahead.holding) or any(
        getattr(getattr(screen, "debounced_reload", None), "pending", False) for screen in app.screen_stack
    )


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(3):
        for _tick in range(1000):
            if not busy(pilot.app):  # type: ignore[arg-type]
                break
            await pilot.pause(0.01)
        await pilot.pause(0.05)


async def wait_for(pilot: Pilot[None], condition: Callable[[], bool], within: float) -> float:
    """Seconds until ``condition`` held; fails after ``within``."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        if condition():
            return time.monotonic() - started
        await pilot.pause(0.05)
    raise AssertionError(f"not within {within} s")


def remote_app(account: Account) -> StellaryApp:
    app = StellaryApp(remote=RemoteCore(account.base_url, account.token))
    app.animation_level = "none"
    return app


def board_titles(app: StellaryApp) -> list[str]:
    board = app.screen.query_one(KanbanBoard).board
    return [card.title for card in board.all_cards()] if board is not None else []


def server_card(account: Account, card_id: str) -> dict[str, Any]:
    card: dict[str, Any] = account.call("GET", f"{account.project_path}/cards/{card_id}")
    return card


async def test_board_move_edit_and_comment_land_on_the_server_and_others_changes_show_live(
    serve_process: ServeProcess,
) -> None:
    alice = register(serve_process.url, "alice@example.com")
    card = alice.add_card("Write the plan")
    app = remote_app(alice)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert board_titles(app) == ["Write the plan"]
        # The top line says which server this is (a local app says nothing there).
        top = app.screen.query_one("#top-bar", TopBar).render().plain
        assert top.startswith(f"✦ Stellary @ 127.0.0.1:{serve_process.port}  ›"), top

        await pilot.press("shift+right")
        await settle(pilot)
        assert server_card(alice, card["id"])["columnId"] == alice.columns[1]["id"]

        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        editor.query_one("#title", Input).value = "Write the launch plan"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CardEditor), str(editor.query_one("#editor-error", Label).render())
        assert server_card(alice, card["id"])["title"] == "Write the launch plan"

        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        editor.show_tab("tab-comments")
        await pilot.pause()
        assert isinstance(app.focused, CommentBox)
        await pilot.press(*"Looks good", "ctrl+s")
        await settle(pilot)
        comments = alice.call("GET", f"{alice.project_path}/cards/{card['id']}/comments")
        assert [comment["content"] for comment in comments] == ["Looks good"]
        await pilot.press("escape")
        await settle(pilot)

        alice.add_card("Added from the web")  # another client, through REST
        took = await wait_for(pilot, lambda: "Added from the web" in board_titles(app), within=LIVE_WITHIN)
        assert took < LIVE_WITHIN


async def test_a_stopped_server_keeps_the_editor_and_its_text_and_recovers(serve_process: ServeProcess) -> None:
    alice = register(serve_process.url, "alice@example.com")
    card = alice.add_card("Write the plan")
    app = remote_app(alice)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        editor.query_one("#title", Input).value = "Typed while the server was away"

        serve_process.stop()
        await wait_for(pilot, lambda: app.offline, within=10)
        assert any(notice.message == OFFLINE_LINE for notice in app._notifications)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor  # still open, with what was typed
        assert editor.query_one("#title", Input).value == "Typed while the server was away"
        assert "nothing was saved" in str(editor.query_one("#editor-error", Label).render()).lower()

        serve_process.start()
        await wait_for(pilot, lambda: not app.offline, within=20)
        assert not any(notice.message == OFFLINE_LINE for notice in app._notifications)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not editor
        assert server_card(alice, card["id"])["title"] == "Typed while the server was away"
