"""Statistics of a scope (``P/scopes/:scopeId/stats``): an extension of the reference, for scripts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from stellary_core.schemas.stats import ScopeStatsOut
from stellary_core.server.deps import DbSession, ProjectId, ProjectsActor, WorkspaceCtx
from stellary_core.services import stats

router = APIRouter(tags=["Scopes"])
S = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}/scopes"
ScopeId = Annotated[str, Path(alias="scopeId")]


@router.get(S + "/{scopeId}/stats", response_model=ScopeStatsOut)
def scope_stats(
    ws: WorkspaceCtx,
    project_id: ProjectId,
    scope_id: ScopeId,
    session: DbSession,
    actor: ProjectsActor,
    days: Annotated[int, Query(description="the window, in days ending today (1-365)")] = 30,
) -> ScopeStatsOut:
    """Extension (not in the Stellary reference): what the TUI's stats view shows, as JSON.

    Counts of the scope's active cards per column, priority, assignee and
    label; overdue and blocked cards; cards completed per day and the
    cumulative flow (cards per column at the end of each day) over the last
    ``days`` days; lead time (created to completed) and cycle time (first
    entry into an in-progress column to completed), in days.
    """
    found = stats.scope_stats(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, scope_id=scope_id, days=days
    )
    return ScopeStatsOut.of(found)
