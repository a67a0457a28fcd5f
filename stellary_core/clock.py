"""The one source of "now", so tests and snapshots can freeze time.

Times are naive datetimes in UTC everywhere inside the core; the wire format
adds the ``Z``.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

_frozen: datetime | None = None


def utcnow() -> datetime:
    """Current time as a naive UTC datetime (frozen when a test asked for it)."""
    if _frozen is not None:
        return _frozen
    return datetime.now(timezone.utc).replace(tzinfo=None)


def today() -> date:
    return utcnow().date()


def freeze(at: datetime | None) -> None:
    """Freeze (or with ``None`` unfreeze) the clock; for tests and snapshots."""
    global _frozen
    if at is not None and at.tzinfo is not None:
        at = at.astimezone(timezone.utc).replace(tzinfo=None)
    _frozen = at


def to_utc_naive(value: datetime) -> datetime:
    """Normalise any datetime to naive UTC (naive input is taken as UTC)."""
    if value.tzinfo is not None:
        return value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def iso_z(value: datetime | None) -> str | None:
    """ISO-8601 UTC with a ``Z``; milliseconds only when there are some."""
    if value is None:
        return None
    value = to_utc_naive(value)
    # isoformat pads every year to four digits, as ISO-8601 and every parser want (strftime did not
    # below 1000: "987-06-05" could not be read back), and gives the same text several times faster (lists send tens of thousands):
    # "YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DDTHH:MM:SS.ffffff", cut to milliseconds.
    text = value.isoformat()
    return text[:23] + "Z" if value.microsecond else text + "Z"
