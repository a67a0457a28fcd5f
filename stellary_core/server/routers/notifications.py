"""/notifications: the caller's activity notifications (scope ``notifications:read``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from stellary_core.schemas.notifications import NotificationCountOut, NotificationOut, ReadAllOut, UnreadOnlyFlag
from stellary_core.server.deps import DbSession, NotificationsActor
from stellary_core.services import notifications

router = APIRouter(prefix="/notifications", tags=["Notifications"])
NotificationId = Annotated[str, Path(alias="id")]


@router.get("", response_model=list[NotificationOut])
def list_notifications(
    session: DbSession,
    actor: NotificationsActor,
    limit: Annotated[int, Query(description="max results, 1-500 (newest first)")] = 50,
    unread_only: Annotated[UnreadOnlyFlag, Query(alias="unreadOnly", description='"true" or "1" for unread only')] = False,
) -> list[NotificationOut]:
    found = notifications.list_notifications(session, actor=actor, limit=limit, unread_only=unread_only)
    return [NotificationOut.of(v) for v in found]


@router.get("/count", response_model=NotificationCountOut)
def unread_count(session: DbSession, actor: NotificationsActor) -> NotificationCountOut:
    return NotificationCountOut(count=notifications.unread_count(session, actor=actor))


@router.patch("/read-all", response_model=ReadAllOut)
def read_all(session: DbSession, actor: NotificationsActor) -> ReadAllOut:
    return ReadAllOut(count=notifications.mark_all_read(session, actor=actor))


@router.patch("/{id}/read", response_model=NotificationOut)
def read_one(notification_id: NotificationId, session: DbSession, actor: NotificationsActor) -> NotificationOut:
    return NotificationOut.of(notifications.mark_read(session, actor=actor, notification_id=notification_id))
