"""Cards: creation, listing, editing, moving, archiving and deletion.

Order is 0-based and contiguous among a column's active (unarchived) cards.
Every reorder is a couple of set-based UPDATEs in the same transaction as the
change, so moving a card costs the same in a column of 5 or 5,000 cards.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, TypeVarTuple, Unpack

from sqlalchemy import ColumnElement, Row, Select, bindparam, case, func, select, update
from sqlalchemy.orm import Session

from stellary_core.clock import iso_z, utcnow
from stellary_core.db import database_of
from stellary_core.errors import Invalid, NotFound
from stellary_core.event_types import (
    Actor,
    CardArchived,
    CardAssigned,
    CardCreated,
    CardDeleted,
    CardEvent,
    CardMoved,
    CardRecurred,
    CardUpdated,
)
from stellary_core.events import emit
from stellary_core.filters import CardQuery
from stellary_core.ids import is_id, new_id
from stellary_core.models import (
    BoardColumn,
    Card,
    CardFieldValue,
    CardLabel,
    ChecklistItem,
    Project,
    User,
    WorkspaceMember,
)
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn, CardUpdateIn, ChecklistItemIn
from stellary_core.schemas.recurrence import RecurrenceIn
from stellary_core.services import access, blocking, card_changes, card_filters, files, recurring_cards
from stellary_core.services.column_locks import lock_card_columns, lock_columns
from stellary_core.services.columns import column_of_project
from stellary_core.services.projects import resolve_scope
from stellary_core.services.templates import TemplateCard
from stellary_core.rows_by_id import row_by_id

if TYPE_CHECKING:
    from stellary_core.services.card_relocation import Destination

MAX_CHECKLIST_ITEMS = 100
CardEventT = TypeVar("CardEventT", bound=CardEvent)
_EDITABLE = ("title", "description", "priority", "start_date", "due_date")


class CardRecord(NamedTuple):
    """A card's own columns read as a plain row, for lists.

    A list changes nothing, and building ORM objects (identity map, change
    tracking) costs several times reading the rows. It answers to the same
    attribute names as a Card.
    """

    id: str
    key: str
    title: str
    description: str | None
    project_id: str
    scope_id: str
    column_id: str
    order: int
    archived: bool
    priority: str | None
    status: str
    start_date: datetime | None
    due_date: datetime | None
    assignee_id: str | None
    checklist_total: int
    checklist_done: int
    comment_count: int
    attachment_count: int
    recurrence: dict[str, Any] | None
    created_by: str | None
    created_at: datetime
    updated_at: datetime


_RECORD_COLUMNS = tuple(getattr(Card, name) for name in CardRecord._fields)


class ChecklistEntry(NamedTuple):
    """A checklist item as the card shows it, read as a plain row."""

    id: str
    title: str
    done: bool
    order: int


@dataclass(slots=True)
class CardDetails:
    """A card with what the wire shape shows beside its own columns.

    ``card`` is the ORM object when one card was read or changed, and a
    ``CardRecord`` in lists.
    """

    card: Card | CardRecord
    checklist: list[ChecklistEntry] = field(default_factory=list)
    label_ids: list[str] = field(default_factory=list)
    custom_fields: dict[str, Any] = field(default_factory=dict)
    blocks_count: int = 0
    blocked_by_count: int = 0

    @property
    def checklist_progress(self) -> int:
        return checklist_progress(self.card)


def checklist_progress(card: Card | CardRecord) -> int:
    if not card.checklist_total:
        return 0
    return round(card.checklist_done * 100 / card.checklist_total)


# -- loading ---------------------------------------------------------------


_Columns = TypeVarTuple("_Columns")


def _rows(session: Session, statement: Select[Unpack[_Columns]]) -> Sequence[Row[Unpack[_Columns]]]:
    """A column select's rows straight from the connection, in the session's transaction.

    Through ``session.execute`` each row also passes the ORM's loading step,
    about a sixth of a 5,000-card list's CPU; and fetched all at once, not a
    ``fetchone`` per row (a 500-card list is some 2,500 rows). The ORM would
    flush pending changes before the query; so does this.
    """
    session.flush()
    return session.connection().execute(statement).all()


def _details(
    session: Session, cards: Sequence[Card | CardRecord], where: ColumnElement[bool], *, one: str | None = None
) -> list[CardDetails]:
    """Attach checklists, labels and field values (three queries of plain rows) and relation counts.

    ``where`` selects the same cards as ``cards`` (by scope, project or id) so no
    huge IN lists are sent; ``one`` is the id when it selects a single card, whose
    checklist counter then spares the checklist query when it is empty.
    """
    details = [CardDetails(c) for c in cards]
    by_id = {d.card.id: d for d in details}
    if not by_id:
        return []
    items = (
        select(ChecklistItem.card_id, ChecklistItem.id, ChecklistItem.title, ChecklistItem.done, ChecklistItem.order)
        .join(Card, Card.id == ChecklistItem.card_id)
        .where(where)
        .order_by(ChecklistItem.order)
    )
    if one is None or by_id[one].card.checklist_total:
        for card_id, item_id, title, done, order in _rows(session, items):
            if card_id in by_id:
                by_id[card_id].checklist.append(ChecklistEntry(item_id, title, done, order))
    if one is not None:
        from stellary_core.services import card_wire  # builds its SQL when loaded

        if card_wire.available(session):
            extras = card_wire.extras_of_card(session, one)
            found = by_id[one]
            found.label_ids, found.custom_fields = extras.label_ids, extras.custom_fields
            found.blocks_count, found.blocked_by_count = extras.blocks_count, extras.blocked_by_count
            return details
    labels = select(CardLabel.card_id, CardLabel.label_id).join(Card, Card.id == CardLabel.card_id).where(where)
    for card_id, label_id in _rows(session, labels):
        if card_id in by_id:
            by_id[card_id].label_ids.append(label_id)
    values = (
        select(CardFieldValue.card_id, CardFieldValue.field_id, CardFieldValue.value)
        .join(Card, Card.id == CardFieldValue.card_id)
        .where(where)
    )
    for card_id, field_id, value in _rows(session, values):
        if card_id in by_id:
            by_id[card_id].custom_fields[field_id] = value
    _count_relations(session, where, by_id, one)
    return details


def _count_relations(
    session: Session, where: ColumnElement[bool], by_id: dict[str, CardDetails], one: str | None
) -> None:
    """Blocks / blocked-by per card, by the one rule of ``blocking`` (blockers in other scopes count)."""
    found = blocking.counts(session, where) if one is None else blocking.counts_of_card(session, one)
    for card_id, details in by_id.items():
        details.blocks_count = found.blocks[card_id]
        details.blocked_by_count = found.blocked_by[card_id]


def load_details(session: Session, card: Card) -> CardDetails:
    return _details(session, [card], Card.id == card.id, one=card.id)[0]


def card_of_project(session: Session, project: Project, card_id: str) -> Card:
    card = row_by_id(session, Card, card_id) if is_id(card_id) else None
    if card is None or card.project_id != project.id:
        raise NotFound("Card not found")
    return card


def get_card(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_id: str
) -> CardDetails:
    project = access.project_in_workspace(
        session, actor=actor, workspace_id=workspace_id, project_id=project_id
    )
    return load_details(session, card_of_project(session, project, card_id))


@dataclass(frozen=True)
class CardSelection:
    """Which cards a list shows (``where``, over ``Card``) and in what order: by column, then order."""

    where: ColumnElement[bool]

    def ordered(self, columns: Select[Unpack[_Columns]]) -> Select[Unpack[_Columns]]:
        """``columns`` (a select over ``Card``) restricted to the selection, in the list's order."""
        return (
            columns.join(BoardColumn, BoardColumn.id == Card.column_id)
            .where(self.where)
            .order_by(BoardColumn.order, Card.archived, Card.order, Card.number)
        )


