"""Who may do what in a workspace's pilotage (contract section 3).

Every member reads (pilotage role ``viewer`` and up); ``reviewer`` and
``owner`` propose and review actions; ``owner`` manages missions, priorities,
todos, decisions and docs, and applies actions. An organization owner or admin
who can see a workspace without being in it reads as a viewer.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from stellary_core.errors import Forbidden, NotFound
from stellary_core.ids import is_id
from stellary_core.models import (
    PilotageDecision,
    PilotageDoc,
    PilotageMission,
    PilotagePriority,
    PilotageTodo,
    ProposedAction,
)
from stellary_core.services.access import WorkspaceAccess

ItemT = TypeVar(
    "ItemT", PilotageMission, PilotagePriority, PilotageTodo, PilotageDecision, PilotageDoc, ProposedAction
)

_RANK = {"viewer": 0, "reviewer": 1, "owner": 2}


def pilotage_role(ws: WorkspaceAccess) -> str:
    """The actor's pilotage role in the workspace (``viewer`` when they only see it through their organization)."""
    return ws.pilotage_role or "viewer"


def require_reviewer(ws: WorkspaceAccess, action: str) -> None:
    """Refuse a viewer: only reviewers and owners propose and review."""
    if _RANK[pilotage_role(ws)] < _RANK["reviewer"]:
        raise Forbidden(f"Only pilotage reviewers and owners can {action}")


def require_owner(ws: WorkspaceAccess, action: str) -> None:
    """Refuse anyone but a pilotage owner."""
    if pilotage_role(ws) != "owner":
        raise Forbidden(f"Only pilotage owners can {action}")


def item_of(session: Session, model: type[ItemT], workspace_id: str, item_id: str, what: str) -> ItemT:
    """The ``model`` row ``item_id`` of this workspace; anything else (another workspace's, a malformed id) is a 404."""
    found = session.get(model, item_id) if is_id(item_id) else None
    if found is None or found.workspace_id != workspace_id:
        raise NotFound(f"{what} not found")
    return found
