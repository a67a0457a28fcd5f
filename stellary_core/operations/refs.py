"""Operation inputs name things the way each caller knows them, and resolve them once, here.

A workspace is given by its slugs (REST paths) or its id (the TUI); a project
by id, name or card-key prefix; a card by id or key (``GS-12``), its project
then optional; a scope or a column by id or name; a user by id or email.
Anything the actor cannot see is a NotFound, as everywhere; a name that fits
several things is a Conflict listing them, so an assistant or a script can
pick one.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel
from sqlalchemy import func, or_, select

from stellary_core.errors import Conflict, Invalid, NotFound
from stellary_core.ids import is_id
from stellary_core.models import BoardColumn, Card, Label, Project, Scope, User, Workspace, WorkspaceMember
from stellary_core.operations.registry import OperationContext
from stellary_core.services import access
from stellary_core.services.access import WorkspaceAccess
from stellary_core.services.projects import default_scope, resolve_scope
from stellary_core.rows_by_id import row_by_id


class OperationInput(BaseModel):
    """Base of operation inputs: camelCase aliases for MCP and scripts, Python names in code."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True)


class NoInput(OperationInput):
    """Nothing to name: the operation acts on the actor's own things (profile, tokens, notifications...)."""


class InWorkspace(OperationInput):
    """A workspace by ``orgSlug`` + ``wsSlug`` or by ``workspaceId``; neither means the actor's personal one."""

    org_slug: str | None = None
    ws_slug: str | None = None
    workspace_id: str | None = None


class InProject(InWorkspace):
    """A project by id, name or key prefix; without a workspace, among every workspace the actor sees."""

    project: str


class OnCard(InWorkspace):
    """A card by id or key; its project (by id or name) may be left out, the key or id tells it."""

    project: str | None = None
    card: str


_KEY = re.compile(r"^\s*([A-Za-z0-9]+)-(\d+)\s*$")


def workspace(ctx: OperationContext, ref: InWorkspace) -> WorkspaceAccess:
    if ref.workspace_id is not None:
        return access.workspace_by_id(ctx.session, actor=ctx.actor, workspace_id=ref.workspace_id)
    if ref.org_slug is not None and ref.ws_slug is not None:
        return access.workspace_by_slugs(ctx.session, actor=ctx.actor, org_slug=ref.org_slug, ws_slug=ref.ws_slug)
    if ref.org_slug is None and ref.ws_slug is None:
        return personal_workspace(ctx)
    raise Invalid.field("workspace", "give workspaceId, or orgSlug and wsSlug")


def personal_workspace(ctx: OperationContext) -> WorkspaceAccess:
    """The actor's own personal workspace: where a script or the CLI works when it names none."""
    workspace_id = ctx.session.scalar(
        select(Workspace.id).where(Workspace.owner_id == ctx.actor.user_id, Workspace.is_personal.is_(True))
    )
    if workspace_id is None:
        raise NotFound("Your personal workspace was not found; name a workspace")
    return access.workspace_by_id(ctx.session, actor=ctx.actor, workspace_id=workspace_id)


def _visible_workspace_ids(ctx: OperationContext) -> list[str]:
    return list(
        ctx.session.scalars(select(WorkspaceMember.workspace_id).where(WorkspaceMember.user_id == ctx.actor.user_id))
    )


def _names_workspace(ref: InWorkspace) -> bool:
    return ref.workspace_id is not None or ref.org_slug is not None


def project(ctx: OperationContext, ref: InProject | OnCard) -> tuple[WorkspaceAccess, Project]:
    """The project ``ref`` names (or, for a card given without one, the card's), with the actor's access to its workspace."""
    if _names_workspace(ref):
        ws = workspace(ctx, ref)
        return ws, _project_of(ctx, [ws.workspace.id], ref)
    found = _project_of(ctx, _visible_workspace_ids(ctx), ref)
    return access.workspace_by_id(ctx.session, actor=ctx.actor, workspace_id=found.workspace_id), found


