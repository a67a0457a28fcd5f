"""Statistics of a scope: counts, completions, cumulative flow, lead and cycle time.

Counting is done by the database: grouped queries (per column, priority,
assignee, status and "overdue", per label, the blocked cards, and for cards
with no history the cards present per column at the end of each day), so
5,000 cards cost the same handful of queries and almost no Python work. Only
the cards completed in the window and the activity history come back as rows.
An optional ``card_ids`` filter (the TUI's filtered board) becomes an ``IN``
condition, split into chunks so no statement exceeds a database's parameter
limit; counts of the chunks simply add up.

The cumulative flow is replayed from the activity log: ``card_created`` puts a
card in ``columnId``, ``card_moved`` takes it from ``fromColumnId`` to
``toColumnId``, ``card_archived``/``card_deleted`` take it off the board and
unarchiving (``card_updated`` naming ``archived``) puts it back. Cards without
a ``card_created`` record (bulk-seeded or imported) count from their
``created_at`` in the column their first recorded move left, or else their
current column.
"""

from __future__ import annotations

import heapq
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from sqlalchemy import ColumnElement, case, exists, func, select
from sqlalchemy.orm import Session

from stellary_core.clock import today
from stellary_core.errors import Invalid
from stellary_core.models import Activity, BoardColumn, Card, CardLabel, Label, User
from stellary_core.overdue import overdue_condition
from stellary_core.principal import Principal
from stellary_core.services import access, blocking
from stellary_core.services.projects import resolve_scope

MIN_DAYS, MAX_DAYS = 1, 365
PRIORITY_NAMES: tuple[tuple[str | None, str], ...] = (("high", "High"), ("medium", "Medium"), ("low", "Low"), (None, "None"))
UNASSIGNED = "Unassigned"
ID_CHUNK = 10_000  # ids per IN list: well under SQLite's and PostgreSQL's parameter limits
_HISTORY_TYPES = ("card_created", "card_moved", "card_archived", "card_deleted")
_SECONDS_PER_DAY = 86_400.0


@dataclass(frozen=True)
class Count:
    """Cards in one bucket; ``key`` is the column id, priority, user id or label id (None: no value)."""

    key: str | None
    name: str
    count: int


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True)
class FlowSeries:
    """How many cards a column held at the end of each day of the window."""

    column_id: str
    name: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class Duration:
    """Median and average in days over ``count`` cards (None when there are none)."""

    count: int
    median_days: float | None
    average_days: float | None

    @classmethod
    def of(cls, days: list[float]) -> Duration:
        if not days:
            return cls(0, None, None)
        return cls(len(days), statistics.median(days), statistics.fmean(days))


@dataclass(frozen=True)
class ScopeStats:
    scope_id: str
    days: int
    window: tuple[date, ...]  # the last ``days`` days, oldest first, ending today
    total: int
    done: int
    overdue: int
    blocked: int
    by_column: tuple[Count, ...]
    by_priority: tuple[Count, ...]
    by_assignee: tuple[Count, ...]
    by_label: tuple[Count, ...]
    completions: tuple[DayCount, ...]  # one per day of the window
    flow: tuple[FlowSeries, ...]  # one per column, in board order
    lead_time: Duration  # created -> completed, cards completed in the window
    cycle_time: Duration  # first entry into an in_progress column -> completed

    @property
    def open(self) -> int:
        return self.total - self.done


@dataclass(frozen=True, slots=True)
class _Event:
    """One step of a card's history, with the few fields of the activity's meta that matter here."""

    at: datetime
    seq: str  # the activity's id: ids increase, so it orders events that share a timestamp
    card_id: str
    type: str
    column_id: str | None = None  # card_created: the column the card was put in
    from_column_id: str | None = None  # card_moved
    to_column_id: str | None = None
    to_status: str | None = None


@dataclass(frozen=True)
class _Cards:
    """Which cards are counted: a scope, optionally narrowed to some ids (as chunked conditions)."""

    scope_id: str
    project_id: str
    ids: set[str] | None

    def where(self, *, archived_too: bool = False) -> Iterator[ColumnElement[bool]]:
        base = Card.scope_id == self.scope_id
        if not archived_too:
            base = base & Card.archived.is_(False)
        if self.ids is None:
            yield base
            return
        ordered = sorted(self.ids)
        for start in range(0, len(ordered), ID_CHUNK):
            yield base & Card.id.in_(ordered[start : start + ID_CHUNK])

    def tracks(self, card_id: str) -> bool:
        return self.ids is None or card_id in self.ids


