"""Saved filters: named filter-language queries kept per scope, shared by its project's members.

A query is parsed before it is stored, so a saved filter always applies;
names are unique within a scope (any case), so the TUI can offer them by name.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core import filters
from stellary_core.errors import Conflict, NotFound
from stellary_core.event_types import ProjectEvent, SavedFilterCreated, SavedFilterDeleted, project_event
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import Project, SavedFilter, Scope
from stellary_core.principal import Principal
from stellary_core.schemas.scopes import SavedFilterCreateIn
from stellary_core.services import access
from stellary_core.services.scopes import scope_of_project

MAX_FILTERS_PER_SCOPE = 100


def _load(session: Session, actor: Principal, workspace_id: str, project_id: str, scope_id: str) -> tuple[Project, Scope]:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    return project, scope_of_project(session, project, scope_id)


def _event(kind: type[ProjectEvent], actor: Principal, project: Project, saved: SavedFilter) -> ProjectEvent:
    return project_event(kind, actor, project, scopeId=saved.scope_id, filterId=saved.id, name=saved.name)


def list_saved_filters(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, scope_id: str
) -> list[SavedFilter]:
    """The scope's saved filters, oldest first."""
    _, scope = _load(session, actor, workspace_id, project_id, scope_id)
    return list(
        session.scalars(
            select(SavedFilter).where(SavedFilter.scope_id == scope.id).order_by(SavedFilter.created_at, SavedFilter.id)
        )
    )


def create_saved_filter(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, scope_id: str, data: SavedFilterCreateIn
) -> SavedFilter:
    """Save a query under a name; a query that does not parse is a 400 naming the bad term."""
    project, scope = _load(session, actor, workspace_id, project_id, scope_id)
    parsed = filters.parse(data.query, field_name="query")
    wanted = data.name.casefold()
    names = session.scalars(select(SavedFilter.name).where(SavedFilter.scope_id == scope.id)).all()
    if any(name.casefold() == wanted for name in names):
        raise Conflict(f"A saved filter named '{data.name}' already exists in this scope")
    if len(names) >= MAX_FILTERS_PER_SCOPE:
        raise Conflict(f"A scope holds at most {MAX_FILTERS_PER_SCOPE} saved filters")
    saved = SavedFilter(scope_id=scope.id, name=data.name, query=parsed.text, created_by=actor.user_id)
    session.add(saved)
    session.flush()
    emit(session, _event(SavedFilterCreated, actor, project, saved))
    session.flush()
    return saved


def delete_saved_filter(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, scope_id: str, filter_id: str
) -> None:
    project, scope = _load(session, actor, workspace_id, project_id, scope_id)
    saved = session.get(SavedFilter, filter_id) if is_id(filter_id) else None
    if saved is None or saved.scope_id != scope.id:
        raise NotFound("Saved filter not found")
    emit(session, _event(SavedFilterDeleted, actor, project, saved))
    session.delete(saved)
    session.flush()
