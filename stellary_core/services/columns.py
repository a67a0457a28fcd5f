"""Columns of a scope: 0-based contiguous order, optional category and WIP limit.

Whatever renumbers a scope's columns (a column created, moved or deleted) first locks
them all (services/column_locks.py), then reads the orders: two at once queue instead of
both renumbering from the same stale orders.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import ObjectDeletedError

from stellary_core.column_names import clash_message, clashing_name
from stellary_core.errors import Conflict, Invalid, NotFound
from stellary_core.event_types import ColumnCreated, ColumnDeleted, ColumnMoved, ColumnUpdated, ProjectEvent, project_event
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import BoardColumn, Card, Project
from stellary_core.principal import Principal
from stellary_core.schemas.board import ColumnCreateIn, ColumnUpdateIn
from stellary_core.services import access
from stellary_core.services.column_locks import lock_scope_columns
from stellary_core.services.projects import resolve_scope
from stellary_core.rows_by_id import row_by_id

MAX_COLUMNS_PER_SCOPE = 50


def _event(kind: type[ProjectEvent], actor: Principal, project: Project, column: BoardColumn, **data: object) -> ProjectEvent:
    return project_event(kind, actor, project, columnId=column.id, scopeId=column.scope_id, name=column.name, **data)


def list_columns(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, scope_id: str | None = None
) -> list[BoardColumn]:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    scope = resolve_scope(session, project, scope_id)
    return columns_of_scope(session, scope.id)


def columns_of_scope(session: Session, scope_id: str) -> list[BoardColumn]:
    return list(session.scalars(select(BoardColumn).where(BoardColumn.scope_id == scope_id).order_by(BoardColumn.order)))


def column_of_project(session: Session, project: Project, column_id: str, field: str | None = None) -> BoardColumn:
    """A column of the project. A bad id in a path is a 404; named body ``field`` makes it a 400."""
    column = row_by_id(session, BoardColumn, column_id) if is_id(column_id) else None
    if column is None or column.project_id != project.id:
        if field is not None:
            raise Invalid.field(field, "is not a column of this project")
        raise NotFound("Column not found")
    return column


def _check_name_free(session: Session, scope_id: str, name: str, excluding: str | None = None) -> None:
    query = select(BoardColumn.name).where(BoardColumn.scope_id == scope_id)
    if excluding is not None:
        query = query.where(BoardColumn.id != excluding)
    existing = clashing_name(name, session.scalars(query))
    if existing is not None:
        raise Conflict(clash_message(existing))


def create_column(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, data: ColumnCreateIn
) -> BoardColumn:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    scope = resolve_scope(session, project, data.scope_id, field="scopeId")
    lock_scope_columns(session, scope.id)
    count = session.scalar(select(func.count()).where(BoardColumn.scope_id == scope.id)) or 0
    if count >= MAX_COLUMNS_PER_SCOPE:
        raise Conflict(f"A scope holds at most {MAX_COLUMNS_PER_SCOPE} columns")
    _check_name_free(session, scope.id, data.name)
    position = count if data.order is None else min(data.order, count)
    session.execute(
        update(BoardColumn)
        .where(BoardColumn.scope_id == scope.id, BoardColumn.order >= position)
        .values(order=BoardColumn.order + 1)
    )
    column = BoardColumn(
        project_id=project.id,
        scope_id=scope.id,
        name=data.name,
        order=position,
        category=data.category,
        wip_limit=data.wip_limit,
    )
    session.add(column)
    session.flush()
    emit(session, _event(ColumnCreated, actor, project, column, order=column.order))
    return column


def _lock_orders(session: Session, column: BoardColumn) -> None:
    """Lock the scope's columns, then read ``column`` again: its order may have moved while this waited."""
    lock_scope_columns(session, column.scope_id)
    try:
        session.refresh(column)
    except ObjectDeletedError:
        raise NotFound("Column not found") from None


def _reorder(session: Session, column: BoardColumn, new_order: int) -> None:
    count = session.scalar(select(func.count()).where(BoardColumn.scope_id == column.scope_id)) or 1
    new_order = max(0, min(new_order, count - 1))
    old = column.order
    if new_order < old:
        session.execute(
            update(BoardColumn)
            .where(BoardColumn.scope_id == column.scope_id, BoardColumn.order >= new_order, BoardColumn.order < old)
            .values(order=BoardColumn.order + 1)
        )
    elif new_order > old:
        session.execute(
            update(BoardColumn)
            .where(BoardColumn.scope_id == column.scope_id, BoardColumn.order > old, BoardColumn.order <= new_order)
            .values(order=BoardColumn.order - 1)
        )
    column.order = new_order


def update_column(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, column_id: str, data: ColumnUpdateIn
) -> BoardColumn:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    column = column_of_project(session, project, column_id)
    given = data.given()
    if "order" in given:
        _lock_orders(session, column)  # before any change: the refresh would drop it
    changed: list[str] = []
    if "name" in given:
        if data.name is None:
            raise Invalid.field("name", "cannot be null")
        if data.name != column.name:
            _check_name_free(session, column.scope_id, data.name, excluding=column.id)
            column.name = data.name
            changed.append("name")
    if "category" in given and data.category != column.category:
        column.category = data.category
        changed.append("category")
    if "wip_limit" in given and data.wip_limit != column.wip_limit:
        column.wip_limit = data.wip_limit
        changed.append("wipLimit")
    old_order = column.order
    if "order" in given:
        if data.order is None:
            raise Invalid.field("order", "cannot be null")
        _reorder(session, column, data.order)
    session.flush()
    if changed:
        emit(session, _event(ColumnUpdated, actor, project, column, fields=changed))
    if column.order != old_order:
        emit(session, _event(ColumnMoved, actor, project, column, fromOrder=old_order, toOrder=column.order))
    return column


def delete_column(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    column_id: str,
    move_cards_to: str | None = None,
) -> None:
    """Delete a column; one that holds cards needs ``move_cards_to`` (409 otherwise)."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    column = column_of_project(session, project, column_id)
    _lock_orders(session, column)  # first: moving its cards locks their columns too, in order after these
    target = None
    if move_cards_to is not None:
        # Checked even when there is nothing to move: an empty column must not accept what a full one refuses.
        target = session.get(BoardColumn, move_cards_to) if is_id(move_cards_to) else None
        if target is None or target.project_id != project.id or target.id == column.id:
            raise Invalid.field("moveCardsTo", "must be another column of this project")
    held = session.scalar(select(func.count()).where(Card.column_id == column.id)) or 0
    if held:
        if target is None:
            raise Conflict("The column still holds cards; pass moveCardsTo=<columnId> to move them first")
        from stellary_core.services.cards import move_all_cards  # cards builds on columns

        move_all_cards(session, actor=actor, project=project, source=column, target=target)
    session.execute(
        update(BoardColumn)
        .where(BoardColumn.scope_id == column.scope_id, BoardColumn.order > column.order)
        .values(order=BoardColumn.order - 1)
    )
    emit(session, _event(ColumnDeleted, actor, project, column, movedCardsTo=move_cards_to if held else None))
    session.delete(column)
    session.flush()
