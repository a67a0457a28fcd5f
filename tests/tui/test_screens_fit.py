"""Every screen and dialog fits an 80x24 terminal: nothing is cut at the right or bottom edge."""

from __future__ import annotations

from typing import Any

import pytest
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widget import Widget

from stellary_core.db import Database
from stellary_core.principal import Principal
from stellary_core.schemas.custom_fields import CustomFieldCreateIn
from stellary_core.schemas.documents import DocumentCreateIn
from stellary_core.schemas.labels import LabelCreateIn
from stellary_core.services import custom_fields, documents, labels
from stellary_tui.app import StellaryApp
from stellary_tui.screens.document_dialogs import ReviewDialog
from stellary_tui.screens.documents import DocumentsScreen
from stellary_tui.screens.project_settings import ProjectSettingsScreen
from tests.tui.conftest import make_app, settle
from tests.tui.teammates import demo_teammate

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]
NARROW = (80, 24)

WIZARD = ("ctrl+p", *"wizard", "enter")  # the palette's "New project with the wizard"
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
    "card editor of an archived card": ("a", "V", "enter"),
    "project settings": ("comma",),
    "project settings, columns": ("comma", "3"),
    "new label": ("comma", "n"),
    "new label refused": ("comma", "n", "enter"),
    "new custom field": ("comma", "2", "n", *"Team", "tab", "down", "down"),
    "column status category": ("comma", "3", "enter"),
    "column WIP limit": ("comma", "3", "w"),
    "rename column from settings": ("comma", "3", "r"),
    "documents": ("D",),
    "new document": ("D", "n"),
    "cockpit": ("C",),
    "cockpit, new mission": ("C", "n"),
    "cockpit, record a decision": ("C", "r"),
    "cockpit, new active doc refused": ("C", "5", "n", "enter", "enter", *"paper", "enter"),
    "project wizard, framing": WIZARD,
    "project wizard, questions": (*WIZARD, *"Garden", "ctrl+s"),
    "project wizard, roadmap": (*WIZARD, *"Garden", "ctrl+s", "ctrl+g"),
    "project wizard, deliverable": (*WIZARD, *"Garden", "ctrl+s", "ctrl+g", "down", "e"),
}
# Dialogs that need a label or a select field to exist first (the demo project has neither).
OPENED_WITH_SETTINGS = {
    "edit label": ("comma", "e"),
    "delete label": ("comma", "d"),
    "field options": ("comma", "2", "o"),
    "new option": ("comma", "2", "o", "a"),
    "field type": ("comma", "2", "t"),
    "rename field": ("comma", "2", "enter"),
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


async def opened_whole(db: Database, what: str, keys: tuple[str, ...]) -> ModalScreen[Any]:
    """Press ``keys`` on the board at 80x24; the screen or dialog they open, checked to fit."""
    app = make_app(db)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot, rounds=1)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ModalScreen), f"{what} did not open"
        assert off_screen(screen, NARROW) == []
        return screen


@pytest.mark.parametrize("what", list(OPENED_BY))
async def test_every_screen_and_dialog_fits_80x24(demo: Demo, what: str) -> None:
    await opened_whole(demo[0], what, OPENED_BY[what])


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


@pytest.mark.parametrize("what", list(OPENED_WITH_SETTINGS))
async def test_every_settings_dialog_fits_80x24(demo: Demo, what: str) -> None:
    db, actor, workspace_id, project_id = demo
    with db.session(write=True) as session:
        where: dict[str, Any] = {"actor": actor, "workspace_id": workspace_id, "project_id": project_id}
        labels.create_label(session, data=LabelCreateIn(name="needs a much longer label name", color="#e5484d"), **where)
        data = CustomFieldCreateIn(name="Team", type="select", options=["web", "api", "a rather long option name"])
        custom_fields.create_custom_field(session, data=data, **where)
    screen = await opened_whole(db, what, OPENED_WITH_SETTINGS[what])
    assert not isinstance(screen, ProjectSettingsScreen), f"{what} did not open"


async def test_the_documents_screen_with_documents_and_its_review_form_fit_80x24(demo: Demo) -> None:
    db, _me, workspace_id, _project_id = demo
    ada = demo_teammate(db, "ada")
    with db.session(write=True) as session:
        data = DocumentCreateIn(title="A brief with a rather long title to see it cut nowhere", content_markdown="# Brief\n\nText.")
        brief = documents.create_document(session, actor=ada, workspace_id=workspace_id, data=data).document.id
        documents.submit_for_review(session, actor=ada, workspace_id=workspace_id, document_id=brief)
    assert isinstance(await opened_whole(db, "documents with a document", ("D",)), DocumentsScreen)
    assert isinstance(await opened_whole(db, "review form", ("D", "v")), ReviewDialog)
