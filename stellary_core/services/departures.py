"""What someone leaving workspaces loses there: shared by removal from a workspace and from an organization."""

from __future__ import annotations

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.models import Card, Project, ProjectMember, WorkspaceMember


def leave_workspaces(session: Session, *, user_id: str, workspace_ids: ColumnElement[str] | list[str]) -> int:
    """Drop the user's project and workspace memberships in these workspaces and unassign their cards there.

    A card's assignee must be a member of its workspace (contract section 4),
    so cards assigned to someone who left go back to nobody. Returns how many.
    """
    project_ids = select(Project.id).where(Project.workspace_id.in_(workspace_ids)).scalar_subquery()
    session.execute(delete(ProjectMember).where(ProjectMember.user_id == user_id, ProjectMember.project_id.in_(project_ids)))
    unassigned = session.execute(
        update(Card)
        .where(Card.assignee_id == user_id, Card.project_id.in_(project_ids))
        .values(assignee_id=None, updated_at=utcnow()),
        execution_options={"synchronize_session": "fetch"},
    )
    session.execute(delete(WorkspaceMember).where(WorkspaceMember.user_id == user_id, WorkspaceMember.workspace_id.in_(workspace_ids)))
    return int(unassigned.rowcount or 0)  # type: ignore[attr-defined]
