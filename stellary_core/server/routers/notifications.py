"""/notifications: the caller's activity notifications (scope ``notifications:read``), bound to operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from stellary_core.operations.catalog import notifications as ops
from stellary_core.operations.refs import NoInput
from stellary_core.schemas.notifications import NotificationCountOut, NotificationOut, ReadAllOut, UnreadOnlyFlag
from stellary_core.server.deps import Actor
from stellary_core.server.operations import respond, runs

router = APIRouter(prefix="/notifications", tags=["Notifications"])
NotificationId = Annotated[str, Path(alias="id")]


@router.get("", response_model=list[NotificationOut], openapi_extra=runs(ops.list_notifications))
def list_notifications(
    request: Request,
    actor: Actor,
    limit: Annotated[int, Query(description="max results, 1-500 (newest first)")] = 50,
    unread_only: Annotated[UnreadOnlyFlag, Query(alias="unreadOnly", description='"true" or "1" for unread only')] = False,
) -> Response:
    return respond(request, ops.list_notifications, actor, ops.ListNotifications(limit=limit, unread_only=unread_only))


@router.get("/count", response_model=NotificationCountOut, openapi_extra=runs(ops.count_unread_notifications))
def unread_count(request: Request, actor: Actor) -> Response:
    return respond(request, ops.count_unread_notifications, actor, NoInput())


@router.patch("/read-all", response_model=ReadAllOut, openapi_extra=runs(ops.mark_all_notifications_read))
def read_all(request: Request, actor: Actor) -> Response:
    return respond(request, ops.mark_all_notifications_read, actor, NoInput())


@router.patch("/{id}/read", response_model=NotificationOut, openapi_extra=runs(ops.mark_notification_read))
def read_one(request: Request, notification_id: NotificationId, actor: Actor) -> Response:
    given = ops.MarkNotificationRead(notification_id=notification_id)
    return respond(request, ops.mark_notification_read, actor, given)
