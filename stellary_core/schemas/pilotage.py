"""Pilotage shapes: missions, priorities, todos, decisions, active docs, the state and its usage context."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict

from stellary_core.schemas.common import ApiModel, Description, InputModel, Name, ObjectId, OneLine, UtcTimestamp

MissionStatus = Literal["to_launch", "in_progress", "blocked", "done"]
PriorityStatus = Literal["active", "archived"]
TodoStatus = Literal["todo", "in_progress", "blocked", "done"]
SourceType = Literal["product", "tech", "sprint", "ops"]
Profile = Literal["pilotage", "execution", "revue"]
Intent = Literal["weekly_review", "daily_execution", "sprint_planning", "context_only"]
DetailLevel = Literal["minimal", "standard", "detailed"]

Module = Annotated[str, Field(max_length=100), OneLine]
Reason = Annotated[str, Field(min_length=1, max_length=200), OneLine]
Cycle = Annotated[str, Field(min_length=1, max_length=20), OneLine]
Place = Annotated[int, Strict(), Field(ge=0)]

CONTRACT_VERSION = 7


# -- requests ----------------------------------------------------------------------------


class CycleIn(InputModel):
    cycle: Cycle


class MissionCreateIn(InputModel):
    objective: Name
    module: Module | None = None
    status: MissionStatus = "to_launch"
    blocked_reason: Reason | None = None


class MissionUpdateIn(InputModel):
    objective: Name | None = None
    module: Module | None = None
    status: MissionStatus | None = None
    # Max 200 characters, or null to clear; required when the mission is (or becomes) blocked.
    blocked_reason: Reason | None = None


class PriorityCreateIn(InputModel):
    label: Name
    module: Module | None = None
    # Where among the active priorities (0-based); at the end when left out.
    order: Place | None = None


class PriorityUpdateIn(InputModel):
    label: Name | None = None
    module: Module | None = None
    status: PriorityStatus | None = None
    order: Place | None = None


class TodoCreateIn(InputModel):
    label: Name
    mission_id: ObjectId | None = None
    priority_id: ObjectId | None = None
    status: TodoStatus = "todo"


class TodoUpdateIn(InputModel):
    label: Name | None = None
    # null unlinks.
    mission_id: ObjectId | None = None
    priority_id: ObjectId | None = None
    status: TodoStatus | None = None


class DecisionCreateIn(InputModel):
    title: Name
    impact: Description | None = None


class DecisionUpdateIn(InputModel):
    title: Name | None = None
    impact: Description | None = None


class DocCreateIn(InputModel):
    title: Name
    owner: Name | None = None
    source_type: SourceType | None = None


class DocUpdateIn(InputModel):
    title: Name | None = None
    owner: Name | None = None
    source_type: SourceType | None = None


# -- responses ---------------------------------------------------------------------------


class CycleOut(ApiModel):
    cycle: str


class MissionOut(ApiModel):
    id: str
    objective: str
    module: str | None
    status: str
    blocked_reason: str | None
    # The cycle of the mission's last status change.
    cycle: str
    created_by: str | None
    created_at: UtcTimestamp
    updated_at: UtcTimestamp


class PriorityOut(ApiModel):
    id: str
    label: str
    module: str | None
    order: int
    status: str
    created_by: str | None
    created_at: UtcTimestamp
    updated_at: UtcTimestamp


class TodoOut(ApiModel):
    id: str
    label: str
    mission_id: str | None
    priority_id: str | None
    status: str
    cycle: str
    created_by: str | None
    created_at: UtcTimestamp
    updated_at: UtcTimestamp


class DecisionOut(ApiModel):
    id: str
    title: str
    impact: str | None
    # The user who recorded it.
    decided_by: str | None
    decided_by_name: str | None = None
    cycle: str
    created_at: UtcTimestamp
    updated_at: UtcTimestamp


class DocOut(ApiModel):
    id: str
    title: str
    owner: str | None
    source_type: str | None
    created_by: str | None
    created_at: UtcTimestamp
    updated_at: UtcTimestamp


# The state's items at detailLevel=minimal: ids, titles and statuses.


class MissionBrief(ApiModel):
    id: str
    objective: str
    status: str


class PriorityBrief(ApiModel):
    id: str
    label: str
    status: str


class TodoBrief(ApiModel):
    id: str
    label: str
    status: str


class DecisionBrief(ApiModel):
    id: str
    title: str


class DocBrief(ApiModel):
    id: str
    title: str


# ...and at detailLevel=detailed: each mission's todos, each todo's links.


class MissionDetailed(MissionOut):
    todos: list[TodoOut]


class TodoDetailed(TodoOut):
    mission: MissionBrief | None
    priority: PriorityBrief | None


class UsageContextOut(ApiModel):
    profile: Profile
    # The caller's pilotage role: what they may do with what they read.
    role: str
    intent: Intent | None
    detail_level: DetailLevel


class PilotageStateOut(ApiModel):
    cycle: str
    contract_version: int = CONTRACT_VERSION
    missions: list[MissionDetailed | MissionOut | MissionBrief]
    active_priorities: list[PriorityOut | PriorityBrief]
    todos: list[TodoDetailed | TodoOut | TodoBrief]
    decisions: list[DecisionOut | DecisionBrief]
    active_docs: list[DocOut | DocBrief]
    usage_context: UsageContextOut
