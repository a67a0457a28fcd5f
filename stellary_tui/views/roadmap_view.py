"""The roadmap: cards as bars on a timeline, from start date to due date, drawn line by line.

One widget draws the group and card rows with the Line API and never mounts a
widget per card; each frame looks only at the rows and days on screen, so
5,000 cards open as fast as 5. Bars are moved and stretched with keys, and
every change goes through ``cards.update_card`` (its validation refuses a due
date before the start date; see ``widgets.calendar_date_writer``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import ClassVar

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from stellary_core.clock import today
from stellary_core.operations.catalog.views import CardRow, ScopeBoard
from stellary_tui.plurals import count
from stellary_tui.terminal_text import steady
from stellary_tui.views.base import NO_CARD, CardAction, ViewContext, say_why
from stellary_tui.views.card_render import PRIORITY_STYLE
from stellary_tui.views.clicks import ClickToOpen
from stellary_tui.widgets.calendar_date_writer import DateWriter
from stellary_tui.widgets.calendar_month import visible_height
from stellary_tui.widgets.roadmap_timeline import (
    ZOOMS,
    LineCanvas,
    TimeScale,
    Zoom,
    shift,
    zoom_named,
)

# Said in words under the view's keys in the help (the keys come from BINDINGS).
HELP_NOTE = (
    "Moves go one unit: a day at week zoom, a week at month zoom, a month at quarter zoom. A card with one "
    "date shows a ◆: moving the bar moves that date, moving the start or due date grows a bar from it. "
    "Cards with no dates are listed under Unscheduled; any move schedules one from today."
)

GROUPINGS = ("column", "label", "scope")
HEADER = 3  # the focused card's line, then the two lines of the time axis
UNSCHEDULED = "Unscheduled"

DIM = Style(dim=True)
TODAY_LINE = Style(color="yellow")
SELECTED_ROW = Style(bgcolor="grey19")
BAR = {"todo": Style(bgcolor="blue", color="white"), "in_progress": Style(bgcolor="green", color="black"), "done": Style(bgcolor="grey35", color="grey70")}
OVERDUE_BAR = Style(bgcolor="red", color="white", bold=True)
PRIORITY_GLYPH = {"high": "▲", "medium": "■", "low": "▼"}


@dataclass(frozen=True, slots=True)
class Row:
    """A line of the roadmap: a group's title (card is None) or one card of a group."""

    group: str
    title: str
    card: CardRow | None = None
    count: int = 0


