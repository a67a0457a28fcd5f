"""A DataTable whose rows are keyed by id: refilled after a reload with the cursor still on its row."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from textual.widgets import DataTable
from textual.widgets.data_table import RowKey


class KeyedTable(DataTable[Any]):
    """A DataTable that draws its lines again once it has measured new rows.

    Textual measures added rows on the table's next idle, but keeps the lines it drew
    before that: on a busy machine a frame painted in between left the table with its
    headers' widths (names cut at 4 characters) until something resized it. A table
    whose height is fixed by its layout is never resized by its new size, so it stayed so.
    """

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        before = self._widths()
        super()._update_dimensions(new_rows)
        if self._widths() != before:
            self._clear_caches()
            self.refresh()

    def _widths(self) -> tuple[int, ...]:
        return (self._label_column.content_width, *(column.content_width for column in self.columns.values()))


def cursor_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor, or None in an empty table."""
    if table.row_count == 0:
        return None
    try:
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    except Exception:  # noqa: BLE001  (a cursor past the end after a clear)
        return None


def refill(table: DataTable[Any], rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
    """Replace the rows, (key, cells) each; the cursor stays on the same key if it is still there, else goes to the top."""
    keep = cursor_key(table)
    table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key)
    if rows:
        table.move_cursor(row=next((n for n, (key, _cells) in enumerate(rows) if key == keep), 0))
