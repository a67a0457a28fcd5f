"""The cockpit dashboard: a workspace's pilotage summed up in one small answer."""

from __future__ import annotations

from stellary_core.operations import refs
from stellary_core.operations.refs import InWorkspace
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.cockpit import (
    ActivePriority,
    BlockedMission,
    CockpitDashboardOut,
    MissionCounts,
    PendingProposal,
    ProjectOverdue,
    ProposalCounts,
    TodoCounts,
)
from stellary_core.services.cockpit_dashboard import load_dashboard


@operation("get_cockpit_dashboard", input=InWorkspace, output=CockpitDashboardOut, scope="pilotage:read", writes=False)
def get_cockpit_dashboard(ctx: OperationContext, given: InWorkspace) -> CockpitDashboardOut:
    """Counts by status, active priorities, blocked missions, pending proposals and overdue cards per project."""
    ws = refs.workspace(ctx, given)
    found = load_dashboard(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id)
    return CockpitDashboardOut(
        workspace_id=found.workspace_id,
        workspace_name=found.workspace_name,
        cycle=found.cycle,
        role=found.role,
        missions=MissionCounts.model_validate(found.missions),
        todos=TodoCounts.model_validate(found.todos),
        proposals=ProposalCounts.model_validate(found.proposals),
        active_priorities=[ActivePriority.model_validate(p) for p in found.priorities],
        blocked_missions=[BlockedMission.model_validate(m) for m in found.blocked_missions],
        pending_proposals=[PendingProposal.model_validate(a) for a in found.pending],
        overdue_cards=None if found.overdue is None else [ProjectOverdue.model_validate(p) for p in found.overdue],
    )