def _project_of(ctx: OperationContext, workspace_ids: list[str], ref: InProject | OnCard) -> Project:
    if ref.project is not None:
        return _project_in(ctx, workspace_ids, ref.project)
    assert isinstance(ref, OnCard)  # only a card's reference may leave its project out
    return _card_project(ctx, workspace_ids, ref)


def spaces(ctx: OperationContext, ref: InWorkspace) -> list[WorkspaceAccess]:
    """The workspace ``ref`` names, or, when it names none, every workspace the actor is in (personal first)."""
    if _names_workspace(ref):
        return [workspace(ctx, ref)]
    found = [access.workspace_by_id(ctx.session, actor=ctx.actor, workspace_id=ws_id) for ws_id in _visible_workspace_ids(ctx)]
    return sorted(found, key=lambda ws: (not ws.workspace.is_personal, ws.workspace.created_at, ws.workspace.id))


def projects(ctx: OperationContext, ref: InWorkspace) -> list[tuple[WorkspaceAccess, Project]]:
    """Every project of ``spaces(ref)``, workspace by workspace, oldest first."""
    found = spaces(ctx, ref)
    by_id = {ws.workspace.id: ws for ws in found}
    rows = ctx.session.scalars(
        select(Project).where(Project.workspace_id.in_(list(by_id))).order_by(Project.created_at, Project.id)
    )
    order = {ws_id: i for i, ws_id in enumerate(by_id)}
    return sorted(((by_id[p.workspace_id], p) for p in rows), key=lambda pair: order[pair[0].workspace.id])


def _card_project(ctx: OperationContext, workspace_ids: list[str], ref: OnCard) -> Project:
    """The project of a card named by id or key alone (key prefixes are not unique: several is a Conflict)."""
    wanted = ref.card.strip()
    if is_id(wanted):
        by_id = row_by_id(ctx.session, Card, wanted)
        owner = row_by_id(ctx.session, Project, by_id.project_id) if by_id is not None else None
        if owner is not None and owner.workspace_id in workspace_ids:
            return owner
    if _KEY.match(wanted) is None:
        if is_id(wanted):
            raise NotFound("Card not found")
        raise Invalid.field("project", "is required unless the card is given by its key (GS-12) or id")
    owners = list(
        ctx.session.scalars(
            select(Project)
            .join(Card, Card.project_id == Project.id)
            .where(Project.workspace_id.in_(workspace_ids), Card.key == wanted.upper())
            .order_by(Project.created_at, Project.id)
        )
    )
    if not owners:
        raise NotFound("Card not found")
    if len(owners) > 1:
        listed = ", ".join(f"{p.name!r} ({p.id})" for p in owners)
        raise Conflict(f"Several projects have a card {wanted.upper()}: {listed}; give the project")
    return owners[0]


def _project_in(ctx: OperationContext, workspace_ids: list[str], ref: str) -> Project:
    """A project by id, name (any case) or card-key prefix (``GS``, ``gs``); two candidates are a Conflict."""
    if is_id(ref):
        by_id = row_by_id(ctx.session, Project, ref)
        if by_id is not None and by_id.workspace_id in workspace_ids:
            return by_id
    wanted = ref.strip()
    matches = list(
        ctx.session.execute(
            select(Project, Workspace.name)
            .join(Workspace, Workspace.id == Project.workspace_id)
            .where(
                Project.workspace_id.in_(workspace_ids),
                or_(func.lower(Project.name) == wanted.lower(), Project.key_prefix == wanted.upper()),
            )
            .order_by(Project.created_at, Project.id)
        )
    )
    if len(matches) > 1:
        named = ", ".join(f"{p.name} ({p.key_prefix})" for p, _ in matches)
        # The ids too, with where each lives: what a script or an assistant retries with.
        ids = ", ".join(f"{p.id} for {p.name} in workspace {ws_name!r}" for p, ws_name in matches)
        raise Conflict(f"{wanted!r} names several projects: {named}; give the project's id: {ids}")
    if not matches:
        raise NotFound("Project not found")
    project_row: Project = matches[0][0]
    return project_row


