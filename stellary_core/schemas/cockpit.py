"""The cockpit dashboard's shape: counts by status, the items that need a look, overdue cards per project."""

from __future__ import annotations

from stellary_core.schemas.common import ApiModel, UtcTimestamp


class MissionCounts(ApiModel):
    to_launch: int = 0
    in_progress: int = 0
    blocked: int = 0
    done: int = 0


class TodoCounts(ApiModel):
    todo: int = 0
    in_progress: int = 0
    blocked: int = 0
    done: int = 0


class ProposalCounts(ApiModel):
    suggested: int = 0
    approved: int = 0
    rejected: int = 0
    applied: int = 0


class ActivePriority(ApiModel):
    id: str
    label: str
    module: str | None
    order: int


class BlockedMission(ApiModel):
    id: str
    objective: str
    module: str | None
    blocked_reason: str | None


class PendingProposal(ApiModel):
    id: str
    action_type: str
    explanation: str
    # suggested: waits for a review; approved: waits for an owner to apply it.
    status: str
    # Why the last attempt to apply it failed, if one did.
    error: str | None
    created_at: UtcTimestamp


class ProjectOverdue(ApiModel):
    project_id: str
    project_name: str
    overdue: int


class CockpitDashboardOut(ApiModel):
    workspace_id: str
    workspace_name: str
    cycle: str
    # The caller's pilotage role: viewer reads, reviewer also proposes and reviews, owner also manages and applies.
    role: str
    missions: MissionCounts
    todos: TodoCounts
    proposals: ProposalCounts
    active_priorities: list[ActivePriority]
    blocked_missions: list[BlockedMission]
    # The oldest proposals waiting on a person (at most 10; list_pending_proposals lists them all).
    pending_proposals: list[PendingProposal]
    # Projects with overdue cards, the most first; null for a token without projects:read.
    overdue_cards: list[ProjectOverdue] | None
