"""A DataTable whose rows are keyed by id: refilled after a reload with the cursor still on its row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.widgets import DataTable


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
