"""The list view's drawing surface: rows, cursor, scrolling and selection marks, drawn line by line.

One widget draws the whole table with the Line API, so only the rows on
screen are rendered and 5,000 cards open as fast as 5. The keys and what they
do live in ``views/list_view.py``; this module only knows how to lay out and
draw what the table model (``list_table``) builds, and where the cursor is.
"""

from __future__ import annotations

from bisect import bisect_right

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.dom import NoScreen
from textual.errors import NoWidget
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from stellary_core.clock import today
from stellary_core.operations.catalog.views import CardRow, ScopeBoard
from stellary_tui.plurals import count
from stellary_tui.views.base import ViewContext
from stellary_tui.views.clicks import ClickToOpen
from stellary_tui.widgets.list_table import (
    COLUMN_BY_ID,
    MARK_WIDTH,
    CardLine,
    GroupLine,
    Line,
    TableContext,
    build_lines,
    sort_cards,
    visible_columns,
)

HEADER_HEIGHT = 1
FOOTER_HEIGHT = 1
FOOTER_HINTS = ("o sort", "O reverse", "b group", "␣ select", "m move", "P priority", "l label", "e edit")
CURSOR_STYLE = Style(bgcolor="#264f78")
CURSOR_UNFOCUSED_STYLE = Style(bgcolor="grey23")
SELECTED_STYLE = Style(bgcolor="#1c3a2a")


