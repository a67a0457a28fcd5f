"""The cockpit at a glance: what an assistant (or a person) reads first about a workspace's pilotage.

Counts instead of items wherever a count says enough, so the answer stays a
few hundred bytes whatever the workspace holds: missions, todos and proposed
actions by status; the active priorities in order; the blocked missions with
their reasons; the proposals waiting on a person (the oldest ``PENDING_SHOWN``);
and, per project, how many cards are overdue (``stellary_core.overdue``). Each
part is one query; the counts are grouped in the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stellary_core.clock import today
from stellary_core.models import Card, PilotageMission, PilotagePriority, PilotageTodo, Project, ProposedAction
from stellary_core.overdue import overdue_condition
from stellary_core.principal import Principal
from stellary_core.services import access
from stellary_core.services.pilotage_access import pilotage_role
from stellary_core.services.pilotage_priorities import active_priorities
from stellary_core.services.proposed_actions import pending_actions

# How many waiting proposals the dashboard shows; list_pending_proposals gives the rest.
PENDING_SHOWN = 10


@dataclass(frozen=True)
class ProjectOverdue:
    project_id: str
    project_name: str
    overdue: int


@dataclass(frozen=True)
class CockpitDashboard:
    workspace_id: str
    workspace_name: str
    cycle: str
    role: str
    missions: dict[str, int]
    todos: dict[str, int]
    proposals: dict[str, int]
    priorities: list[PilotagePriority]
    blocked_missions: list[PilotageMission]
    pending: list[ProposedAction]
    # None when the caller may not read cards (a token without projects:read).
    overdue: list[ProjectOverdue] | None


Counted = type[PilotageMission] | type[PilotageTodo] | type[ProposedAction]


def _by_status(session: Session, model: Counted, workspace_id: str) -> dict[str, int]:
    rows = session.execute(
        select(model.status, func.count()).where(model.workspace_id == workspace_id).group_by(model.status)
    ).all()
    return {status: count for status, count in rows}


def overdue_by_project(session: Session, workspace_id: str) -> list[ProjectOverdue]:
    """The workspace's projects with overdue cards, the most overdue first."""
    late = func.count(Card.id)
    rows = session.execute(
        select(Project.id, Project.name, late)
        .join(Card, Card.project_id == Project.id)
        .where(Project.workspace_id == workspace_id, overdue_condition(today()))
        .group_by(Project.id, Project.name)
        .order_by(late.desc(), Project.name, Project.id)
    ).all()
    return [ProjectOverdue(project_id, name, count) for project_id, name, count in rows]


def load_dashboard(session: Session, *, actor: Principal, workspace_id: str) -> CockpitDashboard:
    ws = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    blocked = select(PilotageMission).where(
        PilotageMission.workspace_id == workspace_id, PilotageMission.status == "blocked"
    )
    return CockpitDashboard(
        workspace_id=workspace_id,
        workspace_name=ws.workspace.name,
        cycle=ws.workspace.cycle,
        role=pilotage_role(ws),
        missions=_by_status(session, PilotageMission, workspace_id),
        todos=_by_status(session, PilotageTodo, workspace_id),
        proposals=_by_status(session, ProposedAction, workspace_id),
        priorities=active_priorities(session, workspace_id),
        blocked_missions=list(session.scalars(blocked.order_by(PilotageMission.updated_at, PilotageMission.id))),
        pending=pending_actions(session, actor=actor, workspace_id=workspace_id, limit=PENDING_SHOWN),
        # Cards are project data: a token that cannot read them does not get their counts either.
        overdue=overdue_by_project(session, workspace_id) if actor.has_scope("projects:read") else None,
    )
