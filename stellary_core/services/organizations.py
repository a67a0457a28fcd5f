"""Organizations and their members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.db import database_of
from stellary_core.errors import Conflict, Forbidden, Invalid, NotFound
from stellary_core.event_types import (
    Actor,
    MemberAdded,
    MemberRemoved,
    MemberRoleChanged,
    OrganizationCreated,
    OrganizationDeleted,
    OrganizationUpdated,
    WorkspaceCreated,
)
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import (
    Organization,
    OrgMember,
    User,
    Workspace,
    WorkspaceMember,
)
from stellary_core.principal import Principal
from stellary_core.schemas.organizations import (
    OrganizationCreateIn,
    OrganizationUpdateIn,
    OrgMemberAddIn,
    OrgMemberUpdateIn,
)
from stellary_core.services import access, files
from stellary_core.services.departures import leave_workspaces
from stellary_core.slugs import slugify, unique_slug


@dataclass(frozen=True)
class OrgView:
    org: Organization
    my_role: str


@dataclass(frozen=True)
class OrgMemberView:
    user_id: str
    role: str
    email: str
    name: str
    joined_at: datetime


def _slug_taken(session: Session, slug: str) -> bool:
    return session.scalar(select(Organization.id).where(Organization.slug == slug)) is not None


def create_personal_space(session: Session, *, user: User) -> Workspace:
    """The personal organization (owner) and workspace (owner, admin, pilotage owner) of a new user."""
    display = user.name or user.email.split("@")[0]
    slug = unique_slug(slugify(display, fallback="personal"), lambda s: _slug_taken(session, s))
    org = Organization(name=f"{display}'s organization"[:200], slug=slug, owner_id=user.id)
    session.add(org)
    session.flush()
    session.add(OrgMember(org_id=org.id, user_id=user.id, role="owner"))
    workspace = Workspace(org_id=org.id, name="Personal", slug="personal", owner_id=user.id, is_personal=True)
    session.add(workspace)
    session.flush()
    session.add(WorkspaceMember(workspace_id=workspace.id, user_id=user.id, role="admin", pilotage_role="owner"))
    session.flush()
    newcomer = Actor.user(user.id)
    emit(session, OrganizationCreated(actor=newcomer, data={"orgId": org.id, "slug": org.slug, "name": org.name}))
    emit(
        session,
        WorkspaceCreated(
            actor=newcomer,
            workspace_id=workspace.id,
            data={"orgId": org.id, "slug": workspace.slug, "name": workspace.name},
        ),
    )
    return workspace


def create_organization(session: Session, *, actor: Principal, data: OrganizationCreateIn) -> OrgView:
    if _slug_taken(session, data.slug):
        raise Conflict("An organization with this slug already exists")
    org = Organization(name=data.name, slug=data.slug, owner_id=actor.user_id)
    session.add(org)
    session.flush()
    session.add(OrgMember(org_id=org.id, user_id=actor.user_id, role="owner"))
    session.flush()
    emit(session, OrganizationCreated(actor=Actor.of(actor), data={"orgId": org.id, "slug": org.slug, "name": org.name}))
    return OrgView(org, "owner")


def list_organizations(session: Session, *, actor: Principal) -> list[OrgView]:
    rows = session.execute(
        select(Organization, OrgMember.role)
        .join(OrgMember, OrgMember.org_id == Organization.id)
        .where(OrgMember.user_id == actor.user_id)
        .order_by(Organization.created_at, Organization.id)
    ).all()
    return [OrgView(org, role) for org, role in rows]


def get_organization(session: Session, *, actor: Principal, org_slug: str) -> OrgView:
    found = access.org_by_slug(session, actor=actor, org_slug=org_slug)
    return OrgView(found.org, found.role)


def update_organization(
    session: Session, *, actor: Principal, org_slug: str, data: OrganizationUpdateIn
) -> OrgView:
    found = access.org_by_slug(session, actor=actor, org_slug=org_slug)
    if not found.is_admin:
        raise Forbidden("Only organization owners and admins can update it")
    for name in ("name", "slug"):
        if name in data.given() and getattr(data, name) is None:
            raise Invalid.field(name, "cannot be null")
    org = found.org
    changed: list[str] = []
    if data.slug is not None and data.slug != org.slug:
        if _slug_taken(session, data.slug):
            raise Conflict("An organization with this slug already exists")
        org.slug = data.slug
        changed.append("slug")
    if data.name is not None and data.name != org.name:
        org.name = data.name
        changed.append("name")
    session.flush()
    access.forget_access(session)
    if changed:
        emit(
            session,
            OrganizationUpdated(
                actor=Actor.of(actor), data={"orgId": org.id, "slug": org.slug, "name": org.name, "fields": changed}
            ),
        )
    return OrgView(org, found.role)


def delete_organization(session: Session, *, actor: Principal, org_slug: str) -> None:
    """Delete an organization and everything in it, attachment files included. Owner only."""
    found = access.org_by_slug(session, actor=actor, org_slug=org_slug)
    if found.role != "owner":
        raise Forbidden("Only the organization owner can delete it")
    attachment_ids = files.attachment_ids_of_org(session, found.org.id)
    emit(
        session,
        OrganizationDeleted(actor=Actor.of(actor), data={"orgId": found.org.id, "slug": found.org.slug, "name": found.org.name}),
    )
    session.delete(found.org)
    session.flush()
    access.forget_access(session)
    files.remove_files_after_commit(session, attachment_ids)


def list_members(session: Session, *, actor: Principal, org_slug: str) -> list[OrgMemberView]:
    org = access.org_by_slug(session, actor=actor, org_slug=org_slug).org
    rows = session.execute(
        select(OrgMember, User)
        .join(User, User.id == OrgMember.user_id)
        .where(OrgMember.org_id == org.id)
        .order_by(OrgMember.created_at, User.email)
    ).all()
    return [OrgMemberView(u.id, m.role, u.email, u.name, m.created_at) for m, u in rows]


def _require_member_admin(found: access.OrgAccess) -> None:
    if not found.is_admin:
        raise Forbidden("Only organization owners and admins can manage members")


def add_member(session: Session, *, actor: Principal, org_slug: str, data: OrgMemberAddIn) -> OrgMemberView:
    found = access.org_by_slug(session, actor=actor, org_slug=org_slug)
    _require_member_admin(found)
    if data.role == "admin" and found.role != "owner":
        raise Forbidden("Only the organization owner can make admins")
    user = session.scalar(select(User).where(User.email == data.email))
    if user is None:
        raise NotFound("No user with this email")
    if session.get(OrgMember, (found.org.id, user.id)) is not None:
        raise Conflict("This user is already a member of the organization")
    member = OrgMember(org_id=found.org.id, user_id=user.id, role=data.role)
    session.add(member)
    session.flush()
    emit(session, MemberAdded(actor=Actor.of(actor), data={"userId": user.id, "orgId": found.org.id, "role": data.role}))
    session.flush()
    return OrgMemberView(user.id, member.role, user.email, user.name, member.created_at)


def _target_member(session: Session, org_id: str, user_id: str) -> tuple[OrgMember, User]:
    member = session.get(OrgMember, (org_id, user_id)) if is_id(user_id) else None
    user = session.get(User, user_id) if member else None
    if member is None or user is None:
        raise NotFound("Member not found")
    return member, user


def update_member(
    session: Session, *, actor: Principal, org_slug: str, user_id: str, data: OrgMemberUpdateIn
) -> OrgMemberView:
    found = access.org_by_slug(session, actor=actor, org_slug=org_slug)
    _require_member_admin(found)
    member, user = _target_member(session, found.org.id, user_id)
    if member.role == "owner":
        raise Forbidden("The owner's role cannot be changed")
    if found.role != "owner" and (data.role == "admin" or member.role == "admin"):
        raise Forbidden("Only the organization owner can make or unmake admins")
    if data.role != member.role:
        member.role = data.role
        emit(session, MemberRoleChanged(actor=Actor.of(actor), data={"userId": user.id, "orgId": found.org.id, "role": data.role}))
    session.flush()
    access.forget_access(session)
    return OrgMemberView(user.id, member.role, user.email, user.name, member.created_at)


def remove_member(session: Session, *, actor: Principal, org_slug: str, user_id: str) -> None:
    """Remove someone from an organization and from all its workspaces and projects."""
    found = access.org_by_slug(session, actor=actor, org_slug=org_slug)
    member, user = _target_member(session, found.org.id, user_id)
    leaving_self = user.id == actor.user_id
    if member.role == "owner":
        raise Forbidden("The organization owner cannot be removed")
    if not leaving_self:
        _require_member_admin(found)
        if member.role == "admin" and found.role != "owner":
            raise Forbidden("Only the organization owner can remove admins")
    org_id = found.org.id
    workspace_ids = select(Workspace.id).where(Workspace.org_id == org_id).scalar_subquery()
    leave_workspaces(session, user_id=user.id, workspace_ids=workspace_ids)
    _hand_over_workspaces(session, found.org, user.id)
    session.delete(member)
    emit(session, MemberRemoved(actor=Actor.of(actor), data={"userId": user.id, "orgId": org_id}))
    session.flush()
    access.forget_access(session)


def _hand_over_workspaces(session: Session, org: Organization, leaving_user_id: str) -> None:
    """Workspaces owned by someone leaving the organization pass to its owner, so none is left ownerless."""
    owned = session.scalars(select(Workspace).where(Workspace.org_id == org.id, Workspace.owner_id == leaving_user_id))
    for workspace in owned:
        workspace.owner_id = org.owner_id
        heir = session.get(WorkspaceMember, (workspace.id, org.owner_id))
        if heir is None:
            session.add(WorkspaceMember(workspace_id=workspace.id, user_id=org.owner_id, role="admin", pilotage_role="owner"))
        else:
            heir.role, heir.pilotage_role = "admin", "owner"