def select_cards(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    scope_id: str | None = None,
    all_scopes: bool = False,
    include_archived: bool = False,
    column_id: str | None = None,
    query: str | CardQuery | None = None,
) -> CardSelection:
    """The cards ``list_cards`` lists, once the actor's access, the scope and the column are checked.

    ``query`` is filter-language text (see ``stellary_core.filters``); an
    ``is:archived``/``is:active`` term in it decides which cards archiving leaves in.
    """
    project = access.project_in_workspace(
        session, actor=actor, workspace_id=workspace_id, project_id=project_id
    )
    parsed = card_filters.as_query(query)
    where: ColumnElement[bool] = Card.project_id == project.id
    if not all_scopes:
        scope = resolve_scope(session, project, scope_id)
        where = where & (Card.scope_id == scope.id)
    if column_id is not None:
        column = column_of_project(session, project, column_id, field="columnId")
        where = where & (Card.column_id == column.id)
    if not include_archived and not parsed.decides_archived:
        where = where & Card.archived.is_(False)
    if parsed:
        where = where & card_filters.query_condition(
            parsed, card_filters.context_for(session, project, actor, parsed)
        )
    return CardSelection(where)


def selected_details(session: Session, selection: CardSelection) -> list[CardDetails]:
    """The selected cards with their checklists, labels, field values and relation counts."""
    records = [CardRecord._make(row) for row in _rows(session, selection.ordered(select(*_RECORD_COLUMNS)))]
    return _details(session, records, selection.where)


