"""The actor's notifications. One scope, notifications:read, both reads them and marks them read."""

from __future__ import annotations

from stellary_core.operations.refs import NoInput, OperationInput
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.notifications import NotificationCountOut, NotificationOut, ReadAllOut, UnreadOnlyFlag
from stellary_core.services import notifications

SCOPE = "notifications:read"


class ListNotifications(OperationInput):
    limit: int | None = None
    unread_only: UnreadOnlyFlag = False


@operation("list_notifications", input=ListNotifications, output=list[NotificationOut], scope=SCOPE, writes=False)
def list_notifications(ctx: OperationContext, given: ListNotifications) -> list[NotificationOut]:
    """The actor's notifications, newest first (limit 1-500, 50 by default), optionally only unread ones."""
    found = notifications.list_notifications(
        ctx.session, actor=ctx.actor, limit=given.limit, unread_only=given.unread_only
    )
    return [NotificationOut.of(v) for v in found]


@operation("count_unread_notifications", input=NoInput, output=NotificationCountOut, scope=SCOPE, writes=False)
def count_unread_notifications(ctx: OperationContext, given: NoInput) -> NotificationCountOut:
    """How many of the actor's notifications are unread."""
    return NotificationCountOut(count=notifications.unread_count(ctx.session, actor=ctx.actor))


@operation("mark_all_notifications_read", input=NoInput, output=ReadAllOut, scope=SCOPE, writes=True)
def mark_all_notifications_read(ctx: OperationContext, given: NoInput) -> ReadAllOut:
    """Mark every unread notification of the actor read; answers how many changed."""
    return ReadAllOut(count=notifications.mark_all_read(ctx.session, actor=ctx.actor))


class MarkNotificationRead(OperationInput):
    notification_id: str


@operation("mark_notification_read", input=MarkNotificationRead, output=NotificationOut, scope=SCOPE, writes=True)
def mark_notification_read(ctx: OperationContext, given: MarkNotificationRead) -> NotificationOut:
    """Mark one of the actor's notifications read (idempotent)."""
    view = notifications.mark_read(ctx.session, actor=ctx.actor, notification_id=given.notification_id)
    return NotificationOut.of(view)
