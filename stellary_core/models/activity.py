"""The activity log and the notifications it fans out to."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from stellary_core.models.base import ID, Base, created_column, id_column

ACTIVITY_TYPES = (
    "card_created",
    "card_updated",
    "card_moved",
    "card_archived",
    "card_deleted",
    "card_assigned",
    "comment_added",
    "member_added",
    "member_removed",
    # Beyond the reference's card and membership types: pilotage's review loop.
    "action_proposed",
    "action_reviewed",
    # An automation's notify action: it notifies the one person the rule names.
    "automation_notified",
    # An agent's mission waiting on its requester, and its end: they notify the requester alone.
    "mission_awaiting_approval",
    "mission_ended",
)
MISSION_NOTICES = ("mission_awaiting_approval", "mission_ended")


class Activity(Base):
    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_project_time", "project_id", "created_at"),
        Index("ix_activities_card_time", "card_id", "created_at"),
    )

    id: Mapped[str] = id_column()
    workspace_id: Mapped[str | None] = mapped_column(ID, ForeignKey("workspaces.id", ondelete="CASCADE"))
    project_id: Mapped[str | None] = mapped_column(ID, ForeignKey("projects.id", ondelete="CASCADE"))
    # No foreign key: a card_deleted activity outlives its card.
    card_id: Mapped[str | None] = mapped_column(ID)
    actor_id: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))
    type: Mapped[str] = mapped_column(String(30), nullable=False)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=False)
    created_at: Mapped[datetime] = created_column()


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_time", "user_id", "read_at", "created_at"),)

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    activity_id: Mapped[str] = mapped_column(ID, ForeignKey("activities.id", ondelete="CASCADE"), nullable=False)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = created_column()
