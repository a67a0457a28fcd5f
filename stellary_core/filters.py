"""The card filter language, shared by every view, the REST card list and the TUI.

    priority:high label:bug assignee:me due:<2026-12-01 status:done column:"In Review" login page

``parse`` turns such text into a ``CardQuery`` without touching the database;
``matches`` tests one card held in memory against it; the card service applies
the same query in SQL (``stellary_core.services.card_filters``). Names (labels,
columns, people) are resolved through a ``FilterContext`` by the helpers below,
so both paths agree on what a name means.

Terms (keys are case-insensitive; values too, except quoted ones keep keywords literal)::

    priority:low|medium|high|none
    status:todo|in_progress|done          (in-progress is accepted)
    label:<name>|none|any                 label:"none" is the label named none
    assignee:me|none|any|<email>|<name>|<email local part>|<id>
    column:<name>                         column:"In Review"
    due:none|any|today|overdue|DATE|<DATE|<=DATE|>DATE|>=DATE|DATE..DATE
    is:archived|active|blocked|open
    word  "a phrase"                      in title, description or key

How terms combine:

- every term must hold (AND), except that the positive terms of one *set* key
  (priority, status, label, assignee, column) form one group that holds when
  any of them does: ``priority:high priority:medium`` is high OR medium;
- ``due:``, ``is:`` and free-text terms always AND, so ``due:>2026-01-01
  due:<2026-02-01`` is a range and ``login page`` needs both words;
- commas give alternatives inside one term: ``due:today,overdue``, ``label:bug,ui``;
- a leading ``-`` negates one term: ``-label:bug``, ``-is:blocked``, ``-draft``.

Dates are ``YYYY-MM-DD``, compared by day in UTC: ``due:<D`` is before day D,
``due:<=D`` up to the end of day D, ``due:D`` on day D, ``due:A..B`` from A to B
inclusive; dates run up to 9999-12-30 (the last day has no next day to end a range on).
``today`` is the current UTC day; ``overdue`` means due before today, not done and
not archived (``stellary_core.overdue``: a card due today is not late yet).
Archived cards are left out unless the query has an ``is:archived``/``is:active``
term, which then decides.
``is:blocked`` holds for a card that another card blocks, from any scope of the
project and whatever that card's state (``stellary_core.services.blocking``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from stellary_core.errors import Invalid
from stellary_core.overdue import is_overdue

MAX_QUERY_LENGTH = 1000
MAX_TERMS = 50

SET_KEYS = ("priority", "status", "label", "assignee", "column")
AND_KEYS = ("due", "is")
KEYS = SET_KEYS + AND_KEYS
TEXT = "text"

PRIORITY_VALUES = ("low", "medium", "high", "none")
STATUS_VALUES = ("todo", "in_progress", "done")
IS_VALUES = ("archived", "active", "blocked", "open")
_STATUS_ALIASES = {"in-progress": "in_progress", "inprogress": "in_progress"}
_KEYWORDS: dict[str, tuple[str, ...]] = {
    "label": ("none", "any"),
    "assignee": ("me", "none", "any"),
    "due": ("none", "any", "today", "overdue"),
}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Keyword:
    """A keyword value (``none``, ``any``, ``me``, ``today``, ``overdue``), as opposed to a name."""

    name: str


@dataclass(frozen=True)
class DueRange:
    """Due dates in ``[start, end)`` (naive UTC); a missing side is open."""

    start: datetime | None = None
    end: datetime | None = None

    def contains(self, when: datetime) -> bool:
        return (self.start is None or when >= self.start) and (self.end is None or when < self.end)


# priority/status/is values and names are str; due values are DueRange or Keyword.
Value = str | Keyword | DueRange


@dataclass(frozen=True)
class Condition:
    """Holds when any of ``values`` does (or, when negated, when none does)."""

    key: str
    values: tuple[Value, ...]
    negated: bool = False
    source: str = ""


@dataclass(frozen=True)
class CardQuery:
    """A parsed filter: all ``conditions`` must hold. Empty text gives an empty query (everything)."""

    conditions: tuple[Condition, ...] = ()
    text: str = ""

    def __bool__(self) -> bool:
        return bool(self.conditions)

    @property
    def decides_archived(self) -> bool:
        """True when an ``is:archived``/``is:active`` term says which cards to show."""
        return any(
            c.key == "is" and any(v in ("archived", "active") for v in c.values) for c in self.conditions
        )


@dataclass(frozen=True)
class Person:
    id: str
    email: str
    name: str


@dataclass(frozen=True)
class FilterContext:
    """What names and relative terms mean for one caller at one moment."""

    now: datetime
    me: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)  # label id -> name
    columns: Mapping[str, str] = field(default_factory=dict)  # column id -> name
    people: Sequence[Person] = ()


# -- parsing ---------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    text: str
    quoted: bool


def _invalid(field_name: str, message: str) -> Invalid:
    return Invalid.field(field_name, message)


def _split_tokens(text: str, field_name: str) -> list[tuple[str, list[_Piece]]]:
    """Whitespace-separated tokens, each as (source, pieces); quotes keep spaces and mark literals."""
    tokens: list[tuple[str, list[_Piece]]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        pieces: list[_Piece] = []
        while i < n and not text[i].isspace():
            if text[i] == '"':
                close = text.find('"', i + 1)
                if close < 0:
                    raise _invalid(field_name, f"unclosed quote in '{text[start:]}'")
                pieces.append(_Piece(text[i + 1 : close], True))
                i = close + 1
            else:
                j = i
                while j < n and not text[j].isspace() and text[j] != '"':
                    j += 1
                pieces.append(_Piece(text[i:j], False))
                i = j
        tokens.append((text[start:i], pieces))
    return tokens


def _values(pieces: list[_Piece]) -> list[_Piece]:
    """Split a term's value on unquoted commas into alternatives."""
    items: list[list[_Piece]] = [[]]
    for piece in pieces:
        if piece.quoted:
            items[-1].append(piece)
            continue
        first, *rest = piece.text.split(",")
        items[-1].append(_Piece(first, False))
        for part in rest:
            items.append([_Piece(part, False)])
    return [_Piece("".join(p.text for p in item), any(p.quoted for p in item)) for item in items]


