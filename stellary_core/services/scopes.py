"""Scopes: the work packages of a project, each with its own columns, cards and active view.

Every project has one default scope (``Main``), made with the project; it
cannot be deleted, since the project-level column and card routes act on it.
Scope order is 0-based and contiguous within a project, like column order:
whatever renumbers it (a scope created, moved or deleted) first locks the
project's scope rows, in id order, then reads the orders (``_lock_orders``).

For the TUI: ``list_scopes`` gives the tabs (with counts), ``get_scope`` a
scope's columns, ``set_active_view`` remembers which view it shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import ObjectDeletedError

from stellary_core.db import database_of
from stellary_core.errors import Conflict, Invalid, NotFound
from stellary_core.event_types import ProjectEvent, ScopeCreated, ScopeDeleted, ScopeUpdated, ScopeViewChanged, project_event
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import VIEW_TYPES, Attachment, BoardColumn, Card, Project, Scope
from stellary_core.principal import Principal
from stellary_core.schemas.scopes import ScopeCreateIn, ScopeUpdateIn
from stellary_core.services import access, files
from stellary_core.services.columns import columns_of_scope
from stellary_core.services.projects import add_columns
from stellary_core.services.templates import DEFAULT_COLUMNS, Template, find_template

MAX_SCOPES_PER_PROJECT = 100
MAX_SETTINGS_CHARS = 10_000


@dataclass(frozen=True)
class ScopeSummary:
    """A scope with its counts (active cards, columns)."""

    scope: Scope
    card_count: int
    column_count: int


@dataclass(frozen=True)
class ScopeDetails(ScopeSummary):
    """A scope with its counts and its columns in order."""

    columns: list[BoardColumn]


@dataclass(frozen=True)
class ScopeViews:
    available: tuple[str, ...]
    active_view: str


# -- lookups ---------------------------------------------------------------


def scope_of_project(session: Session, project: Project, scope_id: str) -> Scope:
    """A scope of the project; anything else (another project's, a malformed id) is a 404."""
    scope = session.get(Scope, scope_id) if is_id(scope_id) else None
    if scope is None or scope.project_id != project.id:
        raise NotFound("Scope not found")
    return scope


def _load(session: Session, actor: Principal, workspace_id: str, project_id: str, scope_id: str) -> tuple[Project, Scope]:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    return project, scope_of_project(session, project, scope_id)


def _lock_project_scopes(session: Session, project_id: str) -> None:
    """Hold the project's scope rows until the transaction ends (SQLite's one writer needs no lock).

    ``FOR NO KEY UPDATE``: cards and columns may still be added to the scopes meanwhile.
    """
    if session.get_bind().dialect.name == "sqlite":
        return
    session.execute(select(Scope.id).where(Scope.project_id == project_id).order_by(Scope.id).with_for_update(key_share=True))


def _lock_orders(session: Session, scope: Scope) -> None:
    """Lock the project's scopes, then read ``scope`` again: its order may have moved while this waited."""
    _lock_project_scopes(session, scope.project_id)
    try:
        session.refresh(scope)
    except ObjectDeletedError:
        raise NotFound("Scope not found") from None


def _card_counts(session: Session, project_id: str) -> dict[str, int]:
    rows = session.execute(
        select(Card.scope_id, func.count(Card.id))
        .where(Card.project_id == project_id, Card.archived.is_(False))
        .group_by(Card.scope_id)
    )
    return {scope_id: count for scope_id, count in rows}


def _column_counts(session: Session, project_id: str) -> dict[str, int]:
    rows = session.execute(
        select(BoardColumn.scope_id, func.count(BoardColumn.id))
        .where(BoardColumn.project_id == project_id)
        .group_by(BoardColumn.scope_id)
    )
    return {scope_id: count for scope_id, count in rows}


def _details(session: Session, scope: Scope) -> ScopeDetails:
    columns = columns_of_scope(session, scope.id)
    count = session.scalar(select(func.count(Card.id)).where(Card.scope_id == scope.id, Card.archived.is_(False))) or 0
    return ScopeDetails(scope, count, len(columns), columns)


# -- rules -----------------------------------------------------------------


def _check_name_free(session: Session, project_id: str, name: str, excluding: str | None = None) -> None:
    """Scope names are unique in a project (any case), so a scope can be picked by name."""
    wanted = name.casefold()
    for scope_id, existing in session.execute(select(Scope.id, Scope.name).where(Scope.project_id == project_id)):
        if scope_id != excluding and existing.casefold() == wanted:
            raise Conflict(f"A scope named '{existing}' already exists in this project")


def _merged_settings(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = dict(current)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    if len(json.dumps(merged)) > MAX_SETTINGS_CHARS:
        raise Invalid.field("settings", f"must stay under {MAX_SETTINGS_CHARS} characters of JSON")
    return merged


def _reorder(session: Session, scope: Scope, new_order: int) -> None:
    count = session.scalar(select(func.count(Scope.id)).where(Scope.project_id == scope.project_id)) or 1
    new_order = max(0, min(new_order, count - 1))
    old = scope.order
    if new_order < old:
        session.execute(
            update(Scope)
            .where(Scope.project_id == scope.project_id, Scope.order >= new_order, Scope.order < old, Scope.id != scope.id)
            .values(order=Scope.order + 1)
        )
    elif new_order > old:
        session.execute(
            update(Scope)
            .where(Scope.project_id == scope.project_id, Scope.order > old, Scope.order <= new_order, Scope.id != scope.id)
            .values(order=Scope.order - 1)
        )
    scope.order = new_order


def _event(kind: type[ProjectEvent], actor: Principal, project: Project, scope: Scope, **data: Any) -> ProjectEvent:
    return project_event(kind, actor, project, scopeId=scope.id, name=scope.name, **data)


# -- reads -----------------------------------------------------------------


def list_scopes(session: Session, *, actor: Principal, workspace_id: str, project_id: str) -> list[ScopeSummary]:
    """The project's scopes in order, each with its active-card and column counts (three queries)."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    scopes = session.scalars(select(Scope).where(Scope.project_id == project.id).order_by(Scope.order, Scope.id)).all()
    cards, columns = _card_counts(session, project.id), _column_counts(session, project.id)
    return [ScopeSummary(s, cards.get(s.id, 0), columns.get(s.id, 0)) for s in scopes]


def get_scope(session: Session, *, actor: Principal, workspace_id: str, project_id: str, scope_id: str) -> ScopeDetails:
    _, scope = _load(session, actor, workspace_id, project_id, scope_id)
    return _details(session, scope)


def get_views(session: Session, *, actor: Principal, workspace_id: str, project_id: str, scope_id: str) -> ScopeViews:
    _, scope = _load(session, actor, workspace_id, project_id, scope_id)
    return ScopeViews(VIEW_TYPES, scope.active_view)


# -- changes ---------------------------------------------------------------


def create_scope(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, data: ScopeCreateIn
) -> ScopeDetails:
    """A new scope after the others, with the default columns or those of ``templateId``."""
    from stellary_core.services.cards import add_sample_cards  # cards builds on projects and columns

    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    template: Template | None = None
    if data.template_id is not None:
        template = find_template(data.template_id)
        if template is None:
            raise Invalid.field("templateId", "is not a known template (see /projects/templates)")
    settings = _merged_settings({}, data.settings or {})
    _lock_project_scopes(session, project.id)
    count = session.scalar(select(func.count(Scope.id)).where(Scope.project_id == project.id)) or 0
    if count >= MAX_SCOPES_PER_PROJECT:
        raise Conflict(f"A project holds at most {MAX_SCOPES_PER_PROJECT} scopes")
    _check_name_free(session, project.id, data.name)
    scope = Scope(
        project_id=project.id,
        name=data.name,
        description=data.description,
        is_default=False,
        order=count,
        active_view="kanban",
        settings=settings,
    )
    session.add(scope)
    session.flush()
    columns = add_columns(session, project, scope, template.columns if template else DEFAULT_COLUMNS)
    add_sample_cards(session, actor=actor, project=project, columns=columns, samples=template.sample_cards if template else ())
    emit(session, _event(ScopeCreated, actor, project, scope))
    session.flush()
    return _details(session, scope)


def update_scope(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, scope_id: str, data: ScopeUpdateIn
) -> ScopeDetails:
    """Rename, describe, reorder (others renumbered) or merge settings into a scope."""
    project, scope = _load(session, actor, workspace_id, project_id, scope_id)
    given = data.given()
    for name in ("name", "order", "settings"):
        if name in given and getattr(data, name) is None:
            raise Invalid.field(name, "cannot be null")
    if "order" in given:
        _lock_orders(session, scope)  # before any change: the refresh would drop it
    changed: list[str] = []
    if "name" in given and data.name != scope.name:
        assert data.name is not None
        _check_name_free(session, project.id, data.name, excluding=scope.id)
        scope.name = data.name
        changed.append("name")
    if "description" in given and data.description != scope.description:
        scope.description = data.description
        changed.append("description")
    if "settings" in given:
        scope.settings = _merged_settings(scope.settings or {}, data.settings or {})
        changed.append("settings")
    if "order" in given and data.order != scope.order:
        assert data.order is not None
        _reorder(session, scope, data.order)
        changed.append("order")
    if changed:
        emit(session, _event(ScopeUpdated, actor, project, scope, fields=changed))
    session.flush()
    session.refresh(scope)
    return _details(session, scope)


def set_active_view(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, scope_id: str, view: str
) -> ScopeViews:
    """Remember which of the five views the scope shows."""
    project, scope = _load(session, actor, workspace_id, project_id, scope_id)
    if view not in VIEW_TYPES:
        raise Invalid.field("activeView", f"must be one of {', '.join(VIEW_TYPES)}")
    if view != scope.active_view:
        scope.active_view = view
        # Its own event type: a remembered choice of view, which no board needs to reload for.
        emit(session, _event(ScopeViewChanged, actor, project, scope, activeView=view))
    session.flush()
    return ScopeViews(VIEW_TYPES, scope.active_view)


def delete_scope(session: Session, *, actor: Principal, workspace_id: str, project_id: str, scope_id: str) -> None:
    """Delete a scope with its columns, cards and saved filters; then its cards' attachment files.

    The default scope is a 409: the project-level routes act on it.
    """
    project, scope = _load(session, actor, workspace_id, project_id, scope_id)
    if scope.is_default:
        raise Conflict("The default scope of a project cannot be deleted")
    _lock_orders(session, scope)
    attachment_ids = list(
        session.scalars(select(Attachment.id).join(Card, Card.id == Attachment.card_id).where(Card.scope_id == scope.id))
    )
    emit(session, _event(ScopeDeleted, actor, project, scope))
    # Columns, cards and what hangs off them go with the row (ON DELETE CASCADE).
    session.delete(scope)
    session.flush()
    session.execute(
        update(Scope)
        .where(Scope.project_id == project.id, Scope.order > scope.order)
        .values(order=Scope.order - 1)
    )
    session.flush()
    files.remove_files_after_commit(session, attachment_ids)
