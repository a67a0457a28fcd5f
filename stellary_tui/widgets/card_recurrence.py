"""The card editor's "Repeats" row: how often a card comes back once done (its ``recurrence``).

Three cells: how it repeats (never, daily, weekly, monthly), every how many
days/weeks/months, and on which weekdays (weekly) or day of the month
(monthly). Day names are typed (``mon thu``): one short field, quick from the
keyboard, and read back as the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Select

from stellary_core.recurrence import MAX_INTERVAL, WEEKDAYS
from stellary_core.schemas.recurrence import RecurrenceOut

REPEATS = [("Daily", "day"), ("Weekly", "week"), ("Monthly", "month")]
_UNITS = {"day": "days", "week": "weeks", "month": "months"}
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_weekdays(text: str) -> list[str]:
    """``"Mon, thursday"`` as ``["mon", "thu"]`` (week order, each once); ValueError in words when a name is unclear."""
    days: set[str] = set()
    for word in text.replace(",", " ").lower().split():
        matches = [short for short, full in zip(WEEKDAYS, _DAY_NAMES, strict=True) if len(word) >= 2 and full.startswith(word)]
        if len(matches) != 1:
            raise ValueError(f'Repeat on: "{word}" is not a day; use day names such as mon thu')
        days.add(matches[0])
    return [day for day in WEEKDAYS if day in days]


def next_occurrence_notice(data: Mapping[str, Any]) -> str:
    """What to tell someone whose card just came back (a ``card_recurred`` event's data): the new key and due date."""
    due = data.get("dueDate")
    when = f", due {datetime.fromisoformat(str(due).replace('Z', '+00:00')):%b %d}" if due else ""
    return f"{data.get('fromKey', 'The card')} repeats: {data.get('key', 'a new card')} is next{when}."


def _whole_number(text: str, low: int, high: int, what: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(f"{what}: use a whole number from {low} to {high}")
    return int(text)


class RecurrenceEditor(Grid):
    DEFAULT_CSS = """
    RecurrenceEditor { grid-size: 3; grid-gutter: 0 2; height: auto; }
    RecurrenceEditor > Vertical { height: auto; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Repeats")
            yield Select(REPEATS, id="repeat-every", prompt="Never")
        with Vertical():
            yield Label("Every", id="repeat-interval-label")
            yield Input(id="repeat-interval", placeholder="1", type="integer", disabled=True)
        with Vertical(id="repeat-weekdays-cell"):
            yield Label("On days")
            # Blank means the due date's weekday (or day of the month): the placeholder says so.
            yield Input(id="repeat-weekdays", placeholder="due day, or mon thu")
        with Vertical(id="repeat-month-day-cell"):
            yield Label("Day of month")
            yield Input(id="repeat-month-day", placeholder="due day, or 1-31", type="integer")

    def on_mount(self) -> None:
        self._show(None)

    def load(self, recurrence: RecurrenceOut | None) -> None:
        """Show a card's recurrence (None: it does not repeat)."""
        every = recurrence.every if recurrence is not None else None
        self.query_one("#repeat-every", Select).value = every if every is not None else Select.NULL
        self.query_one("#repeat-interval", Input).value = str(recurrence.interval) if recurrence is not None else ""
        self.query_one("#repeat-weekdays", Input).value = " ".join(recurrence.weekdays) if recurrence is not None else ""
        month_day = recurrence.month_day if recurrence is not None else None
        self.query_one("#repeat-month-day", Input).value = str(month_day) if month_day is not None else ""
        self._show(every)

    def _every(self) -> str | None:
        value = self.query_one("#repeat-every", Select).value
        return None if value is Select.NULL else str(value)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "repeat-every":
            event.stop()
            self._show(self._every())

    def _show(self, every: str | None) -> None:
        """Offer only the cells that mean something for this kind of repetition."""
        interval = self.query_one("#repeat-interval", Input)
        interval.disabled = every is None
        self.query_one("#repeat-interval-label", Label).update(f"Every … {_UNITS[every]}" if every else "Every")
        self.query_one("#repeat-weekdays-cell").display = every == "week"
        self.query_one("#repeat-month-day-cell").display = every == "month"

    def value(self) -> dict[str, Any] | None:
        """The recurrence in its wire shape, None for never; ValueError in words for what cannot be read."""
        every = self._every()
        if every is None:
            return None
        interval = _whole_number(self.query_one("#repeat-interval", Input).value, 1, MAX_INTERVAL, "Repeat every")
        weekdays = parse_weekdays(self.query_one("#repeat-weekdays", Input).value) if every == "week" else []
        month_day = (
            _whole_number(self.query_one("#repeat-month-day", Input).value, 1, 31, "Day of month")
            if every == "month"
            else None
        )
        return {"every": every, "interval": interval or 1, "weekdays": weekdays, "monthDay": month_day}

    def form_value(self) -> Any:
        """``value()``, or what is typed when it cannot be read (to tell an edit from the card as loaded)."""
        try:
            return self.value()
        except ValueError:
            return tuple(i.value for i in self.query(Input))
