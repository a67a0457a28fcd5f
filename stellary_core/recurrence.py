"""How a recurring card repeats, and the date of its next occurrence.

A repetition is every ``interval`` days, weeks or months:

- ``day``: ``interval`` days after the previous date (``interval=1`` is daily);
- ``week``: on the given ``weekdays`` of every ``interval``-th week (weeks
  start on Monday), or on the previous date's weekday when none are given;
- ``month``: on day ``month_day`` of every ``interval``-th month, or on the
  previous date's day when none is given; a month too short for that day has
  the occurrence on its last day.

The next occurrence is the first such date strictly after the previous one.
Pure functions of dates: the service that creates the next card lives in
``services.recurring_cards``.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Literal, get_args

Every = Literal["day", "week", "month"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
EVERY: tuple[str, ...] = get_args(Every)
WEEKDAYS: tuple[str, ...] = get_args(Weekday)  # in date.weekday() order
MAX_INTERVAL = 365


@dataclass(frozen=True)
class Repetition:
    every: str
    interval: int = 1
    weekdays: tuple[str, ...] = ()  # in week order, each once; only for ``week``
    month_day: int | None = None  # 1-31; only for ``month``

    @classmethod
    def stored(cls, value: Mapping[str, Any]) -> Repetition:
        """From the wire shape a card stores (``every``, ``interval``, ``weekdays``, ``monthDay``)."""
        return cls(
            every=str(value["every"]),
            interval=int(value.get("interval") or 1),
            weekdays=tuple(d for d in WEEKDAYS if d in (value.get("weekdays") or ())),
            month_day=value.get("monthDay"),
        )

    def to_stored(self) -> dict[str, Any]:
        return {"every": self.every, "interval": self.interval, "weekdays": list(self.weekdays), "monthDay": self.month_day}


def _month_date(year: int, month: int, day: int) -> tuple[date, bool]:
    """Day ``day`` of the month, or its last day when it is shorter; and whether it had to be cut short."""
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day, last)), day > last


def _add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


def next_occurrence(rule: Repetition, after: date) -> date:
    """The first date of ``rule`` strictly after ``after``."""
    return _next(rule, after)[0]


def _next(rule: Repetition, after: date) -> tuple[date, bool]:
    if rule.every == "day":
        return after + timedelta(days=rule.interval), False
    if rule.every == "week":
        days = [WEEKDAYS.index(d) for d in rule.weekdays] or [after.weekday()]
        later_this_week = [d for d in days if d > after.weekday()]
        monday = after - timedelta(days=after.weekday())
        if later_this_week:
            return monday + timedelta(days=later_this_week[0]), False
        return monday + timedelta(weeks=rule.interval, days=days[0]), False
    wanted = rule.month_day or after.day
    this_month = _month_date(after.year, after.month, wanted)
    if this_month[0] > after:  # a day later in the same month (a monthDay past the previous date's day)
        return this_month
    return _month_date(*_add_months(after.year, after.month, rule.interval), wanted)


def carried_forward(rule: Repetition, after: date) -> Repetition:
    """The rule the next occurrence carries.

    A monthly rule keeps the day it aims at once a short month has cut it: from
    January 31 the next card is due February 28, and the one after must be due
    March 31, not March 28.
    """
    _, cut_short = _next(rule, after)
    if cut_short and rule.month_day is None:
        return replace(rule, month_day=after.day)
    return rule