def list_cards(session: Session, **listing: Any) -> list[CardDetails]:
    """Cards of the project's default (or given) scope, by column then order: ``select_cards``' arguments."""
    return selected_details(session, select_cards(session, **listing))


@dataclass(frozen=True)
class CardKey:
    id: str
    key: str
    title: str


def card_keys(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str
) -> list[CardKey]:
    """Every card of the project as (id, key, title), by number: for pickers that find a card by key or title."""
    project = access.project_in_workspace(
        session, actor=actor, workspace_id=workspace_id, project_id=project_id
    )
    return [
        CardKey(*row)
        for row in session.execute(
            select(Card.id, Card.key, Card.title)
            .where(Card.project_id == project.id)
            .order_by(Card.number)
        )
    ]


def people(session: Session, *, actor: Principal, workspace_id: str) -> dict[str, User]:
    """Workspace members by id (to show assignee names)."""
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    return {
        u.id: u
        for u in session.scalars(
            select(User)
            .join(WorkspaceMember, WorkspaceMember.user_id == User.id)
            .where(WorkspaceMember.workspace_id == workspace_id)
        )
    }


# -- rules -----------------------------------------------------------------


def _check_assignee(session: Session, project: Project, assignee_id: str | None) -> None:
    if (
        assignee_id is not None
        and session.get(WorkspaceMember, (project.workspace_id, assignee_id)) is None
    ):
        raise Invalid.field("assigneeId", "must be a member of the workspace")


def _check_dates(start: datetime | None, due: datetime | None) -> None:
    if start is not None and due is not None and due < start:
        raise Invalid.field("dueDate", "must not be before startDate")


# The two statements of every move, built once (SQLAlchemy spends as long building a statement
# and its cache key as SQLite running it, and they run under the write lock).
_ACTIVE_IN_COLUMN = (Card.column_id == bindparam("in_column")) & Card.archived.is_(False)
_COUNT_ACTIVE = select(func.count()).where(_ACTIVE_IN_COLUMN)
_COUNT_ACTIVE_BUT_ONE = _COUNT_ACTIVE.where(Card.id != bindparam("excluding"))
_SHIFTED = _ACTIVE_IN_COLUMN & (Card.order >= bindparam("from_order")) & (Card.id != bindparam("excluding"))
# Making room or closing a gap is no change to those cards: their updatedAt stays, so a
# client holding it (to undo, say) is not told a card changed when only a neighbour moved.
_SHIFT = update(Card).values(order=Card.order + bindparam("delta"), updated_at=Card.updated_at)
_SHIFT_FROM = _SHIFT.where(_SHIFTED)
_SHIFT_BETWEEN = _SHIFT.where(_SHIFTED & (Card.order < bindparam("to_order")))


# What makes update_card renumber a column: its columns are locked before anything is read.
_PLACING = frozenset({"archived", "column_id", "order", "project_id", "scope_id"})


