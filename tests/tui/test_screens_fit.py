"""Every screen and dialog fits an 80x24 terminal: nothing is cut at the right or bottom edge."""

from __future__ import annotations

from typing import Any

import pytest
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widget import Widget

from stellary_core.db import Database
from stellary_core.principal import Principal
from stellary_tui.app import StellaryApp
from tests.tui.conftest import make_app, settle

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]
NARROW = (80, 24)

# What a user presses on the board to reach each screen or dialog.
OPENED_BY = {
    "card editor": ("enter",),
    "card editor, relations tab": ("enter", "ctrl+t", "ctrl+t", "ctrl+t"),
    "card editor, activity tab": ("enter", *["ctrl+t"] * 6),
    "card editor, repeating weekly": ("enter", *["tab"] * 7, "enter", "down", "down", "enter"),
    "card editor, repeating monthly": ("enter", *["tab"] * 7, "enter", "down", "down", "down", "enter", "tab"),
    "help": ("question_mark",),
    "delete confirmation": ("d",),
    "new column dialog": ("c",),
    "new column dialog, name refused": ("c", *"Done", "enter"),
    "scope choice": ("s",),
    "notifications": ("N",),
    "members": ("M",),
    "member invitation": ("M", "i"),
    "API tokens": ("T",),
    "new API token": ("T", "n"),
    "new API token shown once": ("T", "n", *"Deploy bot", "enter"),
    "move picker": ("t",),
    "move picker, columns": ("t", "enter"),
    "card editor of an archived card": ("a", "A", "enter"),
}


def screen_text(app: StellaryApp) -> list[str]:
    """The lines of the terminal as drawn, one string per row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def scrolls(widget: Widget) -> bool:
    return widget.styles.overflow_y in ("auto", "scroll")


def off_screen(screen: Widget, size: tuple[int, int]) -> list[str]:
    """The widgets of ``screen`` cut by the terminal's edges or by a box that cannot scroll to them.

    What lies in a scrolling container may be out of sight below, never cut at the right.
    """
    terminal = Region(0, 0, *size)
    problems = []
    for widget in screen.query("*"):
        region = widget.region
        if not widget.display or not region.area:
            continue
        if region.x < 0 or region.right > terminal.right:
            problems.append(f"{widget!r} at {region}: past the right edge")
            continue
        scrolled = False
        for box in widget.ancestors:
            if box is screen or not isinstance(box, Widget):
                break
            if scrolls(box):
                scrolled = True
                break
            if not box.region.contains_region(region):
                problems.append(f"{widget!r} at {region}: cut by {box!r} at {box.region}")
                break
        if not scrolled and not terminal.contains_region(region):
            problems.append(f"{widget!r} at {region}: past the bottom edge")
    return sorted(set(problems))


@pytest.mark.parametrize("what", list(OPENED_BY))
async def test_every_screen_and_dialog_fits_80x24(demo: Demo, what: str) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        for key in OPENED_BY[what]:
            await pilot.press(key)
            await settle(pilot, rounds=1)
        await settle(pilot)
        assert isinstance(app.screen, ModalScreen), f"{what} did not open"
        assert off_screen(app.screen, NARROW) == []


async def test_the_card_editor_buttons_are_whole_at_80x24(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = "\n".join(screen_text(app))
        assert "Save (ctrl+s)" in text and "Cancel (esc)" in text


async def test_the_first_run_fits_80x24(db: Database, frozen: Any) -> None:
    app = make_app(db)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert off_screen(app.screen, NARROW) == []
