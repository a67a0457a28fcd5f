"""Pages of a long list answer: ``limit`` and ``cursor`` in, ``total`` and ``nextCursor`` out.

An assistant's context is precious: every card of a 5,000-card project is
megabytes of JSON, which no model can read and which costs the server and the
client hundreds of milliseconds to write and parse. A paged tool answers one
page (a default size unless ``limit`` says otherwise), says how many items
there are in all, and hands a cursor for the next page, as MCP's own list
methods do (``cursor`` in, ``nextCursor`` out).

The operation still returns the whole list (REST's answer is unchanged); the
tool cuts the page out before dumping and rendering it, the work that grows
with an answer's size. A cursor is opaque to the caller: the offset of the
next item and a fingerprint of the call's other arguments, so a cursor given
with other arguments (another project, another filter) is refused instead of
silently continuing a different list. The list may change between two calls
(a card added, moved or archived): the next page then starts at the same
place in the new list, so a card may be skipped or seen twice, as with any
offset cursor; ``total`` is always the current count.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stellary_core.errors import Invalid
from stellary_core.operations.encoded import EncodedList

LIMIT = "limit"
CURSOR = "cursor"
NEXT_CURSOR = "nextCursor"
TOTAL = "total"
# High enough for a whole large project in one call when a script asks for it.
MAX_LIMIT = 10_000
_START_OVER = "leave cursor out to start from the first page"


@dataclass(frozen=True)
class PageRequest:
    """Which items a call asked for: ``limit`` of them from ``offset``; ``of`` fingerprints the listing."""

    limit: int
    offset: int
    of: str


@dataclass(frozen=True)
class Page:
    """Where a page sits in the whole list, and the cursor of the next page if there is one."""

    offset: int
    shown: int
    total: int
    next_cursor: str | None


def schema(noun: str, default: int) -> dict[str, dict[str, Any]]:
    """The input-schema properties of the paging arguments."""
    return {
        LIMIT: {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_LIMIT,
            "default": default,
            "description": (
                f"How many {noun} to return, 1-{MAX_LIMIT:,} ({default} by default). The answer's total says how "
                f"many match: narrow the list with the filters rather than raising this to read them all."
            ),
        },
        CURSOR: {
            "type": "string",
            "description": (
                f"The nextCursor of the previous answer, to get the next page of {noun}; give the same other "
                "arguments as that call."
            ),
        },
    }


def output_schema(noun: str) -> dict[str, dict[str, Any]]:
    """The properties a page adds to a list answer's schema."""
    return {
        TOTAL: {"type": "integer", "minimum": 0, "description": f"How many {noun} match in all, on every page."},
        NEXT_CURSOR: {"type": "string", "description": f"Only when there are more {noun}: the cursor of the next page."},
    }


def split(tool: str, arguments: Mapping[str, Any], default: int) -> tuple[dict[str, Any], PageRequest]:
    """The operation's arguments, and the page asked for; a bad limit or cursor is a 400 naming it."""
    rest = {name: value for name, value in arguments.items() if name not in (LIMIT, CURSOR)}
    limit = arguments.get(LIMIT)
    if limit is None:  # left out, or null as some clients send for an optional argument
        limit = default
    # bool is an int to Python, not to JSON Schema.
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise Invalid.field(LIMIT, f"must be a whole number from 1 to {MAX_LIMIT:,}")
    # A null argument is one left out: the cursor of {"query": null} continues the list without a query.
    of = _fingerprint(tool, {name: value for name, value in rest.items() if value is not None})
    cursor = arguments.get(CURSOR)
    return rest, PageRequest(limit=limit, offset=0 if cursor is None else _offset(cursor, of), of=of)


def cut(items: list[Any], asked: PageRequest) -> tuple[list[Any], Page]:
    """The page ``asked`` of ``items`` (the whole list), and where it sits."""
    shown = items[asked.offset : asked.offset + asked.limit]
    end = asked.offset + len(shown)
    following = _cursor(end, asked.of) if end < len(items) else None
    return shown, Page(offset=asked.offset, shown=len(shown), total=len(items), next_cursor=following)


def cut_encoded(encoded: EncodedList[Any], asked: PageRequest) -> tuple[list[Any], Page]:
    """``cut`` of a list the database wrote as JSON: only the page's items are parsed."""
    total = len(encoded)
    end = min(asked.offset + asked.limit, total)
    shown = encoded.plain_items(asked.offset, end)
    following = _cursor(end, asked.of) if end < total else None
    return shown, Page(offset=asked.offset, shown=len(shown), total=total, next_cursor=following)


def summary(page: Page, noun: str) -> str | None:
    """A line saying which part of the list a page is and how to get the rest; None when it is the whole list."""
    if page.offset == 0 and page.next_cursor is None:
        return None
    if page.shown == 0:
        return f"No more {noun}: the list has {page.total:,} in all ({_START_OVER})."
    line = f"{noun.capitalize()} {page.offset + 1:,}-{page.offset + page.shown:,} of {page.total:,}."
    if page.next_cursor is None:
        return f"{line} That is the last page."
    remaining = page.total - page.offset - page.shown
    return f"{line} {remaining:,} more: call again with the same arguments and cursor {page.next_cursor}"


def _fingerprint(tool: str, arguments: Mapping[str, Any]) -> str:
    # default=str: arguments come from JSON, but a shell or a test may pass any value; it only has to be stable.
    canonical = json.dumps([tool, arguments], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _cursor(offset: int, of: str) -> str:
    return base64.urlsafe_b64encode(f"{offset}:{of}".encode()).decode().rstrip("=")


def _offset(cursor: Any, of: str) -> int:
    if not isinstance(cursor, str):
        raise Invalid.field(CURSOR, f"must be the nextCursor string of a previous answer, or {_START_OVER}")
    try:
        decoded = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        decoded = ""
    offset, _, given_for = decoded.partition(":")
    if not (offset.isascii() and offset.isdigit()) or len(given_for) != len(of):
        raise Invalid.field(CURSOR, f"is not a cursor this tool gave: pass nextCursor unchanged, or {_START_OVER}")
    if given_for != of:
        raise Invalid.field(CURSOR, f"was given for other arguments: repeat that call's arguments with it, or {_START_OVER}")
    return int(offset)
