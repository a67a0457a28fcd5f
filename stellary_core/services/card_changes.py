"""What an edit did to a card, old value and new, for the activity log.

``card_updated`` names the fields it changed (``fields``, as the contract
says); people reading the log want to see the values too ("due Dec 3 → Dec 10",
"priority low → high"). ``changes`` adds them, keyed by the same wire names:
``{"dueDate": {"from": "2026-12-03T00:00:00Z", "to": "2026-12-10T00:00:00Z"}}``.
The description is left out: it is long text, and "changed the description"
says enough.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from stellary_core.clock import iso_z
from stellary_core.models import BoardColumn, Card, User

# Python attribute → the wire name ``fields`` already uses.
VALUED = {
    "title": "title",
    "priority": "priority",
    "status": "status",
    "start_date": "startDate",
    "due_date": "dueDate",
    "archived": "archived",
}


def snapshot(card: Card) -> dict[str, Any]:
    """The card's valued fields and column before an edit."""
    return {name: getattr(card, name) for name in (*VALUED, "column_id")}


def _wire(value: Any) -> Any:
    return iso_z(value) if isinstance(value, datetime) else value


def changes(session: Session, before: dict[str, Any], card: Card, fields: list[str]) -> dict[str, dict[str, Any]]:
    """``{wireName: {"from": old, "to": new}}`` for each changed field that has a value worth showing."""
    found: dict[str, dict[str, Any]] = {}
    for name, wire in VALUED.items():
        if wire in fields and before[name] != getattr(card, name):
            found[wire] = {"from": _wire(before[name]), "to": _wire(getattr(card, name))}
    if "columnId" in fields and before["column_id"] != card.column_id:
        # An archived card changing column: names, as card_moved gives them.
        old = session.get(BoardColumn, before["column_id"])
        new = session.get(BoardColumn, card.column_id)
        found["columnId"] = {"from": old.name if old else None, "to": new.name if new else None}
    return found


def assignment(session: Session, before: str | None, after: str | None) -> dict[str, Any]:
    """``card_assigned`` extras: who had the card and the names of both, so the log reads without a lookup."""

    def name(user_id: str | None) -> str | None:
        user = session.get(User, user_id) if user_id else None
        return (user.name or user.email) if user else None

    return {"assigneeName": name(after), "fromAssigneeId": before, "fromAssigneeName": name(before)}
