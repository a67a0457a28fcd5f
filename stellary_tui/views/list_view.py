"""The list view: every card of the scope as one table row, sortable, groupable, multi-selectable.

Like the kanban board it is one focusable widget drawn with the Line API: only
the rows on screen are rendered, so 5,000 cards open as fast as 5 (Textual's
DataTable took about 3 s to take 5,000 rows, the budget is 0.5 s). The only
child it ever mounts is the one-line title editor, laid over the title cell.
Bulk changes run as one worker looping over the bulk card services.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace

from pydantic import ValidationError
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from sqlalchemy.orm import Session
from textual import events
from textual.binding import Binding
from textual.dom import NoScreen
from textual.errors import NoWidget
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input

from stellary_core.clock import today
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardUpdateIn
from stellary_core.services import bulk_cards, cards, labels
from stellary_core.services.board import Board, CardRow, ColumnRow
from stellary_core.services.bulk_cards import BulkOutcome
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from stellary_tui.views.base import CardAction, ViewContext
from stellary_tui.widgets.list_table import (
    COLUMN_BY_ID,
    GROUPINGS,
    MARK_WIDTH,
    SORT_ORDER,
    CardLine,
    GroupLine,
    Line,
    TableContext,
    build_lines,
    sort_cards,
    visible_columns,
)
from stellary_tui.widgets.list_title_editor import ListTitleEditor

HELP = """\
## List view

