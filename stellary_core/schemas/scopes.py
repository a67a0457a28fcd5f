"""Scope, scope view and saved filter shapes.

The reference names the scope routes without showing bodies; these shapes follow
the rest of the API: camelCase, counts beside the row, columns in the detail.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import Field, Strict

from stellary_core.models import VIEW_TYPES
from stellary_core.schemas.board import ColumnOut
from stellary_core.schemas.common import (
    ApiModel,
    Description,
    InputModel,
    Name,
    ObjectId,
    OneLine,
    UtcDateTime,
)

ViewType = Literal["kanban", "list", "calendar", "roadmap", "stats"]
assert VIEW_TYPES == get_args(ViewType)  # one list of views, checked at import

FilterName = Annotated[str, Field(min_length=1, max_length=100), OneLine]
FilterQuery = Annotated[str, Field(min_length=1, max_length=1000)]


class ScopeCreateIn(InputModel):
    name: Name
    description: Description | None = None
    # Columns (and sample cards) of a project template; the default columns otherwise.
    template_id: str | None = None
    settings: dict[str, Any] | None = None


class ScopeUpdateIn(InputModel):
    name: Name | None = None
    description: Description | None = None
    order: Annotated[int, Strict(), Field(ge=0)] | None = None
    # Merged into the stored settings key by key; a key set to null is removed.
    settings: dict[str, Any] | None = None


class ScopeOut(ApiModel):
    id: ObjectId
    project_id: ObjectId
    name: str
    description: str | None
    is_default: bool
    order: int
    active_view: ViewType
    settings: dict[str, Any]
    card_count: int
    column_count: int
    created_at: UtcDateTime
    updated_at: UtcDateTime

    @classmethod
    def fields_of(cls, summary: Any) -> dict[str, Any]:
        s = summary.scope
        return {
            "id": s.id,
            "project_id": s.project_id,
            "name": s.name,
            "description": s.description,
            "is_default": s.is_default,
            "order": s.order,
            "active_view": s.active_view,
            "settings": s.settings or {},
            "card_count": summary.card_count,
            "column_count": summary.column_count,
            "created_at": s.created_at,
            "updated_at": s.updated_at,
        }

    @classmethod
    def of(cls, summary: Any) -> ScopeOut:
        """From a service's ScopeSummary (the scope and its counts)."""
        return cls(**cls.fields_of(summary))


class ScopeDetailOut(ScopeOut):
    """A scope with its columns and its view configuration."""

    columns: list[ColumnOut]
    available_views: list[ViewType]

    @classmethod
    def of(cls, summary: Any) -> ScopeDetailOut:
        """From a service's ScopeDetails."""
        return cls(
            **cls.fields_of(summary),
            columns=[ColumnOut.model_validate(c) for c in summary.columns],
            available_views=list(get_args(ViewType)),
        )


class ScopeViewsOut(ApiModel):
    available: list[ViewType]
    active_view: ViewType


class ScopeViewUpdateIn(InputModel):
    active_view: ViewType


class SavedFilterCreateIn(InputModel):
    name: FilterName
    query: FilterQuery


class SavedFilterOut(ApiModel):
    id: ObjectId
    scope_id: ObjectId
    name: str
    query: str
    created_by: ObjectId | None
    created_at: UtcDateTime