def _active_count(session: Session, column_id: str, excluding: str | None = None) -> int:
    if excluding is None:
        return session.scalar(_COUNT_ACTIVE, {"in_column": column_id}) or 0
    return session.scalar(_COUNT_ACTIVE_BUT_ONE, {"in_column": column_id, "excluding": excluding}) or 0


def _shift(
    session: Session, column_id: str, *, start: int, stop: int | None, delta: int, excluding: str
) -> None:
    """Add ``delta`` to the order of active cards with start <= order (< stop)."""
    # Not named after the columns: an UPDATE's SET reserves those names.
    given = {"in_column": column_id, "from_order": start, "delta": delta, "excluding": excluding}
    # On the connection: through the session an ORM UPDATE is rebuilt on every call, and these
    # rows are not synchronised with loaded objects anyway (the moved card is excluded).
    session.flush()
    if stop is None:
        session.connection().execute(_SHIFT_FROM, given)
    else:
        session.connection().execute(_SHIFT_BETWEEN, {**given, "to_order": stop})


def _close_gap(session: Session, card: Card) -> None:
    lock_columns(session, [card.column_id])
    _shift(session, card.column_id, start=card.order + 1, stop=None, delta=-1, excluding=card.id)


def _set_status(card: Card, status: str) -> None:
    if status != card.status:
        card.status = status
        card.completed_at = utcnow() if status == "done" else None


def make_room(session: Session, column: BoardColumn, order: int | None, excluding: str) -> int:
    """The place at ``order`` (clamped; the end when None) among the column's active cards, freed for one more."""
    lock_columns(session, [column.id])
    count = _active_count(session, column.id, excluding=excluding)
    position = count if order is None else max(0, min(order, count))
    if position < count:  # at the end nothing follows: no shift to run
        _shift(session, column.id, start=position, stop=None, delta=1, excluding=excluding)
    return position


def _place(session: Session, card: Card, column: BoardColumn, order: int | None) -> None:
    """Put an active card (not yet counted in ``column``) at ``order``, shifting the rest."""
    position = make_room(session, column, order, card.id)
    card.column_id = column.id
    card.scope_id = column.scope_id
    card.order = position


def move_to_column(session: Session, card: Card, column: BoardColumn, order: int | None) -> None:
    """Take an active card out of its column and put it at ``order`` in ``column`` (of any scope), with its status.

    Both columns' orders stay contiguous; ``card_relocation`` moves cards between scopes and projects with it.
    """
    _close_gap(session, card)
    _place(session, card, column, order)
    if column.category is not None:
        _set_status(card, column.category)


def _move(session: Session, card: Card, column: BoardColumn, order: int | None) -> bool:
    """Move an active card; returns True when it changed column."""
    if column.id == card.column_id:
        if order is None:
            return False
        lock_columns(session, [column.id])
        count = _active_count(session, column.id)
        new = max(0, min(order, count - 1))
        old = card.order
        if new < old:
            _shift(session, column.id, start=new, stop=old, delta=1, excluding=card.id)
        elif new > old:
            _shift(session, column.id, start=old + 1, stop=new + 1, delta=-1, excluding=card.id)
        card.order = new
        return False
    move_to_column(session, card, column, order)
    return True


def _replace_checklist(session: Session, card: Card, items: list[ChecklistItemIn]) -> None:
    if len(items) > MAX_CHECKLIST_ITEMS:
        raise Invalid.field("checklist", f"holds at most {MAX_CHECKLIST_ITEMS} items")
    existing = {
        i.id: i
        for i in session.scalars(select(ChecklistItem).where(ChecklistItem.card_id == card.id))
    }
    ordered = sorted(
        enumerate(items),
        key=lambda pair: (pair[1].order if pair[1].order is not None else pair[0], pair[0]),
    )
    keep: set[str] = set()
    for position, (_, item) in enumerate(ordered):
        row = existing.get(item.id) if item.id else None
        if row is None:
            row = ChecklistItem(card_id=card.id, title=item.title, done=item.done, order=position)
            session.add(row)
        else:
            row.title, row.done, row.order = item.title, item.done, position
            keep.add(row.id)
    for item_id, row in existing.items():
        if item_id not in keep:
            session.delete(row)
    card.checklist_total = len(items)
    card.checklist_done = sum(1 for i in items if i.done)


