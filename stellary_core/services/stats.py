"""Statistics of a scope: counts, completions, cumulative flow, lead and cycle time.

Everything is computed from a fixed number of set-based queries (the scope's
columns, light card rows, label links, blocking relations, assignee names and
the card history), never one query per card, so a scope of 5,000 cards costs
the same handful of round trips as one of 5. Counting happens in Python over
the light rows because an optional ``card_ids`` filter (the TUI's filtered
board) would otherwise turn every grouped query into a huge ``IN`` list.

The cumulative flow is replayed from the activity log: ``card_created`` puts a
card in ``columnId``, ``card_moved`` takes it from ``fromColumnId`` to
``toColumnId``, ``card_archived``/``card_deleted`` take it off the board and
unarchiving (``card_updated`` naming ``archived``) puts it back. Cards that
have no ``card_created`` record (bulk-seeded or imported) start at their
``created_at`` in the column their first recorded move left, or else their
current column.
"""

from __future__ import annotations

import heapq
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.clock import today
from stellary_core.errors import Invalid
from stellary_core.models import Activity, BoardColumn, Card, CardLabel, CardRelation, Label, User
from stellary_core.principal import Principal
from stellary_core.services import access
from stellary_core.services.projects import resolve_scope

MIN_DAYS, MAX_DAYS = 1, 365
PRIORITY_NAMES: tuple[tuple[str | None, str], ...] = (("high", "High"), ("medium", "Medium"), ("low", "Low"), (None, "None"))
UNASSIGNED = "Unassigned"
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
class _CardRow:
    id: str
    column_id: str
    priority: str | None
    assignee_id: str | None
    status: str
    due_date: datetime | None
    created_at: datetime
    completed_at: datetime | None
    archived: bool


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
    rows = [
        _CardRow(*row)
        for row in session.execute(
            select(
                Card.id, Card.column_id, Card.priority, Card.assignee_id, Card.status,
                Card.due_date, Card.created_at, Card.completed_at, Card.archived,
            ).where(Card.scope_id == scope.id)
        )
        if card_ids is None or row[0] in card_ids
    ]
    active = [r for r in rows if not r.archived]
    window = tuple(today() - timedelta(days=days - 1 - i) for i in range(days))
    history = _history(session, project.id)
    in_progress = {c.id for c in columns if c.category == "in_progress"}
    completed = [r for r in active if r.status == "done" and r.completed_at is not None and window[0] <= r.completed_at.date() <= window[-1]]
    started = _first_in_progress(history, in_progress)
    return ScopeStats(
        scope_id=scope.id,
        days=days,
        window=window,
        total=len(active),
        done=sum(1 for r in active if r.status == "done"),
        overdue=sum(1 for r in active if _overdue(r, window[-1])),
        blocked=len({r.id for r in active} & _blocked_ids(session, project.id)),
        by_column=tuple(Count(c.id, c.name, n) for c, n in _count_in(columns, Counter(r.column_id for r in active))),
        by_priority=_by_priority(active),
        by_assignee=_by_assignee(session, active),
        by_label=_by_label(session, scope.id, {r.id for r in active}),
        completions=_completions(completed, window),
        flow=_flow(columns, rows, history, window, card_ids),
        lead_time=Duration.of([_days_between(r.created_at, r.completed_at) for r in completed if r.completed_at]),
        cycle_time=Duration.of(
            [
                _days_between(started[r.id], r.completed_at)
                for r in completed
                if r.completed_at is not None and r.id in started and started[r.id] <= r.completed_at
            ]
        ),
    )


# -- counts ------------------------------------------------------------------------------------


def _overdue(row: _CardRow, today: date) -> bool:
    """Due before today and not done, as the filter language's ``due:overdue``."""
    return row.due_date is not None and row.due_date.date() < today and row.status != "done"


def _count_in(columns: list[BoardColumn], counts: Counter[str]) -> Iterable[tuple[BoardColumn, int]]:
    return ((c, counts.get(c.id, 0)) for c in columns)


