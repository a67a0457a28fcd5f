"""Pilotage priorities: a handful of active ones, in order, and the archived ones.

Rules:
- at most ``MAX_ACTIVE`` (4) priorities are active at once: creating or
  re-activating a fifth is a 409 (archive one first);
- ``order`` is 0-based and contiguous among the active priorities: creating,
  moving, archiving, re-activating and deleting renumber them; an archived
  priority has no place (an ``order`` for it is a 400);
- only a pilotage owner creates, changes, reorders, archives or deletes;
  every member reads. Deleting a priority unlinks its todos.
"""

from __future__ import annotations

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from stellary_core.errors import Conflict, Invalid
from stellary_core.event_types import PilotagePriorityCreated, PilotagePriorityDeleted, PilotagePriorityUpdated
from stellary_core.models import PilotagePriority, PilotageTodo, Workspace
from stellary_core.principal import Principal
from stellary_core.schemas.pilotage import PriorityCreateIn, PriorityUpdateIn
from stellary_core.services import access
from stellary_core.services.pilotage import emit_change
from stellary_core.services.pilotage_access import item_of, require_owner

MAX_ACTIVE = 4


def _owned(session: Session, actor: Principal, workspace_id: str) -> None:
    ws = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    require_owner(ws, "manage priorities")
    if session.get_bind().dialect.name != "sqlite":
        # Two owners adding a fourth priority at once must not make five: one waits for the other.
        session.execute(select(Workspace.id).where(Workspace.id == workspace_id).with_for_update())


def priority_of(session: Session, workspace_id: str, priority_id: str) -> PilotagePriority:
    return item_of(session, PilotagePriority, workspace_id, priority_id, "Priority")


def active_priorities(session: Session, workspace_id: str) -> list[PilotagePriority]:
    query = select(PilotagePriority).where(
        PilotagePriority.workspace_id == workspace_id, PilotagePriority.status == "active"
    )
    return list(session.scalars(query.order_by(PilotagePriority.order, PilotagePriority.created_at, PilotagePriority.id)))


def list_priorities(
    session: Session, *, actor: Principal, workspace_id: str, status: str | None = None
) -> list[PilotagePriority]:
    """The active priorities in order, then the archived ones, most recently changed first."""
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    query = select(PilotagePriority).where(PilotagePriority.workspace_id == workspace_id)
    if status is not None:
        query = query.where(PilotagePriority.status == status)
    archived_last = case((PilotagePriority.status == "active", 0), else_=1)
    ordering = (archived_last, case((PilotagePriority.status == "active", PilotagePriority.order), else_=0))
    return list(
        session.scalars(query.order_by(*ordering, PilotagePriority.updated_at.desc(), PilotagePriority.id))
    )


def _renumber(active: list[PilotagePriority]) -> None:
    for place, priority in enumerate(active):
        if priority.order != place:
            priority.order = place


def _check_room(active: list[PilotagePriority]) -> None:
    if len(active) >= MAX_ACTIVE:
        raise Conflict(f"A workspace has at most {MAX_ACTIVE} active priorities: archive one first")


def create_priority(
    session: Session, *, actor: Principal, workspace_id: str, data: PriorityCreateIn
) -> PilotagePriority:
    _owned(session, actor, workspace_id)
    active = active_priorities(session, workspace_id)
    _check_room(active)
    priority = PilotagePriority(
        workspace_id=workspace_id, label=data.label, module=data.module or None, status="active", order=len(active),
        created_by=actor.user_id,
    )
    session.add(priority)
    place = len(active) if data.order is None else min(data.order, len(active))
    active.insert(place, priority)
    _renumber(active)
    session.flush()
    emit_change(session, PilotagePriorityCreated, actor, workspace_id, priorityId=priority.id, label=priority.label)
    return priority


def update_priority(
    session: Session, *, actor: Principal, workspace_id: str, priority_id: str, data: PriorityUpdateIn
) -> PilotagePriority:
    """Rename, archive or re-activate, or move among the active priorities (``order``)."""
    _owned(session, actor, workspace_id)
    priority = priority_of(session, workspace_id, priority_id)
    given = data.given()
    data.refuse_nulls("label", "status", "order")
    status = data.status or priority.status
    if data.order is not None and status != "active":
        raise Invalid.field("order", "only an active priority has a place; re-activate it first")
    changed: list[str] = []
    if data.label is not None and data.label != priority.label:
        priority.label = data.label
        changed.append("label")
    if "module" in given and (data.module or None) != priority.module:
        priority.module = data.module or None
        changed.append("module")
    active = active_priorities(session, workspace_id)
    others = [p for p in active if p.id != priority.id]
    if status == "active":
        reactivating = priority.status != "active"
        if reactivating:
            _check_room(active)
            changed.append("status")
        where_now = len(others) if reactivating else active.index(priority)
        place = where_now if data.order is None else min(data.order, len(others))
        if not reactivating and place != where_now:
            changed.append("order")
        priority.status = "active"
        others.insert(place, priority)
        _renumber(others)
    elif priority.status != "archived":
        priority.status = "archived"
        changed.append("status")
        _renumber(others)
    if changed:
        emit_change(session, PilotagePriorityUpdated, actor, workspace_id, priorityId=priority.id, fields=changed)
    return priority


def delete_priority(session: Session, *, actor: Principal, workspace_id: str, priority_id: str) -> None:
    """Delete a priority; its todos stay, unlinked, and the active ones close the gap."""
    _owned(session, actor, workspace_id)
    priority = priority_of(session, workspace_id, priority_id)
    for todo in session.scalars(select(PilotageTodo).where(PilotageTodo.priority_id == priority.id)):
        todo.priority_id = None
    session.delete(priority)
    session.flush()
    _renumber(active_priorities(session, workspace_id))
    emit_change(session, PilotagePriorityDeleted, actor, workspace_id, priorityId=priority.id, label=priority.label)
