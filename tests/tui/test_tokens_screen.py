"""Pilot tests of the API tokens screen: the secret is shown once and works; scopes, expiry and revoke."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from textual.widgets import DataTable, SelectionList

from stellary_core.db import Database
from stellary_core.errors import Unauthorized
from stellary_core.principal import ALL_SCOPES, Principal
from stellary_core.schemas.api_tokens import ApiTokenCreateIn
from stellary_core.services import accounts, api_tokens
from stellary_tui.app import StellaryApp
from stellary_tui.screens.api_tokens import ApiTokensScreen, TokenCreateDialog
from stellary_tui.screens.dialogs import ConfirmDialog
from stellary_tui.screens.secret_dialog import SecretDialog
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]


def who(db: Database, secret: str) -> Principal:
    with db.session() as session:
        return accounts.authenticate(session, bearer=secret).principal


def table_text(app: StellaryApp) -> str:
    table: DataTable[Any] = app.screen.query_one("#token-table", DataTable)
    return "\n".join(" | ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count))


async def open_tokens(pilot: Any) -> None:
    await settle(pilot)
    await pilot.press("T")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ApiTokensScreen)


async def test_a_new_token_is_shown_once_and_authenticates_as_me(demo: Demo) -> None:
    db, me, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_tokens(pilot)
        assert "No tokens yet" in str(app.screen.query_one("#tokens-empty").render())
        await pilot.press("n")
        assert isinstance(app.screen, TokenCreateDialog)
        await pilot.press(*"CI pipeline", "enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SecretDialog)
        secret = dialog.secret
        assert secret.startswith("synth_") and len(secret) == 46
        assert app.clipboard == secret
        assert secret in str(dialog.query_one("#secret-value").render())
        principal = who(db, secret)
        assert principal.kind == "pat" and principal.user_id == me.user_id
        assert principal.scopes == frozenset(ALL_SCOPES)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ApiTokensScreen)
        listed = table_text(app)
        assert "CI pipeline" in listed and f"{secret[:10]}…" in listed and "| all |" in listed and "never" in listed
        assert secret not in listed  # once means once
        await pilot.press("escape", "T")
        await settle(pilot)
        assert secret not in table_text(app)


async def test_scopes_and_expiry_narrow_the_token(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_tokens(pilot)
        await pilot.press("n", *"read only", "tab")
        scopes = app.screen.query_one("#token-scopes", SelectionList)
        assert app.focused is scopes and scopes.highlighted == 0
        await pilot.press("down", "space", "down", "down", "space", "down", "down", "down", "space")  # the writes off
        await pilot.press("tab", *"2027-01-31", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SecretDialog)
        principal = who(db, app.screen.secret)
        assert principal.scopes == frozenset({"projects:read", "pilotage:read", "notifications:read", "account:read"})
        with db.session() as session:
            token = api_tokens.list_tokens(session, actor=Principal(user_id=principal.user_id))[0]
        assert token.expires_at == datetime(2027, 1, 31)
        await pilot.press("escape")
        await settle(pilot)
        listed = table_text(app)
        assert "projects:read, pilotage:read, notifications:read, account:read" in listed and "2027-01-31 00:00" in listed


async def test_bad_values_are_explained_in_the_form(demo: Demo) -> None:
    db, me, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_tokens(pilot)
        await pilot.press("n", "enter")
        error = app.screen.query_one("#form-error")
        assert "Name: cannot be empty" in str(error.render())
        await pilot.press(*"old", "tab", "tab", *"next week", "enter")
        await settle(pilot)
        assert "Expires: use YYYY-MM-DD" in str(error.render())
        await pilot.press(*(["backspace"] * 9), *"2020-01-01", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TokenCreateDialog)  # the service refused: the form stays
        assert "Expires: must be in the future" in str(error.render())
    with db.session() as session:
        assert api_tokens.list_tokens(session, actor=me) == []


async def test_revoke_asks_first_then_the_token_stops_working(demo: Demo) -> None:
    db, me, *_ = demo
    with db.session(write=True) as session:
        secret = api_tokens.create_token(session, actor=me, data=ApiTokenCreateIn(name="Old script")).secret
    assert who(db, secret).user_id == me.user_id
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_tokens(pilot)
        assert "Old script" in table_text(app)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert who(db, secret).user_id == me.user_id
        await pilot.press("d", "y")
        await settle(pilot)
        assert "Old script" not in table_text(app)
    with pytest.raises(Unauthorized):
        who(db, secret)


async def test_the_palette_opens_api_tokens(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"API tokens")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ApiTokensScreen)


def form_shows_its_top(app: StellaryApp) -> bool:
    """The form is at its top with its title in view, and nothing in it is wider than the box."""
    form = app.screen.query_one("#token-form")
    title = app.screen.query_one(".dialog-title")
    inside = form.scrollable_content_region
    return (
        form.scroll_offset == (0, 0)
        and title.region.y >= inside.y
        and form.virtual_size.width <= inside.width
        and app.focused is app.screen.query_one("#token-name")
    )


@pytest.mark.parametrize("size", [(160, 50), (100, 30), (80, 24)])
async def test_the_new_token_form_opens_at_its_top_and_stays_there_on_resize(
    demo: Demo, size: tuple[int, int]
) -> None:
    """Where the form is taller than the terminal, its scrollbar appearing used to narrow it after
    the first layout: the name field then overflowed by the scrollbar's width and focusing it
    scrolled the form, so it opened with its title scrolled away and stale cells drawn."""
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=size) as pilot:
        await open_tokens(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, TokenCreateDialog)
        assert form_shows_its_top(app)
        for width, height in ((80, 24), (100, 30), (160, 50), size):
            await pilot.resize_terminal(width, height)
            await settle(pilot)
            assert form_shows_its_top(app), (width, height)
