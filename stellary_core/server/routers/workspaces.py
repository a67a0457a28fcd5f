"""/orgs/:orgSlug/workspaces, workspace members and invitations, bound to operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from stellary_core.operations.catalog import workspaces as ops
from stellary_core.operations.refs import InWorkspace
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
from stellary_core.server.deps import Actor, OrgSlug, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Workspaces"])
UserId = Annotated[str, Path(alias="userId")]
Token = Annotated[str, Path(alias="token")]
W = "/orgs/{orgSlug}/workspaces"


@router.post(W, status_code=201, response_model=WorkspaceOut, openapi_extra=runs(ops.create_workspace))
def create_workspace(request: Request, org_slug: OrgSlug, body: WorkspaceCreateIn, actor: Actor) -> Response:
    return respond(request, ops.create_workspace, actor, ops.CreateWorkspace(org_slug=org_slug, data=body), status=201)


@router.get(W, response_model=list[WorkspaceOut], openapi_extra=runs(ops.list_workspaces))
def list_workspaces(request: Request, org_slug: OrgSlug, actor: Actor) -> Response:
    return respond(request, ops.list_workspaces, actor, ops.ListWorkspaces(org_slug=org_slug))


@router.get(W + "/{wsSlug}", response_model=WorkspaceOut, openapi_extra=runs(ops.get_workspace))
def get_workspace(request: Request, org: OrgSlug, ws: WsSlug, actor: Actor) -> Response:
    return respond(request, ops.get_workspace, actor, InWorkspace(org_slug=org, ws_slug=ws))


@router.get(
    W + "/{wsSlug}/members", response_model=list[WorkspaceMemberOut], openapi_extra=runs(ops.list_workspace_members)
)
def list_members(request: Request, org: OrgSlug, ws: WsSlug, actor: Actor) -> Response:
    return respond(request, ops.list_workspace_members, actor, InWorkspace(org_slug=org, ws_slug=ws))


@router.post(
    W + "/{wsSlug}/members", status_code=201, response_model=WorkspaceMemberOut,
    openapi_extra=runs(ops.add_workspace_member),
)
def add_member(request: Request, org: OrgSlug, ws: WsSlug, body: OrgMemberAddIn, actor: Actor) -> Response:
    given = ops.AddWorkspaceMember(org_slug=org, ws_slug=ws, data=body)
    return respond(request, ops.add_workspace_member, actor, given, status=201)


@router.patch(
    W + "/{wsSlug}/members/{userId}", response_model=WorkspaceMemberOut, openapi_extra=runs(ops.update_workspace_member)
)
def update_member(
    request: Request, org: OrgSlug, ws: WsSlug, user_id: UserId, body: WorkspaceMemberUpdateIn, actor: Actor
) -> Response:
    given = ops.UpdateWorkspaceMember(org_slug=org, ws_slug=ws, user_id=user_id, data=body)
    return respond(request, ops.update_workspace_member, actor, given)


@router.delete(
    W + "/{wsSlug}/members/{userId}", response_model=OkResponse, openapi_extra=runs(ops.remove_workspace_member)
)
def remove_member(request: Request, org: OrgSlug, ws: WsSlug, user_id: UserId, actor: Actor) -> Response:
    given = ops.OnWorkspaceMember(org_slug=org, ws_slug=ws, user_id=user_id)
    return respond(request, ops.remove_workspace_member, actor, given)


@router.post(
    W + "/{wsSlug}/members/invite", status_code=201, response_model=InvitationCreatedOut,
    openapi_extra=runs(ops.invite_to_workspace),
)
def invite(request: Request, org: OrgSlug, ws: WsSlug, body: InviteIn, actor: Actor) -> Response:
    given = ops.InviteToWorkspace(org_slug=org, ws_slug=ws, data=body)
    return respond(request, ops.invite_to_workspace, actor, given, status=201)


@router.get(W + "/{wsSlug}/invitations", response_model=list[InvitationOut], openapi_extra=runs(ops.list_invitations))
def list_invitations(request: Request, org: OrgSlug, ws: WsSlug, actor: Actor) -> Response:
    return respond(request, ops.list_invitations, actor, InWorkspace(org_slug=org, ws_slug=ws))


@router.post("/invitations/{token}/accept", response_model=WorkspaceOut, openapi_extra=runs(ops.accept_invitation))
def accept_invitation(request: Request, token: Token, actor: Actor) -> Response:
    return respond(request, ops.accept_invitation, actor, ops.AcceptInvitation(token=token))