def card(ctx: OperationContext, project_row: Project, name: str) -> Card:
    """A card of the project by id or key (``gs-12`` works too)."""
    if is_id(name):
        by_id = row_by_id(ctx.session, Card, name)
        if by_id is not None and by_id.project_id == project_row.id:
            return by_id
    by_key = ctx.session.scalar(
        select(Card).where(Card.project_id == project_row.id, Card.key == name.strip().upper())
    )
    if by_key is None:
        raise NotFound("Card not found")
    return by_key


def scope(ctx: OperationContext, project_row: Project, name: str) -> Scope:
    """A scope of the project by id or name (names are unique in a project, in any case)."""
    if is_id(name):
        by_id = ctx.session.get(Scope, name)
        if by_id is not None and by_id.project_id == project_row.id:
            return by_id
    by_name = ctx.session.scalar(
        select(Scope).where(Scope.project_id == project_row.id, func.lower(Scope.name) == name.strip().lower())
    )
    if by_name is None:
        raise NotFound("Scope not found")
    return by_name


def column(
    ctx: OperationContext, project_row: Project, name: str, *, scope: Scope | None = None, field: str | None = None
) -> BoardColumn:
    """A column of the project by id, or by name (in ``scope``, else the project's default scope).

    Not found is a 404, or a 400 naming ``field`` when the column came as a filter or in a body.
    """
    if is_id(name):
        by_id = row_by_id(ctx.session, BoardColumn, name)
        if by_id is not None and by_id.project_id == project_row.id:
            return by_id
    in_scope = scope or default_scope(ctx.session, project_row.id)
    every = list(ctx.session.scalars(select(BoardColumn).where(BoardColumn.scope_id == in_scope.id).order_by(BoardColumn.order)))
    matches = [c for c in every if c.name.lower() == name.strip().lower()]
    if len(matches) > 1:
        listed = ", ".join(c.id for c in matches)
        raise Conflict(f"Several columns are named {name.strip()!r}: give the column's id, one of {listed}")
    if not matches:
        # A name that missed is answered with the names there are; an id stays a plain "not found".
        known = "" if is_id(name) else f" (the columns are {', '.join(repr(c.name) for c in every)})"
        if field is not None:
            raise Invalid.field(field, f"is not a column of this project{known}")
        raise NotFound(f"Column not found{known}")
    return matches[0]


def label(ctx: OperationContext, project_row: Project, name: str) -> Label:
    """A label of the project by id, or by name in any case (names are unique in a project).

    A name that misses is answered with the project's label names, so an assistant can pick one.
    """
    if is_id(name):
        by_id = ctx.session.get(Label, name)
        if by_id is not None and by_id.project_id == project_row.id:
            return by_id
    every = list(ctx.session.scalars(select(Label).where(Label.project_id == project_row.id).order_by(func.lower(Label.name))))
    for found in every:
        if found.name.lower() == name.strip().lower():
            return found
    if is_id(name):
        raise NotFound("Label not found")
    known = ", ".join(repr(found.name) for found in every) or "none yet"
    raise NotFound(f"Label not found (the project's labels are {known})")


def first_column(ctx: OperationContext, project_row: Project, scope_id: str | None = None) -> BoardColumn:
    """The first column of a scope of the project (its default scope unless ``scope_id``): where a new card goes."""
    in_scope = resolve_scope(ctx.session, project_row, scope_id, field="scopeId")
    found = ctx.session.scalar(
        select(BoardColumn).where(BoardColumn.scope_id == in_scope.id).order_by(BoardColumn.order, BoardColumn.id).limit(1)
    )
    if found is None:
        raise Invalid.field("column", "is required: the scope has no column yet")
    return found


def user(ctx: OperationContext, ws: WorkspaceAccess, name: str) -> User:
    """A member of the workspace by id or email."""
    condition = User.id == name if is_id(name) else func.lower(User.email) == name.strip().lower()
    found = ctx.session.scalar(
        select(User)
        .join(WorkspaceMember, WorkspaceMember.user_id == User.id)
        .where(WorkspaceMember.workspace_id == ws.workspace.id, condition)
    )
    if found is None:
        raise NotFound("User not found in this workspace")
    return found
