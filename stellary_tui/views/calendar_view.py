"""The calendar: a month of cards by due date, drawn line by line.

One widget draws the Monday-first month grid and the side panel of cards
without a due date with the Line API; nothing is mounted per card, and each
frame looks only at the days and panel rows on screen, so 5,000 cards open
as fast as 5. Moving a card to another day changes its due date through
``cards.update_card`` (see ``widgets.calendar_date_writer``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from stellary_core.clock import today
from stellary_core.operations.catalog.views import CardRow, ScopeBoard
from stellary_tui.terminal_text import steady
from stellary_tui.views.base import CardAction, ViewContext, say_why
from stellary_tui.views.card_render import PRIORITY_STYLE
from stellary_tui.views.clicks import ClickToOpen
from stellary_tui.widgets.calendar_date_writer import DateWriter
from stellary_tui.widgets.calendar_month import (
    CardsByDay,
    GridGeometry,
    add_months,
    month_weeks,
    visible_height,
)

# Said in words under the view's keys in the help (the keys come from BINDINGS).
HELP_NOTE = (
    "Picking goes through the day's cards, then the cards without a due date, then back to the days; "
    "moving to a chosen day works for a card without a due date too."
)

DAYS, DAY, UNDATED, CHOOSE = "days", "day", "undated", "choose"
# What a click lands on, as (mode, day, index): a day's card (DAY), a day itself (DAYS),
# a card without a due date (UNDATED, no day), or the day to move a card to (CHOOSE).
Spot = tuple[str, date | None, int]
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PRIORITY_GLYPH = {"high": "▲", "medium": "■", "low": "▼"}

DIM = Style(dim=True)
RULE = Style(color="grey42")
OVERDUE = Style(color="red", bold=True)
TODAY = Style(color="black", bgcolor="yellow", bold=True)
SELECTED_RULE = Style(color="bright_blue", bold=True)
TARGET_RULE = Style(color="magenta", bold=True)
SELECTED_CELL = Style(bgcolor="grey15")
PICKED = Style(bgcolor="blue", color="white", bold=True)
PICKED_BLURRED = Style(bgcolor="grey30")


class CalendarView(Widget, can_focus=True):
    """A focusable month calendar; keys move the selected day, pick cards and move their due dates."""

    DEFAULT_CSS = """
    CalendarView {
        height: 1fr;
        width: 1fr;
        background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "step(-1)", "Previous day", show=False, id="calendar.left"),
        Binding("right,l", "step(1)", "Next day", show=False, id="calendar.right"),
        Binding("up,k", "vertical(-1)", "Up", show=False, id="calendar.up"),
        Binding("down,j", "vertical(1)", "Down", show=False, id="calendar.down"),
        Binding("left_square_bracket,pageup", "month(-1)", "Month ←", id="calendar.previous_month", key_display="["),
        Binding("right_square_bracket,pagedown", "month(1)", "Month →", id="calendar.next_month", key_display="]"),
        Binding("t", "today", "Today", id="calendar.today"),
        Binding("tab", "pick", "Pick card", id="calendar.pick", tooltip="Pick a card of the day"),
        Binding("escape", "back", "Back", id="calendar.back"),
        Binding("enter", "enter", "Open / set", id="calendar.enter", tooltip="Open the picked card; set the chosen day"),
        Binding("shift+left,H", "move_card(-1)", "Due -1d", id="calendar.move_earlier", key_display="⇧←"),
        Binding("shift+right,L", "move_card(1)", "Due +1d", id="calendar.move_later", key_display="⇧→"),
        Binding("shift+up,K", "move_card(-7)", "Due -1w", show=False, id="calendar.move_week_earlier", key_display="⇧↑"),
        Binding("shift+down,J", "move_card(7)", "Due +1w", show=False, id="calendar.move_week_later", key_display="⇧↓"),
        Binding("m", "choose_day", "Move to day", id="calendar.choose_day"),
        Binding("backspace,delete", "clear_due", "Clear due", show=False, id="calendar.clear_due"),
        Binding("n", "new_card", "New card", id="calendar.new_card"),
    ]

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.board: ScopeBoard | None = None
        self.context: ViewContext | None = None
        self.cards = CardsByDay({}, [])
        self.selected_day: date = today()
        self.mode = DAYS
        self.index = 0  # of the picked card in the day's list or the undated list
        self._picked_id: str | None = None
        self._moving_id: str | None = None  # the card being moved in CHOOSE mode
        self._choose_origin: tuple[str, date] = (DAYS, self.selected_day)
        self._undated_top = 0
        self._day_top = 0
        self.writer = DateWriter(self, self._edit_refused)
        self.clicks = ClickToOpen()

    # -- data --------------------------------------------------------------

    def show(self, board: ScopeBoard, context: ViewContext | None = None) -> None:
        """Show a (re)loaded board, keeping the selected day and the picked card (by id)."""
        self.board = board
        if context is not None:
            self.context = context
        self.writer.board_reloaded({card.id: card for card in board.all_cards()})
        self._rebuild()

    def _rebuild(self) -> None:
        board = self.board
        rows = [self.writer.apply(card) for card in board.all_cards()] if board is not None else []
        self.cards = CardsByDay.of(rows)
        self._restore_pick()
        self.refresh_bindings()
        self.refresh()

    def _restore_pick(self) -> None:
        if self.mode == CHOOSE:
            if self._moving_id is None or self.cards.find(self._moving_id) is None:
                self._leave_choose(restore=True)
            return
        if self.mode == DAYS:
            return
        found = self.cards.find(self._picked_id) if self._picked_id else None
        if found is not None:
            day, self.index = found
            if day is None:
                self.mode = UNDATED
            else:
                self.mode, self.selected_day = DAY, day
        self._clamp_pick()

    def _edit_refused(self, _card_id: str) -> None:
        self._rebuild()

    @property
    def picking_list(self) -> list[CardRow]:
        """The list the picked card belongs to (empty when no card is being picked)."""
        if self.mode == DAY:
            return self.cards.on(self.selected_day)
        if self.mode == UNDATED:
            return self.cards.undated
        return []

    @property
    def picked_card(self) -> CardRow | None:
        if self.mode == CHOOSE:
            found = self.cards.find(self._moving_id) if self._moving_id else None
            if found is None:
                return None
            day, index = found
            return (self.cards.undated if day is None else self.cards.on(day))[index]
        rows = self.picking_list
        return rows[self.index] if 0 <= self.index < len(rows) else None

    def _clamp_pick(self) -> None:
        rows = self.picking_list
        if self.mode in (DAY, UNDATED) and not rows:
            self.mode = DAYS
        self.index = max(0, min(self.index, len(rows) - 1)) if rows else 0
        card = self.picked_card if self.mode in (DAY, UNDATED) else None
        self._picked_id = card.id if card is not None else None
        self._reveal()

    def _set_mode(self, mode: str, index: int = 0) -> None:
        changed = mode != self.mode
        self.mode, self.index = mode, index
        self._day_top = 0
        self._clamp_pick()
        if changed or self.mode != mode:
            self.refresh_bindings()  # the footer offers other keys in each mode
        self.refresh()

    # -- geometry ----------------------------------------------------------

    @property
    def weeks(self) -> tuple[tuple[date, ...], ...]:
        return month_weeks(self.selected_day)

    @property
    def geometry(self) -> GridGeometry:
        return GridGeometry(self.size.width, visible_height(self), len(self.weeks))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return viewport.height

    def _reveal(self) -> None:
        """Scroll the day cell or the side panel so the picked card is on screen."""
        if not self.size.height:
            return  # not laid out yet: on_resize reveals it
        geometry = self.geometry
        if self.mode == DAY:
            cap = max(1, geometry.card_lines - 1)
            if self.index < self._day_top:
                self._day_top = self.index
            elif self.index >= self._day_top + cap:
                self._day_top = self.index - cap + 1
        elif self.mode == UNDATED:
            count, rows = len(self.cards.undated), geometry.panel_rows
            cap = rows if count <= rows else max(1, rows - 1)
            if self.index < self._undated_top:
                self._undated_top = self.index
            elif self.index >= self._undated_top + cap:
                self._undated_top = self.index - cap + 1
        self._undated_top = max(0, min(self._undated_top, max(0, len(self.cards.undated) - 1)))

    def on_resize(self) -> None:
        self._reveal()
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.clicks.forget()  # a click after focus went elsewhere picks again rather than opening
        self.refresh()

    def _day_window(self, day: date, capacity: int) -> tuple[int, int]:
        """(first, count) of the day's cards its cell shows: all when they fit, else a scrolled run and "+N more"."""
        rows = self.cards.on(day)
        if len(rows) <= capacity:
            return 0, len(rows)
        top = self._day_top if day == self.selected_day and self.mode == DAY else 0
        return top, len(rows[top : top + max(0, capacity - 1)])

    # -- mouse -------------------------------------------------------------

    def spot_at(self, x: int, y: int) -> Spot | None:
        """What is drawn at (x, y): a card of a day, a day (its number or its empty lines), a card of the side panel."""
        if self.board is None or y < GridGeometry.HEADER:
            return None
        geometry = self.geometry
        row = y - GridGeometry.HEADER
        if x > geometry.grid_width:
            undated, rows = self.cards.undated, geometry.panel_rows
            capacity = rows if len(undated) <= rows else rows - 1
            index = self._undated_top + row
            return (UNDATED, None, index) if row < capacity and index < len(undated) else None
        column = geometry.column_at(x)
        week, line = divmod(row, geometry.week_height)
        weeks = self.weeks
        if column is None or week >= len(weeks):
            return None
        day = weeks[week][column]
        top, count = self._day_window(day, geometry.card_lines)
        if 0 < line <= count:
            return (DAY, day, top + line - 1)
        return (DAYS, day, 0)

    def _picked_spot(self) -> Spot:
        if self.mode == UNDATED:
            return (UNDATED, None, self.index)
        return (self.mode, self.selected_day, self.index if self.mode == DAY else 0)

    def on_click(self, event: events.Click) -> None:
        """A click picks the card or the day under the mouse; a double click, or a click on what is picked, is enter."""
        spot = self.spot_at(event.x, event.y)
        if spot is None:
            return
        if self.mode == CHOOSE:
            if spot[1] is None:
                return  # the side panel is no day to move the card to
            spot = (CHOOSE, spot[1], 0)
        opens = self.clicks.click(spot, self._picked_spot(), event.chain)
        self._pick_spot(spot)
        if opens:
            self.action_enter()

    def _pick_spot(self, spot: Spot) -> None:
        mode, day, index = spot
        if mode in (DAYS, CHOOSE):
            assert day is not None
            self._select_day(day)
            return
        if not (self.mode == DAY and day == self.selected_day):
            self._day_top = 0  # the spot was found in the cell as drawn from its first card
        if day is not None:
            self.selected_day = day
        changed = mode != self.mode
        self.mode, self.index = mode, index
        self._clamp_pick()
        if changed:
            self.refresh_bindings()  # the footer offers other keys in each mode
        self.refresh()

    # -- keys ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only the keys that mean something now (the footer follows), and let the rest fall through."""
        if action == "back":
            return self.mode != DAYS
        if action in ("move_card", "clear_due"):
            return self.mode == DAY
        if action == "choose_day":
            return self.mode in (DAY, UNDATED)
        if action == "pick":
            return self.mode != CHOOSE and (bool(self.cards.days) or bool(self.cards.undated))
        return True

    def on_key(self, event: events.Key) -> None:
        # check_action hides the date keys where they mean nothing (the footer follows), so such a
        # key would fall through silently: say why instead.
        reason = self._why_not(event.key)
        if reason is not None:
            event.stop()
            event.prevent_default()
            say_why(self, reason)

    def _why_not(self, key: str) -> str | None:
        """Why the date key ``key`` cannot act now; None when it can (or is no date key)."""
        action = next((b.action.split("(")[0] for b in self._bindings.key_to_bindings.get(key, [])), None)
        if action not in ("move_card", "clear_due", "choose_day", "pick") or self.check_action(action, ()):
            return None
        card = self.picked_card
        if self.mode == CHOOSE:
            return "Choose the day with the arrows, then enter (escape cancels)."
        if action == "pick":
            return "No card to pick: none is shown here (n adds one)."
        if self.mode == UNDATED and card is not None:
            if action == "clear_due":
                return f"{card.key} has no due date to clear."
            return f"{card.key} has no due date to move: m picks a day for it."
        if self.cards.on(self.selected_day) or self.cards.undated:
            return "Pick a card first: tab goes through the day's cards, then those without a due date."
        return "No card on this day."

    def _select_day(self, day: date) -> None:
        self.selected_day = day
        self._day_top = 0
        if self.mode != CHOOSE:
            self._set_mode(DAYS)
        self.refresh()

    def action_step(self, days: int) -> None:
        self._select_day(self.selected_day + timedelta(days=days))

    def action_vertical(self, direction: int) -> None:
        if self.mode in (DAY, UNDATED):
            rows = self.picking_list
            self.index = max(0, min(self.index + direction, len(rows) - 1))
            self._clamp_pick()
            self.refresh()
            return
        self._select_day(self.selected_day + timedelta(days=7 * direction))

    def action_month(self, months: int) -> None:
        self._select_day(add_months(self.selected_day, months))

    def action_today(self) -> None:
        self._select_day(today())

    def action_pick(self) -> None:
        """days → the day's cards → the cards without a due date → days (skipping empty lists)."""
        order = [DAYS, DAY, UNDATED]
        position = order.index(self.mode) if self.mode in order else 0
        for step in (1, 2, 3):
            mode = order[(position + step) % 3]
            if mode == DAYS or (mode == DAY and self.cards.on(self.selected_day)) or (mode == UNDATED and self.cards.undated):
                self._set_mode(mode, self._undated_top if mode == UNDATED else 0)
                return

    def action_back(self) -> None:
        if self.mode == CHOOSE:
            self._leave_choose(restore=True)
            self.refresh_bindings()
            self.refresh()
        else:
            self._set_mode(DAYS)

    def action_enter(self) -> None:
        if self.mode == DAYS:
            if self.cards.on(self.selected_day):
                self._set_mode(DAY)
            else:
                say_why(self, f"No card is due on {self.selected_day:%b %d}: n adds one, tab picks among the others.")
        elif self.mode == CHOOSE:
            self._set_due_to_selected_day()
        else:
            card = self.picked_card
            if card is not None:
                self.post_message(CardAction("open", card, None))

    def action_move_card(self, days: int) -> None:
        card = self.picked_card
        if self.mode != DAY or card is None or card.due_date is None:
            return
        due = card.due_date + timedelta(days=days)
        self._change_due(card, due)

    def action_choose_day(self) -> None:
        card = self.picked_card
        if self.mode not in (DAY, UNDATED) or card is None:
            return
        self._choose_origin = (self.mode, self.selected_day)
        self._moving_id = card.id
        self.mode = CHOOSE
        self.refresh_bindings()
        self.refresh()

    def action_clear_due(self) -> None:
        card = self.picked_card
        if self.mode == DAY and card is not None:
            self._change_due(card, None)

    def action_new_card(self) -> None:
        self.post_message(CardAction("new", None, None, due=self.selected_day))

    def _leave_choose(self, *, restore: bool) -> None:
        mode, day = self._choose_origin
        self._moving_id = None
        self.mode = mode
        if restore:
            self.selected_day = day
        self._clamp_pick()

    def _set_due_to_selected_day(self) -> None:
        card = self.picked_card
        if card is None:
            self._leave_choose(restore=True)
            return
        at = card.due_date.time() if card.due_date is not None else time()
        self._moving_id = None
        self.mode = DAY
        self._change_due(card, datetime.combine(self.selected_day, at))

    def _change_due(self, card: CardRow, due: datetime | None) -> None:
        """Show the card on its new day at once (the picked card follows it) and persist the date."""
        if self.context is None:
            return
        self.writer.change(self.context, card, start_date=card.start_date, due_date=due, fields={"due_date"})
        self._picked_id = card.id
        self.mode = UNDATED if due is None else DAY
        if due is not None:
            self.selected_day = due.date()
        self._rebuild()

    # -- drawing -----------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width, base = self.size.width, self.rich_style
        if self.board is None:
            return Strip([Segment(" " * width, base)], width)
        geometry = self.geometry
        if y == 0:
            return Strip(_fit(self._title_line(), width, base), width)
        grid = self._grid_line(y, geometry, base)
        panel = self._panel_line(y, geometry, base)
        line = [*_fit(grid, geometry.grid_width, base), Segment("│", base + RULE), *panel]
        return Strip(_fit(line, width, base), width)

    def _title_line(self) -> list[Segment]:
        assert self.board is not None
        month = self.selected_day.strftime("%B %Y")
        day = self.selected_day
        due_count = len(self.cards.on(day))
        segments = [Segment(" ‹ ", DIM), Segment(month, Style(bold=True)), Segment(" ›  ", DIM)]
        message = None
        if not self.board.columns:
            message = "This scope has no columns yet: press c to add one."
        elif self.board.card_count == 0:
            message = "No cards match the filter." if self.board.query else "No cards in this scope yet: press n to create one."
        if message is not None:  # first, so a narrow terminal still shows it
            return [*segments, Segment(message, Style(color="yellow"))]
        segments += [
            Segment(f"{day:%a} {day.day} {day:%b}", Style(bold=True, color="bright_blue")),
            Segment(f" · {due_count} due" if due_count else " · nothing due", DIM),
            Segment("   "),
        ]
        card = self.picked_card
        if self.mode == CHOOSE and card is not None:
            segments += [
                Segment(f"Moving {card.key} to {day:%a} {day.day} {day:%b}", Style(color="magenta", bold=True)),
                Segment(" — enter sets the due date, escape cancels", DIM),
            ]
        elif card is not None:
            segments += _card_segments(card, PICKED if self.has_focus else PICKED_BLURRED, with_due=True)
        else:
            segments.append(Segment("tab picks a card · [ ] month · t today", DIM))
        return segments

    def _grid_line(self, y: int, geometry: GridGeometry, base: Style) -> list[Segment]:
        widths = geometry.cell_widths()
        if y == 1:
            segments: list[Segment] = []
            for column, cell in enumerate(widths):
                style = Style(bold=True) if column < 5 else Style(bold=True, color="grey62")
                segments += _fit([Segment(f" {WEEKDAYS[column]}", style)], cell, base)
                if column < 6:
                    segments.append(Segment("│", base + RULE))
            return segments
        row = y - GridGeometry.HEADER
        week, line = divmod(row, geometry.week_height)
        weeks = self.weeks
        if week >= len(weeks):
            return []
        segments = []
        for column, cell in enumerate(widths):
            day = weeks[week][column]
            if line == 0:
                segments += self._day_number(day, cell, base)
                if column < 6:
                    segments.append(Segment("┼", base + RULE))
            else:
                segments += self._day_card_line(day, line - 1, cell, geometry.card_lines, base)
                if column < 6:
                    segments.append(Segment("│", base + RULE))
        return segments

    def _day_number(self, day: date, width: int, base: Style) -> list[Segment]:
        selected = day == self.selected_day
        rule = base + RULE
        if selected and self.has_focus:
            rule = base + (TARGET_RULE if self.mode == CHOOSE else SELECTED_RULE)
        number_style = base + Style(bold=True)
        if day.month != self.selected_day.month:
            number_style = base + DIM
        label = f" {day.day} "
        if day == today():
            number_style = base + TODAY
            label = f" {day.day} today " if width >= len(label) + 7 else label
        if selected:
            number_style += Style(reverse=True) if day != today() else Style(underline=True)
        segments = [Segment("─", rule), Segment(label, number_style)]
        count = len(self.cards.on(day))
        if count and width - cell_len(label) >= 5:
            # How many cards are due that day, at the right end of the rule (the cell may not show them all).
            segments += [Segment("─" * max(0, width - cell_len(label) - 5), rule), Segment(f" {count:>2} ", base + DIM)]
        segments.append(Segment("─" * width, rule))
        return _fit(segments, width, base)

    def _day_card_line(self, day: date, line: int, width: int, capacity: int, base: Style) -> list[Segment]:
        """Line ``line`` of a day cell: a card, or "+N more" on the last line when they do not all fit."""
        rows = self.cards.on(day)
        selected = day == self.selected_day
        cell_base = base + SELECTED_CELL if selected and self.has_focus else base
        picking = selected and self.mode == DAY
        top, count = self._day_window(day, capacity)
        hidden = len(rows) - count
        if line < count:
            card = rows[top + line]
            highlight = None
            if picking and top + line == self.index:
                highlight = PICKED if self.has_focus else PICKED_BLURRED
            return _fit(_card_segments(card, highlight), width, cell_base)
        if hidden and line == capacity - 1:
            return _fit([Segment(f" +{hidden} more", cell_base + DIM)], width, cell_base)
        return [Segment(" " * width, cell_base)]

    def _panel_line(self, y: int, geometry: GridGeometry, base: Style) -> list[Segment]:
        width = geometry.panel_width
        undated = self.cards.undated
        active = self.mode == UNDATED and self.has_focus
        if y == 1:
            title = Style(bold=True, reverse=active)
            return _fit([Segment(" No due date ", base + title), Segment(f" {len(undated)}", base + DIM)], width, base)
        row = y - GridGeometry.HEADER
        if not undated:
            return _fit([Segment(" (none)" if row == 0 else "", base + DIM)], width, base)
        rows = geometry.panel_rows
        capacity = rows if len(undated) <= rows else rows - 1
        index = self._undated_top + row
        if row == capacity and index < len(undated):
            return _fit([Segment(f" ↓ {len(undated) - index} more", base + DIM)], width, base)
        if row >= capacity or index >= len(undated):
            return [Segment(" " * width, base)]
        highlight = None
        if self.mode == UNDATED and index == self.index:
            highlight = PICKED if self.has_focus else PICKED_BLURRED
        return _fit(_card_segments(undated[index], highlight), width, base)