def scope_stats(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    scope_id: str | None,
    card_ids: set[str] | None = None,
    days: int = 30,
) -> ScopeStats:
    """Statistics of the scope's non-archived cards (only those in ``card_ids`` when given)."""
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise Invalid.field("days", f"must be between {MIN_DAYS} and {MAX_DAYS}")
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    scope = resolve_scope(session, project, scope_id)
    columns = list(session.scalars(select(BoardColumn).where(BoardColumn.scope_id == scope.id).order_by(BoardColumn.order)))
    cards = _Cards(scope.id, project.id, set(card_ids) if card_ids is not None else None)
    window = tuple(today() - timedelta(days=days - 1 - i) for i in range(days))
    groups = _groups(session, cards, window[-1])
    by_column: Counter[str] = Counter()
    by_priority: Counter[str | None] = Counter()
    by_assignee: Counter[str | None] = Counter()
    for (column_id, priority, assignee_id, _done, _late), n in groups.items():
        by_column[column_id] += n
        by_priority[priority] += n
        by_assignee[assignee_id] += n
    completed = _completed(session, cards, window)
    history = _history(session, project.id)
    started = _first_in_progress(history, {c.id for c in columns if c.category == "in_progress"})
    return ScopeStats(
        scope_id=scope.id,
        days=days,
        window=window,
        total=sum(groups.values()),
        done=sum(n for (*_, done, _late), n in groups.items() if done),
        overdue=sum(n for (*_, late), n in groups.items() if late),
        blocked=_blocked(session, cards),
        by_column=tuple(Count(c.id, c.name, by_column.get(c.id, 0)) for c in columns),
        by_priority=tuple(Count(key, name, by_priority.get(key, 0)) for key, name in PRIORITY_NAMES),
        by_assignee=_ranked(by_assignee, _people(session, by_assignee)),
        by_label=_by_label(session, cards),
        completions=_completions(completed, window),
        flow=_flow(session, cards, columns, history, window),
        lead_time=Duration.of([_days_between(created, done) for _id, created, done in completed]),
        cycle_time=Duration.of(
            [
                _days_between(started[card_id], done)
                for card_id, _created, done in completed
                if card_id in started and started[card_id] <= done
            ]
        ),
    )


# -- counts ------------------------------------------------------------------------------------


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _groups(
    session: Session, cards: _Cards, day: date
) -> Counter[tuple[str, str | None, str | None, bool, bool]]:
    """Cards per (column, priority, assignee, done, overdue) in one grouped query (per id chunk)."""
    done = Card.status == "done"
    late = case((overdue_condition(day), True), else_=False)
    groups: Counter[tuple[str, str | None, str | None, bool, bool]] = Counter()
    for where in cards.where():
        query = (
            select(Card.column_id, Card.priority, Card.assignee_id, done, late, func.count())
            .where(where)
            .group_by(Card.column_id, Card.priority, Card.assignee_id, done, late)
        )
        for column_id, priority, assignee_id, is_done, is_late, n in session.execute(query):
            groups[(column_id, priority, assignee_id, bool(is_done), bool(is_late))] += n
    return groups


def _ranked(counts: Counter[str | None], names: dict[str | None, str]) -> tuple[Count, ...]:
    """Buckets with at least one card, most cards first, then by name."""
    buckets = [(key, n) for key, n in counts.items() if n]
    return tuple(Count(key, names[key], n) for key, n in sorted(buckets, key=lambda item: (-item[1], names[item[0]].lower())))


def _people(session: Session, counts: Counter[str | None]) -> dict[str | None, str]:
    ids = [key for key in counts if key is not None]
    names: dict[str | None, str] = {None: UNASSIGNED}
    if ids:
        for user_id, name, email in session.execute(select(User.id, User.name, User.email).where(User.id.in_(ids))):
            names[user_id] = name or email
    for key in ids:
        names.setdefault(key, "Former user")
    return names


def _by_label(session: Session, cards: _Cards) -> tuple[Count, ...]:
    counts: Counter[str | None] = Counter()
    names: dict[str | None, str] = {}
    for where in cards.where():
        query = (
            select(Label.id, Label.name, func.count())
            .join(CardLabel, CardLabel.label_id == Label.id)
            .join(Card, Card.id == CardLabel.card_id)
            .where(where)
            .group_by(Label.id, Label.name)
        )
        for label_id, name, n in session.execute(query):
            counts[label_id] += n
            names[label_id] = name
    return _ranked(counts, names)


