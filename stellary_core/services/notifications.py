"""The actor's notifications: list, unread count, mark read.

Notifications are written by ``services/activity.py`` when an activity is
recorded (project members and the card's assignee, never the actor); this
module only reads them and marks them read, always for the actor alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.errors import NotFound
from stellary_core.event_types import Actor, NotificationsRead
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import Activity, Notification, User
from stellary_core.principal import Principal
from stellary_core.services import access
from stellary_core.services.limits import list_limit


@dataclass(frozen=True)
class NotificationView:
    notification: Notification
    activity: Activity
    actor_name: str | None


def _still_visible(user_id: str) -> ColumnElement[bool]:
    """Over ``Activity``: from a workspace the user may still open, or about no workspace at all.

    Checked when read rather than cleaned up when someone leaves, so every way of losing a
    workspace (removal from it or from its organization, an admin role taken away) hides
    what happened there. Activities without a workspace are the user's own organization
    memberships.
    """
    return or_(Activity.workspace_id.is_(None), Activity.workspace_id.in_(access.visible_workspace_ids(user_id)))


def _views(session: Session, conditions: list[ColumnElement[bool]], limit: int | None) -> list[NotificationView]:
    query = (
        select(Notification, Activity, User.name)
        .join(Activity, Activity.id == Notification.activity_id)
        .outerjoin(User, User.id == Activity.actor_id)
        .where(*conditions)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return [NotificationView(n, a, name) for n, a, name in session.execute(query).all()]


def list_notifications(
    session: Session, *, actor: Principal, limit: int | None = None, unread_only: bool = False
) -> list[NotificationView]:
    """The actor's notifications, newest first (``limit`` 50 by default, at most 500)."""
    conditions: list[ColumnElement[bool]] = [Notification.user_id == actor.user_id, _still_visible(actor.user_id)]
    if unread_only:
        conditions.append(Notification.read_at.is_(None))
    return _views(session, conditions, list_limit(limit))


def unread_count(session: Session, *, actor: Principal) -> int:
    return int(
        session.scalar(
            select(func.count(Notification.id))
            .join(Activity, Activity.id == Notification.activity_id)
            .where(Notification.user_id == actor.user_id, Notification.read_at.is_(None), _still_visible(actor.user_id))
        )
        or 0
    )


def mark_all_read(session: Session, *, actor: Principal) -> int:
    """Mark every unread notification of the actor read; returns how many changed."""
    result = session.execute(
        update(Notification)
        .where(
            Notification.user_id == actor.user_id,
            Notification.read_at.is_(None),
            Notification.activity_id.in_(select(Activity.id).where(_still_visible(actor.user_id))),
        )
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.flush()
    changed = int(getattr(result, "rowcount", 0) or 0)
    if changed:
        emit(session, NotificationsRead(actor=Actor.of(actor), data={"count": changed}))
    return changed


def mark_read(session: Session, *, actor: Principal, notification_id: str) -> NotificationView:
    """Mark one of the actor's notifications read (idempotent); anyone else's is a 404."""
    if not is_id(notification_id):
        raise NotFound("Notification not found")
    found = _views(
        session,
        [Notification.id == notification_id, Notification.user_id == actor.user_id, _still_visible(actor.user_id)],
        limit=None,
    )
    if not found:
        raise NotFound("Notification not found")
    view = found[0]
    if view.notification.read_at is None:
        view.notification.read_at = utcnow()
        session.flush()
        emit(session, NotificationsRead(actor=Actor.of(actor), data={"count": 1, "notificationId": view.notification.id}))
    return view
