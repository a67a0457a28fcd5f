"""The ``limit`` of lists that grow without bound (comments, activity...): default 50, at most 500."""

from __future__ import annotations

from stellary_core.errors import Invalid

DEFAULT_LIST_LIMIT = 50
MAX_LIST_LIMIT = 500


def list_limit(limit: int | None) -> int:
    """The limit to apply; a value outside 1..500 is a 400 naming ``limit`` rather than a silent clamp."""
    if limit is None:
        return DEFAULT_LIST_LIMIT
    if not 1 <= limit <= MAX_LIST_LIMIT:
        raise Invalid.field("limit", f"must be between 1 and {MAX_LIST_LIMIT}")
    return limit
