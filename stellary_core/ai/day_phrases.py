"""Days said in words, as prompts and wizard answers say them: ``tomorrow``, ``in 3 days``, ``6 weeks``."""

from __future__ import annotations

import re
from datetime import date, timedelta

_IN = re.compile(r"^in\s+(\d{1,4})\s+(day|week|month)s?$")
_SPAN = re.compile(r"^(?:in\s+)?(\d{1,4})\s+(day|week|month)s?$")
_DAYS = {"day": 1, "week": 7, "month": 30}


def due_day(text: str, today: date) -> date | None:
    """``YYYY-MM-DD``, ``today``, ``tomorrow``, ``next week`` or ``in N days|weeks``; None if it is none of them."""
    words = " ".join(text.lower().split())
    if words == "today":
        return today
    if words == "tomorrow":
        return today + timedelta(days=1)
    if words == "next week":
        return today + timedelta(days=7)
    found = _IN.match(words)
    if found:
        return today + timedelta(days=int(found.group(1)) * _DAYS[found.group(2)])
    try:
        return date.fromisoformat(words)
    except ValueError:
        return None


def span_days(text: str, today: date) -> int | None:
    """How many days from today ``text`` gives: a date, ``6 weeks``, ``in 2 months``, ``next week``..."""
    words = " ".join(text.lower().split()).rstrip(".")
    found = _SPAN.match(words)
    if found:
        return int(found.group(1)) * _DAYS[found.group(2)]
    day = due_day(words, today)
    if day is None:
        # A date inside a sentence ("by 2026-06-30, ideally").
        inside = re.search(r"\d{4}-\d{2}-\d{2}", words)
        if inside is None:
            return None
        try:
            day = date.fromisoformat(inside.group(0))
        except ValueError:
            return None
    return (day - today).days
