"""Project, template and portfolio shapes."""

from __future__ import annotations

from typing import Any

from stellary_core.schemas.auth import Email
from stellary_core.schemas.common import ApiModel, Description, InputModel, Name, ObjectId, UtcDateTime


class ProjectCreateIn(InputModel):
    name: Name
    description: Description | None = None
    template_id: str | None = None


class ProjectUpdateIn(InputModel):
    name: Name | None = None
    description: Description | None = None


class ProjectOut(ApiModel):
    id: ObjectId
    name: str
    description: str | None
    workspace_id: ObjectId
    key_prefix: str
    default_scope_id: ObjectId | None = None
    created_by: ObjectId | None
    created_at: UtcDateTime
    updated_at: UtcDateTime

    @classmethod
    def of(cls, view: Any) -> "ProjectOut":
        p = view.project
        return cls(
            id=p.id, name=p.name, description=p.description, workspace_id=p.workspace_id, key_prefix=p.key_prefix,
            default_scope_id=view.default_scope_id, created_by=p.created_by, created_at=p.created_at,
            updated_at=p.updated_at,
        )


class TemplateColumnOut(ApiModel):
    name: str
    category: str | None


class TemplateCardOut(ApiModel):
    title: str
    column_index: int
    priority: str | None = None
    description: str | None = None


class TemplateOut(ApiModel):
    id: str
    name: str
    description: str
    columns: list[TemplateColumnOut]
    sample_cards: list[TemplateCardOut]


class ColumnCountOut(ApiModel):
    column_id: ObjectId
    name: str
    count: int


class PortfolioEntryOut(ApiModel):
    id: ObjectId
    name: str
    card_count: int
    open_count: int
    done_count: int
    overdue_count: int
    completion: int
    by_column: list[ColumnCountOut]
    last_activity_at: UtcDateTime | None


class ProjectMemberAddIn(InputModel):
    email: Email


class ProjectMemberOut(ApiModel):
    user_id: ObjectId
    email: str
    name: str
    joined_at: UtcDateTime