def refresh_checklist_counts(session: Session, card: Card) -> None:
    """Recount a card's checklist after an item changed (keeps checklistProgress true)."""
    session.flush()
    total, done = session.execute(
        select(
            func.count(ChecklistItem.id), func.sum(case((ChecklistItem.done.is_(True), 1), else_=0))
        ).where(ChecklistItem.card_id == card.id)
    ).one()
    card.checklist_total, card.checklist_done = int(total), int(done or 0)


# -- changes ---------------------------------------------------------------


def card_event(
    kind: type[CardEventT], actor: Principal, project: Project, card: Card, **data: Any
) -> CardEventT:
    """An event about one card; its data always carries the key and title (for activity and notifications)."""
    return kind(
        actor=Actor.of(actor),
        workspace_id=project.workspace_id,
        project_id=project.id,
        card_id=card.id,
        data={"key": card.key, "title": card.title, **data},
    )


def _moved_event(
    actor: Principal,
    project: Project,
    card: Card,
    source: BoardColumn,
    target: BoardColumn,
    status_before: str,
) -> CardMoved:
    """card_moved with the column names (for people) and ids and statuses (for stats and automations)."""
    return card_event(
        CardMoved,
        actor,
        project,
        card,
        fromColumn=source.name,
        toColumn=target.name,
        fromColumnId=source.id,
        toColumnId=target.id,
        fromStatus=status_before,
        toStatus=card.status,
    )


def add_sample_cards(
    session: Session,
    *,
    actor: Principal,
    project: Project,
    columns: list[BoardColumn],
    samples: tuple[TemplateCard, ...],
) -> None:
    """A template's sample cards, each in its template column (for new projects and scopes)."""
    for sample in samples:
        insert_card(
            session,
            actor=actor,
            project=project,
            column=columns[sample.column_index],
            title=sample.title,
            description=sample.description,
            priority=sample.priority,
        )


def insert_card(
    session: Session,
    *,
    actor: Principal,
    project: Project,
    column: BoardColumn,
    title: str,
    description: str | None = None,
    priority: str | None = "medium",
    status: str | None = None,
    start_date: datetime | None = None,
    due_date: datetime | None = None,
    assignee_id: str | None = None,
    checklist: list[ChecklistItemIn] | None = None,
    order: int | None = None,
    recurrence: dict[str, Any] | None = None,
    event_data: Mapping[str, Any] | None = None,
) -> Card:
    """Create a card inside the caller's transaction (also used by templates, import and seeding).

    ``recurrence`` is in its stored shape; ``event_data`` adds to what ``card_created`` says
    (why the card was made).
    """
    _check_assignee(session, project, assignee_id)
    _check_dates(start_date, due_date)
    lock_columns(session, [column.id])  # before the project's counter: every writer locks columns first
    number = next_card_number(session, project)
    card_id = new_id()
    card = Card(
        id=card_id,
        project_id=project.id,
        scope_id=column.scope_id,
        column_id=column.id,
        number=number,
        key=f"{project.key_prefix}-{number}",
        title=title,
        description=description,
        priority=priority,
        status=status or column.category or "todo",
        start_date=start_date,
        due_date=due_date,
        assignee_id=assignee_id,
        recurrence=recurrence,
        created_by=actor.user_id,
        # Room is made before the insert, so the row is written once, at its place.
        order=make_room(session, column, order, card_id),
        created_at=utcnow(),
    )
    if card.status == "done":
        card.completed_at = card.created_at  # done on creation: a lead time of zero, never negative
    session.add(card)
    if checklist:
        _replace_checklist(session, card, checklist)
    session.flush()
    emit(
        session,
        card_event(
            CardCreated,
            actor,
            project,
            card,
            column=column.name,
            columnId=column.id,
            assigneeId=assignee_id,
            **(event_data or {}),
        ),
    )
    return card


def next_card_number(session: Session, project: Project) -> int:
    """Take the project's next card number (numbers, hence keys, are never reused)."""
    locked = _locked_project(session, project)
    number = locked.next_card_number
    locked.next_card_number = number + 1
    return number