| Key | Action |
|-----|--------|
| `↑` `↓` or `k` `j` | Previous / next card |
| `pgup` `pgdn` `home` `end` | Page up / down, first / last card |
| `o` | Sort by the next column (board order → key → title → … → checklist) |
| `O` | Reverse the sort |
| `g` | Group by: none → column → priority → assignee → label |
| `space` | Select / unselect the card |
| `v` or `ctrl+a` | Select every listed card |
| `escape` | Clear the selection |
| `m` | Move the selection (or the card) to a column |
| `P` | Set the priority of the selection (or the card) |
| `l` | Add a label to the selection (or the card) |
| `a` | Archive the card; with a selection, archive it after confirming |
| `e` or `F2` | Edit the title in place (`enter` saves, `escape` cancels) |
| `p` | Cycle the card's priority: low → medium → high → none |
| `enter` | Open the card editor |
| `n` | New card in the cursor's column |
| `d` | Delete the card (after confirming) |
"""

HEADER_HEIGHT = 1
FOOTER_HEIGHT = 1
PRIORITY_CYCLE: dict[str | None, str | None] = {"low": "medium", "medium": "high", "high": None, None: "low"}
PRIORITY_CHOICES = [("high", "▲ High"), ("medium", "■ Medium"), ("low", "▼ Low"), ("none", "No priority")]
FOOTER_HINTS = ("o sort", "O reverse", "g group", "␣ select", "m move", "P priority", "l label", "e edit")
CURSOR_STYLE = Style(bgcolor="#264f78")
CURSOR_UNFOCUSED_STYLE = Style(bgcolor="grey23")
SELECTED_STYLE = Style(bgcolor="#1c3a2a")


def _count(n: int) -> str:
    return f"{n} card" if n == 1 else f"{n} cards"


def _title_problem(error: ValidationError) -> str:
    """A pydantic error about the title, in words a person reads."""
    problem = error.errors()[0]
    if problem.get("type") == "string_too_short":
        return "The title cannot be empty."
    if problem.get("type") == "string_too_long":
        return "The title is too long (500 characters at most)."
    return f"Title: {str(problem.get('msg', 'is invalid')).removeprefix('Value error, ')}"


class ListView(Widget, can_focus=True):
    """A focusable table of the scope's cards."""

    DEFAULT_CSS = """
    ListView {
        height: 1fr;
        width: 1fr;
        background: $surface;
    }
    """

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="list.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="list.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("home", "edge(-1)", "First card", show=False, id="list.first"),
        Binding("end", "edge(1)", "Last card", show=False, id="list.last"),
        Binding("o", "cycle_sort", "Sort", id="list.sort"),
        Binding("O", "reverse_sort", "Reverse sort", show=False, id="list.reverse_sort"),
        Binding("g", "cycle_grouping", "Group", id="list.group"),
        Binding("space", "toggle_selection", "Select", id="list.select", key_display="␣"),
        Binding("v,ctrl+a", "select_all", "Select all", show=False, id="list.select_all"),
        Binding("escape", "clear_selection", "Clear selection", show=False, id="list.clear_selection"),
        Binding("m", "move_to_column", "Move", id="list.move"),
        Binding("P", "choose_priority", "Set priority", show=False, id="list.set_priority"),
        Binding("l", "add_label", "Label", id="list.add_label"),
        Binding("p", "cycle_priority", "Priority", show=False, id="list.cycle_priority"),
        Binding("e,f2", "edit_title", "Edit title", id="list.edit_title"),
        Binding("enter", "open_card", "Open", id="list.open_card"),
        Binding("n", "new_card", "New card", id="list.new_card"),
        Binding("a", "archive", "Archive", id="list.archive"),
        Binding("d", "delete_card", "Delete", show=False, id="list.delete_card"),
    ]

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.board: Board | None = None
        self.context: ViewContext | None = None
        self.sort: str | None = None  # a column id, or None for the board's own order
        self.descending = False
        self.grouping = "none"
        self.selected: set[str] = set()
        self.lines: list[Line] = []
        self.cursor = 0  # index into the card lines
        self._card_lines: list[int] = []  # index in ``lines`` of each card line
        self._top = 0  # first line on screen
        self._edits: dict[str, CardRow] = {}  # saved here, not reloaded yet
        self._editor: ListTitleEditor | None = None
        self._table: TableContext | None = None
        self._key_width = 7

    # -- data --------------------------------------------------------------

    def show(self, board: Board, context: ViewContext | None = None) -> None:
        """Show a (re)loaded board, keeping the cursor on the same card when it is still listed."""
        keep = self._cursor_key()
        self.board = board
        if context is not None:
            self.context = context
        self._edits.clear()
        self._rebuild(keep)

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

    def _cursor_key(self) -> tuple[str, str] | None:
        line = self.current_line
        return (line.card.id, line.group) if line else None

    def _rebuild(self, keep: tuple[str, str] | None) -> None:
        board = self.board
        if board is None:
            self.lines, self._card_lines = [], []
            self.refresh()
            return
        table = self._table = TableContext(board, today())
        self._key_width = max((len(card.key) for card in board.all_cards()), default=7)
        rows = [self._edits.get(card.id, card) for card in board.all_cards()]
        rows = sort_cards(rows, self.sort, self.descending, table)
        self.lines = build_lines(rows, self.grouping, table)
        self._card_lines = [i for i, line in enumerate(self.lines) if isinstance(line, CardLine)]
        self.selected &= {card.id for card in rows}
        if keep is not None:
            exact = same_card = None
            for position, index in enumerate(self._card_lines):
                line = self.lines[index]
                assert isinstance(line, CardLine)
                if line.card.id == keep[0]:
                    same_card = position if same_card is None else same_card
                    if line.group == keep[1]:
                        exact = position
                        break
            found = exact if exact is not None else same_card
            if found is not None:
                self.cursor = found
        self._clamp()
        self._place_editor()
        self.refresh()

    def _edit_locally(self, card: CardRow) -> None:
        """Show a change at once; the reload that follows the commit replaces it."""
        self._edits[card.id] = card
        self._rebuild(self._cursor_key())

    def _forget_edit(self, card_id: str) -> None:
        self._edits.pop(card_id, None)
        self._rebuild(self._cursor_key())

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

    def _clamp(self) -> None:
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
        self._place_editor()
        self.refresh()

    def _columns(self) -> list[tuple[str, int, int]]:
        """(column id, x, width) of each column shown at this width."""
        x = MARK_WIDTH
        placed = []
        for column, width in visible_columns(self.size.width, self._key_width):
            placed.append((column.id, x, width))
            x += width + 1
        return placed

    # -- keys: cursor, sort, group -----------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._editor is not None:
            return False  # the title editor has the keys; nothing may move under it
        if action == "clear_selection" and not self.selected:
            return False  # let escape reach whoever else wants it
        return True

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta
        self._clamp()
        self.refresh()

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * self.body_height)

    def action_edge(self, direction: int) -> None:
        self.cursor = 0 if direction < 0 else len(self._card_lines) - 1
        self._clamp()
        self.refresh()

    def action_cycle_sort(self) -> None:
        self.sort = SORT_ORDER[(SORT_ORDER.index(self.sort) + 1) % len(SORT_ORDER)]
        self.descending = False
        self._rebuild(self._cursor_key())

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self._rebuild(self._cursor_key())

    def action_cycle_grouping(self) -> None:
        keep = self._cursor_key()
        self.grouping = GROUPINGS[(GROUPINGS.index(self.grouping) + 1) % len(GROUPINGS)]
        self._rebuild((keep[0], "") if keep else None)  # the card's first group once regrouped

    def on_click(self, event: events.Click) -> None:
        index = self._top + event.y - HEADER_HEIGHT
        if HEADER_HEIGHT <= event.y < HEADER_HEIGHT + self.body_height and 0 <= index < len(self.lines):
            position = bisect_right(self._card_lines, index) - 1
            if position >= 0 and self._card_lines[position] == index:
                self.cursor = position
                self.refresh()

    # -- keys: selection and bulk actions ------------------------------------

    def action_toggle_selection(self) -> None:
        card = self.current_card
        if card is not None:
            self.selected ^= {card.id}
            self.refresh()

    def action_select_all(self) -> None:
        self.selected = {card.id for card in self.listed_cards}
        self.refresh()

    def action_clear_selection(self) -> None:
        self.selected.clear()
        self.refresh()

    def targets(self) -> list[CardRow]:
        """What a bulk action works on: the selection, or else the cursor's card."""
        if self.selected:
            return [card for card in self.listed_cards if card.id in self.selected]
        card = self.current_card
        return [card] if card is not None else []

    def _bulk(
        self,
        done: str,
        chosen: list[CardRow],
        run: Callable[[Session, Principal, list[str]], BulkOutcome],
        *,
        clear: bool = False,
    ) -> None:
        """Run one bulk service call in one worker, then say how many cards changed and which failed."""
        ids = [card.id for card in chosen]
        keys = {card.id: card.key for card in chosen}

        def report(outcome: BulkOutcome) -> None:
            message = f"{done.format(cards=_count(len(outcome.changed)))}"
            if outcome.unchanged:
                message += f" ({_count(len(outcome.unchanged))} already so)"
            self.notify(message, title="List")
            if outcome.failures:
                problems = "; ".join(f"{f.key or keys.get(f.card_id, f.card_id)}: {f.message}" for f in outcome.failures)
                self.notify(f"Not changed: {problems}", title="List", severity="error")
            if clear:
                self.selected -= set(outcome.changed)
                self.refresh()

        self.app.call_service(lambda session, actor: run(session, actor, ids), write=True, then=report)  # type: ignore[attr-defined]

    def _where(self) -> dict[str, str] | None:
        context = self.context
        return None if context is None else {"workspace_id": context.workspace_id, "project_id": context.project_id}

    def action_move_to_column(self) -> None:
        chosen, where, board = self.targets(), self._where(), self.board
        if not chosen or where is None or board is None:
            return
        names = {column.id: column.name for column in board.columns}

        def picked(column_id: str | None) -> None:
            if column_id:
                self._bulk(
                    f"Moved {{cards}} to {names.get(column_id, '?')}",
                    chosen,
                    lambda s, a, ids: bulk_cards.move_cards(s, actor=a, card_ids=ids, column_id=column_id, **where),
                )

        choices = [(column.id, column.name) for column in board.columns]
        self.app.push_screen(ChoiceDialog(f"Move {_count(len(chosen))} to", choices), picked)

    def action_choose_priority(self) -> None:
        chosen, where = self.targets(), self._where()
        if not chosen or where is None:
            return

        def picked(choice: str | None) -> None:
            if choice:
                priority = None if choice == "none" else choice
                self._bulk(
                    f"Set priority {choice} on {{cards}}",
                    chosen,
                    lambda s, a, ids: bulk_cards.set_priority(s, actor=a, card_ids=ids, priority=priority, **where),  # type: ignore[arg-type]
                )

        self.app.push_screen(ChoiceDialog(f"Priority of {_count(len(chosen))}", PRIORITY_CHOICES), picked)

    def action_add_label(self) -> None:
        chosen, where = self.targets(), self._where()
        if not chosen or where is None:
            return

        def loaded(found: list[tuple[str, str]]) -> None:
            if not found:
                self.notify("This project has no labels yet.", title="List", severity="warning")
                return
            names = dict(found)

            def picked(label_id: str | None) -> None:
                if label_id:
                    self._bulk(
                        f"Added label {names[label_id]} to {{cards}}",
                        chosen,
                        lambda s, a, ids: bulk_cards.add_label(s, actor=a, card_ids=ids, label_id=label_id, **where),
                    )

            self.app.push_screen(ChoiceDialog(f"Add a label to {_count(len(chosen))}", found), picked)

        self.app.call_service(  # type: ignore[attr-defined]
            lambda s, a: [(label.id, label.name) for label in labels.list_labels(s, actor=a, **where)], then=loaded
        )

    def action_archive(self) -> None:
        """Archive the cursor's card like the board does; a selection is archived after confirming."""
        if not self.selected:
            self._card_action("archive")
            return
        chosen, where = self.targets(), self._where()
        if not chosen or where is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._bulk(
                    "Archived {cards}",
                    chosen,
                    lambda s, a, ids: bulk_cards.archive_cards(s, actor=a, card_ids=ids, **where),
                    clear=True,
                )

        question = f"Archive {_count(len(chosen))}? They leave every view but stay in the project's archive."
        self.app.push_screen(ConfirmDialog(question, yes="Archive", title=f"Archive {_count(len(chosen))}"), confirmed)

    # -- keys: one card --------------------------------------------------------

    def _column_of(self, card: CardRow | None) -> ColumnRow | None:
        board = self.board
        if board is None or not board.columns:
            return None
        if card is not None:
            for column in board.columns:
                if column.id == card.column_id:
                    return column
        return board.columns[0]

    def _card_action(self, action: str) -> None:
        card = self.current_card
        if card is not None or action == "new":
            self.post_message(CardAction(action, card, self._column_of(card)))

    def action_open_card(self) -> None:
        self._card_action("open")

    def action_new_card(self) -> None:
        self.post_message(CardAction("new", None, self._column_of(self.current_card)))

    def action_delete_card(self) -> None:
        self._card_action("delete")

    def action_cycle_priority(self) -> None:
        card, where = self.current_card, self._where()
        if card is None or where is None:
            return
        priority = PRIORITY_CYCLE.get(card.priority, "low")
        self._edit_locally(replace(card, priority=priority))
        data = CardUpdateIn(priority=priority)  # type: ignore[arg-type]
        self.app.call_service(  # type: ignore[attr-defined]
            lambda s, a: cards.update_card(s, actor=a, card_id=card.id, data=data, **where),
            write=True,
            failed=lambda _error: self._forget_edit(card.id),
        )

    # -- inline title editing --------------------------------------------------

    def action_edit_title(self) -> None:
        card = self.current_card
        if card is None or self._editor is not None:
            return
        self._editor = ListTitleEditor(card.id, card.title, id="list-title-editor")
        self._place_editor()
        self.mount(self._editor)
        self._editor.focus()

    def _place_editor(self) -> None:
        """Lay the editor over its card's title cell, wherever the card now is."""
        editor = self._editor
        if editor is None:
            return
        line = self.current_line
        if line is None or line.card.id != editor.card_id:
            self._close_editor()
            return
        title = next(((x, w) for column_id, x, w in self._columns() if column_id == "title"), (MARK_WIDTH, 20))
        y = HEADER_HEIGHT + self._card_lines[self.cursor] - self._top
        editor.styles.offset = (title[0] - 1, y)  # the editor's padding keeps the text where the cell's was
        editor.styles.width = title[1] + 2

    def _close_editor(self) -> None:
        editor, self._editor = self._editor, None
        if editor is not None:
            editor.remove()
            if self.display:
                self.focus()

    def on_list_title_editor_cancelled(self, message: ListTitleEditor.Cancelled) -> None:
        message.stop()
        self._close_editor()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        editor, where = self._editor, self._where()
        if event.input is not editor or editor is None:
            return
        event.stop()
        card = self.current_card
        if card is None or where is None or card.id != editor.card_id:
            self._close_editor()
            return
        try:
            data = CardUpdateIn(title=event.value)
        except ValidationError as error:
            editor.add_class("-invalid")
            self.notify(_title_problem(error), title="Title not saved", severity="error")
            return
        self._close_editor()
        if data.title == card.title:
            return
        self._edit_locally(replace(card, title=data.title or card.title))
        self.app.call_service(  # type: ignore[attr-defined]
            lambda s, a: cards.update_card(s, actor=a, card_id=card.id, data=data, **where),
            write=True,
            failed=lambda _error: self._forget_edit(card.id),
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self._editor:
            event.stop()
            event.input.remove_class("-invalid")

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

    def _empty_line(self, board: Board, y: int, width: int, base: Style) -> Strip:
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
        for column_id, _x, cell_width in self._columns():
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
        total = len(self.listed_cards)
        parts = [_count(total)]
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
        for column_id, _x, cell_width in self._columns():
            cell = COLUMN_BY_ID[column_id].cell(card, table)
            if at_cursor and column_id == "title":
                cell.stylize(Style(bold=True))
            cell.truncate(cell_width, overflow="ellipsis", pad=True)
            text.append_text(cell)
            text.append(" ")
        return self._strip(text, width, style)
