"""The keyed table: refilled with the cursor kept, and drawn again once its new rows are measured."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from stellary_tui.widgets.keyed_table import KeyedTable, cursor_key, refill

pytestmark = pytest.mark.anyio

ROWS = [(f"label-{n}", ("██", f"Label number {n}", "#ff0000")) for n in range(3)]


class TableApp(App[None]):
    # A height set by the layout: new rows do not resize the table, so nothing else redraws it.
    CSS = "KeyedTable { height: 8; }"

    def compose(self) -> ComposeResult:
        yield KeyedTable(cursor_type="row")

    def on_mount(self) -> None:
        self.query_one(KeyedTable).add_columns("", "Name", "Colour")


async def test_lines_drawn_before_the_rows_were_measured_are_drawn_again() -> None:
    """A frame painted between the fill and the table's idle (a busy machine) cut every column to its header."""
    app = TableApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(KeyedTable)
        refill(table, ROWS)
        assert table.render_line(1).text.startswith("   Labe  ")  # drawn with the headers' widths
        await pilot.pause()
        await pilot.pause()
        assert table.render_line(0).text.startswith("     Name            Colour")
        assert table.render_line(1).text.startswith(" ██  Label number 0  #ff0000")


async def test_a_refill_keeps_the_cursor_on_its_row() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 10)) as pilot:
        table = app.query_one(KeyedTable)
        refill(table, ROWS)
        table.move_cursor(row=2)
        refill(table, ROWS[1:])
        await pilot.pause()
        assert cursor_key(table) == "label-2"
        refill(table, ROWS[:1])  # its row is gone: the cursor goes to the top
        assert cursor_key(table) == "label-0"