def _day(text: str, source: str, field_name: str) -> datetime:
    if _DATE_RE.match(text):
        try:
            d = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            # Every form but "<D" reads the day after D, which date.max does not have:
            # refuse it for all forms so one date means the same in every form.
            if d == date.max:
                raise _invalid(field_name, f"date '{text}' in '{source}' is out of range (the last is 9999-12-30)")
            return datetime(d.year, d.month, d.day)
    raise _invalid(field_name, f"bad date '{text}' in '{source}' (use YYYY-MM-DD)")


def _due_value(text: str, source: str, field_name: str) -> DueRange | Keyword:
    lowered = text.lower()
    if lowered in _KEYWORDS["due"]:
        return Keyword(lowered)
    one_day = timedelta(days=1)
    for prefix in ("<=", ">=", "<", ">"):
        if lowered.startswith(prefix):
            day = _day(lowered[len(prefix) :], source, field_name)
            return {
                "<": DueRange(end=day),
                "<=": DueRange(end=day + one_day),
                ">": DueRange(start=day + one_day),
                ">=": DueRange(start=day),
            }[prefix]
    if ".." in lowered:
        first, _, last = lowered.partition("..")
        start, end = _day(first, source, field_name), _day(last, source, field_name)
        if end < start:
            raise _invalid(field_name, f"the range in '{source}' ends before it starts")
        return DueRange(start, end + one_day)
    day = _day(lowered, source, field_name)
    return DueRange(day, day + one_day)


def _typed(key: str, piece: _Piece, source: str, field_name: str) -> Value:
    text = piece.text.strip()
    if not text:
        raise _invalid(field_name, f"'{source}' needs a value after '{key}:'")
    lowered = text.lower()
    if key == "priority":
        if lowered not in PRIORITY_VALUES:
            raise _invalid(field_name, f"bad priority '{text}' in '{source}' (use low, medium, high or none)")
        return Keyword("none") if lowered == "none" else lowered
    if key == "status":
        lowered = _STATUS_ALIASES.get(lowered, lowered)
        if lowered not in STATUS_VALUES:
            raise _invalid(field_name, f"bad status '{text}' in '{source}' (use todo, in_progress or done)")
        return lowered
    if key == "is":
        if lowered not in IS_VALUES:
            raise _invalid(field_name, f"bad value '{text}' in '{source}' (use {', '.join(IS_VALUES)})")
        return lowered
    if key == "due":
        return _due_value(text, source, field_name)
    if not piece.quoted and lowered in _KEYWORDS.get(key, ()):
        return Keyword(lowered)
    return text  # a name: label, assignee, column


