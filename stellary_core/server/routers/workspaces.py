"""/orgs/:orgSlug/workspaces, workspace members and invitations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

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
from stellary_core.server.deps import DbSession, OrgSlug, ProjectsActor, WorkspaceCtx
from stellary_core.services import workspaces

router = APIRouter(tags=["Workspaces"])
UserId = Annotated[str, Path(alias="userId")]
Token = Annotated[str, Path(alias="token")]
W = "/orgs/{orgSlug}/workspaces"


@router.post(W, status_code=201, response_model=WorkspaceOut)
def create_workspace(org_slug: OrgSlug, body: WorkspaceCreateIn, session: DbSession, actor: ProjectsActor) -> WorkspaceOut:
    return WorkspaceOut.of(workspaces.create_workspace(session, actor=actor, org_slug=org_slug, data=body))


@router.get(W, response_model=list[WorkspaceOut])
def list_workspaces(org_slug: OrgSlug, session: DbSession, actor: ProjectsActor) -> list[WorkspaceOut]:
    return [WorkspaceOut.of(v) for v in workspaces.list_workspaces(session, actor=actor, org_slug=org_slug)]


@router.get(W + "/{wsSlug}", response_model=WorkspaceOut)
def get_workspace(ws: WorkspaceCtx) -> WorkspaceOut:
    return WorkspaceOut.of(workspaces.WorkspaceView(ws.workspace, ws.role, ws.pilotage_role))


@router.get(W + "/{wsSlug}/members", response_model=list[WorkspaceMemberOut])
def list_members(ws: WorkspaceCtx, session: DbSession, actor: ProjectsActor) -> list[WorkspaceMemberOut]:
    members = workspaces.list_members(session, actor=actor, workspace_id=ws.workspace.id)
    return [WorkspaceMemberOut.model_validate(m) for m in members]


@router.post(W + "/{wsSlug}/members", status_code=201, response_model=WorkspaceMemberOut)
def add_member(ws: WorkspaceCtx, body: OrgMemberAddIn, session: DbSession, actor: ProjectsActor) -> WorkspaceMemberOut:
    view = workspaces.add_member(session, actor=actor, workspace_id=ws.workspace.id, email=body.email, role=body.role)
    return WorkspaceMemberOut.model_validate(view)


@router.patch(W + "/{wsSlug}/members/{userId}", response_model=WorkspaceMemberOut)
def update_member(
    ws: WorkspaceCtx, user_id: UserId, body: WorkspaceMemberUpdateIn, session: DbSession, actor: ProjectsActor
) -> WorkspaceMemberOut:
    view = workspaces.update_member(session, actor=actor, workspace_id=ws.workspace.id, user_id=user_id, data=body)
    return WorkspaceMemberOut.model_validate(view)


@router.delete(W + "/{wsSlug}/members/{userId}", response_model=OkResponse)
def remove_member(ws: WorkspaceCtx, user_id: UserId, session: DbSession, actor: ProjectsActor) -> OkResponse:
    workspaces.remove_member(session, actor=actor, workspace_id=ws.workspace.id, user_id=user_id)
    return OkResponse()


@router.post(W + "/{wsSlug}/members/invite", status_code=201, response_model=InvitationCreatedOut)
def invite(ws: WorkspaceCtx, body: InviteIn, session: DbSession, actor: ProjectsActor) -> InvitationCreatedOut:
    return InvitationCreatedOut.of(workspaces.invite(session, actor=actor, workspace_id=ws.workspace.id, data=body))


@router.get(W + "/{wsSlug}/invitations", response_model=list[InvitationOut])
def list_invitations(ws: WorkspaceCtx, session: DbSession, actor: ProjectsActor) -> list[InvitationOut]:
    return [InvitationOut.of(v) for v in workspaces.list_invitations(session, actor=actor, workspace_id=ws.workspace.id)]


@router.post("/invitations/{token}/accept", response_model=WorkspaceOut)
def accept_invitation(token: Token, session: DbSession, actor: ProjectsActor) -> WorkspaceOut:
    return WorkspaceOut.of(workspaces.accept_invitation(session, actor=actor, token=token))
