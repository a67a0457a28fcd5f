"""Pilotage: a workspace's missions, priorities, todos, decisions, active docs and proposed actions.

Every row belongs to one workspace and goes with it (``ondelete=CASCADE``).
``cycle`` on missions and todos is the workspace's cycle label when their
status last changed, so "done in the current cycle" is one comparison; on a
decision it is the cycle it was recorded in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from stellary_core.models.base import ID, Base, created_column, id_column, updated_column

MISSION_STATUSES = ("to_launch", "in_progress", "blocked", "done")
PRIORITY_STATUSES = ("active", "archived")
TODO_STATUSES = ("todo", "in_progress", "blocked", "done")
DOC_SOURCE_TYPES = ("product", "tech", "sprint", "ops")
ACTION_STATUSES = ("suggested", "approved", "rejected", "applied")


def _workspace() -> Mapped[str]:
    return mapped_column(ID, ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False)


def _person() -> Mapped[str | None]:
    # Who did something; the record outlives their account.
    return mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))


class PilotageMission(Base):
    __tablename__ = "pilotage_missions"
    __table_args__ = (Index("ix_pilotage_missions_workspace_status", "workspace_id", "status"),)

    id: Mapped[str] = id_column()
    workspace_id: Mapped[str] = _workspace()
    objective: Mapped[str] = mapped_column(String(200), nullable=False)
    module: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="to_launch")
    blocked_reason: Mapped[str | None] = mapped_column(String(200))
    cycle: Mapped[str] = mapped_column(String(20), nullable=False)
    created_by: Mapped[str | None] = _person()
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = updated_column()


class PilotagePriority(Base):
    __tablename__ = "pilotage_priorities"
    __table_args__ = (Index("ix_pilotage_priorities_workspace_status", "workspace_id", "status", "order"),)

    id: Mapped[str] = id_column()
    workspace_id: Mapped[str] = _workspace()
    label: Mapped[str] = mapped_column(String(200), nullable=False)
    module: Mapped[str | None] = mapped_column(String(100))
    # 0-based and contiguous among the active priorities; an archived one keeps its last place.
    order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="active")
    created_by: Mapped[str | None] = _person()
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = updated_column()


class PilotageTodo(Base):
    __tablename__ = "pilotage_todos"
    __table_args__ = (
        Index("ix_pilotage_todos_workspace_status", "workspace_id", "status"),
        Index("ix_pilotage_todos_mission", "mission_id"),
        Index("ix_pilotage_todos_priority", "priority_id"),
    )

    id: Mapped[str] = id_column()
    workspace_id: Mapped[str] = _workspace()
    label: Mapped[str] = mapped_column(String(200), nullable=False)
    # Deleting a mission or priority unlinks its todos rather than deleting them.
    mission_id: Mapped[str | None] = mapped_column(ID, ForeignKey("pilotage_missions.id", ondelete="SET NULL"))
    priority_id: Mapped[str | None] = mapped_column(ID, ForeignKey("pilotage_priorities.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="todo")
    cycle: Mapped[str] = mapped_column(String(20), nullable=False)
    created_by: Mapped[str | None] = _person()
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = updated_column()


class PilotageDecision(Base):
    __tablename__ = "pilotage_decisions"
    __table_args__ = (Index("ix_pilotage_decisions_workspace_time", "workspace_id", "created_at"),)

    id: Mapped[str] = id_column()
    workspace_id: Mapped[str] = _workspace()
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    impact: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = _person()
    cycle: Mapped[str] = mapped_column(String(20), nullable=False)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = updated_column()


class PilotageDoc(Base):
    """A document in play, registered by title (the knowledge base's documents live elsewhere)."""

    __tablename__ = "pilotage_docs"
    __table_args__ = (Index("ix_pilotage_docs_workspace", "workspace_id"),)

    id: Mapped[str] = id_column()
    workspace_id: Mapped[str] = _workspace()
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    owner: Mapped[str | None] = mapped_column(String(200))
    source_type: Mapped[str | None] = mapped_column(String(10))
    created_by: Mapped[str | None] = _person()
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = updated_column()


class ProposedAction(Base):
    """An action proposed for review: suggested, then approved or rejected, then (approved) applied."""

    __tablename__ = "pilotage_actions"
    __table_args__ = (Index("ix_pilotage_actions_workspace_status", "workspace_id", "status", "created_at"),)

    id: Mapped[str] = id_column()
    workspace_id: Mapped[str] = _workspace()
    action_type: Mapped[str] = mapped_column(String(100), nullable=False)
    explanation: Mapped[str] = mapped_column(String(500), nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="suggested")
    proposed_by: Mapped[str | None] = _person()
    reviewed_by: Mapped[str | None] = _person()
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    review_reason: Mapped[str | None] = mapped_column(String(200))
    applied_by: Mapped[str | None] = _person()
    applied_at: Mapped[datetime | None] = mapped_column(DateTime)
    # What applying made (the card, the todo...), or {"manual": true} for a type run by hand.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    # Why the last attempt to apply failed (nothing of it was kept); cleared by a successful one.
    error: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = updated_column()
