"""/organizations and their members."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.organizations import (
    OrganizationCreateIn,
    OrganizationOut,
    OrganizationUpdateIn,
    OrgMemberAddIn,
    OrgMemberOut,
    OrgMemberUpdateIn,
)
from stellary_core.server.deps import DbSession, OrgSlug, ProjectsActor
from stellary_core.services import organizations

router = APIRouter(prefix="/organizations", tags=["Organizations"])
UserId = Annotated[str, Path(alias="userId")]


@router.post("", status_code=201, response_model=OrganizationOut)
def create_organization(body: OrganizationCreateIn, session: DbSession, actor: ProjectsActor) -> OrganizationOut:
    return OrganizationOut.of(organizations.create_organization(session, actor=actor, data=body))


@router.get("", response_model=list[OrganizationOut])
def list_organizations(session: DbSession, actor: ProjectsActor) -> list[OrganizationOut]:
    return [OrganizationOut.of(v) for v in organizations.list_organizations(session, actor=actor)]


@router.get("/{orgSlug}", response_model=OrganizationOut)
def get_organization(org_slug: OrgSlug, session: DbSession, actor: ProjectsActor) -> OrganizationOut:
    return OrganizationOut.of(organizations.get_organization(session, actor=actor, org_slug=org_slug))


@router.patch("/{orgSlug}", response_model=OrganizationOut)
def update_organization(
    org_slug: OrgSlug, body: OrganizationUpdateIn, session: DbSession, actor: ProjectsActor
) -> OrganizationOut:
    return OrganizationOut.of(organizations.update_organization(session, actor=actor, org_slug=org_slug, data=body))


@router.delete("/{orgSlug}", response_model=OkResponse)
def delete_organization(org_slug: OrgSlug, session: DbSession, actor: ProjectsActor) -> OkResponse:
    organizations.delete_organization(session, actor=actor, org_slug=org_slug)
    return OkResponse()


@router.get("/{orgSlug}/members", response_model=list[OrgMemberOut])
def list_members(org_slug: OrgSlug, session: DbSession, actor: ProjectsActor) -> list[OrgMemberOut]:
    return [OrgMemberOut.model_validate(m) for m in organizations.list_members(session, actor=actor, org_slug=org_slug)]


@router.post("/{orgSlug}/members", status_code=201, response_model=OrgMemberOut)
def add_member(org_slug: OrgSlug, body: OrgMemberAddIn, session: DbSession, actor: ProjectsActor) -> OrgMemberOut:
    return OrgMemberOut.model_validate(organizations.add_member(session, actor=actor, org_slug=org_slug, data=body))


@router.patch("/{orgSlug}/members/{userId}", response_model=OrgMemberOut)
def update_member(
    org_slug: OrgSlug, user_id: UserId, body: OrgMemberUpdateIn, session: DbSession, actor: ProjectsActor
) -> OrgMemberOut:
    view = organizations.update_member(session, actor=actor, org_slug=org_slug, user_id=user_id, data=body)
    return OrgMemberOut.model_validate(view)


@router.delete("/{orgSlug}/members/{userId}", response_model=OkResponse)
def remove_member(org_slug: OrgSlug, user_id: UserId, session: DbSession, actor: ProjectsActor) -> OkResponse:
    organizations.remove_member(session, actor=actor, org_slug=org_slug, user_id=user_id)
    return OkResponse()
