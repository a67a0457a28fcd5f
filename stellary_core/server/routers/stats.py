"""Statistics of a scope (``P/scopes/:scopeId/stats``): an extension of the reference, for scripts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from stellary_core.operations.catalog import stats as ops
from stellary_core.schemas.stats import ScopeStatsOut
from stellary_core.server.deps import Actor, OrgSlug, ProjectId, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Scopes"])
S = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}/scopes"
ScopeId = Annotated[str, Path(alias="scopeId")]


@router.get(S + "/{scopeId}/stats", response_model=ScopeStatsOut, openapi_extra=runs(ops.get_scope_stats))
def scope_stats(
    request: Request,
    org: OrgSlug,
    ws: WsSlug,
    project_id: ProjectId,
    scope_id: ScopeId,
    actor: Actor,
    days: Annotated[int, Query(description="the window, in days ending today (1-365)")] = 30,
) -> Response:
    """Extension (not in the Stellary reference): what the TUI's stats view shows, as JSON.

    Counts of the scope's active cards per column, priority, assignee and
    label; overdue and blocked cards; cards completed per day and the
    cumulative flow (cards per column at the end of each day) over the last
    ``days`` days; lead time (created to completed) and cycle time (first
    entry into an in-progress column to completed), in days.
    """
    given = ops.ScopeStats(org_slug=org, ws_slug=ws, project=project_id, scope_id=scope_id, days=days)
    return respond(request, ops.get_scope_stats, actor, given)
