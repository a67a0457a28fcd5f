"""The relation type of the card editor's Relations tab can be read and chosen, in a wide and a narrow terminal."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets import Input, Select
from textual.widgets._select import SelectOverlay

from stellary_core.db import Database
from stellary_core.principal import Principal
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.widgets.card_relations import RELATION_CHOICES
from tests.tui.conftest import make_app, settle

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]


@pytest.mark.parametrize("size", [(160, 50), (80, 24)])
async def test_every_relation_type_can_be_seen_and_picked(demo: Demo, size: tuple[int, int]) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        editor.show_tab("tab-relations")
        await pilot.pause()
        kind = editor.query_one("#relation-type", Select)
        longest = max(cell_len(label) for label, _value in RELATION_CHOICES)
        assert kind.region.width >= longest + 6  # border, padding and the arrow around the words
        target = editor.query_one("#relation-target", Input)
        assert target.region.width >= 30  # the other card's key or title still has room beside it

        kind.focus()
        await pilot.press("enter")  # opens the list
        await pilot.pause()
        overlay = kind.query_one(SelectOverlay)
        assert overlay.region.width >= longest + 2
        assert overlay.region.height >= len(RELATION_CHOICES)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert kind.value == RELATION_CHOICES[2][1]
