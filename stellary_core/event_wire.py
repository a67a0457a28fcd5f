"""Domain events as JSON, for the event stream a team server sends to its TUI clients.

The server writes what a local subscriber would receive; the client rebuilds the
same event class, so the screens' reload rules read it as they read a local one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic_core import to_jsonable_python

from stellary_core.event_types import EVENT_CLASSES, Actor, DomainEvent


def event_to_wire(event: DomainEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "type": event.type,
        "at": event.at.isoformat(),
        "actor": {"kind": event.actor.kind, "id": event.actor.id, "userId": event.actor.user_id},
        "workspaceId": event.workspace_id,
        "projectId": event.project_id,
        "cardId": event.card_id,
        # Times and the like in ``data`` become their JSON text, as in the activity log's meta.
        "data": to_jsonable_python(dict(event.data)),
        "cause": event.cause,
        "depth": event.depth,
    }


def event_from_wire(wire: dict[str, Any]) -> DomainEvent | None:
    """The event ``wire`` describes; None for a type this version does not know (the caller reloads all)."""
    kind = EVENT_CLASSES.get(str(wire.get("type")))
    if kind is None:
        return None
    actor = wire["actor"]
    try:
        return kind(
            id=wire["id"],
            at=datetime.fromisoformat(wire["at"]),
            actor=Actor(actor["kind"], actor["id"], actor["userId"]),
            workspace_id=wire.get("workspaceId"),
            project_id=wire.get("projectId"),
            card_id=wire.get("cardId"),
            data=wire.get("data") or {},
            cause=wire.get("cause"),
            depth=int(wire.get("depth") or 0),
        )
    except (KeyError, TypeError, ValueError):
        return None  # a malformed event still means something changed
