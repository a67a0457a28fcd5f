"""Checklist items of a card, one at a time: add, rename, toggle, reorder, delete.

Order is 0-based and contiguous; every change renumbers the card's items (at
most 100, so this is one small query and a few updates). A card holds at most
100 items: adding a 101st is a 409. The card's ``checklist_total`` and
``checklist_done`` counters are recounted after every change, so
``checklistProgress`` (0-100) stays true. Every change returns the card and
emits ``card_updated`` with ``fields: ["checklist"]`` and the new
``checklistProgress``; a change that changes nothing emits nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.errors import Conflict, Invalid, NotFound
from stellary_core.event_types import CardUpdated
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import Card, ChecklistItem, Project
from stellary_core.principal import Principal
from stellary_core.schemas.checklists import ChecklistItemCreateIn, ChecklistItemUpdateIn
from stellary_core.services import access, cards
from stellary_core.services.cards import MAX_CHECKLIST_ITEMS, CardDetails


def _items(session: Session, card: Card) -> list[ChecklistItem]:
    return list(
        session.scalars(select(ChecklistItem).where(ChecklistItem.card_id == card.id).order_by(ChecklistItem.order, ChecklistItem.id))
    )


def _renumber(items: list[ChecklistItem]) -> None:
    for position, item in enumerate(items):
        if item.order != position:
            item.order = position


def _find(items: list[ChecklistItem], item_id: str) -> ChecklistItem:
    for item in items:
        if is_id(item_id) and item.id == item_id:
            return item
    raise NotFound("Checklist item not found")


def _card(session: Session, actor: Principal, workspace_id: str, project_id: str, card_id: str) -> tuple[Project, Card]:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    return project, cards.card_of_project(session, project, card_id)


def _changed(session: Session, actor: Principal, project: Project, card: Card, *, checked: bool = False) -> CardDetails:
    """Recount, record and commit a checklist change; returns the card.

    ``checked``: the change checked an item. If every item is now done, that was the last
    unchecked one, and the event says ``checklistCompleted`` (an automation trigger).
    """
    cards.refresh_checklist_counts(session, card)
    card.updated_at = utcnow()
    session.flush()
    completed = checked and card.checklist_total > 0 and card.checklist_done == card.checklist_total
    emit(
        session,
        cards.card_event(
            CardUpdated,
            actor,
            project,
            card,
            fields=["checklist"],
            checklistProgress=cards.checklist_progress(card),
            **({"checklistCompleted": True} if completed else {}),
        ),
    )
    session.flush()
    return cards.load_details(session, card)


def add_checklist_item(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_id: str, data: ChecklistItemCreateIn
) -> CardDetails:
    """Add an item at ``data.order`` (the end by default); 409 when the card already holds 100."""
    project, card = _card(session, actor, workspace_id, project_id, card_id)
    items = _items(session, card)
    if len(items) >= MAX_CHECKLIST_ITEMS:
        raise Conflict(f"A card holds at most {MAX_CHECKLIST_ITEMS} checklist items")
    position = len(items) if data.order is None else min(data.order, len(items))
    item = ChecklistItem(card_id=card.id, title=data.title, done=data.done, order=position)
    session.add(item)
    items.insert(position, item)
    _renumber(items)
    return _changed(session, actor, project, card)


def update_checklist_item(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    card_id: str,
    item_id: str,
    data: ChecklistItemUpdateIn,
) -> CardDetails:
    """Rename, check/uncheck and/or move an item (``order`` is clamped to the list)."""
    given = data.given()
    for name in ("title", "done", "order"):
        if name in given and getattr(data, name) is None:
            raise Invalid.field(name, "cannot be null")
    project, card = _card(session, actor, workspace_id, project_id, card_id)
    items = _items(session, card)
    item = _find(items, item_id)
    changed = checked = False
    if data.title is not None and data.title != item.title:
        item.title, changed = data.title, True
    if data.done is not None and data.done != item.done:
        item.done, changed, checked = data.done, True, data.done
    if data.order is not None:
        position = min(data.order, len(items) - 1)
        if items.index(item) != position:
            items.remove(item)
            items.insert(position, item)
            _renumber(items)
            changed = True
    if not changed:
        return cards.load_details(session, card)
    return _changed(session, actor, project, card, checked=checked)


def toggle_checklist_item(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_id: str, item_id: str
) -> CardDetails:
    """Check an unchecked item or uncheck a checked one."""
    project, card = _card(session, actor, workspace_id, project_id, card_id)
    item = _find(_items(session, card), item_id)
    item.done = not item.done
    return _changed(session, actor, project, card, checked=item.done)


def delete_checklist_item(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_id: str, item_id: str
) -> CardDetails:
    """Delete an item; the ones after it move up."""
    project, card = _card(session, actor, workspace_id, project_id, card_id)
    items = _items(session, card)
    item = _find(items, item_id)
    items.remove(item)
    session.delete(item)
    session.flush()
    _renumber(items)
    return _changed(session, actor, project, card)