def parse(text: str | None, *, field_name: str = "q") -> CardQuery:
    """Parse filter text; a bad term raises ``Invalid`` naming it (under ``field_name``)."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise _invalid(field_name, f"is longer than {MAX_QUERY_LENGTH} characters")
    tokens = _split_tokens(text, field_name)
    if len(tokens) > MAX_TERMS:
        raise _invalid(field_name, f"has more than {MAX_TERMS} terms")
    groups: dict[str, list[Value]] = {}
    group_sources: dict[str, list[str]] = {}
    # A str entry stands for the OR group of a set key, placed where its first term was typed.
    ordered: list[Condition | str] = []
    for source, pieces in tokens:
        negated = False
        if not pieces[0].quoted and pieces[0].text.startswith("-"):
            negated = True
            pieces = [_Piece(pieces[0].text[1:], False), *pieces[1:]]
            if not pieces[0].text:
                pieces = pieces[1:]
            if not pieces:
                raise _invalid(field_name, "'-' must be followed by a term")
        head = pieces[0]
        if head.quoted or ":" not in head.text:
            words = "".join(p.text for p in pieces).strip()
            if words:
                ordered.append(Condition(TEXT, (words,), negated, source))
            continue
        key, _, rest = head.text.partition(":")
        key = key.lower()
        if key not in KEYS:
            raise _invalid(
                field_name,
                f"unknown filter '{key}:' in '{source}' (use {', '.join(KEYS)}, or quote the text)",
            )
        value_pieces = ([_Piece(rest, False)] if rest else []) + pieces[1:]
        if not value_pieces:
            raise _invalid(field_name, f"'{source}' needs a value after '{key}:'")
        values = tuple(_typed(key, piece, source, field_name) for piece in _values(value_pieces))
        if key in SET_KEYS and not negated:
            if key not in groups:
                groups[key], group_sources[key] = [], []
                ordered.append(key)
            groups[key].extend(v for v in values if v not in groups[key])
            group_sources[key].append(source)
        else:
            ordered.append(Condition(key, values, negated, source))
    merged = tuple(
        Condition(c, tuple(groups[c]), False, " ".join(group_sources[c])) if isinstance(c, str) else c for c in ordered
    )
    return CardQuery(merged, text)


# -- names -----------------------------------------------------------------


def _fold(text: str) -> str:
    return text.casefold().strip()


def label_ids_named(context: FilterContext, name: str) -> set[str]:
    wanted = _fold(name)
    return {label_id for label_id, label in context.labels.items() if _fold(label) == wanted}


def column_ids_named(context: FilterContext, name: str) -> set[str]:
    wanted = _fold(name)
    return {column_id for column_id, column in context.columns.items() if _fold(column) == wanted}


def people_matching(context: FilterContext, text: str) -> set[str]:
    """Ids of the people whose id, email, email local part or name is ``text`` (any case)."""
    wanted = _fold(text)
    return {
        p.id
        for p in context.people
        if wanted in (p.id, _fold(p.email), _fold(p.email.split("@")[0]), _fold(p.name))
    }


def today_range(now: datetime) -> DueRange:
    start = datetime(now.year, now.month, now.day)
    return DueRange(start, start + timedelta(days=1))


# -- matching cards in memory ---------------------------------------------


class _CardLike(Protocol):
    id: str
    key: str
    title: str
    description: str | None
    priority: str | None
    status: str
    due_date: datetime | None
    assignee_id: str | None
    column_id: str
    archived: bool


class CardDetailsLike(Protocol):
    """What ``matches`` reads: ``stellary_core.services.cards.CardDetails`` fits."""

    @property
    def card(self) -> Any: ...

    @property
    def label_ids(self) -> list[str]: ...

    @property
    def blocked_by_count(self) -> int: ...


def _holds(value: Value, key: str, details: CardDetailsLike, context: FilterContext) -> bool:
    card: _CardLike = details.card
    if key == TEXT:
        assert isinstance(value, str)
        word = _fold(value)
        return any(word in _fold(part) for part in (card.title, card.description or "", card.key))
    if key == "priority":
        return card.priority is None if isinstance(value, Keyword) else card.priority == value
    if key == "status":
        return card.status == value
    if key == "is":
        return {
            "archived": card.archived,
            "active": not card.archived,
            "blocked": details.blocked_by_count > 0,
            "open": card.status != "done",
        }[str(value)]
    if key == "label":
        if isinstance(value, Keyword):
            return bool(details.label_ids) == (value.name == "any")
        return bool(label_ids_named(context, str(value)) & set(details.label_ids))
    if key == "assignee":
        if isinstance(value, Keyword):
            if value.name == "me":
                return context.me is not None and card.assignee_id == context.me
            return (card.assignee_id is not None) == (value.name == "any")
        return card.assignee_id is not None and card.assignee_id in people_matching(context, str(value))
    if key == "column":
        return card.column_id in column_ids_named(context, str(value))
    if key == "due":
        due = card.due_date
        if isinstance(value, Keyword):
            if value.name in ("none", "any"):
                return (due is None) == (value.name == "none")
            if value.name == "today":
                return due is not None and today_range(context.now).contains(due)
            return is_overdue(due_date=due, status=card.status, archived=card.archived, today=context.now.date())
        assert isinstance(value, DueRange)
        return due is not None and value.contains(due)
    raise ValueError(f"unknown filter key {key}")


def matches(
    details: CardDetailsLike, query: CardQuery, context: FilterContext, *, include_archived: bool = False
) -> bool:
    """Whether a card (with its label ids and relation counts) satisfies ``query``.

    As in the card list, archived cards match only with ``include_archived`` or when
    the query has an ``is:archived``/``is:active`` term.
    """
    if details.card.archived and not (include_archived or query.decides_archived):
        return False
    for condition in query.conditions:
        hit = any(_holds(v, condition.key, details, context) for v in condition.values)
        if hit == condition.negated:
            return False
    return True
