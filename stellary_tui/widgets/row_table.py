"""A keyed table of short text rows drawn with the Line API: a lighter DataTable for screens of many small tables.

Textual's ``DataTable`` renders each cell through Rich and measures every cell
it is given before its first paint; six of them on the Cockpit took most of
the screen's opening time. Here a row is a tuple of plain strings: column
widths are their lengths, and only the lines on screen are drawn. The look
(header, zebra stripes, block cursor) and the keys (arrows, page keys,
home/end, enter) are DataTable's.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

Row = tuple[str, Sequence[str]]  # (key, cells)
CELL_PADDING = 1  # blank cells each side of a cell's text, as DataTable pads them


class RowTable(ScrollView, can_focus=True):
    """Rows keyed by id under a fixed header; the cursor stays on its row's key across a refill."""

    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .row-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .row-table--header { background-tint: $foreground 5%; }
        }
        &:dark > .row-table--even-row { background: $surface-darken-1 40%; }
        & > .row-table--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .row-table--header { background: ansi_bright_blue; color: ansi_default; }
        & > .row-table--even-row { background: $surface-lighten-1 50%; }
        & > .row-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    COMPONENT_CLASSES = {"row-table--header", "row-table--even-row", "row-table--cursor"}
    BINDINGS = [
        Binding("up", "cursor(-1)", "Row up", show=False, id="row_table.up"),
        Binding("down", "cursor(1)", "Row down", show=False, id="row_table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="row_table.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="row_table.page_down"),
        Binding("home", "edge(0)", "First row", show=False, id="row_table.first"),
        Binding("end", "edge(1)", "Last row", show=False, id="row_table.last"),
        Binding("enter", "select", "Open the row", show=False, id="row_table.select"),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True, repaint=False)

    class RowSelected(Message):
        """Enter, or a click on the row under the cursor."""

        def __init__(self, table: RowTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> RowTable:
            return self.table

    def __init__(self, *columns: str, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.columns: tuple[str, ...] = columns
        self.rows: list[Row] = []
        self._widths = [cell_len(label) for label in columns]

    # -- rows ------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def get_row_at(self, index: int) -> Sequence[str]:
        return self.rows[index][1]

    def cursor_key(self) -> str | None:
        """The key of the row under the cursor, or None in an empty table."""
        return self.rows[self.cursor_row][0] if self.rows else None

    def refill(self, rows: Sequence[Row]) -> None:
        """Replace the rows; the cursor stays on the same key if it is still there, else goes to the top."""
        keep = self.cursor_key()
        self.rows = list(rows)
        widths = [cell_len(label) for label in self.columns]
        for _key, cells in self.rows:
            for n, cell in enumerate(cells):
                length = cell_len(cell)
                if length > widths[n]:
                    widths[n] = length
        self._widths = widths
        self.virtual_size = Size(sum(widths) + 2 * CELL_PADDING * len(widths), len(self.rows) + 1)
        self.move_cursor(row=next((n for n, (key, _cells) in enumerate(self.rows) if key == keep), 0))
        self.refresh()

    def move_cursor(self, *, row: int) -> None:
        self.cursor_row = max(0, min(row, len(self.rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        # The header is fixed: the cursor's row is line ``new + 1`` of the content, shown under it.
        body = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_y)
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= top + body:
            self.scroll_to(y=new - body + 1, animate=False, immediate=True)
        self.refresh()

    # -- keys and mouse ----------------------------------------------------

    def action_cursor(self, step: int) -> None:
        self.move_cursor(row=self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        self.move_cursor(row=self.cursor_row + direction * max(1, self.scrollable_content_region.height - 1))

    def action_edge(self, end: int) -> None:
        self.move_cursor(row=len(self.rows) - 1 if end else 0)

    def action_select(self) -> None:
        key = self.cursor_key()
        if key is not None:
            self.post_message(self.RowSelected(self, key))

    def on_click(self, event: events.Click) -> None:
        if event.y < 1:
            return  # the header
        row = round(self.scroll_y) + event.y - 1
        if 0 <= row < len(self.rows):
            was = self.cursor_row
            self.move_cursor(row=row)
            if row == was:
                self.action_select()

    # -- drawing -----------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            return self._line(self.columns, width, base + self.get_component_rich_style("row-table--header"))
        index = round(self.scroll_y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, base)
        style = base
        if index % 2 == 0:  # DataTable's stripes: rows 0, 2, 4... are its "even" rows
            style += self.get_component_rich_style("row-table--even-row")
        if index == self.cursor_row:
            style += self.get_component_rich_style("row-table--cursor")
        return self._line(self.rows[index][1], width, style)

    def _line(self, cells: Sequence[str], width: int, style: Style) -> Strip:
        """The cells, padded to the right edge: a stripe or the cursor spans the whole line."""
        pad = " " * CELL_PADDING
        text = "".join(pad + cell + " " * (self._widths[n] - cell_len(cell)) + pad for n, cell in enumerate(cells))
        strip = Strip([Segment(text, style)], cell_len(text))
        scroll_x = round(self.scroll_x)
        if scroll_x:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.extend_cell_length(width, style).crop(0, width)
