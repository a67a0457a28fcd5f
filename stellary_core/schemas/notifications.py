"""Notification shapes: the reference's ``{id, userId, readAt, activity}`` plus where to jump."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator

from stellary_core.schemas.common import ApiModel, ObjectId, UtcDateTime


def _flag(value: Any) -> bool:
    # The reference: "true" or "1" filters; anything else does not.
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1")


# ``?unreadOnly=true`` / ``?unreadOnly=1``.
UnreadOnlyFlag = Annotated[bool, BeforeValidator(_flag)]


class NotificationActivityOut(ApiModel):
    id: ObjectId
    type: str
    actor_id: ObjectId | None
    # Not in the reference's example; lets a client name the actor without another call.
    actor_name: str | None
    meta: dict[str, Any]
    created_at: UtcDateTime
    # Where the change happened, so a client can jump to the card.
    workspace_id: ObjectId | None
    project_id: ObjectId | None
    card_id: ObjectId | None


class NotificationOut(ApiModel):
    id: ObjectId
    user_id: ObjectId
    read_at: UtcDateTime | None
    created_at: UtcDateTime
    activity: NotificationActivityOut

    @classmethod
    def of(cls, view: Any) -> "NotificationOut":
        note, act = view.notification, view.activity
        return cls(
            id=note.id,
            user_id=note.user_id,
            read_at=note.read_at,
            created_at=note.created_at,
            activity=NotificationActivityOut(
                id=act.id,
                type=act.type,
                actor_id=act.actor_id,
                actor_name=view.actor_name,
                meta=act.meta or {},
                created_at=act.created_at,
                workspace_id=act.workspace_id,
                project_id=act.project_id,
                card_id=act.card_id,
            ),
        )


class NotificationCountOut(ApiModel):
    count: int


class ReadAllOut(ApiModel):
    ok: bool = True
    # How many notifications this call marked read.
    count: int
