"""The roadmap's time scale: zoom levels, date steps, the axis header, and a one-line canvas.

A zoom says how many terminal cells a day takes and by how much a key moves
a bar. Decided (and shown in the help):

=========  ============  ===========  ===================
zoom       cells a day   edit unit    left / right scroll
=========  ============  ===========  ===================
week       6             1 day        1 day
month      2             1 week       1 week
quarter    1             1 month      1 week
=========  ============  ===========  ===================

A month step keeps the day of the month and clamps it to a shorter month's
end (Jan 31 + 1 month = Feb 28), so both dates of a bar moved by months stay
in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rich.cells import get_character_cell_size
from rich.segment import Segment
from rich.style import Style

from stellary_tui.terminal_text import steady
from stellary_tui.widgets.calendar_month import add_months


@dataclass(frozen=True)
class Zoom:
    name: str
    cells_per_day: int
    unit: str  # "day", "week" or "month": what one edit key moves
    scroll_days: int


ZOOMS: tuple[Zoom, ...] = (
    Zoom("week", 6, "day", 1),
    Zoom("month", 2, "week", 7),
    Zoom("quarter", 1, "month", 7),
)


def zoom_named(name: str) -> Zoom:
    return next(z for z in ZOOMS if z.name == name)


def shift_day(day: date, unit: str, steps: int) -> date:
    if unit == "month":
        return add_months(day, steps)
    return day + timedelta(days=steps * (7 if unit == "week" else 1))


def shift(moment: datetime, unit: str, steps: int) -> datetime:
    """``moment`` moved by ``steps`` units, keeping its time of day."""
    return datetime.combine(shift_day(moment.date(), unit, steps), moment.time())


def week_number(day: date) -> int:
    return day.isocalendar()[1]


class LineCanvas:
    """One line of cells that later writes win, turned into as few segments as possible."""

    def __init__(self, width: int, style: Style) -> None:
        self.width = width
        self.chars = [" "] * width
        self.styles = [style] * width

    def put(self, x: int, text: str, style: Style, *, limit: int | None = None) -> None:
        """Write ``text`` from cell ``x`` (clipped to the line, and before ``limit`` when given).

        Characters go by cell width: a wide one (漢, 🚀) takes its cell and the next, which
        holds "" so the line keeps its width; a zero-width mark stays with the character before it.
        """
        end = min(self.width, limit if limit is not None else self.width)
        cell = x
        for char in steady(text):
            size = get_character_cell_size(char)
            if size == 0:
                if 0 <= cell - 1 < end:
                    self.chars[cell - 1] += char
                continue
            if cell + size > end:
                break
            for part, shown in enumerate((char, "")[:size]):
                if cell + part >= 0:
                    self.chars[cell + part] = shown if cell >= 0 else " "  # half a wide character cut at the edge
                    self.styles[cell + part] = style
            cell += size

    def fill(self, start: int, stop: int, char: str, style: Style) -> None:
        for cell in range(max(0, start), min(self.width, stop)):
            self.chars[cell] = char
            self.styles[cell] = style

    def restyle(self, x: int, style: Style) -> None:
        """Lay ``style`` over the cell at ``x`` (e.g. the today line across a bar)."""
        if 0 <= x < self.width:
            self.styles[x] = self.styles[x] + style

    def segments(self) -> list[Segment]:
        result: list[Segment] = []
        start = 0
        for cell in range(1, self.width + 1):
            if cell == self.width or self.styles[cell] != self.styles[start]:
                result.append(Segment("".join(self.chars[start:cell]), self.styles[start]))
                start = cell
        return result


@dataclass(frozen=True)
class TimeScale:
    """Maps days to cells for a zoom, from the day shown at the left edge."""

    origin: date
    zoom: Zoom
    width: int

    def x(self, day: date) -> int:
        return (day - self.origin).days * self.zoom.cells_per_day

    @property
    def days(self) -> int:
        """Days on screen (the last one may be cut)."""
        return -(-self.width // self.zoom.cells_per_day)

    @property
    def last(self) -> date:
        return self.origin + timedelta(days=max(0, self.days - 1))

    def visible_days(self) -> list[date]:
        return [self.origin + timedelta(days=i) for i in range(self.days)]

    def major_label(self, day: date) -> str | None:
        """The upper axis line: weeks at week zoom, months otherwise (quarters marked)."""
        name = self.zoom.name
        if name == "week":
            return f"{day:%b} {day.day} · W{week_number(day)}" if day.weekday() == 0 else None
        if day.day != 1:
            return None
        if name == "month":
            return f"{day:%B %Y}"
        if day.month in (1, 4, 7, 10):
            return f"Q{(day.month - 1) // 3 + 1} {day:%b %Y}"
        return f"{day:%b}"

    def minor_label(self, day: date) -> str | None:
        """The lower axis line: every day at week zoom, Mondays' dates otherwise."""
        if self.zoom.name == "week":
            return f"{day:%a}"[:2] + f" {day.day}"
        return f"{day.day}" if day.weekday() == 0 else None

    def axis(self, line: int, today: date, base: Style) -> LineCanvas:
        """One of the two axis lines, with today highlighted."""
        canvas = LineCanvas(self.width, base)
        days = self.visible_days()
        marks = [(self.x(d), self.major_label(d) if line == 0 else self.minor_label(d), d) for d in days]
        labelled = [(x, text, d) for x, text, d in marks if text]
        if line == 0 and days and (not labelled or labelled[0][0] > 0):
            # The period the left edge falls in, named at the edge when there is room before the next one.
            first = days[0]
            lead = (
                f"{first:%b} {first.day} · W{week_number(first)}"
                if self.zoom.name == "week"
                else f"{first:%B %Y}" if self.zoom.name == "month" else f"{first:%b %Y}"
            )
            room = labelled[0][0] if labelled else self.width
            if len(lead) + 1 <= room:
                labelled.insert(0, (0, lead, first))
        for index, (x, text, day) in enumerate(labelled):
            limit = labelled[index + 1][0] - 1 if index + 1 < len(labelled) else None
            style = Style(bold=True) if line == 0 else Style(color="grey62")
            if line == 0:
                canvas.put(x, "▏", Style(color="grey42"), limit=limit)
                canvas.put(x + 1, text, style, limit=limit)
            else:
                canvas.put(x, text, style + (Style(color="grey50") if day.weekday() >= 5 else Style()), limit=limit)
        if line == 1:
            x = self.x(today)
            if 0 <= x < self.width:
                label = self.minor_label(today) if self.zoom.name == "week" else "▼"
                canvas.put(x, label or "▼", Style(color="black", bgcolor="yellow", bold=True))
        return canvas
