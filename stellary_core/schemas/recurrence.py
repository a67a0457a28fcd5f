"""A card's ``recurrence`` on the wire (an extension of the reference's card).

``{"every": "week", "interval": 1, "weekdays": ["mon", "thu"]}``: ``every`` is
``day``, ``week`` or ``month``; ``interval`` (1-365, default 1) counts them;
``weekdays`` (weekly only) names the days, the due date's when empty;
``monthDay`` (monthly only, 1-31) is the day of the month, the due date's when
null, the last day in shorter months. ``null`` on a card clears it. The rules
are in ``stellary_core.recurrence``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, Strict, ValidationInfo, field_validator

from stellary_core.recurrence import MAX_INTERVAL, WEEKDAYS, Every, Repetition, Weekday
from stellary_core.schemas.common import ApiModel, InputModel


class RecurrenceIn(InputModel):
    every: Every
    interval: Annotated[int, Strict(), Field(ge=1, le=MAX_INTERVAL)] = 1
    weekdays: Annotated[list[Weekday], Field(max_length=len(WEEKDAYS))] = Field(default_factory=list)
    month_day: Annotated[int, Strict(), Field(ge=1, le=31)] | None = None

    # Each check names its own field in the 400 (``recurrence.weekdays``); ``every`` is validated
    # first, and is missing from ``info.data`` only when it was refused itself.
    @field_validator("weekdays")
    @classmethod
    def _weekdays_are_weekly(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if value and info.data.get("every", "week") != "week":
            raise ValueError('only a weekly recurrence ("every": "week") takes weekdays')
        return [day for day in WEEKDAYS if day in value]  # week order, each day once

    @field_validator("month_day")
    @classmethod
    def _month_day_is_monthly(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is not None and info.data.get("every", "month") != "month":
            raise ValueError('only a monthly recurrence ("every": "month") takes a day of the month')
        return value

    def repetition(self) -> Repetition:
        return Repetition(self.every, self.interval, tuple(self.weekdays), self.month_day)


class RecurrenceOut(ApiModel):
    every: str
    interval: int
    weekdays: list[str]
    month_day: int | None