class RoadmapView(Widget, can_focus=True):
    """A focusable timeline; keys scroll, zoom, group, and move or stretch the focused card's bar."""

    DEFAULT_CSS = """
    RoadmapView {
        height: 1fr;
        width: 1fr;
        background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="roadmap.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="roadmap.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="roadmap.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="roadmap.page_down"),
        Binding("home", "edge(-1)", "First card", show=False, id="roadmap.first"),
        Binding("end", "edge(1)", "Last card", show=False, id="roadmap.last"),
        Binding("left,h", "scroll_time(-1)", "Earlier", show=False, id="roadmap.earlier"),
        Binding("right,l", "scroll_time(1)", "Later", show=False, id="roadmap.later"),
        Binding("left_square_bracket", "page_time(-1)", "Page ←", show=False, id="roadmap.page_earlier"),
        Binding("right_square_bracket", "page_time(1)", "Page →", show=False, id="roadmap.page_later"),
        Binding("t", "today", "Today", id="roadmap.today"),
        Binding("full_stop", "reveal_bar", "Go to bar", show=False, id="roadmap.reveal_bar", tooltip="Scroll to the card's bar"),
        Binding("z,plus", "zoom(-1)", "Zoom in", id="roadmap.zoom_in", key_display="z"),
        Binding("Z,minus", "zoom(1)", "Zoom out", id="roadmap.zoom_out", key_display="Z"),
        Binding("b", "cycle_grouping", "Group", id="roadmap.group", tooltip="Group by column, label or scope"),
        Binding("shift+left,H", "move_bar(-1)", "Bar ←", id="roadmap.move_earlier", tooltip="Move the bar (both dates) earlier", key_display="⇧←"),
        Binding("shift+right,L", "move_bar(1)", "Bar →", id="roadmap.move_later", tooltip="Move the bar (both dates) later", key_display="⇧→"),
        Binding("less_than_sign", "move_due(-1)", "Due ←", id="roadmap.due_earlier", tooltip="Move the due date earlier", key_display="<"),
        Binding("greater_than_sign", "move_due(1)", "Due →", id="roadmap.due_later", tooltip="Move the due date later", key_display=">"),
        Binding("ctrl+left,left_parenthesis", "move_start(-1)", "Start ←", show=False, id="roadmap.start_earlier", tooltip="Move the start date earlier"),
        Binding("ctrl+right,right_parenthesis", "move_start(1)", "Start →", show=False, id="roadmap.start_later", tooltip="Move the start date later"),
        Binding("enter,e", "open_card", "Open", id="roadmap.open_card"),
        Binding("n", "new_card", "New card", id="roadmap.new_card"),
    ]

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.board: ScopeBoard | None = None
        self.context: ViewContext | None = None
        self.grouping = "column"
        self.zoom: Zoom = zoom_named("month")
        self.rows: list[Row] = []
        self.cursor = 0  # index in rows (always a card row when there is one)
        self._top = 0
        self._origin: date | None = None  # the day at the timeline's left edge, set once the width is known
        self._selected: tuple[str, str] | None = None  # (group, card id) to keep across reloads
        self.writer = DateWriter(self, lambda _card_id: self._rebuild())
        self.clicks = ClickToOpen()

    # -- data --------------------------------------------------------------

    def show(self, board: ScopeBoard, context: ViewContext | None = None) -> None:
        """Show a (re)loaded board, keeping the cursor on the same card (by id)."""
        self.board = board
        if context is not None:
            self.context = context
        self.writer.board_reloaded({card.id: card for card in board.all_cards()})
        self._rebuild()

    def _rebuild(self) -> None:
        self.rows = self._build_rows()
        self._restore_cursor()
        self.refresh()

    def _build_rows(self) -> list[Row]:
        board = self.board
        if board is None:
            return []
        cards = [self.writer.apply(card) for card in board.all_cards()]
        scheduled = [c for c in cards if c.start_date is not None or c.due_date is not None]
        groups: list[tuple[str, list[CardRow]]]
        if self.grouping == "column":
            by_column: dict[str, list[CardRow]] = {}
            for card in scheduled:
                by_column.setdefault(card.column_id, []).append(card)
            groups = [(column.name, by_column.get(column.id, [])) for column in board.columns]
        elif self.grouping == "label":
            by_label: dict[str, list[CardRow]] = {}
            unlabelled: list[CardRow] = []
            for card in scheduled:
                known = [label_id for label_id in card.label_ids if label_id in board.labels]
                for label_id in known:
                    by_label.setdefault(label_id, []).append(card)
                if not known:
                    unlabelled.append(card)
            groups = [(label.name, by_label.get(label.id, [])) for label in board.labels.values()]
            groups.append(("No label", unlabelled))
        else:
            groups = [(board.scope.name, scheduled)]
        unscheduled = sorted((c for c in cards if c.start_date is None and c.due_date is None), key=lambda c: c.number)
        groups.append((UNSCHEDULED, unscheduled))
        rows: list[Row] = []
        for title, members in groups:
            if not members:
                continue
            key = f"{self.grouping}:{title}"
            rows.append(Row(key, title, None, len(members)))
            members.sort(key=_timeline_order)
            rows.extend(Row(key, title, card) for card in members)
        return rows

    def _restore_cursor(self) -> None:
        if self._selected is not None:
            group, card_id = self._selected
            exact = next((i for i, r in enumerate(self.rows) if r.card and r.card.id == card_id and r.group == group), None)
            anywhere = next((i for i, r in enumerate(self.rows) if r.card and r.card.id == card_id), None)
            found = exact if exact is not None else anywhere
            if found is not None:
                self.cursor = found
        self._settle_cursor(1)

    @property
    def current_card(self) -> CardRow | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor].card
        return None

    def _settle_cursor(self, direction: int) -> None:
        """Put the cursor on a card row (searching ``direction`` first), remember it, and reveal it."""
        rows = self.rows
        if not rows:
            self.cursor, self._top = 0, 0
            return
        self.cursor = max(0, min(self.cursor, len(rows) - 1))
        if rows[self.cursor].card is None:
            forward = next((i for i in range(self.cursor, len(rows)) if rows[i].card), None)
            backward = next((i for i in range(self.cursor, -1, -1) if rows[i].card), None)
            first, second = (forward, backward) if direction > 0 else (backward, forward)
            self.cursor = first if first is not None else second if second is not None else self.cursor
        row = rows[self.cursor]
        if row.card is not None:
            self._selected = (row.group, row.card.id)
        self._reveal_row()

    # -- geometry ----------------------------------------------------------

    @property
    def label_width(self) -> int:
        return max(20, min(36, self.size.width // 4))

    @property
    def timeline_width(self) -> int:
        return max(1, self.size.width - self.label_width - 1)

    @property
    def page_rows(self) -> int:
        return max(1, visible_height(self) - HEADER)

    @property
    def origin(self) -> date:
        if self._origin is None:
            if not self.size.width:
                return self._origin_for(today(), 0.25)  # not laid out yet: decide once the width is known
            self._origin = self._origin_for(today(), 0.25)
        return self._origin

    def _origin_for(self, day: date, fraction: float) -> date:
        """The left edge that puts ``day`` at ``fraction`` of the timeline's width."""
        days_shown = self.timeline_width // self.zoom.cells_per_day
        return day - timedelta(days=int(days_shown * fraction))

    @property
    def scale(self) -> TimeScale:
        return TimeScale(self.origin, self.zoom, self.timeline_width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return viewport.height

    def _reveal_row(self) -> None:
        if not self.size.height:
            return  # not laid out yet: on_resize reveals the cursor
        page = self.page_rows
        top = self._top
        if self.cursor < top:
            top = self.cursor
            if top > 0 and self.rows[top - 1].card is None:
                top -= 1  # show the group's title above its first card
        elif self.cursor >= top + page:
            top = self.cursor - page + 1
        self._top = max(0, min(top, max(0, len(self.rows) - 1)))

    def _reveal_day(self, day: date) -> None:
        """Scroll (only if needed) so ``day`` is on screen: near the side it went out of."""
        scale = self.scale
        x = scale.x(day)
        if x < 0 or x + self.zoom.cells_per_day > scale.width:
            self._origin = self._origin_for(day, 0.2 if x < 0 else 0.8)

    def on_resize(self) -> None:
        self._reveal_row()
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.clicks.forget()  # a click after focus went elsewhere focuses again rather than opening
        self.refresh()

    # -- mouse -------------------------------------------------------------

    def row_at(self, y: int) -> int | None:
        """The index of the card row drawn at ``y``; None over the header, a group's title or below the rows."""
        index = self._top + y - HEADER
        if y < HEADER or not 0 <= index < len(self.rows) or self.rows[index].card is None:
            return None
        return index

    def on_click(self, event: events.Click) -> None:
        """A click focuses the card of the row; a double click, or a click on the focused card, opens it."""
        index = self.row_at(event.y)
        if index is None:
            return
        opens = self.clicks.click(index, self.cursor, event.chain)
        self.cursor = index
        self._settle_cursor(1)
        self.refresh()
        if opens:
            self.action_open_card()

    # -- keys: moving around -------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        rows = self.rows
        if not rows:
            return
        target = self.cursor + delta
        step = 1 if delta > 0 else -1
        while 0 <= target < len(rows) and rows[target].card is None:
            target += step
        if 0 <= target < len(rows):
            self.cursor = target
            self._settle_cursor(step)
            self.refresh()

    def action_page(self, direction: int) -> None:
        self.cursor = max(0, min(self.cursor + direction * self.page_rows, len(self.rows) - 1))
        self._settle_cursor(direction)
        self.refresh()

    def action_edge(self, direction: int) -> None:
        self.cursor = 0 if direction < 0 else len(self.rows) - 1
        self._settle_cursor(-direction)
        self.refresh()

    def action_scroll_time(self, direction: int) -> None:
        self._origin = self.origin + timedelta(days=direction * self.zoom.scroll_days)
        self.refresh()

    def action_page_time(self, direction: int) -> None:
        self._origin = self.origin + timedelta(days=direction * max(1, self.scale.days - 1))
        self.refresh()

    def action_today(self) -> None:
        self._origin = self._origin_for(today(), 0.25)
        self.refresh()

    def action_reveal_bar(self) -> None:
        card = self.current_card
        day = _first_day(card) if card is not None else None
        if card is None:
            say_why(self, NO_CARD)
        elif day is None:
            say_why(self, f"{card.key} has no dates, so no bar: ⇧→ schedules it from today.")
        else:
            self._origin = self._origin_for(day, 0.2)
            self.refresh()

    def action_zoom(self, direction: int) -> None:
        """Change the zoom around today's line when it is on screen (else the middle), which stays put."""
        index = ZOOMS.index(self.zoom) + direction
        if not 0 <= index < len(ZOOMS):
            say_why(self, f"Already zoomed all the way {'in' if direction < 0 else 'out'} ({self.zoom.name}).")
            return
        scale = self.scale
        anchor = today() if scale.origin <= today() <= scale.last else scale.origin + timedelta(days=scale.days // 2)
        fraction = min(1.0, max(0.0, scale.x(anchor) / max(1, scale.width)))
        self.zoom = ZOOMS[index]
        self._origin = self._origin_for(anchor, fraction)
        self.refresh()

    def action_cycle_grouping(self) -> None:
        self.grouping = GROUPINGS[(GROUPINGS.index(self.grouping) + 1) % len(GROUPINGS)]
        self._rebuild()

    # -- keys: editing dates -------------------------------------------------

    def action_move_bar(self, steps: int) -> None:
        card = self.current_card
        if card is None:
            say_why(self, NO_CARD)
            return
        unit = self.zoom.unit
        start: datetime | None
        due: datetime | None
        if card.start_date is None and card.due_date is None:
            start = due = _midnight(today())  # an unscheduled card becomes a one-day marker today
        else:
            start = shift(card.start_date, unit, steps) if card.start_date else None
            due = shift(card.due_date, unit, steps) if card.due_date else None
        fields = {name for name, value in (("start_date", start), ("due_date", due)) if value is not None}
        self._change(card, start, due, fields)

    def action_move_due(self, steps: int) -> None:
        card = self.current_card
        if card is None:
            say_why(self, NO_CARD)
            return
        base = card.due_date or card.start_date or _midnight(today())
        self._change(card, card.start_date, shift(base, self.zoom.unit, steps), {"due_date"})

    def action_move_start(self, steps: int) -> None:
        card = self.current_card
        if card is None:
            say_why(self, NO_CARD)
            return
        base = card.start_date or card.due_date or _midnight(today())
        self._change(card, shift(base, self.zoom.unit, steps), card.due_date, {"start_date"})

    def _change(self, card: CardRow, start: datetime | None, due: datetime | None, fields: set[str]) -> None:
        """Show the new dates at once, persist them, and scroll so the changed end stays in sight."""
        if self.context is None or not fields:
            return
        self.writer.change(self.context, card, start_date=start, due_date=due, fields=fields)
        self._rebuild()
        moved = due if "due_date" in fields and due is not None else start
        if moved is not None:
            self._reveal_day(moved.date())
        self.refresh()

    def action_open_card(self) -> None:
        card = self.current_card
        if card is None:
            say_why(self, NO_CARD)
        else:
            self.post_message(CardAction("open", card, None))

    def action_new_card(self) -> None:
        self.post_message(CardAction("new", None, None))

    # -- drawing -----------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width, base = self.size.width, self.rich_style
        board = self.board
        if board is None:
            return Strip([Segment(" " * width, base)], width)
        label_width, scale = self.label_width, self.scale
        if y == 0:
            return Strip(_fit(self._status_line(), width, base), width)
        if y < HEADER:
            left = self._header_label(y - 1)
            timeline = scale.axis(y - 1, today(), base).segments()
        else:
            index = self._top + y - HEADER
            row = self.rows[index] if index < len(self.rows) else None
            if not self.rows:
                return Strip(_fit(self._empty_line(y), width, base), width)
            selected = row is not None and index == self.cursor and row.card is not None
            row_base = base + SELECTED_ROW if selected and self.has_focus else base
            left = self._row_label(row, selected, label_width)
            timeline = self._row_timeline(row, scale, row_base).segments()
        line = [*_fit(left, label_width, base), Segment("│", base + Style(color="grey42")), *timeline]
        return Strip(_fit(line, width, base), width)

    def _header_label(self, y: int) -> list[Segment]:
        if y == 0:
            return [Segment(" by "), Segment(self.grouping, Style(color="bright_blue", bold=True)), Segment(" (b)", DIM)]
        return [
            Segment(f" {self.zoom.name}", Style(color="bright_blue", bold=True)),
            Segment(" zoom", Style()),
            Segment(f" · edits ±1 {self.zoom.unit}", DIM),
        ]

    def _empty_line(self, y: int) -> list[Segment]:
        board = self.board
        assert board is not None
        if y != HEADER + 1:
            return []
        if not board.columns:
            message = "This scope has no columns yet: press c to add one."
        elif board.query:
            message = "No cards match the filter."
        else:
            message = "No cards in this scope yet: press n to create one."
        return [Segment(f"  {message}", Style(color="yellow"))]

    def _row_label(self, row: Row | None, selected: bool, width: int) -> list[Segment]:
        if row is None:
            return []
        if row.card is None:
            return [Segment(f" {steady(row.title)} ", Style(bold=True, underline=True)), Segment(f" {row.count}", DIM)]
        card = row.card
        highlight = Style(bgcolor="blue", color="white", bold=True) if self.has_focus else Style(bgcolor="grey30")
        style = highlight if selected else Style()
        done = card.status == "done"
        text = Style(dim=True, strike=True) if done else Style(color="red", bold=True) if _overdue(card) else Style()
        return [
            Segment("  "),
            Segment(PRIORITY_GLYPH.get(card.priority or "", " "), PRIORITY_STYLE.get(card.priority or "", Style()) + style),
            Segment(card.key, Style(bold=True) + (DIM if done else Style()) + style),
            Segment(set_cell_size(f" {steady(card.title)}", width), text + style),
        ]

    def _row_timeline(self, row: Row | None, scale: TimeScale, base: Style) -> LineCanvas:
        canvas = LineCanvas(scale.width, base)
        today_x = scale.x(today())
        if row is not None and row.card is not None:
            card = row.card
            start = card.start_date.date() if card.start_date else None
            due = card.due_date.date() if card.due_date else None
            if start is None and due is None:
                canvas.put(1, "· no dates", base + DIM)
            else:
                self._draw_bar(canvas, card, start, due, scale, base)
        if 0 <= today_x < scale.width and canvas.chars[today_x] == " ":
            # The today line goes over empty cells and through bars, never over text.
            canvas.chars[today_x] = "│"
            canvas.restyle(today_x, TODAY_LINE)
        return canvas

    def _draw_bar(self, canvas: LineCanvas, card: CardRow, start: date | None, due: date | None, scale: TimeScale, base: Style) -> None:
        style = OVERDUE_BAR if _overdue(card) else BAR.get(card.status, BAR["todo"])
        first = start or due
        last = due or start
        assert first is not None and last is not None
        x0, x1 = scale.x(first), scale.x(last) + scale.zoom.cells_per_day
        if x1 <= 0:
            canvas.put(0, f"◀ {last:%b} {last.day}", base + DIM)
            return
        if x0 >= scale.width:
            label = f"{first:%b} {first.day} ▶"
            canvas.put(scale.width - len(label), label, base + DIM)
            return
        if start is None or due is None:
            color = style.bgcolor.name if style.bgcolor else "white"
            canvas.put(x0, "◆", base + Style(color=color, bold=True))
            what = "due" if start is None else "start"
            canvas.put(x0 + 2, f"{what} {first:%b} {first.day}", base + DIM)
            return
        canvas.fill(x0, x1, " ", style)
        title = f" {card.title}" if x1 - x0 > 3 else ""
        canvas.put(max(0, x0), title, style, limit=x1 - 1)

    def _status_line(self) -> list[Segment]:
        """The top line: the view's name, then the focused card and its dates."""
        card = self.current_card
        pieces = [Segment(" Roadmap ", Style(bold=True, color="bright_blue"))]
        if card is None:
            return [*pieces, Segment(" b group · z Z zoom · t today · [ ] scroll", DIM)]
        pieces += [Segment(f" {card.key} ", Style(bold=True)), Segment(steady(card.title), Style())]
        start, due = card.start_date, card.due_date
        if start and due:
            days = (due.date() - start.date()).days + 1
            pieces.append(Segment(f"   {start:%a} {start.day} {start:%b} → {due:%a} {due.day} {due:%b %Y} · {count(days, 'day')}", DIM))
        elif start or due:
            moment = start or due
            assert moment is not None
            pieces.append(Segment(f"   {'start' if start else 'due'} {moment:%a} {moment.day} {moment:%b %Y} only", DIM))
        else:
            pieces.append(Segment("   no dates: ⇧→ schedules it today", DIM))
        if _overdue(card):
            pieces.append(Segment("  overdue", Style(color="red", bold=True)))
        return pieces


def _overdue(card: CardRow) -> bool:
    return card.is_overdue(today())


def _first_day(card: CardRow) -> date | None:
    moment = card.start_date or card.due_date
    return moment.date() if moment else None


def _timeline_order(card: CardRow) -> tuple[datetime, datetime, int]:
    first = card.start_date or card.due_date or datetime.max
    last = card.due_date or card.start_date or datetime.max
    return (first, last, card.number)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())


def _fit(segments: list[Segment], width: int, base: Style) -> list[Segment]:
    """Crop or pad a run of segments to exactly ``width`` cells, under ``base``."""
    if width <= 0:
        return []
    strip = Strip([Segment(s.text, base + s.style if s.style else base) for s in segments]).crop(0, width)
    if strip.cell_length < width:
        return [*strip, Segment(" " * (width - strip.cell_length), base)]
    return list(strip)
