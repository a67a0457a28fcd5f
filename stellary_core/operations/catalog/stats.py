"""Statistics of a scope: what the TUI's stats view shows."""

from __future__ import annotations

from stellary_core.operations import refs
from stellary_core.operations.refs import InProject
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.stats import ScopeStatsOut
from stellary_core.services import stats


class ScopeStats(InProject):
    """A scope of the project by id (its default scope without one) and the window in days (1-365)."""

    scope_id: str | None = None
    days: int = 30


@operation("get_scope_stats", input=ScopeStats, output=ScopeStatsOut, scope="projects:read", writes=False)
def get_scope_stats(ctx: OperationContext, given: ScopeStats) -> ScopeStatsOut:
    """Card counts per column, priority, assignee and label; completions, flow, lead and cycle times of a scope."""
    ws, project = refs.project(ctx, given)
    found = stats.scope_stats(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, scope_id=given.scope_id,
        days=given.days,
    )
    return ScopeStatsOut.of(found)
