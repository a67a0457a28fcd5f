"""The dates a recurring card comes back on (``stellary_core.recurrence``), for each kind of repetition."""

from __future__ import annotations

from datetime import date

import pytest

from stellary_core.recurrence import Repetition, carried_forward, next_occurrence


@pytest.mark.parametrize(
    ("rule", "after", "expected"),
    [
        (Repetition("day"), date(2026, 3, 31), date(2026, 4, 1)),
        (Repetition("day", interval=3), date(2026, 12, 30), date(2027, 1, 2)),
        (Repetition("day", interval=14), date(2026, 2, 20), date(2026, 3, 6)),
    ],
    ids=["daily", "every 3 days across the year", "every 14 days across February"],
)
def test_every_n_days(rule: Repetition, after: date, expected: date) -> None:
    assert next_occurrence(rule, after) == expected


@pytest.mark.parametrize(
    ("rule", "after", "expected"),
    [
        # 2026-03-02 is a Monday.
        (Repetition("week", weekdays=("mon", "thu")), date(2026, 3, 2), date(2026, 3, 5)),
        (Repetition("week", weekdays=("mon", "thu")), date(2026, 3, 5), date(2026, 3, 9)),
        (Repetition("week", weekdays=("mon", "thu")), date(2026, 3, 3), date(2026, 3, 5)),  # from a Tuesday
        (Repetition("week", weekdays=("mon", "thu")), date(2026, 3, 7), date(2026, 3, 9)),  # from a Saturday
        (Repetition("week", interval=2, weekdays=("mon", "thu")), date(2026, 3, 5), date(2026, 3, 16)),
        (Repetition("week", interval=2, weekdays=("mon", "thu")), date(2026, 3, 2), date(2026, 3, 5)),
        (Repetition("week", weekdays=("sun",)), date(2026, 3, 8), date(2026, 3, 15)),
        (Repetition("week"), date(2026, 3, 4), date(2026, 3, 11)),  # no day named: the previous date's
        (Repetition("week", interval=3), date(2026, 12, 24), date(2027, 1, 14)),
    ],
    ids=[
        "monday to thursday",
        "thursday to next monday",
        "tuesday to thursday",
        "saturday to monday",
        "every other week skips one",
        "every other week, later the same week",
        "sunday ends the week",
        "weekly on the same day",
        "every 3 weeks across the year",
    ],
)
def test_weekly_on_given_days(rule: Repetition, after: date, expected: date) -> None:
    assert next_occurrence(rule, after) == expected


@pytest.mark.parametrize(
    ("rule", "after", "expected"),
    [
        (Repetition("month"), date(2026, 3, 15), date(2026, 4, 15)),
        (Repetition("month", interval=3), date(2026, 11, 15), date(2027, 2, 15)),
        (Repetition("month"), date(2026, 1, 31), date(2026, 2, 28)),
        (Repetition("month"), date(2028, 1, 31), date(2028, 2, 29)),  # a leap year
        (Repetition("month"), date(2026, 3, 31), date(2026, 4, 30)),
        (Repetition("month", month_day=31), date(2026, 2, 28), date(2026, 3, 31)),
        (Repetition("month", month_day=20), date(2026, 3, 5), date(2026, 3, 20)),  # later the same month
        (Repetition("month", month_day=5), date(2026, 3, 20), date(2026, 4, 5)),
        (Repetition("month", interval=12, month_day=29), date(2028, 2, 29), date(2029, 2, 28)),
    ],
    ids=[
        "same day next month",
        "every 3 months across the year",
        "january 31 to the end of february",
        "january 31 to february 29 in a leap year",
        "march 31 to april 30",
        "a kept day 31 comes back in march",
        "a day later this month",
        "a day earlier, next month",
        "yearly from february 29",
    ],
)
def test_monthly_on_the_same_day_clamped_to_the_month_end(rule: Repetition, after: date, expected: date) -> None:
    assert next_occurrence(rule, after) == expected


def test_a_monthly_rule_cut_short_keeps_its_day_so_it_does_not_drift() -> None:
    rule = Repetition("month")
    february = next_occurrence(rule, date(2026, 1, 31))
    carried = carried_forward(rule, date(2026, 1, 31))
    assert (february, carried.month_day) == (date(2026, 2, 28), 31)
    assert next_occurrence(carried, february) == date(2026, 3, 31)
    # A rule that was not cut short is passed on as it is.
    assert carried_forward(rule, date(2026, 1, 15)) == rule
    assert carried_forward(Repetition("week", weekdays=("mon",)), date(2026, 1, 31)).month_day is None


def test_the_stored_shape_round_trips() -> None:
    rule = Repetition("week", interval=2, weekdays=("mon", "thu"))
    stored = rule.to_stored()
    assert stored == {"every": "week", "interval": 2, "weekdays": ["mon", "thu"], "monthDay": None}
    assert Repetition.stored(stored) == rule
