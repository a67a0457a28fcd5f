"""The theme picked in the palette is kept as a preference and used again at the next start."""

from __future__ import annotations

import pytest

from stellary_core.db import Database
from stellary_core.principal import Principal
from stellary_core.services import navigation
from stellary_tui.screens.main import MainScreen
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]


def stored_theme(db: Database, me: Principal) -> object:
    with db.session() as session:
        return navigation.get_preference(session, actor=me, name="theme")


async def test_a_theme_picked_in_the_palette_is_used_at_the_next_start(demo: Demo) -> None:
    db, me, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark" and stored_theme(db, me) is None  # nothing picked, nothing written
        await pilot.press("ctrl+p", *"theme")
        await settle(pilot)
        await pilot.press("enter")  # the "Theme" command opens the list of themes
        await settle(pilot)
        await pilot.press(*"nord", "enter")
        await settle(pilot)
        assert app.theme == "nord"
    assert stored_theme(db, me) == "nord"

    again = make_app(db)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, MainScreen)
        assert again.theme == "nord"


async def test_a_stored_theme_this_version_does_not_know_is_ignored(demo: Demo) -> None:
    db, me, *_ = demo
    with db.session(write=True) as session:
        navigation.set_preference(session, actor=me, name="theme", value="no-such-theme")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.theme == "textual-dark"
