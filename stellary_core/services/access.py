"""Who may see what: membership lookups shared by every service.

Anything the actor cannot see is a NotFound, so existence never leaks; a
Forbidden means "you can see it, but your role does not allow this".
Memberships are cached on the session, since one request checks them more than once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import BindParameter, Select, and_, bindparam, or_, select
from sqlalchemy.orm import Session

from stellary_core.errors import Forbidden, NotFound
from stellary_core.ids import is_id
from stellary_core.models import Organization, OrgMember, Project, Workspace, WorkspaceMember
from stellary_core.principal import Principal
from stellary_core.rows_by_id import row_by_id


@dataclass(frozen=True)
class OrgAccess:
    org: Organization
    role: str  # owner | admin | member

    @property
    def is_admin(self) -> bool:
        return self.role in ("owner", "admin")


@dataclass(frozen=True)
class WorkspaceAccess:
    org: Organization
    workspace: Workspace
    org_role: str
    # None when an organization owner or admin looks at a workspace they are not in.
    role: str | None
    pilotage_role: str | None

    @property
    def is_admin(self) -> bool:
        """Workspace admins, and organization owners and admins, administer a workspace."""
        return self.role == "admin" or self.org_role in ("owner", "admin")


def _cache(session: Session) -> dict[tuple[str, str, str], object]:
    return session.info.setdefault("access_cache", {})  # type: ignore[no-any-return]


def forget_access(session: Session) -> None:
    """Drop cached memberships (after a membership change)."""
    session.info.pop("access_cache", None)


def org_role(session: Session, user_id: str, org_id: str) -> str | None:
    return session.scalar(select(OrgMember.role).where(OrgMember.org_id == org_id, OrgMember.user_id == user_id))


def org_by_slug(session: Session, *, actor: Principal, org_slug: str) -> OrgAccess:
    """The organization if the actor is a member of it; NotFound otherwise."""
    key = ("org", actor.user_id, org_slug)
    cached = _cache(session).get(key)
    if isinstance(cached, OrgAccess):
        return cached
    row = session.execute(
        select(Organization, OrgMember.role)
        .join(OrgMember, OrgMember.org_id == Organization.id)
        .where(Organization.slug == org_slug, OrgMember.user_id == actor.user_id)
    ).first()
    if row is None:
        raise NotFound("Organization not found")
    access = OrgAccess(org=row[0], role=row[1])
    _cache(session)[key] = access
    return access


def _workspace_access(session: Session, actor: Principal, workspace: Workspace) -> WorkspaceAccess:
    org = session.get(Organization, workspace.org_id)
    role_in_org = org_role(session, actor.user_id, workspace.org_id)
    if org is None or role_in_org is None:
        raise NotFound("Workspace not found")
    member = session.get(WorkspaceMember, (workspace.id, actor.user_id))
    if member is None and role_in_org not in ("owner", "admin"):
        raise NotFound("Workspace not found")
    return WorkspaceAccess(
        org=org,
        workspace=workspace,
        org_role=role_in_org,
        role=member.role if member else None,
        pilotage_role=member.pilotage_role if member else None,
    )


def visible_workspace_ids(user_id: str) -> Select[str]:
    """The ids of the workspaces ``user_id`` may open, as SQL: the rule of ``_workspace_access`` for many rows."""
    in_org = and_(OrgMember.org_id == Workspace.org_id, OrgMember.user_id == user_id)
    member = and_(WorkspaceMember.workspace_id == Workspace.id, WorkspaceMember.user_id == user_id)
    return (
        select(Workspace.id)
        .join(OrgMember, in_org)
        .outerjoin(WorkspaceMember, member)
        .where(or_(WorkspaceMember.user_id.is_not(None), OrgMember.role.in_(("owner", "admin"))))
    )


def workspace_by_id(session: Session, *, actor: Principal, workspace_id: str) -> WorkspaceAccess:
    """The workspace if the actor may see it; NotFound otherwise."""
    key = ("ws", actor.user_id, workspace_id)
    cached = _cache(session).get(key)
    if isinstance(cached, WorkspaceAccess):
        return cached
    workspace = session.get(Workspace, workspace_id) if is_id(workspace_id) else None
    if workspace is None:
        raise NotFound("Workspace not found")
    access = _workspace_access(session, actor, workspace)
    _cache(session)[key] = access
    return access


# Built once: nearly every request runs it, most inside the write lock.
_USER: BindParameter[str] = bindparam("user_id")
_WORKSPACE_BY_SLUGS = (
    select(Organization, OrgMember.role, Workspace, WorkspaceMember)
    .join(OrgMember, and_(OrgMember.org_id == Organization.id, OrgMember.user_id == _USER))
    .outerjoin(Workspace, and_(Workspace.org_id == Organization.id, Workspace.slug == bindparam("ws_slug")))
    .outerjoin(WorkspaceMember, and_(WorkspaceMember.workspace_id == Workspace.id, WorkspaceMember.user_id == _USER))
    .where(Organization.slug == bindparam("org_slug"))
)


def workspace_by_slugs(session: Session, *, actor: Principal, org_slug: str, ws_slug: str) -> WorkspaceAccess:
    """Resolve ``/orgs/:orgSlug/workspaces/:wsSlug`` for the actor; NotFound if hidden.

    One query (every REST request starts here, most inside the write lock):
    the organization with the actor's role in it, the workspace, and the
    actor's membership of it; the rule is ``_workspace_access``'s.
    """
    key = ("ws-slugs", actor.user_id, f"{org_slug}/{ws_slug}")
    cached = _cache(session).get(key)
    if isinstance(cached, WorkspaceAccess):
        return cached
    row = session.execute(
        _WORKSPACE_BY_SLUGS, {"user_id": actor.user_id, "org_slug": org_slug, "ws_slug": ws_slug}
    ).first()
    if row is None:
        raise NotFound("Organization not found")
    org, role_in_org, workspace, member = row
    _cache(session)[("org", actor.user_id, org_slug)] = OrgAccess(org=org, role=role_in_org)
    if workspace is None or (member is None and role_in_org not in ("owner", "admin")):
        raise NotFound("Workspace not found")
    access = WorkspaceAccess(
        org=org,
        workspace=workspace,
        org_role=role_in_org,
        role=member.role if member else None,
        pilotage_role=member.pilotage_role if member else None,
    )
    _cache(session)[key] = access
    _cache(session)[("ws", actor.user_id, workspace.id)] = access
    return access


def project_in_workspace(session: Session, *, actor: Principal, workspace_id: str, project_id: str) -> Project:
    """A project of a workspace the actor may see; NotFound for anything else."""
    workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    project = row_by_id(session, Project, project_id) if is_id(project_id) else None
    if project is None or project.workspace_id != workspace_id:
        raise NotFound("Project not found")
    return project


def require_workspace_admin(access: WorkspaceAccess, action: str = "do this") -> None:
    if not access.is_admin:
        raise Forbidden(f"Only workspace admins can {action}")
