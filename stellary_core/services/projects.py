"""Projects: creation from templates, listing, update, deletion, members and the portfolio."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from stellary_core.clock import today
from stellary_core.db import database_of
from stellary_core.errors import Conflict, Invalid, NotFound
from stellary_core.event_types import (
    Actor,
    MemberAdded,
    MemberRemoved,
    ProjectCreated,
    ProjectDeleted,
    ProjectUpdated,
    project_event,
)
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import Activity, BoardColumn, Card, Project, ProjectMember, Scope, User, WorkspaceMember
from stellary_core.overdue import overdue_condition
from stellary_core.principal import Principal
from stellary_core.schemas.projects import ProjectCreateIn, ProjectUpdateIn
from stellary_core.services import access, files
from stellary_core.services.templates import DEFAULT_COLUMNS, TEMPLATES, Template, TemplateColumn, find_template

_WORD_RE = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class ProjectView:
    project: Project
    default_scope_id: str | None


@dataclass(frozen=True)
class ProjectMemberView:
    user_id: str
    email: str
    name: str
    joined_at: datetime


@dataclass(frozen=True)
class ColumnCount:
    column_id: str
    name: str
    count: int


@dataclass(frozen=True)
class PortfolioEntry:
    id: str
    name: str
    card_count: int
    open_count: int
    done_count: int
    overdue_count: int
    completion: int
    by_column: list[ColumnCount]
    last_activity_at: datetime | None


def key_prefix_for(name: str) -> str:
    """2-5 uppercase letters for card keys: initials of several words, else the word's start."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = _WORD_RE.findall(ascii_name)
    if len(words) >= 2:
        prefix = "".join(w[0] for w in words)[:5]
    elif words:
        prefix = words[0][:4]
    else:
        prefix = ""
    prefix = prefix.upper()
    if len(prefix) < 2:
        prefix = (prefix + "PRJ")[:3] if prefix else "PRJ"
    return prefix


def default_scope(session: Session, project_id: str) -> Scope:
    scope = session.scalar(select(Scope).where(Scope.project_id == project_id, Scope.is_default.is_(True)))
    if scope is None:  # every project is created with one; never expected
        raise NotFound("Scope not found")
    return scope


def resolve_scope(session: Session, project: Project, scope_id: str | None, field: str | None = None) -> Scope:
    """The given scope of the project, or its default scope.

    A scope that is not the project's is a 404, or a 400 naming ``field`` when the id came in a body.
    """
    if scope_id is None:
        return default_scope(session, project.id)
    scope = session.get(Scope, scope_id) if is_id(scope_id) else None
    if scope is None or scope.project_id != project.id:
        if field is not None:
            raise Invalid.field(field, "is not a scope of this project")
        raise NotFound("Scope not found")
    return scope


def add_columns(session: Session, project: Project, scope: Scope, columns: tuple[TemplateColumn, ...]) -> list[BoardColumn]:
    made = [
        BoardColumn(project_id=project.id, scope_id=scope.id, name=c.name, category=c.category, order=i)
        for i, c in enumerate(columns)
    ]
    session.add_all(made)
    session.flush()
    return made


def new_project(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    name: str,
    description: str | None = None,
    columns: tuple[TemplateColumn, ...] = DEFAULT_COLUMNS,
) -> tuple[Project, Scope, list[BoardColumn]]:
    """A project with its default scope, columns and its creator as member (not committed)."""
    project = Project(
        workspace_id=workspace_id,
        name=name,
        description=description,
        key_prefix=key_prefix_for(name),
        created_by=actor.user_id,
    )
    session.add(project)
    session.flush()
    scope = Scope(project_id=project.id, name="Main", is_default=True, order=0)
    session.add(scope)
    session.add(ProjectMember(project_id=project.id, user_id=actor.user_id))
    session.flush()
    # Every way a project is made (a template, an import, a seed) comes through here.
    emit(session, project_event(ProjectCreated, actor, project, name=project.name))
    return project, scope, add_columns(session, project, scope, columns)


def create_project(session: Session, *, actor: Principal, workspace_id: str, data: ProjectCreateIn) -> ProjectView:
    from stellary_core.services.cards import add_sample_cards

    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    template: Template | None = None
    if data.template_id is not None:
        template = find_template(data.template_id)
        if template is None:
            raise Invalid.field("templateId", "is not a known template (see /projects/templates)")
    project, scope, columns = new_project(
        session,
        actor=actor,
        workspace_id=workspace_id,
        name=data.name,
        description=data.description,
        columns=template.columns if template else DEFAULT_COLUMNS,
    )
    add_sample_cards(session, actor=actor, project=project, columns=columns, samples=template.sample_cards if template else ())
    session.flush()
    return ProjectView(project, scope.id)


def list_templates() -> tuple[Template, ...]:
    return TEMPLATES


def _default_scope_ids(session: Session, project_ids: list[str]) -> dict[str, str]:
    if not project_ids:
        return {}
    rows = session.execute(
        select(Scope.project_id, Scope.id).where(Scope.project_id.in_(project_ids), Scope.is_default.is_(True))
    ).all()
    return {p: s for p, s in rows}


def list_projects(session: Session, *, actor: Principal, workspace_id: str) -> list[ProjectView]:
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    projects = list(
        session.scalars(select(Project).where(Project.workspace_id == workspace_id).order_by(Project.created_at, Project.id))
    )
    scopes = _default_scope_ids(session, [p.id for p in projects])
    return [ProjectView(p, scopes.get(p.id)) for p in projects]


