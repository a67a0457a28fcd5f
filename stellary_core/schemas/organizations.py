"""Organization and workspace shapes."""

from __future__ import annotations

from typing import Any, Literal

from stellary_core.schemas.auth import Email
from stellary_core.schemas.common import ApiModel, InputModel, Name, ObjectId, Slug, UtcDateTime


class OrganizationCreateIn(InputModel):
    name: Name
    slug: Slug


class OrganizationUpdateIn(InputModel):
    name: Name | None = None
    slug: Slug | None = None


class OrganizationOut(ApiModel):
    id: ObjectId
    name: str
    slug: str
    owner_id: ObjectId
    my_role: str | None = None
    created_at: UtcDateTime
    updated_at: UtcDateTime

    @classmethod
    def of(cls, view: Any) -> "OrganizationOut":
        org = view.org
        return cls(
            id=org.id, name=org.name, slug=org.slug, owner_id=org.owner_id, my_role=view.my_role,
            created_at=org.created_at, updated_at=org.updated_at,
        )


class OrgMemberAddIn(InputModel):
    email: Email
    role: Literal["admin", "member"]


class OrgMemberUpdateIn(InputModel):
    role: Literal["admin", "member"]


class OrgMemberOut(ApiModel):
    user_id: ObjectId
    role: str
    email: str
    name: str
    joined_at: UtcDateTime


class WorkspaceCreateIn(InputModel):
    name: Name
    slug: Slug


class WorkspaceOut(ApiModel):
    id: ObjectId
    name: str
    slug: str
    organization_id: ObjectId
    owner_id: ObjectId
    is_personal: bool
    my_role: str | None = None
    my_pilotage_role: str | None = None
    created_at: UtcDateTime
    updated_at: UtcDateTime

    @classmethod
    def of(cls, view: Any) -> "WorkspaceOut":
        ws = view.workspace
        return cls(
            id=ws.id, name=ws.name, slug=ws.slug, organization_id=ws.org_id, owner_id=ws.owner_id,
            is_personal=ws.is_personal, my_role=view.my_role, my_pilotage_role=view.my_pilotage_role,
            created_at=ws.created_at, updated_at=ws.updated_at,
        )


class WorkspaceMemberUpdateIn(InputModel):
    role: Literal["admin", "member"] | None = None
    pilotage_role: Literal["viewer", "reviewer", "owner"] | None = None


class WorkspaceMemberOut(ApiModel):
    user_id: ObjectId
    email: str
    name: str
    role: str
    pilotage_role: str
    joined_at: UtcDateTime


class InviteIn(InputModel):
    email: Email
    role: Literal["admin", "member"] = "member"


class InvitationOut(ApiModel):
    """A pending invitation; its token is never listed (only its hash is kept)."""

    id: ObjectId
    workspace_id: ObjectId
    email: str
    role: str
    invited_by: ObjectId
    expires_at: UtcDateTime
    created_at: UtcDateTime

    @classmethod
    def of(cls, view: Any) -> "InvitationOut":
        inv = view.invitation
        return cls(
            id=inv.id, workspace_id=inv.workspace_id, email=inv.email, role=inv.role, invited_by=inv.invited_by,
            expires_at=inv.expires_at, created_at=inv.created_at,
        )


class InvitationCreatedOut(InvitationOut):
    """The invite answer: the one time the token is shown (there is no mail server; the inviter passes it on)."""

    token: str

    @classmethod
    def of(cls, view: Any) -> "InvitationCreatedOut":
        return cls(**InvitationOut.of(view).model_dump(), token=view.token)
