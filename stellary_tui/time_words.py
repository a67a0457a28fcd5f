"""A past moment in words: "just now", "5 min ago", "3 h ago", "yesterday", then the date."""

from __future__ import annotations

from datetime import datetime, timezone


def naive_utc(moment: datetime) -> datetime:
    """The core's times are UTC; one that carries its zone is compared without it."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo is not None else moment


def ago(moment: datetime, now: datetime) -> str:
    seconds = (naive_utc(now) - naive_utc(moment)).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    if seconds < 2 * 86400:
        return "yesterday"
    return f"{naive_utc(moment):%Y-%m-%d}"
