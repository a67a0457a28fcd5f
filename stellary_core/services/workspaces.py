"""Workspaces, their members and invitations."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.errors import Conflict, Forbidden, Invalid, NotFound
from stellary_core.event_types import (
    Actor,
    InvitationAccepted,
    InvitationCreated,
    MemberAdded,
    MemberRemoved,
    MemberRoleChanged,
    WorkspaceCreated,
)
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import (
    Invitation,
    OrgMember,
    User,
    Workspace,
    WorkspaceMember,
)
from stellary_core.principal import Principal
from stellary_core.schemas.organizations import InviteIn, WorkspaceCreateIn, WorkspaceMemberUpdateIn
from stellary_core.services import access
from stellary_core.services.accounts import hash_secret
from stellary_core.services.departures import leave_workspaces

INVITATION_LIFETIME = timedelta(days=7)


@dataclass(frozen=True)
class WorkspaceView:
    workspace: Workspace
    my_role: str | None
    my_pilotage_role: str | None


@dataclass(frozen=True)
class WorkspaceMemberView:
    user_id: str
    email: str
    name: str
    role: str
    pilotage_role: str
    joined_at: datetime


@dataclass(frozen=True)
class InvitationView:
    invitation: Invitation
    token: str | None  # only right after creation


def _view(found: access.WorkspaceAccess) -> WorkspaceView:
    return WorkspaceView(found.workspace, found.role, found.pilotage_role)


def create_workspace(session: Session, *, actor: Principal, org_slug: str, data: WorkspaceCreateIn) -> WorkspaceView:
    found = access.org_by_slug(session, actor=actor, org_slug=org_slug)
    if not found.is_admin:
        raise Forbidden("Only organization owners and admins can create workspaces")
    clash = session.scalar(select(Workspace.id).where(Workspace.org_id == found.org.id, Workspace.slug == data.slug))
    if clash is not None:
        raise Conflict("A workspace with this slug already exists in the organization")
    workspace = Workspace(org_id=found.org.id, name=data.name, slug=data.slug, owner_id=actor.user_id)
    session.add(workspace)
    session.flush()
    session.add(WorkspaceMember(workspace_id=workspace.id, user_id=actor.user_id, role="admin", pilotage_role="owner"))
    session.flush()
    emit(
        session,
        WorkspaceCreated(
            actor=Actor.of(actor),
            workspace_id=workspace.id,
            data={"orgId": found.org.id, "slug": workspace.slug, "name": workspace.name},
        ),
    )
    return WorkspaceView(workspace, "admin", "owner")


def list_workspaces(session: Session, *, actor: Principal, org_slug: str) -> list[WorkspaceView]:
    """Owners and admins of the organization see every workspace; members see theirs."""
    found = access.org_by_slug(session, actor=actor, org_slug=org_slug)
    query = (
        select(Workspace, WorkspaceMember.role, WorkspaceMember.pilotage_role)
        .outerjoin(
            WorkspaceMember,
            (WorkspaceMember.workspace_id == Workspace.id) & (WorkspaceMember.user_id == actor.user_id),
        )
        .where(Workspace.org_id == found.org.id)
        .order_by(Workspace.is_personal.desc(), Workspace.created_at, Workspace.id)
    )
    if not found.is_admin:
        query = query.where(WorkspaceMember.user_id.is_not(None))
    return [WorkspaceView(ws, role, pilot) for ws, role, pilot in session.execute(query).all()]


def list_my_workspaces(session: Session, *, actor: Principal) -> list[tuple[str, WorkspaceView]]:
    """Every workspace the actor belongs to, with its organization slug (for the navigator)."""
    from stellary_core.services.organizations import list_organizations

    result: list[tuple[str, WorkspaceView]] = []
    for org_view in list_organizations(session, actor=actor):
        for ws in list_workspaces(session, actor=actor, org_slug=org_view.org.slug):
            result.append((org_view.org.slug, ws))
    return result


def get_workspace(session: Session, *, actor: Principal, org_slug: str, ws_slug: str) -> WorkspaceView:
    return _view(access.workspace_by_slugs(session, actor=actor, org_slug=org_slug, ws_slug=ws_slug))


def list_members(session: Session, *, actor: Principal, workspace_id: str) -> list[WorkspaceMemberView]:
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    rows = session.execute(
        select(WorkspaceMember, User)
        .join(User, User.id == WorkspaceMember.user_id)
        .where(WorkspaceMember.workspace_id == workspace_id)
        .order_by(WorkspaceMember.created_at, User.email)
    ).all()
    return [WorkspaceMemberView(u.id, u.email, u.name, m.role, m.pilotage_role, m.created_at) for m, u in rows]


def is_member(session: Session, *, workspace_id: str, user_id: str) -> bool:
    return session.get(WorkspaceMember, (workspace_id, user_id)) is not None


def _member(session: Session, workspace_id: str, user_id: str) -> tuple[WorkspaceMember, User]:
    member = session.get(WorkspaceMember, (workspace_id, user_id)) if is_id(user_id) else None
    user = session.get(User, user_id) if member else None
    if member is None or user is None:
        raise NotFound("Member not found")
    return member, user


def update_member(
    session: Session, *, actor: Principal, workspace_id: str, user_id: str, data: WorkspaceMemberUpdateIn
) -> WorkspaceMemberView:
    found = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    access.require_workspace_admin(found, "change member roles")
    member, user = _member(session, workspace_id, user_id)
    if user.id == found.workspace.owner_id and (
        (data.role is not None and data.role != member.role)
        or (data.pilotage_role is not None and data.pilotage_role != member.pilotage_role)
    ):
        raise Forbidden("The workspace owner's roles cannot be changed")
    before = (member.role, member.pilotage_role)
    if data.role is not None:
        member.role = data.role
    if data.pilotage_role is not None:
        member.pilotage_role = data.pilotage_role
    if (member.role, member.pilotage_role) != before:
        emit(
            session,
            MemberRoleChanged(
                actor=Actor.of(actor),
                workspace_id=workspace_id,
                data={"userId": user.id, "role": member.role, "pilotageRole": member.pilotage_role},
            ),
        )
    session.flush()
    access.forget_access(session)
    return WorkspaceMemberView(user.id, user.email, user.name, member.role, member.pilotage_role, member.created_at)


def add_member(
    session: Session, *, actor: Principal, workspace_id: str, email: str, role: str = "member"
) -> WorkspaceMemberView:
    """Add an existing organization member to the workspace directly (no invitation needed)."""
    found = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    access.require_workspace_admin(found, "add members")
    if role not in ("admin", "member"):
        raise Invalid.field("role", "must be admin or member")
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or session.get(OrgMember, (found.org.id, user.id)) is None:
        raise NotFound("No member of this organization has this email; send an invitation instead")
    if is_member(session, workspace_id=workspace_id, user_id=user.id):
        raise Conflict("This user is already a member of the workspace")
    member = WorkspaceMember(workspace_id=workspace_id, user_id=user.id, role=role, pilotage_role="viewer")
    session.add(member)
    session.flush()
    emit(session, MemberAdded(actor=Actor.of(actor), workspace_id=workspace_id, data={"userId": user.id, "role": role}))
    session.flush()
    access.forget_access(session)
    return WorkspaceMemberView(user.id, user.email, user.name, member.role, member.pilotage_role, member.created_at)


def remove_member(session: Session, *, actor: Principal, workspace_id: str, user_id: str) -> None:
    found = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    member, user = _member(session, workspace_id, user_id)
    if user.id != actor.user_id:
        access.require_workspace_admin(found, "remove members")
    if user.id == found.workspace.owner_id:
        raise Forbidden("The workspace owner cannot be removed")
    leave_workspaces(session, user_id=member.user_id, workspace_ids=[workspace_id])
    emit(session, MemberRemoved(actor=Actor.of(actor), workspace_id=workspace_id, data={"userId": user.id}))
    session.flush()
    access.forget_access(session)


def invite(session: Session, *, actor: Principal, workspace_id: str, data: InviteIn) -> InvitationView:
    """A single-use token bound to the email, valid 7 days; the inviter passes it on."""
    found = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    access.require_workspace_admin(found, "invite members")
    existing = session.scalar(select(User).where(User.email == data.email))
    if existing is not None and is_member(session, workspace_id=workspace_id, user_id=existing.id):
        raise Conflict("This user is already a member of the workspace")
    # Inviting the same email again (a lost token, another role) replaces the pending
    # invitation: one live token per person, and the old one now answers "expired".
    now = utcnow()
    session.execute(
        update(Invitation)
        .where(
            Invitation.workspace_id == workspace_id,
            Invitation.email == data.email,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(expires_at=now)
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        workspace_id=workspace_id,
        email=data.email,
        role=data.role,
        token_hash=hash_secret(token),
        invited_by=actor.user_id,
        expires_at=now + INVITATION_LIFETIME,
    )
    session.add(invitation)
    session.flush()
    # The token is a secret of the inviter's answer: never in an event.
    emit(
        session,
        InvitationCreated(
            actor=Actor.of(actor),
            workspace_id=workspace_id,
            data={"invitationId": invitation.id, "email": invitation.email, "role": invitation.role},
        ),
    )
    return InvitationView(invitation, token)


def list_invitations(session: Session, *, actor: Principal, workspace_id: str) -> list[InvitationView]:
    """Pending (unused, unexpired) invitations, for admins."""
    found = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    access.require_workspace_admin(found, "see invitations")
    rows = session.scalars(
        select(Invitation)
        .where(Invitation.workspace_id == workspace_id, Invitation.accepted_at.is_(None), Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at.desc())
    )
    return [InvitationView(i, None) for i in rows]


def accept_invitation(session: Session, *, actor: Principal, token: str) -> WorkspaceView:
    """Join the invitation's workspace (and its organization as member if needed)."""
    invitation = session.scalar(select(Invitation).where(Invitation.token_hash == hash_secret(token)))
    if invitation is None:
        raise NotFound("Invitation not found")
    user = session.get(User, actor.user_id)
    if user is None or user.email != invitation.email:
        raise Forbidden("This invitation was sent to another email address")
    if invitation.accepted_at is not None:
        raise Conflict("This invitation has already been used")
    if invitation.expires_at <= utcnow():
        raise Conflict("This invitation has expired")
    workspace = session.get(Workspace, invitation.workspace_id)
    if workspace is None:
        raise NotFound("Invitation not found")
    if is_member(session, workspace_id=workspace.id, user_id=user.id):
        raise Conflict("You are already a member of this workspace")
    if session.get(OrgMember, (workspace.org_id, user.id)) is None:
        session.add(OrgMember(org_id=workspace.org_id, user_id=user.id, role="member"))
    session.add(WorkspaceMember(workspace_id=workspace.id, user_id=user.id, role=invitation.role, pilotage_role="viewer"))
    invitation.accepted_at = utcnow()
    invitation.accepted_by = user.id
    session.flush()
    joined = Actor.of(actor)
    emit(
        session,
        InvitationAccepted(
            actor=joined,
            workspace_id=workspace.id,
            data={"invitationId": invitation.id, "userId": user.id, "role": invitation.role},
        ),
    )
    emit(session, MemberAdded(actor=joined, workspace_id=workspace.id, data={"userId": user.id, "role": invitation.role}))
    session.flush()
    access.forget_access(session)
    return WorkspaceView(workspace, invitation.role, "viewer")