def _blocked(session: Session, cards: _Cards) -> int:
    """Blocked cards, by the one rule of ``blocking`` (blockers in other scopes count)."""
    blocked = blocking.blocked()
    return sum(session.scalar(select(func.count()).select_from(Card).where(where, blocked)) or 0 for where in cards.where())


# -- time --------------------------------------------------------------------------------------


def _days_between(start: datetime, end: datetime) -> float:
    # Never negative: imported or clock-skewed rows may end a moment before they start.
    return max(0.0, (end - start).total_seconds() / _SECONDS_PER_DAY)


def _completed(session: Session, cards: _Cards, window: tuple[date, ...]) -> list[tuple[str, datetime, datetime]]:
    """(id, created, completed) of the done cards completed in the window."""
    start, end = _day_start(window[0]), _day_start(window[-1] + timedelta(days=1))
    rows: list[tuple[str, datetime, datetime]] = []
    for where in cards.where():
        query = select(Card.id, Card.created_at, Card.completed_at).where(
            where, Card.status == "done", Card.completed_at >= start, Card.completed_at < end
        )
        rows.extend((card_id, created, done) for card_id, created, done in session.execute(query) if done is not None)
    return rows


def _completions(completed: list[tuple[str, datetime, datetime]], window: tuple[date, ...]) -> tuple[DayCount, ...]:
    per_day = Counter(done.date() for _id, _created, done in completed)
    return tuple(DayCount(day, per_day.get(day, 0)) for day in window)


def _history(session: Session, project_id: str) -> list[_Event]:
    """The project's card history that moves cards on or off the board, oldest first.

    ``card_updated`` only matters when it unarchives, and only cards that were
    archived can be unarchived, so only their (few) updates are read, whole.
    """
    meta = Activity.meta
    # Only the needed meta keys are read (in SQL), not whole JSON documents: a long history stays cheap.
    moves = (
        select(
            Activity.created_at,
            Activity.id,
            Activity.card_id,
            Activity.type,
            meta["columnId"].as_string(),
            meta["fromColumnId"].as_string(),
            meta["toColumnId"].as_string(),
            meta["toStatus"].as_string(),
        )
        .where(Activity.project_id == project_id, Activity.card_id.is_not(None), Activity.type.in_(_HISTORY_TYPES))
        .order_by(Activity.created_at, Activity.id)
    )
    events = [_Event(*row) for row in session.execute(moves)]
    archived_cards = select(Activity.card_id).where(Activity.project_id == project_id, Activity.type == "card_archived")
    updates = select(Activity.created_at, Activity.id, Activity.card_id, Activity.meta).where(
        Activity.project_id == project_id, Activity.type == "card_updated", Activity.card_id.in_(archived_cards)
    )
    unarchived = [
        _Event(at, seq, card_id, "card_updated")
        for at, seq, card_id, data in session.execute(updates)
        if "archived" in (data or {}).get("fields", ())
    ]
    if unarchived:
        events = list(heapq.merge(events, sorted(unarchived, key=_order), key=_order))
    return events


def _order(event: _Event) -> tuple[datetime, str]:
    return event.at, event.seq


def _first_in_progress(history: list[_Event], in_progress: set[str]) -> dict[str, datetime]:
    """When each card first entered an in_progress column (created in one counts as entering it)."""
    started: dict[str, datetime] = {}
    for event in history:
        if event.card_id in started:
            continue
        if event.type == "card_moved":
            entered = event.to_status == "in_progress" or event.to_column_id in in_progress
        elif event.type == "card_created":
            entered = event.column_id in in_progress
        else:
            entered = False
        if entered:
            started[event.card_id] = event.at
    return started


