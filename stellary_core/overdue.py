"""When a card is overdue: one rule for the filter language, stats, the portfolio and the TUI.

A card is overdue when its due date falls before today, it is not done and it
is not archived:

- due dates are days (a date-only due date is midnight UTC) and today is the
  current UTC day, so a card due today is not late yet, whatever the hour;
- a done card is finished, on time or not: nothing is left to be late;
- an archived card is off the board: the portfolio and stats never count it,
  so neither do ``due:overdue`` nor the views' red marks.

``is_overdue`` tests one card held in memory; ``overdue_condition`` is the
same rule as a SQL condition over ``Card``, for queries that count or filter
in the database.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min)


def is_overdue(*, due_date: datetime | None, status: str, archived: bool, today: date) -> bool:
    return due_date is not None and due_date < _start_of(today) and status != "done" and not archived


def overdue_condition(today: date) -> ColumnElement[bool]:
    """SQL: the ``Card`` row is overdue on ``today`` (never NULL, so it can be negated safely)."""
    # Imported here: the in-memory rule above serves the TUI's first screen, drawn before SQLAlchemy loads.
    from sqlalchemy import and_

    from stellary_core.models import Card

    return and_(
        Card.due_date.is_not(None),
        Card.due_date < _start_of(today),
        Card.status != "done",
        Card.archived.is_(False),
    )