def _card_segments(card: CardRow, highlight: Style | None, *, with_due: bool = False) -> list[Segment]:
    """Priority glyph, key and title; overdue cards in red, done cards dimmed, the picked one highlighted."""
    done = card.status == "done"
    overdue = card.is_overdue(today())
    glyph_style = PRIORITY_STYLE.get(card.priority or "", Style())
    key_style = Style(bold=True) + (OVERDUE if overdue else Style())
    title_style = OVERDUE if overdue else Style()
    if done:
        glyph_style, key_style, title_style = glyph_style + DIM, key_style + DIM, title_style + Style(dim=True, strike=True)
    if highlight is not None:
        glyph_style, key_style, title_style = glyph_style + highlight, key_style + highlight, title_style + highlight
    segments = [
        Segment(PRIORITY_GLYPH.get(card.priority or "", " "), glyph_style),
        Segment(card.key, key_style),
        Segment(f" {steady(card.title)} ", title_style),
    ]
    if with_due:
        if card.due_date is None:
            segments.append(Segment(" no due date", DIM))
        else:
            due = card.due_date.date()
            note = " overdue" if overdue else (" done" if done else "")
            segments.append(Segment(f" due {due:%a} {due.day} {due:%b}{note}", OVERDUE if overdue else DIM))
        if card.start_date is not None:
            segments.append(Segment(f" · start {card.start_date:%b} {card.start_date.day}", DIM))
    return segments


def _fit(segments: list[Segment], width: int, base: Style) -> list[Segment]:
    """Crop or pad a run of segments to exactly ``width`` cells, under ``base``."""
    if width <= 0:
        return []
    strip = Strip([Segment(s.text, base + s.style if s.style else base) for s in segments]).crop(0, width)
    if strip.cell_length < width:
        return [*strip, Segment(" " * (width - strip.cell_length), base)]
    return list(strip)