def _locked_project(session: Session, project: Project) -> Project:
    """The project row, locked until the transaction ends, to take the next card number.

    On SQLite the write transaction (BEGIN IMMEDIATE) already holds the only
    write lock and ``project`` was read in it: no second read is needed.
    Elsewhere the counter is read again once locked (``populate_existing``): the
    session's copy was read before the lock, and another transaction may have
    taken numbers since (the same number twice broke the unique key).
    """
    if session.get_bind().dialect.name == "sqlite":
        return project
    locked = session.scalar(
        select(Project).where(Project.id == project.id).with_for_update(key_share=True).execution_options(populate_existing=True)
    )
    assert locked is not None
    return locked


def new_card_details(session: Session, card: Card) -> CardDetails:
    """A card created in this transaction: no labels, field values or relations can point at it yet."""
    session.flush()
    items = (
        select(ChecklistItem.id, ChecklistItem.title, ChecklistItem.done, ChecklistItem.order)
        .where(ChecklistItem.card_id == card.id)
        .order_by(ChecklistItem.order)
    )
    checklist = [ChecklistEntry(*row) for row in _rows(session, items)] if card.checklist_total else []
    return CardDetails(card, checklist=checklist)


def create_card(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    column_id: str,
    data: CardCreateIn,
    event_data: Mapping[str, Any] | None = None,
) -> CardDetails:
    """Create a card; ``event_data`` adds to what ``card_created`` says (``bulk``: one of a batch)."""
    project = access.project_in_workspace(
        session, actor=actor, workspace_id=workspace_id, project_id=project_id
    )
    column = column_of_project(session, project, column_id)
    if data.scope_id is not None and data.scope_id != column.scope_id:
        raise Invalid.field("scopeId", "does not match the column's scope")
    card = insert_card(
        session,
        actor=actor,
        project=project,
        column=column,
        title=data.title,
        description=data.description,
        priority=data.priority,
        status=data.status,
        start_date=data.start_date,
        due_date=data.due_date,
        assignee_id=data.assignee_id,
        checklist=data.checklist,
        order=data.order,
        recurrence=_stored(data.recurrence),
        event_data=event_data,
    )
    return new_card_details(session, card)


