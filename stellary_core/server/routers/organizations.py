"""/organizations and their members, bound to operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from stellary_core.operations.catalog import organizations as ops
from stellary_core.operations.refs import NoInput
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.organizations import (
    OrganizationCreateIn,
    OrganizationOut,
    OrganizationUpdateIn,
    OrgMemberAddIn,
    OrgMemberOut,
    OrgMemberUpdateIn,
)
from stellary_core.server.deps import Actor, OrgSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(prefix="/organizations", tags=["Organizations"])
UserId = Annotated[str, Path(alias="userId")]


@router.post("", status_code=201, response_model=OrganizationOut, openapi_extra=runs(ops.create_organization))
def create_organization(request: Request, body: OrganizationCreateIn, actor: Actor) -> Response:
    return respond(request, ops.create_organization, actor, ops.CreateOrganization(data=body), status=201)


@router.get("", response_model=list[OrganizationOut], openapi_extra=runs(ops.list_organizations))
def list_organizations(request: Request, actor: Actor) -> Response:
    return respond(request, ops.list_organizations, actor, NoInput())


@router.get("/{orgSlug}", response_model=OrganizationOut, openapi_extra=runs(ops.get_organization))
def get_organization(request: Request, org_slug: OrgSlug, actor: Actor) -> Response:
    return respond(request, ops.get_organization, actor, ops.OnOrganization(org_slug=org_slug))


@router.patch("/{orgSlug}", response_model=OrganizationOut, openapi_extra=runs(ops.update_organization))
def update_organization(request: Request, org_slug: OrgSlug, body: OrganizationUpdateIn, actor: Actor) -> Response:
    return respond(request, ops.update_organization, actor, ops.UpdateOrganization(org_slug=org_slug, data=body))


@router.delete("/{orgSlug}", response_model=OkResponse, openapi_extra=runs(ops.delete_organization))
def delete_organization(request: Request, org_slug: OrgSlug, actor: Actor) -> Response:
    return respond(request, ops.delete_organization, actor, ops.OnOrganization(org_slug=org_slug))


@router.get("/{orgSlug}/members", response_model=list[OrgMemberOut], openapi_extra=runs(ops.list_org_members))
def list_members(request: Request, org_slug: OrgSlug, actor: Actor) -> Response:
    return respond(request, ops.list_org_members, actor, ops.OnOrganization(org_slug=org_slug))


@router.post("/{orgSlug}/members", status_code=201, response_model=OrgMemberOut, openapi_extra=runs(ops.add_org_member))
def add_member(request: Request, org_slug: OrgSlug, body: OrgMemberAddIn, actor: Actor) -> Response:
    return respond(request, ops.add_org_member, actor, ops.AddOrgMember(org_slug=org_slug, data=body), status=201)


@router.patch("/{orgSlug}/members/{userId}", response_model=OrgMemberOut, openapi_extra=runs(ops.update_org_member))
def update_member(
    request: Request, org_slug: OrgSlug, user_id: UserId, body: OrgMemberUpdateIn, actor: Actor
) -> Response:
    given = ops.UpdateOrgMember(org_slug=org_slug, user_id=user_id, data=body)
    return respond(request, ops.update_org_member, actor, given)


@router.delete("/{orgSlug}/members/{userId}", response_model=OkResponse, openapi_extra=runs(ops.remove_org_member))
def remove_member(request: Request, org_slug: OrgSlug, user_id: UserId, actor: Actor) -> Response:
    return respond(request, ops.remove_org_member, actor, ops.OnOrgMember(org_slug=org_slug, user_id=user_id))
