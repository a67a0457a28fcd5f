"""Pure date and geometry rules of the calendar view: month grids, cards by day, cell widths.

Kept apart from the widget so the arithmetic (Monday-first weeks, month
steps that clamp the day, how many card lines a week row gets) is easy to
read and to test on its own.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from textual.dom import NoScreen
from textual.errors import NoWidget
from textual.widget import Widget

from stellary_core.operations.catalog.views import CardRow

PRIORITY_RANK = {"high": 0, "medium": 1, "low": 2}


def month_weeks(day: date) -> tuple[tuple[date, ...], ...]:
    """The Monday-first weeks (4 to 6) that show the month of ``day``, each 7 dates."""
    return _weeks_of(day.year, day.month)


@lru_cache(maxsize=32)
def _weeks_of(year: int, month: int) -> tuple[tuple[date, ...], ...]:
    """Cached: the grid asks for its weeks on every line it draws."""
    first = date(year, month, 1)
    start = first - timedelta(days=first.weekday())
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    weeks: list[tuple[date, ...]] = []
    monday = start
    while monday <= last:
        weeks.append(tuple(monday + timedelta(days=i) for i in range(7)))
        monday += timedelta(days=7)
    return tuple(weeks)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the end of a shorter month (Jan 31 + 1 → Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def day_sort_key(card: CardRow) -> tuple[datetime, int, int]:
    """Within a day: earliest due time, then higher priority, then the older card."""
    assert card.due_date is not None
    return (card.due_date, PRIORITY_RANK.get(card.priority or "", 3), card.number)


@dataclass(frozen=True)
class CardsByDay:
    """The cards of a board bucketed by the day of their due date, and those without one."""

    days: dict[date, list[CardRow]]
    undated: list[CardRow]

    @classmethod
    def of(cls, cards: list[CardRow]) -> CardsByDay:
        days: dict[date, list[CardRow]] = {}
        undated: list[CardRow] = []
        for card in cards:
            if card.due_date is None:
                undated.append(card)
            else:
                days.setdefault(card.due_date.date(), []).append(card)
        for rows in days.values():
            rows.sort(key=day_sort_key)
        undated.sort(key=lambda c: (PRIORITY_RANK.get(c.priority or "", 3), c.number))
        return cls(days, undated)

    def on(self, day: date) -> list[CardRow]:
        return self.days.get(day, [])

    def find(self, card_id: str) -> tuple[date | None, int] | None:
        """(due day or None for undated, index in that list) of a card, or None when it is not shown."""
        for index, card in enumerate(self.undated):
            if card.id == card_id:
                return None, index
        for day, rows in self.days.items():
            for index, card in enumerate(rows):
                if card.id == card_id:
                    return day, index
        return None


@dataclass(frozen=True)
class GridGeometry:
    """Where things are on screen for a given widget size."""

    width: int
    height: int
    weeks: int

    HEADER = 2  # the title line and the weekday names

    @property
    def panel_width(self) -> int:
        """The no-date side panel: a fifth of the width, between 18 and 32 cells."""
        return max(18, min(32, self.width // 5))

    @property
    def grid_width(self) -> int:
        return max(7, self.width - self.panel_width - 1)

    def cell_widths(self) -> list[int]:
        """Seven cell widths (separators excluded); the leftover cells go to the first days."""
        inner = max(7, self.grid_width - 6)
        base, extra = divmod(inner, 7)
        return [base + (1 if i < extra else 0) for i in range(7)]

    def column_at(self, x: int) -> int | None:
        """The weekday (0 for Monday) whose cell is drawn at ``x``; None on a separator or past the grid."""
        start = 0
        for column, width in enumerate(self.cell_widths()):
            if start <= x < start + width:
                return column
            start += width + 1  # the separator after the cell
        return None

    @property
    def week_height(self) -> int:
        """Lines per week row: one for the day numbers, the rest for cards."""
        return max(2, (self.height - self.HEADER) // max(1, self.weeks))

    @property
    def card_lines(self) -> int:
        return self.week_height - 1

    @property
    def panel_rows(self) -> int:
        """Cards the side panel shows at once (below its title)."""
        return max(1, self.height - self.HEADER)


def visible_height(widget: Widget) -> int:
    """The lines of ``widget`` actually on screen: a container may clip its last lines."""
    try:
        clipped = widget.screen.find_widget(widget).visible_region.height
    except (NoScreen, NoWidget):
        return widget.size.height
    return min(widget.size.height, clipped) if clipped else widget.size.height