def get_project(session: Session, *, actor: Principal, workspace_id: str, project_id: str) -> ProjectView:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    return ProjectView(project, default_scope(session, project.id).id)


def update_project(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, data: ProjectUpdateIn
) -> ProjectView:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    given = data.given()
    changed: list[str] = []
    if "name" in given:
        if data.name is None:
            raise Invalid.field("name", "cannot be null")
        if data.name != project.name:
            project.name = data.name
            changed.append("name")
    if "description" in given and data.description != project.description:
        project.description = data.description
        changed.append("description")
    session.flush()
    if changed:
        emit(session, project_event(ProjectUpdated, actor, project, name=project.name, fields=changed))
    return ProjectView(project, default_scope(session, project.id).id)


def delete_project(session: Session, *, actor: Principal, workspace_id: str, project_id: str) -> None:
    """Delete a project with everything in it, attachment files included."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    attachment_ids = files.attachment_ids_of_project(session, project.id)
    emit(session, project_event(ProjectDeleted, actor, project, name=project.name))
    session.delete(project)
    session.flush()
    files.remove_files_after_commit(session, attachment_ids)


def portfolio(session: Session, *, actor: Principal, workspace_id: str) -> list[PortfolioEntry]:
    """Per-project counts in three grouped queries, whatever the number of projects."""
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    projects = list(
        session.scalars(select(Project).where(Project.workspace_id == workspace_id).order_by(Project.created_at, Project.id))
    )
    ids = [p.id for p in projects]
    by_column: dict[str, list[ColumnCount]] = defaultdict(list)
    totals: dict[str, tuple[int, int, int]] = {}
    last_activity: dict[str, datetime] = {}
    if ids:
        column_rows = session.execute(
            select(BoardColumn.project_id, BoardColumn.id, BoardColumn.name, func.count(Card.id))
            .join(Scope, Scope.id == BoardColumn.scope_id)
            .outerjoin(Card, (Card.column_id == BoardColumn.id) & (Card.archived.is_(False)))
            .where(BoardColumn.project_id.in_(ids))
            .group_by(BoardColumn.project_id, BoardColumn.id, BoardColumn.name, Scope.order, BoardColumn.order)
            .order_by(Scope.order, BoardColumn.order)
        ).all()
        for project_id, column_id, name, count in column_rows:
            by_column[project_id].append(ColumnCount(column_id, name, count))
        total_rows = session.execute(
            select(
                Card.project_id,
                func.count(Card.id),
                func.sum(case((Card.status == "done", 1), else_=0)),
                func.sum(case((overdue_condition(today()), 1), else_=0)),
            )
            .where(Card.project_id.in_(ids), Card.archived.is_(False))
            .group_by(Card.project_id)
        ).all()
        totals = {p: (int(c), int(d or 0), int(o or 0)) for p, c, d, o in total_rows}
        activity_rows = session.execute(
            select(Activity.project_id, func.max(Activity.created_at))
            .where(Activity.project_id.in_(ids))
            .group_by(Activity.project_id)
        ).all()
        last_activity = {p: at for p, at in activity_rows if p is not None}
    entries = []
    for project in projects:
        count, done, overdue = totals.get(project.id, (0, 0, 0))
        entries.append(
            PortfolioEntry(
                id=project.id,
                name=project.name,
                card_count=count,
                open_count=count - done,
                done_count=done,
                overdue_count=overdue,
                completion=round(done * 100 / count) if count else 0,
                by_column=by_column.get(project.id, []),
                last_activity_at=last_activity.get(project.id, project.updated_at),
            )
        )
    return entries


def list_members(session: Session, *, actor: Principal, workspace_id: str, project_id: str) -> list[ProjectMemberView]:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    rows = session.execute(
        select(ProjectMember, User)
        .join(User, User.id == ProjectMember.user_id)
        .where(ProjectMember.project_id == project.id)
        .order_by(ProjectMember.created_at, User.email)
    ).all()
    return [ProjectMemberView(u.id, u.email, u.name, m.created_at) for m, u in rows]


def add_member(session: Session, *, actor: Principal, workspace_id: str, project_id: str, email: str) -> ProjectMemberView:
    """Add a workspace member to the project (they then hear about its changes)."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or session.get(WorkspaceMember, (workspace_id, user.id)) is None:
        raise NotFound("No member of this workspace has this email")
    if session.get(ProjectMember, (project.id, user.id)) is not None:
        raise Conflict("This user is already a member of the project")
    member = ProjectMember(project_id=project.id, user_id=user.id)
    session.add(member)
    session.flush()
    emit(
        session,
        MemberAdded(actor=Actor.of(actor), workspace_id=workspace_id, project_id=project.id, data={"userId": user.id}),
    )
    session.flush()
    return ProjectMemberView(user.id, user.email, user.name, member.created_at)


def remove_member(session: Session, *, actor: Principal, workspace_id: str, project_id: str, user_id: str) -> None:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    member = session.get(ProjectMember, (project.id, user_id)) if is_id(user_id) else None
    if member is None:
        raise NotFound("Member not found")
    session.delete(member)
    emit(
        session,
        MemberRemoved(actor=Actor.of(actor), workspace_id=workspace_id, project_id=project.id, data={"userId": user_id}),
    )
    session.flush()
