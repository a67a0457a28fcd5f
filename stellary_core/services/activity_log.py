"""Reading the activity log: what happened to a card, newest first, with who did it.

Recording lives in ``services.activity`` (a subscriber of domain events); this
module only reads, for the TUI's card view and the ``GET P/cards/:cardId/activity``
extension route.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.models import Activity, User
from stellary_core.principal import Principal
from stellary_core.services import access
from stellary_core.services.cards import card_of_project
from stellary_core.services.comments import display_name
from stellary_core.services.limits import list_limit


@dataclass(frozen=True)
class ActivityEntry:
    id: str
    type: str
    actor_id: str | None
    actor_name: str
    card_id: str | None
    meta: dict[str, Any]
    created_at: datetime


def list_card_activity(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    card_id: str,
    limit: int | None = None,
) -> list[ActivityEntry]:
    """The card's newest ``limit`` activities (default 50, max 500), newest first."""
    count = list_limit(limit)
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    card = card_of_project(session, project, card_id)
    rows = session.execute(
        select(Activity, User)
        .outerjoin(User, User.id == Activity.actor_id)
        .where(Activity.project_id == project.id, Activity.card_id == card.id)
        .order_by(Activity.created_at.desc(), Activity.id.desc())
        .limit(count)
    ).all()
    return [
        ActivityEntry(
            id=a.id,
            type=a.type,
            actor_id=a.actor_id,
            actor_name=display_name(user),
            card_id=a.card_id,
            meta=dict(a.meta or {}),
            created_at=a.created_at,
        )
        for a, user in rows
    ]
