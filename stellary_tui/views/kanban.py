"""The kanban board: columns side by side, drawn line by line.

One widget draws the whole board with the Line API and never mounts a widget
per card, so a board of 10,000 cards opens and scrolls like one of 10: each
frame renders only the cards that are visible. A card's title wraps onto up
to three lines, so cards differ in height: each column is laid out from its
first shown card down, as far as the screen goes.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from stellary_core.clock import today
from stellary_core.view_rows import CardRow, ColumnRow, ScopeBoard
from stellary_tui.views.base import NO_CARD, CardAction, ViewContext, already_archived, cannot_restore, say_why
from stellary_tui.views.card_render import PRIORITY_MARK, PRIORITY_STYLE, label_chips, meta_line, title_lines
from stellary_tui.views.clicks import ClickToOpen

CARD_HEIGHT = 4  # a card whose title takes one line: border, title, details, border
HEADER_HEIGHT = 2
MIN_COLUMN_WIDTH = 30
TITLE_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Cursor:
    column: int
    row: int


@dataclass(frozen=True)
class Slot:
    """A card drawn in a column: its index in the column, its first line below the header, its height."""

    row: int
    top: int
    height: int


@dataclass(frozen=True)
class ColumnLayout:
    """The cards a column shows from its scroll position, and how many are left below them."""

    slots: tuple[Slot, ...]
    more: int  # cards below the last shown; a "↓ n more" line follows it


class KanbanBoard(Widget, can_focus=True):
    """A focusable board; keys move the cursor or the focused card."""

    DEFAULT_CSS = """
    KanbanBoard {
        height: 1fr;
        width: 1fr;
        background: $surface;
    }
    """

    BINDINGS = [
        Binding("left,h", "cursor(-1, 0)", "Left", show=False, id="board.left"),
        Binding("right,l", "cursor(1, 0)", "Right", show=False, id="board.right"),
        Binding("up,k", "cursor(0, -1)", "Up", show=False, id="board.up"),
        Binding("down,j", "cursor(0, 1)", "Down", show=False, id="board.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="board.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="board.page_down"),
        Binding("home", "edge(-1)", "First card", show=False, id="board.first"),
        Binding("end", "edge(1)", "Last card", show=False, id="board.last"),  # G opens the agents
        Binding("shift+left,H", "move_card(-1, 0)", "Move ←", id="board.move_left", tooltip="Move the card to the previous column", key_display="⇧←"),
        Binding("shift+right,L", "move_card(1, 0)", "Move →", id="board.move_right", tooltip="Move the card to the next column", key_display="⇧→"),
        Binding("shift+up,K", "move_card(0, -1)", "Move ↑", show=False, id="board.move_up", tooltip="Move the card up its column", key_display="⇧↑"),
        Binding("shift+down,J", "move_card(0, 1)", "Move ↓", show=False, id="board.move_down", tooltip="Move the card down its column", key_display="⇧↓"),
        Binding("n", "new_card", "New card", id="board.new_card"),
        Binding("enter,e", "open_card", "Open", id="board.open_card"),
        Binding("a", "archive_card", "Archive", id="board.archive_card"),
        Binding("U", "restore_card", "Restore", show=False, id="board.restore_card", tooltip="Restore an archived card (V shows them)"),
        Binding("t", "move_elsewhere", "Move to…", show=False, id="board.move_elsewhere", tooltip="Move the card to another scope or project"),
        Binding("d", "delete_card", "Delete", id="board.delete_card"),
        Binding(
            "ctrl+a", "agent_card", "Agent…", show=False, id="board.agent_card",
            tooltip="Give the card to an agent: a prompt, then its mission live",
        ),
    ]

    board: reactive[ScopeBoard | None] = reactive(None, always_update=True, layout=False)

    class CardMoveRequested(Message):
        """A card was moved on screen; the owner persists it (and reloads on failure).

        The place is given by the card's neighbours on screen, not an index: with
        a filter on, the screen's index is not the index among the column's cards.
        """

        def __init__(self, card: CardRow, column: ColumnRow, after_id: str | None, before_id: str | None) -> None:
            super().__init__()
            self.card = card
            self.column = column
            self.after_id = after_id
            self.before_id = before_id

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.cursor = Cursor(0, 0)
        self._first_column = 0
        self._scroll: dict[str, int] = {}
        self.clicks = ClickToOpen()
        self._titles: dict[tuple[str, int], tuple[str, ...]] = {}  # (title, width) → its wrapped lines
        self._layouts: dict[int, ColumnLayout] = {}  # per column index, for the frame being drawn

    # -- data --------------------------------------------------------------

    def show(
        self,
        board: ScopeBoard,
        context: ViewContext | None = None,
        *,
        focus_card_id: str | None = None,
        focus_column_id: str | None = None,
    ) -> None:
        """Show a (re)loaded board, keeping the cursor on the same card (or column) when it still exists."""
        keep_column = focus_column_id or (self.current_column.id if self.current_column else None)
        keep = None if focus_column_id else focus_card_id or (self.current_card.id if self.current_card else None)
        self.board = board
        if keep is not None and self.select_card(keep):
            return
        for index, column in enumerate(board.columns):
            if column.id == keep_column:
                self.cursor = Cursor(index, self.cursor.row if index == self.cursor.column else 0)
                break
        self._clamp()
        self.refresh()

    def select_card(self, card_id: str) -> bool:
        board = self.board
        if board is None:
            return False
        for column_index, column in enumerate(board.columns):
            for row, card in enumerate(board.cards.get(column.id, [])):
                if card.id == card_id:
                    self.cursor = Cursor(column_index, row)
                    self._reveal()
                    self.refresh()
                    return True
        return False

    @property
    def current_column(self) -> ColumnRow | None:
        if self.board is None or not self.board.columns:
            return None
        return self.board.columns[min(self.cursor.column, len(self.board.columns) - 1)]

    @property
    def current_card(self) -> CardRow | None:
        column = self.current_column
        if column is None or self.board is None:
            return None
        cards = self.board.cards.get(column.id, [])
        return cards[self.cursor.row] if 0 <= self.cursor.row < len(cards) else None

    def _cards_in(self, column_index: int) -> list[CardRow]:
        assert self.board is not None
        return self.board.cards.get(self.board.columns[column_index].id, [])

    # -- geometry ----------------------------------------------------------

    @property
    def visible_columns(self) -> int:
        return max(1, self.size.width // MIN_COLUMN_WIDTH)

    @property
    def column_width(self) -> int:
        count = min(self.visible_columns, len(self.board.columns) if self.board and self.board.columns else 1)
        return max(MIN_COLUMN_WIDTH, self.size.width // max(1, count)) if self.size.width >= MIN_COLUMN_WIDTH else self.size.width

    @property
    def text_width(self) -> int:
        """Cells for a card's text: the column less its gap (2), the card's borders and padding (4)."""
        return self.column_width - 6

    @property
    def body_height(self) -> int:
        return max(0, self.size.height - HEADER_HEIGHT)

    @property
    def cards_per_page(self) -> int:
        """How many cards the cursor's column shows at once (at least one), for page up and down."""
        if self.board is None or not self.board.columns:
            return 1
        return max(1, len(self.column_layout(self.cursor.column).slots))

    def title_lines(self, title: str) -> tuple[str, ...]:
        key = (title, self.text_width)
        lines = self._titles.get(key)
        if lines is None:
            if len(self._titles) >= TITLE_CACHE_SIZE:
                self._titles.clear()
            lines = self._titles[key] = title_lines(self.app.console, title, self.text_width)
        return lines

    def card_height(self, card: CardRow) -> int:
        return CARD_HEIGHT - 1 + len(self.title_lines(card.title))

    def column_layout(self, column_index: int, top: int | None = None) -> ColumnLayout:
        """The cards of a column that fit below its header from ``top`` (its scroll position by default)."""
        cards = self._cards_in(column_index)
        if top is None:
            assert self.board is not None
            top = self._scroll.get(self.board.columns[column_index].id, 0)
        room = self.body_height
        slots: list[Slot] = []
        used = 0
        for row in range(top, len(cards)):
            height = self.card_height(cards[row])
            if used + height > room and slots:
                break
            slots.append(Slot(row, used, height))  # the first always: a card taller than the screen is cut
            used += height
        more = len(cards) - top - len(slots)
        if more and used + 1 > room and len(slots) > 1:
            last = slots.pop()  # the "more" line needs the last one's room
            more += 1
            used = last.top
        return ColumnLayout(tuple(slots), more)

    def _drawn_layout(self, column_index: int) -> ColumnLayout:
        """``column_layout`` as drawn in this frame (cleared each time the board is drawn)."""
        found = self._layouts.get(column_index)
        if found is None:
            found = self._layouts[column_index] = self.column_layout(column_index)
        return found

    def card_top(self, column_index: int, row: int) -> int | None:
        """Where a shown card's top border is drawn on the board, or None when it is scrolled out of sight."""
        for slot in self.column_layout(column_index).slots:
            if slot.row == row:
                return HEADER_HEIGHT + slot.top
        return None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return viewport.height

    def _clamp(self) -> None:
        board = self.board
        if board is None or not board.columns:
            self.cursor = Cursor(0, 0)
            return
        column = max(0, min(self.cursor.column, len(board.columns) - 1))
        count = len(self._cards_in(column))
        self.cursor = Cursor(column, max(0, min(self.cursor.row, count - 1)))
        self._reveal()

    def _reveal(self) -> None:
        """Scroll so the cursor's column and card are on screen."""
        board = self.board
        if board is None or not board.columns:
            return
        visible = self.visible_columns
        if self.cursor.column < self._first_column:
            self._first_column = self.cursor.column
        elif self.cursor.column >= self._first_column + visible:
            self._first_column = self.cursor.column - visible + 1
        self._first_column = max(0, min(self._first_column, max(0, len(board.columns) - visible)))
        column_id = board.columns[self.cursor.column].id
        top = self._scroll.get(column_id, 0)
        row = self.cursor.row
        if row < top or row >= len(self._cards_in(self.cursor.column)):
            top = min(row, top)  # an empty column has no card to bring into sight
        elif all(slot.row != row for slot in self.column_layout(self.cursor.column, top).slots):
            top = self._top_showing(self.cursor.column, row)
        self._scroll[column_id] = max(0, top)

    def _top_showing(self, column_index: int, row: int) -> int:
        """The scroll position that shows ``row`` as the last card, with as many above it as fit."""
        cards = self._cards_in(column_index)
        room = self.body_height - (1 if row < len(cards) - 1 else 0)  # the "more" line below it
        top, used = row, self.card_height(cards[row])
        while top > 0 and used + self.card_height(cards[top - 1]) <= room:
            top -= 1
            used += self.card_height(cards[top])
        return top

    def on_resize(self) -> None:
        self._reveal()
        self.refresh()

    # -- keys ----------------------------------------------------------------

    def action_cursor(self, dx: int, dy: int) -> None:
        board = self.board
        if board is None or not board.columns:
            return
        if dx:
            column = max(0, min(self.cursor.column + dx, len(board.columns) - 1))
            # Keep the same on-screen height when jumping between columns.
            top = self._scroll.get(board.columns[self.cursor.column].id, 0)
            offset = self.cursor.row - top
            new_top = self._scroll.get(board.columns[column].id, 0)
            self.cursor = Cursor(column, new_top + offset)
        else:
            self.cursor = Cursor(self.cursor.column, self.cursor.row + dy)
        self._clamp()
        self.refresh()

    def action_page(self, direction: int) -> None:
        self.action_cursor(0, direction * self.cards_per_page)

    def action_edge(self, direction: int) -> None:
        if self.board is None or not self.board.columns:
            return
        self.cursor = Cursor(self.cursor.column, 0 if direction < 0 else len(self._cards_in(self.cursor.column)) - 1)
        self._clamp()
        self.refresh()

    def action_move_card(self, dx: int, dy: int) -> None:
        """Move the focused card on screen at once, then ask the owner to persist it."""
        board, card = self.board, self.current_card
        if board is None or card is None:
            say_why(self, NO_CARD)
            return
        source = self._cards_in(self.cursor.column)
        if dx:
            target_index = self.cursor.column + dx
            if not 0 <= target_index < len(board.columns):
                say_why(self, f"{card.key} is already in the {'first' if dx < 0 else 'last'} column.")
                return
            target = self._cards_in(target_index)
            order = min(self.cursor.row, len(target))
            source.pop(self.cursor.row)
            target.insert(order, card)
            self.cursor = Cursor(target_index, order)
        else:
            order = self.cursor.row + dy
            if not 0 <= order < len(source):
                say_why(self, f"{card.key} is already at the {'top' if dy < 0 else 'bottom'} of its column.")
                return
            source[self.cursor.row], source[order] = source[order], source[self.cursor.row]
            self.cursor = Cursor(self.cursor.column, order)
        self._reveal()
        self.refresh()
        column = board.columns[self.cursor.column]
        shown = self._cards_in(self.cursor.column)
        row = self.cursor.row
        after = shown[row - 1].id if row > 0 else None
        before = shown[row + 1].id if row + 1 < len(shown) else None
        self.post_message(self.CardMoveRequested(card, column, after, before))

    def _card_action(self, action: str) -> None:
        self.post_message(CardAction(action, self.current_card, self.current_column))

    def action_new_card(self) -> None:
        self._card_action("new")

    def action_open_card(self) -> None:
        if self.current_card is None:
            say_why(self, NO_CARD)
        else:
            self._card_action("open")

    def action_archive_card(self) -> None:
        card = self.current_card
        if card is None:
            say_why(self, NO_CARD)
        elif card.archived:
            say_why(self, already_archived(card))
        else:
            self._card_action("archive")

    def action_restore_card(self) -> None:
        reason = cannot_restore(self.current_card)
        if reason is not None:
            say_why(self, reason)
        else:
            self._card_action("restore")

    def action_move_elsewhere(self) -> None:
        if self.current_card is None:
            say_why(self, NO_CARD)
        else:
            self._card_action("relocate")

    def action_delete_card(self) -> None:
        if self.current_card is None:
            say_why(self, NO_CARD)
        else:
            self._card_action("delete")

    def action_agent_card(self) -> None:
        if self.current_card is None:
            say_why(self, NO_CARD)
        else:
            self._card_action("agent")

    # -- mouse -------------------------------------------------------------

    def card_at(self, x: int, y: int) -> Cursor | None:
        """The card drawn at (x, y) of the board, as a cursor; None over a header, a gap or the "more" line."""
        board = self.board
        if board is None or not board.columns or y < HEADER_HEIGHT:
            return None
        index = self._first_column + x // self.column_width
        if index >= min(len(board.columns), self._first_column + self.visible_columns):
            return None
        if x % self.column_width >= self.column_width - 2:
            return None  # the gap between columns
        for slot in self.column_layout(index).slots:
            if slot.top <= y - HEADER_HEIGHT < slot.top + slot.height:
                return Cursor(index, slot.row)
        return None  # below the cards, or the "↓ n more" line

    def on_click(self, event: events.Click) -> None:
        """A click focuses the card under the mouse; a double click, or a click on the focused card, opens it."""
        target = self.card_at(event.x, event.y)
        if target is None:
            return
        opens = self.clicks.click(target, self.cursor, event.chain)
        self.cursor = target
        self._reveal()
        self.refresh()
        if opens:
            self.action_open_card()

    def on_blur(self) -> None:
        self.clicks.forget()  # a click after focus went elsewhere focuses again rather than opening

    # -- drawing -----------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._layouts.clear()  # lay each column out once per frame, not once per line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        board = self.board
        base = self.rich_style
        if board is None:
            return Strip([Segment(" " * width, base)], width)
        if not board.columns:
            text = "  This scope has no columns yet: press c to add one." if y == 1 else ""
            return Strip([Segment(text.ljust(width)[:width], base)], width)
        column_width = self.column_width
        segments: list[Segment] = []
        used = 0
        last = min(len(board.columns), self._first_column + self.visible_columns)
        for index in range(self._first_column, last):
            w = min(column_width, width - used)
            if w <= 0:
                break
            segments.extend(self._column_line(index, y, w, base))
            used += w
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return Strip(segments, width)

    def _column_line(self, index: int, y: int, width: int, base: Style) -> list[Segment]:
        assert self.board is not None
        column = self.board.columns[index]
        cards = self.board.cards.get(column.id, [])
        focused_column = index == self.cursor.column and self.has_focus
        inner = width - 2
        if y == 0:
            count = f"{len(cards)}" if column.wip_limit is None else f"{len(cards)}/{column.wip_limit}"
            over = column.wip_limit is not None and len(cards) > column.wip_limit
            title = Text(f" {column.name} ", style=Style(bold=True, reverse=focused_column))
            title.append(f" {count}", style=Style(color="red" if over else None, dim=not over, bold=over))
            hidden_left = index == self._first_column and self._first_column > 0
            hidden_right = index == self._first_column + self.visible_columns - 1 and index < len(self.board.columns) - 1
            title = Text("‹", style=Style(dim=True)) + title if hidden_left else Text(" ") + title
            title.truncate(inner, overflow="ellipsis", pad=True)
            if hidden_right:
                title = title[: inner - 1] + Text("›", style=Style(dim=True))
            return [*self._text_segments(title, base), Segment("  ", base)]
        if y == 1:
            rule_style = Style(color="bright_blue") if focused_column else Style(dim=True)
            top = self._scroll.get(column.id, 0)
            above = f" ↑{top} " if top else ""
            rule = above + "─" * max(0, inner - len(above))
            return [Segment(rule[:inner], base + rule_style), Segment("  ", base)]
        if not cards:
            if y == HEADER_HEIGHT:
                return [Segment(" (empty)".ljust(inner)[:inner], base + Style(dim=True)), Segment("  ", base)]
            return [Segment(" " * width, base)]
        layout = self._drawn_layout(index)
        line_y = y - HEADER_HEIGHT
        for slot in layout.slots:
            if slot.top <= line_y < slot.top + slot.height:
                card_index = slot.row
                card = cards[card_index]
                selected = focused_column and card_index == self.cursor.row
                selected_unfocused = index == self.cursor.column and card_index == self.cursor.row and not self.has_focus
                line = line_y - slot.top
                return [*self._card_line(card, line, inner, base, selected, selected_unfocused), Segment("  ", base)]
        end = layout.slots[-1].top + layout.slots[-1].height if layout.slots else 0
        if layout.more and line_y == end:
            more = f" ↓{layout.more} more "
            return [Segment(more.center(inner, " ")[:inner], base + Style(dim=True)), Segment("  ", base)]
        return [Segment(" " * width, base)]

    def _card_line(
        self, card: CardRow, line: int, inner: int, base: Style, selected: bool, dim_selected: bool
    ) -> list[Segment]:
        assert self.board is not None
        border = Style(color="bright_blue", bold=True) if selected else Style(color="white", dim=not dim_selected)
        body = base + (Style(bgcolor="grey19") if selected else Style())
        text_width = inner - 4
        titles = self.title_lines(card.title)
        if line == 0:
            key = f" {card.key} "
            mark = PRIORITY_MARK.get(card.priority or "", "")
            fill = max(0, inner - 3 - len(key) - len(mark) - (3 if mark else 0))
            segs = [Segment("╭─", base + border), Segment(key, base + border + Style(bold=True))]
            segs.append(Segment("─" * fill, base + border))
            if mark:
                segs += [Segment(" ", base + border), Segment(mark, base + PRIORITY_STYLE.get(card.priority or "", Style())), Segment(" ─", base + border)]
            segs.append(Segment("╮", base + border))
            return _fit(segs, inner, base)
        if line == len(titles) + 2:
            chips = label_chips(card, self.board.labels)
            if not chips.plain:
                return [Segment("╰" + "─" * (inner - 2) + "╯", base + border)]
            # Labels ride on the bottom border, so they cost no extra line per card.
            chips.truncate(max(0, inner - 5), overflow="ellipsis")
            fill = max(0, inner - 5 - chips.cell_len)
            return [
                Segment("╰─ ", base + border),
                *self._text_segments(chips, base),
                Segment(" " + "─" * fill + "╯", base + border),
            ]
        if line <= len(titles):
            content = Text(titles[line - 1], style=Style(bold=selected))
        else:
            content = meta_line(card, self.board.people, self.board.labels, today())
        content.truncate(text_width, overflow="ellipsis", pad=True)
        return [Segment("│ ", base + border), *self._text_segments(content, body), Segment(" │", base + border)]

    def _text_segments(self, text: Text, base: Style) -> list[Segment]:
        return [Segment(seg.text, base + seg.style if seg.style else base) for seg in text.render(self.app.console)]


def _fit(segments: list[Segment], width: int, base: Style) -> list[Segment]:
    """Crop or pad a run of segments to exactly ``width`` cells."""
    strip = Strip(segments).crop(0, width)
    if strip.cell_length < width:
        strip = Strip([*strip, Segment(" " * (width - strip.cell_length), base)])
    return list(strip)