class ListGrid(Widget):
    """The table of cards: what is listed, in which order, and which row the cursor is on."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.board: ScopeBoard | None = None
        self.context: ViewContext | None = None
        self.sort: str | None = None  # a column id, or None for the board's own order
        self.descending = False
        self.grouping = "none"
        self.selected: set[str] = set()
        self.lines: list[Line] = []
        self.clicks = ClickToOpen()
        self.cursor = 0  # index into the card lines
        self._card_lines: list[int] = []  # index in ``lines`` of each card line
        self._top = 0  # first line on screen
        self._edits: dict[str, CardRow] = {}  # changed here, not reloaded yet
        self.saving: set[str] = set()  # cards with a write in flight: a reload must not undo their edits
        self._table: TableContext | None = None
        self._key_width = 7

    # -- data --------------------------------------------------------------

    def show(self, board: ScopeBoard, context: ViewContext | None = None) -> None:
        """Show a (re)loaded board, keeping the cursor on the same card when it is still listed."""
        keep = self.cursor_key()
        self.board = board
        if context is not None:
            self.context = context
        self._edits = {card_id: card for card_id, card in self._edits.items() if card_id in self.saving}
        self.rebuild(keep)

    @property
    def current_line(self) -> CardLine | None:
        if not self._card_lines:
            return None
        line = self.lines[self._card_lines[self.cursor]]
        return line if isinstance(line, CardLine) else None

    @property
    def current_card(self) -> CardRow | None:
        line = self.current_line
        return line.card if line else None

    @property
    def listed_cards(self) -> list[CardRow]:
        """Each listed card once, in the order shown."""
        seen: dict[str, CardRow] = {}
        for line in self.lines:
            if isinstance(line, CardLine):
                seen.setdefault(line.card.id, line.card)
        return list(seen.values())

    def cursor_key(self) -> tuple[str, str] | None:
        """The cursor's (card id, group): a card under two labels has two rows."""
        line = self.current_line
        return (line.card.id, line.group) if line else None

    def rebuild(self, keep: tuple[str, str] | None) -> None:
        """Sort and group the cards again, then find the card ``keep`` names (or stay at the same index)."""
        board = self.board
        if board is None:
            self.lines, self._card_lines = [], []
            self.refresh()
            return
        table = self._table = TableContext(board, today())
        rows = [self._edits.get(card.id, card) for card in board.all_cards()]
        self._key_width = max((len(card.key) for card in rows), default=7)
        rows = sort_cards(rows, self.sort, self.descending, table)
        self.lines = build_lines(rows, self.grouping, table)
        self._card_lines = [i for i, line in enumerate(self.lines) if isinstance(line, CardLine)]
        self.selected &= {card.id for card in rows}
        if keep is not None:
            found = self._position_of(*keep)
            if found is not None:
                self.cursor = found
        self.clamp()
        self.layout_changed()
        self.refresh()

    def _position_of(self, card_id: str, group: str) -> int | None:
        first = None
        for position, index in enumerate(self._card_lines):
            line = self.lines[index]
            if isinstance(line, CardLine) and line.card.id == card_id:
                if line.group == group:
                    return position
                first = position if first is None else first
        return first

    def edit_locally(self, card: CardRow) -> None:
        """Show a change at once; the reload that follows the commit replaces it."""
        self._edits[card.id] = card
        self.rebuild(self.cursor_key())

    def forget_edit(self, card_id: str) -> None:
        self._edits.pop(card_id, None)
        self.rebuild(self.cursor_key())

    def layout_changed(self) -> None:
        """Rows moved or the size changed (a subclass lays things over rows)."""

    # -- geometry ------------------------------------------------------------

    @property
    def shown_height(self) -> int:
        """Rows really on screen: the view switcher (height auto) can lay this widget out taller than it is shown."""
        try:
            visible = self.screen.find_widget(self).visible_region.height
        except (NoWidget, NoScreen):
            return self.size.height
        return max(0, min(self.size.height, visible))

    @property
    def body_height(self) -> int:
        return max(1, self.shown_height - HEADER_HEIGHT - FOOTER_HEIGHT)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return viewport.height

    def clamp(self) -> None:
        self.cursor = max(0, min(self.cursor, len(self._card_lines) - 1))
        self._reveal()

    def _reveal(self) -> None:
        """Scroll so the cursor's line (and its group header, when it is the group's first) is on screen."""
        body = self.body_height
        if self._card_lines:
            index = self._card_lines[self.cursor]
            header_above = index > 0 and isinstance(self.lines[index - 1], GroupLine)
            if index <= self._top:
                self._top = index - 1 if header_above else index
            elif index >= self._top + body:
                self._top = index - body + 1
        self._top = max(0, min(self._top, max(0, len(self.lines) - body)))

    def on_resize(self) -> None:
        self._reveal()
        self.layout_changed()
        self.refresh()

    def columns(self) -> list[tuple[str, int, int]]:
        """(column id, x, width) of each column shown at this width."""
        x = MARK_WIDTH
        placed = []
        for column, width in visible_columns(self.size.width, self._key_width):
            placed.append((column.id, x, width))
            x += width + 1
        return placed

    def cursor_y(self) -> int:
        """The cursor row's y in this widget."""
        return HEADER_HEIGHT + (self._card_lines[self.cursor] if self._card_lines else 0) - self._top

    def move_cursor(self, position: int) -> None:
        self.cursor = position
        self.clamp()
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the card's row; a double click, or a click on the cursor's row, opens it."""
        index = self._top + event.y - HEADER_HEIGHT
        if HEADER_HEIGHT <= event.y < HEADER_HEIGHT + self.body_height and 0 <= index < len(self.lines):
            position = bisect_right(self._card_lines, index) - 1
            if position >= 0 and self._card_lines[position] == index:
                opens = self.clicks.click(position, self.cursor, event.chain)
                self.move_cursor(position)
                if opens:
                    self.open_clicked()

    def on_blur(self) -> None:
        self.clicks.forget()  # a click after focus went elsewhere focuses again rather than opening

    def open_clicked(self) -> None:
        """Open the card under the cursor (the view that shows cards says how)."""

    # -- drawing -----------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        board = self.board
        if board is None:
            return Strip.blank(width, base)
        if y == 0:
            return self._header(width, base)
        if y == self.shown_height - 1:
            return self._footer(width, base)
        if not self._card_lines:
            return self._empty_line(board, y, width, base)
        index = self._top + y - HEADER_HEIGHT
        if index >= len(self.lines):
            return Strip.blank(width, base)
        line = self.lines[index]
        if isinstance(line, GroupLine):
            return self._group_line(line, width, base)
        return self._card_line(line, index, width, base)

    def _strip(self, text: Text, width: int, base: Style) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [Segment(s.text, base + s.style if s.style else base) for s in text.render(self.app.console)]
        return Strip(segments, width).crop(0, width)

    def _empty_line(self, board: ScopeBoard, y: int, width: int, base: Style) -> Strip:
        if y != 2:
            return Strip.blank(width, base)
        if not board.columns:
            message = "This scope has no columns yet: press c to add one."
        elif board.query:
            message = f"No card matches the filter “{board.query.text}”: press / to change it."
        else:
            message = "No cards in this scope yet: press n to add one."
        return self._strip(Text(f"  {message}", style=Style(italic=True, dim=True)), width, base)

    def _header(self, width: int, base: Style) -> Strip:
        text = Text(" " * MARK_WIDTH)
        for column_id, _x, cell_width in self.columns():
            title = COLUMN_BY_ID[column_id].title
            sorted_here = column_id == self.sort
            if sorted_here:
                arrow = " ▼" if self.descending else " ▲"
                title = title[: max(1, cell_width - len(arrow))] + arrow
            cell = Text(title, style=Style(bold=True, color="bright_cyan" if sorted_here else None))
            cell.truncate(cell_width, overflow="ellipsis", pad=True)
            text.append_text(cell)
            text.append(" ")
        return self._strip(text, width, base + Style(bgcolor="grey15"))

    def _footer(self, width: int, base: Style) -> Strip:
        parts = [count(len(self.listed_cards), "card")]
        if self.selected:
            parts.append(f"{len(self.selected)} selected")
        if self.sort is not None:
            parts.append(f"sorted by {COLUMN_BY_ID[self.sort].title} {'▼' if self.descending else '▲'}")
        elif self.descending:
            parts.append("board order reversed")
        if self.grouping != "none":
            parts.append(f"grouped by {self.grouping}")
        text = Text()
        text.append(" " + " · ".join(parts), style=Style(bold=True))
        hints = ""
        for hint in FOOTER_HINTS:  # as many whole hints as fit, right-aligned
            longer = f"{hints} · {hint}" if hints else hint
            if text.cell_len + len(longer) + 3 > width:
                break
            hints = longer
        if hints:
            text.append(" " * (width - text.cell_len - len(hints) - 1))
            text.append(hints, style=Style(dim=True))
        return self._strip(text, width, base + Style(bgcolor="grey11"))

    def _group_line(self, line: GroupLine, width: int, base: Style) -> Strip:
        text = Text()
        text.append(" ▾ ", style=Style(color="bright_cyan"))
        text.append(line.title, style=Style(bold=True, color="bright_cyan"))
        text.append(f"  {line.count} ", style=Style(dim=True))
        text.append("─" * max(0, width - text.cell_len), style=Style(dim=True))
        return self._strip(text, width, base)

    def _card_line(self, line: CardLine, index: int, width: int, base: Style) -> Strip:
        assert self.board is not None
        card = line.card
        at_cursor = bool(self._card_lines) and self._card_lines[self.cursor] == index
        selected = card.id in self.selected
        style = base
        if at_cursor:
            style = base + (CURSOR_STYLE if self.has_focus_within else CURSOR_UNFOCUSED_STYLE)
        elif selected:
            style = base + SELECTED_STYLE
        text = Text()
        text.append("✓ " if selected else "  ", style=Style(color="green", bold=True))
        table = self._table or TableContext(self.board, today())
        for column_id, _x, cell_width in self.columns():
            cell = COLUMN_BY_ID[column_id].cell(card, table)
            if at_cursor and column_id == "title":
                cell.stylize(Style(bold=True))
            cell.truncate(cell_width, overflow="ellipsis", pad=True)
            text.append_text(cell)
            text.append(" ")
        return self._strip(text, width, style)
