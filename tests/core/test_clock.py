"""The wire's timestamp format, which ``iso_z`` writes for every response."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from stellary_core.clock import iso_z


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2026, 4, 1), "2026-04-01T00:00:00Z"),
        (datetime(2026, 4, 1, 10, 30, 0, 250_000), "2026-04-01T10:30:00.250Z"),
        (datetime(2026, 4, 1, 10, 30, 0, 999_999), "2026-04-01T10:30:00.999Z"),  # cut, never rounded up
        (datetime(2026, 4, 1, 10, 30, 0, 999), "2026-04-01T10:30:00.000Z"),  # some microseconds: milliseconds shown
        (datetime(2026, 4, 1, 12, 30, tzinfo=timezone(timedelta(hours=2))), "2026-04-01T10:30:00Z"),
        (datetime(9999, 12, 31, 23, 59, 59), "9999-12-31T23:59:59Z"),
        (datetime(999, 1, 2, 3, 4, 5), "0999-01-02T03:04:05Z"),  # four digits, so it can be read back
        (datetime(1, 1, 1, 0, 0, 0, 1000), "0001-01-01T00:00:00.001Z"),
    ],
)
def test_iso_z(value: datetime, expected: str) -> None:
    assert iso_z(value) == expected


def test_iso_z_of_nothing_is_nothing() -> None:
    assert iso_z(None) is None