def update_card(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    card_id: str,
    data: CardUpdateIn,
) -> CardDetails:
    """Apply a partial update; moving renumbers both columns in this one transaction.

    With ``projectId`` or ``scopeId`` (an extension of the reference), ``columnId``
    may be a column of another scope or project: see ``card_relocation``.
    """
    project = access.project_in_workspace(
        session, actor=actor, workspace_id=workspace_id, project_id=project_id
    )
    card = card_of_project(session, project, card_id)
    given = data.given()
    if given & _PLACING:
        lock_card_columns(session, card, data.column_id)
        if card.project_id != project.id:  # it was moved to another project meanwhile
            raise NotFound("Card not found")
    was_done = card.status == "done"
    for name in ("title", "archived", "column_id", "order", "status", "project_id", "scope_id"):
        if name in given and getattr(data, name) is None:
            raise Invalid.field(_camel(name), "cannot be null")
    away = _destination(session, project, card, data, given)
    if away is not None:
        given -= {"column_id", "order", "project_id", "scope_id"}  # the relocation places the card, after the edits
    before = card_changes.snapshot(card)
    changed: list[str] = []
    for name in _EDITABLE:
        if name in given and getattr(data, name) != getattr(card, name):
            setattr(card, name, getattr(data, name))
            changed.append(_camel(name))
    _check_dates(card.start_date, card.due_date)
    events: list[CardEvent] = []
    if "assignee_id" in given and data.assignee_id != card.assignee_id:
        _check_assignee(session, project, data.assignee_id)
        extras = card_changes.assignment(session, card.assignee_id, data.assignee_id)
        card.assignee_id = data.assignee_id
        events.append(
            card_event(CardAssigned, actor, project, card, assigneeId=data.assignee_id, **extras)
        )
    completed = False
    if "checklist" in given:
        was_open = card.checklist_done < card.checklist_total
        _replace_checklist(session, card, data.checklist or [])
        changed.append("checklist")
        # The last open items checked (an automation trigger): not a checklist replaced by done items alone.
        completed = was_open and card.checklist_total > 0 and card.checklist_done == card.checklist_total
    # Before the status and the column: one request may set the recurrence and mark the card done.
    if "recurrence" in given and (stored := _stored(data.recurrence)) != card.recurrence:
        card.recurrence = stored
        changed.append("recurrence")
    if "status" in given and data.status != card.status:
        assert data.status is not None
        _set_status(card, data.status)
        changed.append("status")
    if "archived" in given and data.archived != card.archived:
        if data.archived:
            _close_gap(session, card)
            card.archived = True
            events.append(card_event(CardArchived, actor, project, card))
        else:
            card.archived = False
            _place(session, card, session.get_one(BoardColumn, card.column_id), None)
            changed.append("archived")
    if ("column_id" in given or "order" in given) and not card.archived:
        source = row_by_id(session, BoardColumn, card.column_id)
        assert source is not None  # a card's column outlives it (foreign key)
        target = (
            column_of_project(session, project, data.column_id, field="columnId")
            if data.column_id
            else source
        )
        status_before = card.status
        if _move(session, card, target, data.order if "order" in given else None):
            events.append(_moved_event(actor, project, card, source, target, status_before))
        elif "order" in given:
            changed.append("order")
    elif "column_id" in given and data.column_id != card.column_id:
        # An archived card keeps no place in the order; it just changes column.
        target = column_of_project(session, project, data.column_id or "", field="columnId")
        card.column_id, card.scope_id = target.id, target.scope_id
        changed.append("columnId")
    if changed:
        values = card_changes.changes(session, before, card, changed)
        extra = {"checklistCompleted": True} if completed else {}
        events.insert(0, card_event(CardUpdated, actor, project, card, fields=changed, changes=values, **extra))
    if events:
        card.updated_at = utcnow()
    session.flush()
    for domain_event in events:
        emit(session, domain_event)
    session.flush()
    if away is not None:
        from stellary_core.services import card_relocation  # it builds on this module

        order = data.order if "order" in data.given() else None
        card_relocation.relocate(session, actor=actor, source=project, card=card, to=away, order=order)
    if not was_done and card.status == "done":  # where it now is: a relocation may have made it done
        _follow_up(session, actor, away.project if away is not None else project, card)
        session.flush()
    return load_details(session, card)


def _destination(
    session: Session, project: Project, card: Card, data: CardUpdateIn, given: set[str]
) -> Destination | None:
    """Where a change naming projectId or scopeId takes the card, checked before anything changes.

    None when it names neither, or when the column is in the card's own scope (an ordinary move).
    """
    if not given & {"project_id", "scope_id"}:
        return None
    if data.column_id is None:
        raise Invalid.field(
            "projectId" if "project_id" in given else "scopeId", "needs columnId: the column to move the card to"
        )
    from stellary_core.services import card_relocation  # it builds on this module

    to = card_relocation.destination(
        session, source=project, column_id=data.column_id, project_id=data.project_id, scope_id=data.scope_id
    )
    return to if to.elsewhere(card) else None


def _stored(recurrence: RecurrenceIn | None) -> dict[str, Any] | None:
    return recurrence.repetition().to_stored() if recurrence is not None else None


def _follow_up(
    session: Session, actor: Principal, project: Project, card: Card, *, leaving: str | None = None
) -> None:
    """A card has just become done: if it repeats, its next occurrence takes the recurrence over.

    ``services.recurring_cards`` plans it; ``leaving`` is a column about to be deleted.
    """
    if card.recurrence is None or card.archived:
        return
    plan = recurring_cards.plan_next(session, card, excluding_column=leaving)
    card.recurrence = None  # so the done card never fires twice
    if plan is None:
        return
    follower = insert_card(
        session,
        actor=actor,
        project=project,
        column=plan.column,
        title=card.title,
        description=card.description,
        priority=card.priority,
        start_date=plan.start_date,
        due_date=plan.due_date,
        assignee_id=card.assignee_id,
        checklist=plan.checklist,
        recurrence=plan.recurrence,
        event_data={"recurredFrom": card.key},
    )
    recurring_cards.copy_labels_and_fields(session, card, follower)
    emit(
        session,
        card_event(
            CardRecurred, actor, project, follower, fromCardId=card.id, fromKey=card.key, dueDate=iso_z(follower.due_date)
        ),
    )


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def move_card(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    card_id: str,
    column_id: str,
    order: int | None = None,
) -> CardDetails:
    """Move a card to a column (at ``order``, or the end)."""
    data = (
        CardUpdateIn(column_id=column_id)
        if order is None
        else CardUpdateIn(column_id=column_id, order=order)
    )
    return update_card(
        session,
        actor=actor,
        workspace_id=workspace_id,
        project_id=project_id,
        card_id=card_id,
        data=data,
    )