def _by_priority(active: list[_CardRow]) -> tuple[Count, ...]:
    counts = Counter(r.priority for r in active)
    return tuple(Count(key, name, counts.get(key, 0)) for key, name in PRIORITY_NAMES)


def _ranked(counts: Counter[str | None], names: dict[str | None, str]) -> tuple[Count, ...]:
    """Buckets with at least one card, most cards first, then by name."""
    return tuple(
        Count(key, names[key], n) for key, n in sorted(counts.items(), key=lambda item: (-item[1], names[item[0]].lower()))
    )


def _by_assignee(session: Session, active: list[_CardRow]) -> tuple[Count, ...]:
    counts = Counter(r.assignee_id for r in active)
    ids = [key for key in counts if key is not None]
    names: dict[str | None, str] = {None: UNASSIGNED}
    if ids:
        for user_id, name, email in session.execute(select(User.id, User.name, User.email).where(User.id.in_(ids))):
            names[user_id] = name or email
    for key in ids:
        names.setdefault(key, "Former user")
    return _ranked(counts, names)


def _by_label(session: Session, scope_id: str, card_ids: set[str]) -> tuple[Count, ...]:
    counts: Counter[str | None] = Counter()
    names: dict[str | None, str] = {}
    for card_id, label_id, name in session.execute(
        select(CardLabel.card_id, Label.id, Label.name)
        .join(Label, Label.id == CardLabel.label_id)
        .join(Card, Card.id == CardLabel.card_id)
        .where(Card.scope_id == scope_id, Card.archived.is_(False))
    ):
        if card_id in card_ids:
            counts[label_id] += 1
            names[label_id] = name
    return _ranked(counts, names)


def _blocked_ids(session: Session, project_id: str) -> set[str]:
    """Cards with a blocked-by relation (stored as ``blocker blocks blocked``; ``blocked_by`` read too)."""
    blocked: set[str] = set()
    for source, target, kind in session.execute(
        select(CardRelation.source_card_id, CardRelation.target_card_id, CardRelation.type).where(
            CardRelation.project_id == project_id, CardRelation.type.in_(("blocks", "blocked_by"))
        )
    ):
        blocked.add(target if kind == "blocks" else source)
    return blocked


# -- time --------------------------------------------------------------------------------------


def _days_between(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / _SECONDS_PER_DAY


def _completions(completed: list[_CardRow], window: tuple[date, ...]) -> tuple[DayCount, ...]:
    per_day = Counter(r.completed_at.date() for r in completed if r.completed_at is not None)
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
    columns: list[BoardColumn],
    rows: list[_CardRow],
    history: list[_Event],
    window: tuple[date, ...],
    card_ids: set[str] | None,
) -> tuple[FlowSeries, ...]:
    """Replay the history and count each column's cards at the end of each day of the window."""
    tracked = [e for e in history if card_ids is None or e.card_id in card_ids]
    created = {e.card_id for e in tracked if e.type == "card_created"}
    first_move: dict[str, str | None] = {}
    for event in tracked:
        if event.type == "card_moved" and event.card_id not in first_move:
            first_move[event.card_id] = event.from_column_id
    unrecorded = sorted(
        (
            _Event(r.created_at, "", r.id, "card_created", column_id=first_move.get(r.id, r.column_id))
            for r in rows
            if r.id not in created
        ),
        key=lambda e: e.at,
    )
    # Both lists are in time order; a card without history starts before anything else of that instant.
    events = list(heapq.merge(tracked, unrecorded, key=_order))

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

    series: dict[str, list[int]] = {c.id: [] for c in columns}
    index = 0
    for day in window:
        day_end = datetime.combine(day + timedelta(days=1), time.min)
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
        for column_id, values in series.items():
            values.append(counts.get(column_id, 0))
    return tuple(FlowSeries(c.id, c.name, tuple(series[c.id])) for c in columns)
