"""The footer shows the keys of what has focus: the editor's (or a dialog's) keys while it is open, not the board's."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.screen import ModalScreen
from textual.widgets._footer import FooterKey

from stellary_tui import screens, views, widgets
from stellary_core.db import Database
from stellary_core.principal import Principal
from stellary_tui.app import StellaryApp
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.screens.dialogs import ConfirmDialog
from stellary_tui.screens.keyed_modal import KeyedModal
from stellary_tui.screens.main import MainScreen
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio
Demo = tuple[Database, Principal, str, str]


def footer_keys(app: StellaryApp) -> dict[str, str]:
    """What the footer of the screen on top shows: key → description."""
    return {key.key: key.description for key in app.screen.query(FooterKey)}


async def test_the_editor_footer_shows_the_editors_keys(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert footer_keys(app).get("n") == "New card"  # the board's own footer, as a reference
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        shown = footer_keys(app)
        assert shown.get("ctrl+s") == "Save" and shown.get("escape") == "Close" and shown.get("ctrl+t") == "Next tab"
        assert "n" not in shown and "d" not in shown, shown  # nothing of the board beneath


async def test_a_dialog_footer_shows_its_answers(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")  # delete the focused card: asks first
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        shown = footer_keys(app)
        assert shown.get("y") == "Yes" and "Cancel" in shown.values(), shown
        assert "New card" not in shown.values()
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert footer_keys(app).get("n") == "New card"


def test_every_modal_screen_of_the_app_brings_its_own_footer() -> None:
    modules = [importlib.import_module("stellary_tui.app")]
    for package in (screens, views, widgets):  # where screens and the widgets that open them live
        for found in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            modules.append(importlib.import_module(found.name))
    modals = [
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, ModalScreen) and cls.__module__ == module.__name__
    ]
    assert len(modals) >= 11
    strays = [f"{cls.__module__}.{cls.__name__}" for cls in modals if not issubclass(cls, KeyedModal)]
    assert strays == [], "derive these from KeyedModal so the footer shows their keys"
