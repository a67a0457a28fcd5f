"""Agents of a workspace, the missions people give them on cards, each mission's steps and proposals.

A mission's ``steps`` are everything its live stream shows, in order (``seq``
from 1): the provider's plans, logs, tool calls and their results, and the
mission's own status changes and proposals. The stream replays them to a late
subscriber, so they are stored as they happen. ``step_count`` on the mission
hands out the next ``seq`` inside the writing transaction.

``worker`` names the process running a mission (``host:pid``) and
``heartbeat_at`` is when that process last said it still runs it: a mission
left ``running`` by a process of this host that is gone, or whose heartbeat is
older than the lease (whatever its host), is marked failed by recovery.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from stellary_core.models.base import ID, Base, created_column, id_column, updated_column

AUTONOMY_MODES = ("supervised", "autonomous", "approval")
# "external": an assistant connected through ``stellary mcp`` picks the missions up (get_next_mission).
AGENT_PROVIDERS = ("rules", "openai", "external")
AGENT_MISSION_STATUSES = ("queued", "running", "awaiting_approval", "completed", "failed", "cancelled")
MISSION_ENDED = ("completed", "failed", "cancelled")
AGENT_PROPOSAL_STATUSES = ("pending", "approved", "rejected")


class Agent(Base):
    __tablename__ = "agents"
    __table_args__ = (UniqueConstraint("workspace_id", "slug", name="uq_agents_workspace_slug"),)

    id: Mapped[str] = id_column()
    workspace_id: Mapped[str] = mapped_column(ID, ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    slug: Mapped[str] = mapped_column(String(60), nullable=False)
    autonomy_mode: Mapped[str] = mapped_column(String(20), nullable=False, default="supervised")
    tools: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    per_minute: Mapped[int] = mapped_column(Integer, nullable=False)
    per_hour: Mapped[int] = mapped_column(Integer, nullable=False)
    provider: Mapped[str] = mapped_column(String(20), nullable=False, default="rules")
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = updated_column()


class AgentMission(Base):
    __tablename__ = "agent_missions"
    __table_args__ = (
        Index("ix_agent_missions_agent_time", "agent_id", "created_at"),
        Index("ix_agent_missions_status", "status"),
    )

    id: Mapped[str] = id_column()
    workspace_id: Mapped[str] = mapped_column(ID, ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False)
    agent_id: Mapped[str] = mapped_column(ID, ForeignKey("agents.id", ondelete="CASCADE"), nullable=False)
    # A mission outlives its card's deletion (its record says what was done); the id stays.
    card_id: Mapped[str] = mapped_column(ID, nullable=False)
    project_id: Mapped[str] = mapped_column(ID, nullable=False)
    prompt: Mapped[str] = mapped_column(Text, nullable=False)
    requester_id: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))
    # The token scopes the requester started it with: the agent never acts with more.
    scopes: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="queued")
    result: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str | None] = mapped_column(String(100))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    step_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = created_column()
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)


class AgentMissionStep(Base):
    __tablename__ = "agent_mission_steps"
    __table_args__ = (UniqueConstraint("mission_id", "seq", name="uq_agent_mission_steps_mission_seq"),)

    id: Mapped[str] = id_column()
    mission_id: Mapped[str] = mapped_column(ID, ForeignKey("agent_missions.id", ondelete="CASCADE"), nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    # plan, log, tool_call, result (the provider's), status, proposal (the mission's)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    created_at: Mapped[datetime] = created_column()


class AgentProposal(Base):
    __tablename__ = "agent_proposals"
    __table_args__ = (Index("ix_agent_proposals_mission", "mission_id", "created_at"),)

    id: Mapped[str] = id_column()
    workspace_id: Mapped[str] = mapped_column(ID, ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False)
    mission_id: Mapped[str] = mapped_column(ID, ForeignKey("agent_missions.id", ondelete="CASCADE"), nullable=False)
    tool: Mapped[str] = mapped_column(String(60), nullable=False)
    arguments: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="pending")
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    result: Mapped[Any | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_column()
