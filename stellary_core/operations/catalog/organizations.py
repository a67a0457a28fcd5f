"""Organizations and their members."""

from __future__ import annotations

from stellary_core.operations.refs import NoInput, OperationInput
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.organizations import (
    OrganizationCreateIn,
    OrganizationOut,
    OrganizationUpdateIn,
    OrgMemberAddIn,
    OrgMemberOut,
    OrgMemberUpdateIn,
)
from stellary_core.services import organizations

READ = "projects:read"
WRITE = "projects:write"


class OnOrganization(OperationInput):
    """An organization by its slug."""

    org_slug: str


class OnOrgMember(OnOrganization):
    user_id: str


class CreateOrganization(OperationInput):
    data: OrganizationCreateIn


@operation("create_organization", input=CreateOrganization, output=OrganizationOut, scope=WRITE, writes=True)
def create_organization(ctx: OperationContext, given: CreateOrganization) -> OrganizationOut:
    """Create an organization owned by the actor."""
    return OrganizationOut.of(organizations.create_organization(ctx.session, actor=ctx.actor, data=given.data))


@operation("list_organizations", input=NoInput, output=list[OrganizationOut], scope=READ, writes=False)
def list_organizations(ctx: OperationContext, given: NoInput) -> list[OrganizationOut]:
    """The organizations the actor belongs to, with the actor's role in each."""
    return [OrganizationOut.of(v) for v in organizations.list_organizations(ctx.session, actor=ctx.actor)]


@operation("get_organization", input=OnOrganization, output=OrganizationOut, scope=READ, writes=False)
def get_organization(ctx: OperationContext, given: OnOrganization) -> OrganizationOut:
    """One organization the actor belongs to."""
    return OrganizationOut.of(organizations.get_organization(ctx.session, actor=ctx.actor, org_slug=given.org_slug))


class UpdateOrganization(OnOrganization):
    data: OrganizationUpdateIn


@operation("update_organization", input=UpdateOrganization, output=OrganizationOut, scope=WRITE, writes=True)
def update_organization(ctx: OperationContext, given: UpdateOrganization) -> OrganizationOut:
    """Rename an organization or change its slug (owners and admins)."""
    view = organizations.update_organization(ctx.session, actor=ctx.actor, org_slug=given.org_slug, data=given.data)
    return OrganizationOut.of(view)


@operation("delete_organization", input=OnOrganization, output=OkResponse, scope=WRITE, writes=True)
def delete_organization(ctx: OperationContext, given: OnOrganization) -> OkResponse:
    """Delete an organization with everything in it (owner only)."""
    organizations.delete_organization(ctx.session, actor=ctx.actor, org_slug=given.org_slug)
    return OkResponse()


@operation("list_org_members", input=OnOrganization, output=list[OrgMemberOut], scope=READ, writes=False)
def list_org_members(ctx: OperationContext, given: OnOrganization) -> list[OrgMemberOut]:
    """The members of an organization with their roles."""
    members = organizations.list_members(ctx.session, actor=ctx.actor, org_slug=given.org_slug)
    return [OrgMemberOut.model_validate(m) for m in members]


class AddOrgMember(OnOrganization):
    data: OrgMemberAddIn


@operation("add_org_member", input=AddOrgMember, output=OrgMemberOut, scope=WRITE, writes=True)
def add_org_member(ctx: OperationContext, given: AddOrgMember) -> OrgMemberOut:
    """Add a registered user to an organization by email, as admin or member."""
    view = organizations.add_member(ctx.session, actor=ctx.actor, org_slug=given.org_slug, data=given.data)
    return OrgMemberOut.model_validate(view)


class UpdateOrgMember(OnOrgMember):
    data: OrgMemberUpdateIn


@operation("update_org_member", input=UpdateOrgMember, output=OrgMemberOut, scope=WRITE, writes=True)
def update_org_member(ctx: OperationContext, given: UpdateOrgMember) -> OrgMemberOut:
    """Change an organization member's role."""
    view = organizations.update_member(
        ctx.session, actor=ctx.actor, org_slug=given.org_slug, user_id=given.user_id, data=given.data
    )
    return OrgMemberOut.model_validate(view)


@operation("remove_org_member", input=OnOrgMember, output=OkResponse, scope=WRITE, writes=True)
def remove_org_member(ctx: OperationContext, given: OnOrgMember) -> OkResponse:
    """Remove a member from an organization (or leave it), and from its workspaces and projects."""
    organizations.remove_member(ctx.session, actor=ctx.actor, org_slug=given.org_slug, user_id=given.user_id)
    return OkResponse()
