"""Workspaces, their members and invitations."""

from __future__ import annotations

from stellary_core.operations import refs
from stellary_core.operations.catalog.organizations import OnOrganization
from stellary_core.operations.refs import InWorkspace, OperationInput
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.organizations import (
    InvitationCreatedOut,
    InvitationOut,
    InviteIn,
    OrgMemberAddIn,
    WorkspaceCreateIn,
    WorkspaceMemberOut,
    WorkspaceMemberUpdateIn,
    WorkspaceOut,
)
from stellary_core.services import workspaces

READ = "projects:read"
WRITE = "projects:write"


class CreateWorkspace(OnOrganization):
    data: WorkspaceCreateIn


@operation("create_workspace", input=CreateWorkspace, output=WorkspaceOut, scope=WRITE, writes=True)
def create_workspace(ctx: OperationContext, given: CreateWorkspace) -> WorkspaceOut:
    """Create a workspace in an organization (owners and admins)."""
    view = workspaces.create_workspace(ctx.session, actor=ctx.actor, org_slug=given.org_slug, data=given.data)
    return WorkspaceOut.of(view)


class ListWorkspaces(OperationInput):
    """An organization by its slug; none means every organization the actor is in."""

    org_slug: str | None = None


@operation("list_workspaces", input=ListWorkspaces, output=list[WorkspaceOut], scope=READ, writes=False)
def list_workspaces(ctx: OperationContext, given: ListWorkspaces) -> list[WorkspaceOut]:
    """The workspaces of an organization (or of all of the actor's) the actor may see, with the actor's roles."""
    if given.org_slug is None:
        return [WorkspaceOut.of(v) for _, v in workspaces.list_my_workspaces(ctx.session, actor=ctx.actor)]
    found = workspaces.list_workspaces(ctx.session, actor=ctx.actor, org_slug=given.org_slug)
    return [WorkspaceOut.of(v) for v in found]


@operation("get_workspace", input=InWorkspace, output=WorkspaceOut, scope=READ, writes=False)
def get_workspace(ctx: OperationContext, given: InWorkspace) -> WorkspaceOut:
    """One workspace with the actor's roles in it."""
    ws = refs.workspace(ctx, given)
    return WorkspaceOut.of(workspaces.WorkspaceView(ws.workspace, ws.role, ws.pilotage_role))


@operation("list_workspace_members", input=InWorkspace, output=list[WorkspaceMemberOut], scope=READ, writes=False)
def list_workspace_members(ctx: OperationContext, given: InWorkspace) -> list[WorkspaceMemberOut]:
    """The members of a workspace with their roles and pilotage roles."""
    ws = refs.workspace(ctx, given)
    members = workspaces.list_members(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id)
    return [WorkspaceMemberOut.model_validate(m) for m in members]


class AddWorkspaceMember(InWorkspace):
    data: OrgMemberAddIn


@operation("add_workspace_member", input=AddWorkspaceMember, output=WorkspaceMemberOut, scope=WRITE, writes=True)
def add_workspace_member(ctx: OperationContext, given: AddWorkspaceMember) -> WorkspaceMemberOut:
    """Add a member of the organization to the workspace by email (no invitation needed)."""
    ws = refs.workspace(ctx, given)
    view = workspaces.add_member(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, email=given.data.email, role=given.data.role
    )
    return WorkspaceMemberOut.model_validate(view)


class OnWorkspaceMember(InWorkspace):
    user_id: str


class UpdateWorkspaceMember(OnWorkspaceMember):
    data: WorkspaceMemberUpdateIn


@operation("update_workspace_member", input=UpdateWorkspaceMember, output=WorkspaceMemberOut, scope=WRITE, writes=True)
def update_workspace_member(ctx: OperationContext, given: UpdateWorkspaceMember) -> WorkspaceMemberOut:
    """Change a workspace member's role or pilotage role."""
    ws = refs.workspace(ctx, given)
    view = workspaces.update_member(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, user_id=given.user_id, data=given.data
    )
    return WorkspaceMemberOut.model_validate(view)


@operation("remove_workspace_member", input=OnWorkspaceMember, output=OkResponse, scope=WRITE, writes=True)
def remove_workspace_member(ctx: OperationContext, given: OnWorkspaceMember) -> OkResponse:
    """Remove a member from a workspace (or leave it); their cards there are unassigned."""
    ws = refs.workspace(ctx, given)
    workspaces.remove_member(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, user_id=given.user_id)
    return OkResponse()


class InviteToWorkspace(InWorkspace):
    data: InviteIn


@operation("invite_to_workspace", input=InviteToWorkspace, output=InvitationCreatedOut, scope=WRITE, writes=True)
def invite_to_workspace(ctx: OperationContext, given: InviteToWorkspace) -> InvitationCreatedOut:
    """Invite an email to a workspace: a single-use token, valid 7 days, shown once."""
    ws = refs.workspace(ctx, given)
    view = workspaces.invite(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, data=given.data)
    return InvitationCreatedOut.of(view)


@operation("list_invitations", input=InWorkspace, output=list[InvitationOut], scope=READ, writes=False)
def list_invitations(ctx: OperationContext, given: InWorkspace) -> list[InvitationOut]:
    """A workspace's pending invitations (admins)."""
    ws = refs.workspace(ctx, given)
    found = workspaces.list_invitations(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id)
    return [InvitationOut.of(v) for v in found]


class AcceptInvitation(OperationInput):
    token: str


@operation("accept_invitation", input=AcceptInvitation, output=WorkspaceOut, scope=WRITE, writes=True)
def accept_invitation(ctx: OperationContext, given: AcceptInvitation) -> WorkspaceOut:
    """Join the workspace an invitation sent to the actor's email names."""
    return WorkspaceOut.of(workspaces.accept_invitation(ctx.session, actor=ctx.actor, token=given.token))