def _flow(
    session: Session, cards: _Cards, columns: list[BoardColumn], history: list[_Event], window: tuple[date, ...]
) -> tuple[FlowSeries, ...]:
    """Each column's cards at the end of each day: cards without history counted by the database, the rest replayed."""
    day_ends = [_day_start(day + timedelta(days=1)) for day in window]
    counts = {c.id: [0] * len(window) for c in columns}
    for column_id, present in _unrecorded_presence(session, cards, day_ends):
        if column_id in counts:
            counts[column_id] = [a + b for a, b in zip(counts[column_id], present, strict=True)]
    tracked = [e for e in history if cards.tracks(e.card_id)]
    for column_id, present in _replay(tracked, _started_unrecorded(session, cards, tracked), day_ends).items():
        if column_id in counts:
            counts[column_id] = [a + b for a, b in zip(counts[column_id], present, strict=True)]
    return tuple(FlowSeries(c.id, c.name, tuple(counts[c.id])) for c in columns)


def _unrecorded_presence(session: Session, cards: _Cards, day_ends: list[datetime]) -> Iterable[tuple[str, list[int]]]:
    """For cards with no history at all: per column, how many existed at the end of each day.

    One grouped query counts the cards per column and per "first day end after
    their creation" (a CASE over the window's day ends, so no date functions
    that differ between databases); running sums give the presence.
    """
    no_history = ~exists().where(Activity.card_id == Card.id)
    first_day = case(*[(Card.created_at < end, index) for index, end in enumerate(day_ends)], else_=len(day_ends))
    arrivals: dict[str, list[int]] = {}
    for where in cards.where():
        query = select(Card.column_id, first_day, func.count()).where(where, no_history).group_by(Card.column_id, first_day)
        for column_id, index, n in session.execute(query):
            if index < len(day_ends):
                arrivals.setdefault(column_id, [0] * len(day_ends))[index] += n
    for column_id, per_day in arrivals.items():
        yield column_id, list(accumulate(per_day))


def _started_unrecorded(session: Session, cards: _Cards, tracked: list[_Event]) -> list[_Event]:
    """A creation for each card that has some history but no ``card_created`` (moved after a bulk insert)."""
    created = {e.card_id for e in tracked if e.type == "card_created"}
    first_move: dict[str, str | None] = {}
    for event in tracked:
        if event.type == "card_moved" and event.card_id not in first_move:
            first_move[event.card_id] = event.from_column_id
    has_history = exists().where(Activity.card_id == Card.id)
    no_creation = ~exists().where(Activity.card_id == Card.id, Activity.type == "card_created")
    started = [
        _Event(created_at, "", card_id, "card_created", column_id=first_move.get(card_id, column_id))
        for where in cards.where(archived_too=True)
        for card_id, column_id, created_at in session.execute(
            select(Card.id, Card.column_id, Card.created_at).where(where, has_history, no_creation)
        )
        if card_id not in created
    ]
    return sorted(started, key=_order)


def _replay(tracked: list[_Event], started: list[_Event], day_ends: list[datetime]) -> dict[str, list[int]]:
    """Replay card histories; per column, the cards on it at each day end."""
    # Both lists are in time order; a card without a creation record starts before anything else of that instant.
    events = list(heapq.merge(tracked, started, key=_order))
    counts: Counter[str] = Counter()
    place: dict[str, str] = {}  # card id -> column it is on (archived and deleted cards are not on the board)
    off_board: dict[str, str] = {}  # archived card id -> its column, for unarchiving

    def leave(card_id: str) -> str | None:
        column = place.pop(card_id, None)
        if column is not None:
            counts[column] -= 1
        return column

    def enter(card_id: str, column: str | None) -> None:
        if column:
            place[card_id] = column
            counts[column] += 1

    series: dict[str, list[int]] = {}
    index = 0
    for day_number, day_end in enumerate(day_ends):
        while index < len(events) and events[index].at < day_end:
            event = events[index]
            index += 1
            if event.type == "card_created":
                leave(event.card_id)
                enter(event.card_id, event.column_id)
            elif event.type == "card_moved":
                if leave(event.card_id) is not None or event.card_id not in off_board:
                    enter(event.card_id, event.to_column_id)
                elif event.to_column_id:  # a move recorded while archived is remembered for unarchiving
                    off_board[event.card_id] = event.to_column_id
            elif event.type == "card_archived":
                column = leave(event.card_id)
                if column is not None:
                    off_board[event.card_id] = column
            elif event.type == "card_updated":  # unarchived
                if event.card_id not in place:
                    enter(event.card_id, off_board.pop(event.card_id, None))
            elif event.type == "card_deleted":
                leave(event.card_id)
                off_board.pop(event.card_id, None)
        for column_id, n in counts.items():
            series.setdefault(column_id, [0] * len(day_ends))[day_number] = n
    return series