def move_card_beside(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    card_id: str,
    column_id: str,
    after_id: str | None = None,
    before_id: str | None = None,
) -> CardDetails:
    """Move a card to a column just after ``after_id`` (or else just before ``before_id``).

    A view that shows only some cards (a filter is on) knows where the card
    goes among its neighbours, not its index among all the column's cards;
    the index is read here, from the stored order, at the moment of the move.
    With neither neighbour in that column any more, the card goes to the end.
    """
    card = session.get(Card, card_id)
    if card is not None:  # the neighbours' orders are read under the columns' locks
        lock_card_columns(session, card, column_id)
    order: int | None = None
    for neighbour_id, offset in ((after_id, 1), (before_id, 0)):
        neighbour = session.get(Card, neighbour_id, populate_existing=True) if neighbour_id else None
        if neighbour is None or neighbour.column_id != column_id or neighbour.archived or neighbour.id == card_id:
            continue
        order = neighbour.order + offset
        if card is not None and card.column_id == column_id and not card.archived and card.order < neighbour.order:
            order -= 1  # the card leaves its place above the neighbour first
        break
    return move_card(
        session,
        actor=actor,
        workspace_id=workspace_id,
        project_id=project_id,
        card_id=card_id,
        column_id=column_id,
        order=order,
    )


def archive_card(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_id: str
) -> CardDetails:
    return update_card(
        session,
        actor=actor,
        workspace_id=workspace_id,
        project_id=project_id,
        card_id=card_id,
        data=CardUpdateIn(archived=True),
    )


def delete_card(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    card_id: str,
    keep_files: bool = False,
) -> None:
    """Delete a card with everything on it; its attachment files go after the commit unless ``keep_files``
    (the trash keeps them for a restore)."""
    project = access.project_in_workspace(
        session, actor=actor, workspace_id=workspace_id, project_id=project_id
    )
    card = card_of_project(session, project, card_id)
    lock_card_columns(session, card)
    if card.project_id != project.id:  # it was moved to another project meanwhile
        raise NotFound("Card not found")
    if not card.archived:
        _close_gap(session, card)
    attachment_ids = [] if keep_files else files.attachment_ids_of_cards(session, [card.id])
    emit(session, card_event(CardDeleted, actor, project, card))
    session.delete(card)
    session.flush()
    files.remove_files_after_commit(session, attachment_ids)


def move_all_cards(
    session: Session,
    *,
    actor: Principal,
    project: Project,
    source: BoardColumn,
    target: BoardColumn,
) -> None:
    """Append every card of ``source`` after ``target``'s (before a column is deleted)."""
    lock_columns(session, [source.id, target.id])
    base = _active_count(session, target.id)
    for card in session.scalars(
        select(Card).where(Card.column_id == source.id).order_by(Card.archived, Card.order)
    ).all():
        status_before = card.status
        card.column_id, card.scope_id = target.id, target.scope_id
        if card.archived:
            continue
        card.order = base
        base += 1
        if target.category is not None:
            _set_status(card, target.category)
        emit(session, _moved_event(actor, project, card, source, target, status_before))
        if status_before != "done" and card.status == "done" and card.recurrence is not None:
            _follow_up(session, actor, project, card, leaving=source.id)
            base = _active_count(session, target.id)  # in a scope of done columns only, it went to the target's end
    session.flush()
