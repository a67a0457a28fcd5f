"""Agent, mission and proposal shapes (contract section 7).

An agent's ``tools`` are names of the MCP tools (``stellary_core.tools.catalog``);
left out, the card tools the built-in ``rules`` provider uses. A mission's
``steps`` are what its live stream shows, in order; see models/agent.py.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from stellary_core.schemas.common import (
    DESCRIPTION_MAX,
    ApiModel,
    InputModel,
    LongText,
    Name,
    ObjectId,
    Slug,
    UtcTimestamp,
)

AutonomyMode = Literal["supervised", "autonomous", "approval"]
AgentProvider = Literal["rules", "openai", "external"]
MissionStatus = Literal["queued", "running", "awaiting_approval", "completed", "failed", "cancelled"]
ProposalStatus = Literal["pending", "approved", "rejected"]
StepKind = Literal["plan", "log", "tool_call", "result", "status", "proposal"]

# What an agent may do unless told otherwise: read a card and its context, and the card writes of the rules provider.
DEFAULT_TOOLS = (
    "get_card_details", "get_card_comments", "get_project_details", "list_workspace_members", "list_labels",
    "move_card", "update_card", "assign_card", "add_label_to_card", "add_checklist_item", "add_comment",
    "create_card", "create_relation",
)  # fmt: skip
DEFAULT_PER_MINUTE = 30
DEFAULT_PER_HOUR = 300
RATE_MAX = 10_000
PROMPT_MAX = DESCRIPTION_MAX

ToolName = Annotated[str, Field(min_length=1, max_length=60)]
Rate = Annotated[int, Field(ge=1, le=RATE_MAX)]
Prompt = Annotated[str, Field(min_length=1, max_length=PROMPT_MAX), LongText]
Reason = Annotated[str, Field(max_length=DESCRIPTION_MAX), LongText]


class RateLimits(InputModel):
    """Missions started and tool calls made by one agent, at most per minute and per hour."""

    per_minute: Rate = DEFAULT_PER_MINUTE
    per_hour: Rate = DEFAULT_PER_HOUR


class RateLimitsOut(ApiModel):
    per_minute: int
    per_hour: int


class AgentCreateIn(InputModel):
    name: Name
    slug: Slug
    autonomy_mode: AutonomyMode = "supervised"
    tools: list[ToolName] = Field(default_factory=lambda: list(DEFAULT_TOOLS), max_length=100)
    rate_limits: RateLimits = Field(default_factory=RateLimits)
    provider: AgentProvider = "rules"
    enabled: bool = True


class AgentUpdateIn(InputModel):
    """Only what is sent changes; none of these may be null."""

    name: Name | None = None
    slug: Slug | None = None
    autonomy_mode: AutonomyMode | None = None
    tools: list[ToolName] | None = Field(default=None, max_length=100)
    rate_limits: RateLimits | None = None
    provider: AgentProvider | None = None
    enabled: bool | None = None


class AgentOut(ApiModel):
    id: str
    workspace_id: str
    name: str
    slug: str
    autonomy_mode: AutonomyMode
    tools: list[str]
    rate_limits: RateLimitsOut
    provider: AgentProvider
    enabled: bool
    created_by: str | None
    created_at: UtcTimestamp
    updated_at: UtcTimestamp


class AgentMissionCreateIn(InputModel):
    card_id: ObjectId
    prompt: Prompt


class StepOut(ApiModel):
    """One entry of a mission's log; which fields it has depends on ``kind``."""

    seq: int
    kind: StepKind
    at: UtcTimestamp
    message: str | None = None
    tool: str | None = None
    arguments: dict[str, Any] | None = None
    # Of a ``result``: result, proposed or error; ``value`` is a result's JSON.
    outcome: str | None = None
    value: Any = None
    # Of a ``status`` step the mission's new status; of a ``proposal`` step the proposal's.
    status: str | None = None
    proposal_id: str | None = None


class ProposalOut(ApiModel):
    id: str
    workspace_id: str
    mission_id: str
    tool: str
    arguments: dict[str, Any]
    status: ProposalStatus
    reason: str | None
    decided_by: str | None
    decided_at: UtcTimestamp | None
    result: Any
    error: str | None
    created_at: UtcTimestamp


class MissionSummaryOut(ApiModel):
    id: str
    workspace_id: str
    agent_id: str
    card_id: str
    project_id: str
    prompt: str
    requester_id: str | None
    status: MissionStatus
    result: str | None
    error: str | None
    created_at: UtcTimestamp
    started_at: UtcTimestamp | None
    finished_at: UtcTimestamp | None


class AgentMissionOut(MissionSummaryOut):
    steps: list[StepOut]
    proposals: list[ProposalOut]


class ProposalRejectIn(InputModel):
    reason: Reason | None = None
